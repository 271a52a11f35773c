"""The privacy module's pages for the `privacy` role of a gemeente: one parent blueprint (/privacy) that checks the
role once, with each feature's blueprint nested under it (endpoints `privacy.<feature>.<page>`). dpia.init_app
registers it."""
from flask import Blueprint, render_template

from dpia.beoordelingen import views as beoordelingen
from dpia.datalekken import views as datalekken
from dpia.logboek import views as logboek
from dpia.register import views as register
from dpia.verwerkersovereenkomsten import views as verwerkersovereenkomsten
from dpia.verwerkingsstop import views as verwerkingsstop
from dpia.verzoeken import views as verzoeken
from portal import access
from portal.codes import Rol

bp = Blueprint("privacy", __name__, url_prefix="/privacy")
access.guard_blueprint(bp, Rol.privacy)  # once, for every nested feature's pages
for _feature in (register, verwerkersovereenkomsten, logboek, verwerkingsstop, beoordelingen, datalekken, verzoeken):
    bp.register_blueprint(_feature.bp)

# (endpoint, label) of the privacy pages, in menu order (the door's `menu`: the nav bar and the start page).
MENU = [
    ("privacy.register.register", "Verwerkingsregister"),
    ("privacy.register.dekking", "Dekking van het schema"),
    ("privacy.verwerkersovereenkomsten.verwerkersovereenkomsten", "Verwerkersovereenkomsten"),
    ("privacy.logboek.logboek", "Verwerkingslogboek"),
    ("privacy.verwerkingsstop.verwerkingsstops", "Verwerkingsstop"),
    ("privacy.beoordelingen.dpias", "DPIA's"),
    ("privacy.datalekken.datalekken", "Datalekken"),
    ("privacy.verzoeken.verzoeken", "Verzoeken van betrokkenen"),
]


@bp.get("/")
def index():
    return render_template("privacy/index.html")
