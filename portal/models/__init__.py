"""Typed SQLAlchemy models of the portal, one module per aggregate (`portal.schema` adds the privacy module's)."""
from portal.models.account import ApiToken, Role, User, roles_users
from portal.models.organisatie import Organisatie
from portal.models.traject import Toewijzing, Traject
from portal.models.verwerkingslog import LogEntry

__all__ = ["ApiToken", "LogEntry", "Organisatie", "Role", "Toewijzing", "Traject", "User", "roles_users"]
