"""The complete schema: every model of the portal and of the privacy module, so the metadata (Alembic, coverage
checks) sees all tables whatever was imported first."""
import dpia.datalekken.models  # noqa: F401  (each feature module registers its tables)
import dpia.dpia.models  # noqa: F401
import dpia.verzoeken.models  # noqa: F401
import portal.meldingen.models  # noqa: F401
from dpia.register.models import ActiviteitVersie, Verwerkingsactiviteit
from dpia.verwerkersovereenkomsten.models import Verwerkersovereenkomst
from dpia.verwerkingsstop.models import Verwerkingsstop
from portal.extensions import db
from portal.models import (
                           AanleverBatch,
                           Aanwezigheid,
                           AccountAudit,
                           Afronding,
                           ApiToken,
                           DuoRegistratie,
                           LeveringHistorie,
                           LogEntry,
                           Organisatie,
                           Role,
                           SignaalInstellingen,
                           Toets,
                           Toewijzing,
                           Traject,
                           TrajectUren,
                           UrenBatch,
                           User,
                           Verwerkingsactie,
                           VerwerktObject,
)

MODELS: tuple[type, ...]
MODELS = (AanleverBatch, Aanwezigheid, Afronding, ApiToken, DuoRegistratie, LeveringHistorie, LogEntry, Organisatie,
          Role, SignaalInstellingen, Toets, Toewijzing, Traject, TrajectUren, UrenBatch, User, Verwerkersovereenkomst)
MODELS += (ActiviteitVersie, Verwerkingsactiviteit)
MODELS += (Verwerkingsstop,)
MODELS += (AccountAudit,)
MODELS += (Verwerkingsactie, VerwerktObject)
metadata = db.metadata
