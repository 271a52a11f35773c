"""The processing log viewer of the privacy officer: services (queries, exports, one trajectory's log), forms, views."""
