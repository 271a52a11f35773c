"""Models (placeholder until the feature lands)."""
