"""Feature: the start page (per role, the work that is due) and the app-wide error pages (views.py)."""
