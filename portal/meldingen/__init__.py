"""Meldingen: what is due for a user today (the start page shows it in full) and the daily digest e-mail that
carries only its counts (`portal meldingen`, run by `portal scheduler`)."""
