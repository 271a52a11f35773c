"""Feature: voortgang for gemeente regisseurs — the caseload, the signals engine, charts data and exports."""
from portal.voortgang.views import bp

__all__ = ["bp"]
