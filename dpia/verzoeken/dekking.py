"""This feature's columns for the schema-coverage check (merged into dpia.register.dekking): each column maps to the
register activities that process it (DEKKING) or is listed as technical with a reason (TECHNISCH)."""
from portal.codes import Activiteit

DEKKING: dict[str, list[Activiteit]] = {}
TECHNISCH: dict[str, str] = {}
