"""Verwerkingsstop: the privacy officer halts one processing activity of her gemeente at once (seed 004)."""
