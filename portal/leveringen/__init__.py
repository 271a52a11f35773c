"""Feature: deliveries of aanleverformaat v1 — parse, validate, the import service, upload pages and exports."""
