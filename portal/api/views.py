"""The API's routes, as one blueprint: each adapter module adds its own to base.bp, so importing this module
registers them all (the privacy module adds its adapters from its init_app, before create_app registers bp)."""
from portal.api import aanleveringen, duo, openapi, trajecten, voortgang  # noqa: F401 (routes register on bp)
from portal.api.base import bp

__all__ = ["bp"]
