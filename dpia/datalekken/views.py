"""Routes on the privacy blueprint (placeholder until the feature lands)."""
