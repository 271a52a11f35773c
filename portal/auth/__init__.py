"""Feature: web security — login with mandatory TOTP, rate limits, session lifetimes and security headers
(security.py), and the user's own API tokens (views.py)."""
