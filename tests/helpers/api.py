"""Calling the API in tests."""
from __future__ import annotations


def bearer(token_or_make, user=None) -> dict:
    """The Authorization header for an API token: `bearer(token)`, or `bearer(make, user)` to create one first."""
    token = token_or_make if user is None else token_or_make.token(user)
    return {"Authorization": f"Bearer {token}"}
