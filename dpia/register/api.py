"""API of the verwerkingsregister (interface.md): the caller's gemeente's register and the schema coverage.
Privacy role only; both read the register, not trajectory data, so nothing is written to the processing log."""
from dpia.register import dekking as schema_dekking
from dpia.register import export, services
from dpia.register.codes import RegisterStatus
from portal.api import bp, require
from portal.codes import Rol
from portal.timeutil import utcnow


@bp.get("/register")
def register():
    """Every activity of the caller's gemeente with its version in force (all statuses; `status` tells which)."""
    user = require(Rol.privacy)
    return export.register_json(user.organisatie, services.register(user.organisatie_id), utcnow(),
                                alleen_vastgesteld=False)


@bp.get("/register/dekking")
def register_dekking():
    """Every stored field and the vastgestelde activities of the caller's register that cover it."""
    user = require(Rol.privacy)
    actief = {a.code for a in services.register(user.organisatie_id)
              if a.code and a.geldende.status is RegisterStatus.vastgesteld}
    return schema_dekking.bereken(actief=actief).as_json()
