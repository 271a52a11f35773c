"""Pages for verwerkersovereenkomsten: the privacy officer's overview with its warnings, create, edit, renew and end
(on the privacy blueprint); and the aanbieder's own overview (`/mijn-verwerkersovereenkomsten`). Thin: the
services decide."""
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_security import current_user

from dpia.verwerkersovereenkomsten import services
from dpia.verwerkersovereenkomsten.forms import BeeindigForm, VoForm
from dpia.verwerkersovereenkomsten.services import WAARSCHUWING_DAGEN, VoGegevens
from portal import access
from portal.codes import Activiteit, Rol, VoStatus
from portal.forms import run_service
from portal.timeutil import today

# The privacy officer's agreement pages, nested under the guarded `privacy` blueprint (dpia/views.py).
bp = Blueprint("verwerkersovereenkomsten", __name__)

STATUS = {VoStatus.concept: ("Concept", "info"), VoStatus.getekend: ("Getekend", "ok"),
          VoStatus.verlopen: ("Verlopen", "error"), VoStatus.beeindigd: ("Beëindigd", "warning")}

# The aanbieder's view of its own agreements: a small blueprint of its own, outside /privacy.
aanbieder_bp = Blueprint("mijn_verwerkersovereenkomsten", __name__)
access.guard_blueprint(aanbieder_bp, Rol.aanbieder)


def _saved(form, action):
    """Run a service call inside a savepoint; show its error on the form, or commit and return its result."""
    return run_service(form, action)[0]


@bp.get("/verwerkersovereenkomsten")
def verwerkersovereenkomsten():
    dag = today()
    paren = services.overzicht_gemeente(current_user, dag)
    return render_template("privacy/vo_lijst.html", paren=paren, dag=dag, status=STATUS,
                           waarschuwing_dagen=WAARSCHUWING_DAGEN)


@bp.route("/verwerkersovereenkomsten/nieuw", methods=["GET", "POST"])
def vo_nieuw():
    dag = today()
    form = VoForm.van(VoGegevens(startdatum=dag, einddatum=dag.replace(year=dag.year + 2) - timedelta(days=1),
                                 activiteiten=[Activiteit.voortgangsrapportage.value]),
                      aanbieder=request.args.get("aanbieder", ""))
    form.aanbieder.choices = [("", "Kies een aanbieder")] + [(a.code, f"{a.naam} ({a.code})")
                                                             for a in access.aanbieders()]
    if form.validate_on_submit():
        vo = _saved(form, lambda: services.maak(current_user, form.aanbieder.data, form.gegevens()))
        if vo:
            flash(f"De verwerkersovereenkomst met {vo.aanbieder.naam} is opgeslagen"
                  f"{'' if vo.status is VoStatus.getekend else ' als concept'}.", "ok")
            return redirect(url_for("privacy.verwerkersovereenkomsten.verwerkersovereenkomsten"))
    return render_template("privacy/vo_form.html", form=form, vo=None, titel="Nieuwe verwerkersovereenkomst",
                           knop="Opslaan"), 422 if form.errors else 200


@bp.route("/verwerkersovereenkomsten/<int:vo_id>", methods=["GET", "POST"])
def vo_bewerken(vo_id: int):
    vo = services.eigen_vo(current_user, vo_id)
    form = None
    if vo.status is not VoStatus.beeindigd:
        form = VoForm.van(VoGegevens(vo.startdatum, vo.einddatum, vo.getekend_op, vo.evaluatiedatum,
                                     list(vo.subverwerkers or []), vo.auditrecht, list(vo.activiteiten or []),
                                     vo.notities))
        del form.aanbieder
        if form.validate_on_submit() and _saved(form, lambda: services.wijzig(current_user, vo, form.gegevens())):
            flash("De wijzigingen zijn opgeslagen.", "ok")
            return redirect(url_for("privacy.verwerkersovereenkomsten.verwerkersovereenkomsten"))
    elif request.method == "POST":
        abort(409)
    return render_template("privacy/vo_form.html", form=form, vo=vo, status=STATUS, dag=today(),
                           titel=f"Verwerkersovereenkomst met {vo.aanbieder.naam}",
                           knop="Wijzigingen opslaan"), 422 if form and form.errors else 200


@bp.route("/verwerkersovereenkomsten/<int:vo_id>/verlengen", methods=["GET", "POST"])
def vo_verlengen(vo_id: int):
    vo = services.eigen_vo(current_user, vo_id)
    form = VoForm.van(services.verlenging_voorstel(vo, today()))
    del form.aanbieder
    if form.validate_on_submit():
        nieuw = _saved(form, lambda: services.verleng(current_user, vo, form.gegevens()))
        if nieuw:
            concept = "" if nieuw.status is VoStatus.getekend else (
                " als concept; vul de datum van ondertekening in zodra die er is")
            flash(f"De verlenging met {vo.aanbieder.naam} is opgeslagen{concept}.", "ok")
            return redirect(url_for("privacy.verwerkersovereenkomsten.verwerkersovereenkomsten"))
    return render_template("privacy/vo_form.html", form=form, vo=vo, status=STATUS, dag=today(), verlengen=True,
                           titel=f"Verwerkersovereenkomst met {vo.aanbieder.naam} verlengen",
                           knop="Verlenging opslaan"), 422 if form.errors else 200


@bp.route("/verwerkersovereenkomsten/<int:vo_id>/beeindigen", methods=["GET", "POST"])
def vo_beeindigen(vo_id: int):
    vo = services.eigen_vo(current_user, vo_id)
    form = BeeindigForm(data={"per": today()})
    if form.validate_on_submit() and _saved(form, lambda: services.beeindig(current_user, vo, form.per.data,
                                                                             form.reden.data)):
        flash(f"De verwerkersovereenkomst met {vo.aanbieder.naam} is beëindigd.", "ok")
        return redirect(url_for("privacy.verwerkersovereenkomsten.verwerkersovereenkomsten"))
    return render_template("privacy/vo_beeindigen.html", form=form, vo=vo, status=STATUS, dag=today()), \
        422 if form.errors else 200


@aanbieder_bp.get("/mijn-verwerkersovereenkomsten")
def lijst():
    dag = today()
    paren = services.overzicht_aanbieder(current_user, dag)
    return render_template("aanbieder/verwerkersovereenkomsten.html", paren=paren, dag=dag, status=STATUS,
                           waarschuwing_dagen=WAARSCHUWING_DAGEN)
