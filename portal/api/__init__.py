"""/api/v1: JSON adapters over the feature services (base.py holds the blueprint and what they share)."""
