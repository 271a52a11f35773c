"""Data-subject requests (AVG art. 15-22): intake, deadlines, and actions on the real data."""
