"""The complete schema: every model of the portal, so the metadata (Alembic, coverage checks) sees all its tables
whatever was imported first. The privacy module's tables join the same metadata when create_app loads it
(PRIVACY_MODULE: its init_app imports its models)."""
import portal.meldingen.models  # noqa: F401  (each feature module registers its tables)
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
          Role, SignaalInstellingen, Toets, Toewijzing, Traject, TrajectUren, UrenBatch, User)
MODELS += (AccountAudit,)
MODELS += (Verwerkingsactie, VerwerktObject)
metadata = db.metadata
