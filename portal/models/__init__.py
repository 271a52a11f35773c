"""Typed SQLAlchemy models, one module per aggregate. Importing this package registers every table."""
from dpia.verwerkersovereenkomsten.models import Verwerkersovereenkomst
from portal.models.account import ApiToken, Role, User, roles_users
from portal.models.organisatie import Organisatie
from portal.models.traject import Toewijzing, Traject
from portal.models.verwerkingslog import LogEntry

__all__ = ["ApiToken", "LogEntry", "Organisatie", "Role", "Toewijzing", "Traject", "User", "Verwerkersovereenkomst",
           "roles_users"]
