"""Feature: the operator's pages (organisations, users, tokens)."""
