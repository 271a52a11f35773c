"""/api/v1/verzoeken: data-subject requests (placeholder until the feature lands)."""
