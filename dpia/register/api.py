"""API of the verwerkingsregister (interface.md): the caller's gemeente's register and the schema coverage.
Privacy role only; both read the register, not trajectory data, so nothing is written to the processing log."""
from dpia.register import dekking as schema_dekking
from dpia.register import export, services
from dpia.register.codes import RegisterStatus
from portal import access
from portal.api.base import bp, caller
from portal.timeutil import utcnow


@bp.get("/register")
def register():
    """Every activity of the caller's gemeente with its version in force (all statuses; `status` tells which)."""
    user = access.vereis_privacy(caller())
    return export.register_json(user.organisatie, services.register(), utcnow(),
                                alleen_vastgesteld=False)


@bp.get("/register/dekking")
def register_dekking():
    """Every stored field and the vastgestelde activities of the caller's register that cover it."""
    access.vereis_privacy(caller())
    actief = {a.code for a in services.register()
              if a.code and a.geldende.status is RegisterStatus.vastgesteld}
    return schema_dekking.bereken(actief=actief).as_json()
