"""Pages for the verwerkingsstop (on the privacy blueprint): start a stop at once, lift it, list the gemeente's stops,
and the report of what was processed under the activity in a period, with its CSV export. Thin: the services
decide, access.py enforces."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_security import current_user

from dpia.datalekken import services as datalekken
from dpia.verwerkingsstop import services
from dpia.verwerkingsstop.forms import OpheffenForm, RapportForm, StopForm
from portal.downloads import attachment
from portal.errors import ServiceError
from portal.forms import run_service
from portal.spreadsheet import csv_bytes
from portal.timeutil import nl_datetime as lokaal
from portal.timeutil import today

# The verwerkingsstop pages, nested under the guarded `privacy` blueprint (dpia/views.py): privacy.verwerkingsstop.*
bp = Blueprint("verwerkingsstop", __name__)


@bp.route("/verwerkingsstops", methods=["GET", "POST"])
def verwerkingsstops():
    form = StopForm()
    status, gevolgen = 200, None
    if form.validate_on_submit() and not form.bevestigen.data:
        # First what will stop, then the stop: a second post with the answer "Ja, stopzetten".
        gevolgen, status = run_service(form, lambda: services.gevolgen(current_user, form.activiteit.data,
                                                                     form.reden.data))
    elif form.validate_on_submit():
        stop, status = run_service(form, lambda: services.start(current_user, form.activiteit.data, form.reden.data))
        if stop is not None:
            flash(f"De verwerking '{stop.activiteit_label}' is stopgezet voor {stop.gemeente.naam}. Vanaf nu wordt "
                  f"elke inzage, aanlevering en wijziging onder deze activiteit geweigerd en vastgelegd.", "ok")
            return redirect(url_for("privacy.verwerkingsstop.verwerkingsstops"))
    pagina = render_template("privacy/stop_lijst.html", form=form, stops=services.lijst(current_user), lokaal=lokaal,
                             gevolgen=gevolgen, datalekken=lambda stop: datalekken.van_stop(current_user, stop.id))
    return pagina, status if status != 200 else 422 if form.errors else 200


@bp.post("/verwerkingsstops/<int:stop_id>/opheffen")
def stop_opheffen(stop_id: int):
    stop = services.eigen_stop(current_user, stop_id)
    form = OpheffenForm()
    if not form.validate_on_submit():
        abort(400)
    _, status = run_service(None, lambda: services.hef_op(current_user, stop, form.reden.data))
    if status == 200:
        flash(f"De verwerkingsstop op '{stop.activiteit_label}' is opgeheven; de verwerking is weer mogelijk.", "ok")
    return redirect(url_for("privacy.verwerkingsstop.verwerkingsstops"))


def _rapport(stop_id: int):
    stop = services.eigen_stop(current_user, stop_id)
    van, tot = services.standaard_periode(stop, today())
    form = RapportForm(request.args if request.args else None, data={"van": van, "tot": tot})
    if request.args and not form.validate():
        return stop, form, None
    try:
        rapport = services.rapport(current_user, stop, form.van.data, form.tot.data)
    except ServiceError as error:
        form.apply_service_error(error)
        return stop, form, None
    return stop, form, rapport


@bp.get("/verwerkingsstops/<int:stop_id>/rapport")
def stop_rapport(stop_id: int):
    stop, form, rapport = _rapport(stop_id)
    return render_template("privacy/stop_rapport.html", stop=stop, form=form, rapport=rapport, lokaal=lokaal), \
        200 if rapport else 422


@bp.get("/verwerkingsstops/<int:stop_id>/rapport.csv")
def stop_rapport_csv(stop_id: int):
    _, form, rapport = _rapport(stop_id)
    if rapport is None:
        abort(400)
    body = csv_bytes(rapport.csv_rijen())
    return attachment(body, f"verwerkingen-{rapport.stop.activiteit}-{rapport.van.isoformat()}-"
                            f"{rapport.tot.isoformat()}.csv")
