"""The complete schema: every model of the portal and of the privacy module, so the metadata (Alembic, coverage
checks) sees all tables whatever was imported first."""
from dpia.verwerkersovereenkomsten.models import Verwerkersovereenkomst
from portal.extensions import db
from portal.models import (AanleverBatch, Aanwezigheid, Afronding, ApiToken, LeveringHistorie, LogEntry, Organisatie,
                           Role, Toets, Toewijzing, Traject, User)

MODELS = (AanleverBatch, Aanwezigheid, Afronding, ApiToken, LeveringHistorie, LogEntry, Organisatie, Role, Toets,
          Toewijzing, Traject, User, Verwerkersovereenkomst)
metadata = db.metadata
