"""Typed SQLAlchemy models of the portal, one module per aggregate (dpia/schema.py adds the privacy module's
to the same metadata)."""
from portal.models.account import AccountAudit, ApiToken, Role, User, roles_users
from portal.models.levering import AanleverBatch, Aanwezigheid, Afronding, LeveringHistorie, Toets
from portal.models.organisatie import Organisatie
from portal.models.traject import Toewijzing, Traject, TrajectVersie
from portal.models.verwerkingslog import LogEntry, Verwerkingsactie, VerwerktObject
from portal.models.voortgang import DuoRegistratie, SignaalInstellingen, SignaalVersie, TrajectUren, UrenBatch

__all__ = ["AanleverBatch", "AccountAudit", "Aanwezigheid", "Afronding", "ApiToken", "DuoRegistratie",
           "LeveringHistorie", "LogEntry", "Organisatie", "Role", "SignaalInstellingen", "SignaalVersie", "Toets",
           "Toewijzing", "Traject", "TrajectUren", "TrajectVersie", "UrenBatch", "User", "Verwerkingsactie",
           "VerwerktObject", "roles_users"]
