"""The complete schema: the portal's tables (portal.schema) and every model of the privacy module, so the metadata
(Alembic, the register's coverage check) sees all tables whatever was imported first. init_app imports it."""
import dpia.beoordelingen.models  # noqa: F401  (each feature module registers its tables)
import dpia.datalekken.models  # noqa: F401
import dpia.register.models  # noqa: F401
import dpia.verwerkersovereenkomsten.models  # noqa: F401
import dpia.verwerkingsstop.models  # noqa: F401
import dpia.verzoeken.models  # noqa: F401
from portal.schema import metadata

__all__ = ["metadata"]
