"""Feature: the operator's pages (organisations, users, tokens)."""
from portal.beheer.views import bp

__all__ = ["bp"]
