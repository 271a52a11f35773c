"""The privacy module's pages for the `privacy` role of a gemeente: one blueprint, each feature adds its routes."""
from flask import Blueprint, render_template

from portal import access
from portal.codes import Rol

bp = Blueprint("privacy", __name__, url_prefix="/privacy")
access.guard_blueprint(bp, Rol.privacy)


# (endpoint, label) of the privacy pages, in menu order (the door's `menu`: the nav bar and the start page).
MENU = [
    ("privacy.register", "Verwerkingsregister"),
    ("privacy.dekking", "Dekking van het schema"),
    ("privacy.verwerkersovereenkomsten", "Verwerkersovereenkomsten"),
    ("privacy.logboek", "Verwerkingslogboek"),
    ("privacy.verwerkingsstops", "Verwerkingsstop"),
    ("privacy.dpias", "DPIA's"),
    ("privacy.datalekken", "Datalekken"),
    ("privacy.verzoeken", "Verzoeken van betrokkenen"),
]


@bp.get("/")
def index():
    return render_template("privacy/index.html")


from dpia.beoordelingen import views as _beoordelingen  # noqa: E402,F401
from dpia.datalekken import views as _datalekken  # noqa: E402,F401
from dpia.logboek import views as _logboek  # noqa: E402,F401
from dpia.register import views as _register  # noqa: E402,F401  (routes register on bp)
from dpia.verwerkersovereenkomsten import views as _verwerkersovereenkomsten  # noqa: E402,F401
from dpia.verwerkingsstop import views as _verwerkingsstop  # noqa: E402,F401
from dpia.verzoeken import views as _verzoeken  # noqa: E402,F401
