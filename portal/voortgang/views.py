"""The regisseur's voortgang pages: the caseload with filters, sorting and exports, the gemeente's signal thresholds,
and marking a DUO registration from the trajectory page. Thin: caseload.py, services.py and export.py do the work."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_security import current_user
from markupsafe import Markup

from portal import access
from portal.codes import TRAJECT_LABELS, Actie, Rol
from portal.downloads import attachment
from portal.filterformulier import filter_html
from portal.forms import run_service
from portal.queryargs import alleen, pagina
from portal.timeutil import today
from portal.trajecten import zoeken
from portal.voortgang import caseload as caseload_service
from portal.voortgang import export, queries, services
from portal.voortgang.forms import CaseloadFilterForm, DuoRegistratieForm, InstellingenForm
from portal.voortgang.signalen import LABELS as SIGNAAL_LABELS
from portal.voortgang.signalen import SignaalType, regels

bp = Blueprint("voortgang", __name__, url_prefix="/voortgang")
KOLOMMEN = 10  # columns of the caseload table (templates/voortgang/caseload.html)
access.guard_blueprint(bp, Rol.regisseur)


def _filters(dag) -> tuple[CaseloadFilterForm, dict]:
    """The filter form from the query string, and the arguments of caseload.opbouwen it yields."""
    vooraf = caseload_service.stand(current_user, dag)
    form = CaseloadFilterForm(request.args).met_aanbieders(caseload_service.aanbieders_keuze(current_user, vooraf, dag))
    form.validate()
    value = {name: (getattr(form, name).data or None) if not getattr(form, name).errors else None
             for name in ("zoek", "leerroute", "doelgroep", "status", "aanbieder", "signaal")}
    return form, {
        "filters": queries.Filters(zoek=value["zoek"], leerroute=value["leerroute"], doelgroep=value["doelgroep"],
                                   status=value["status"],
                                   aanbieder=int(value["aanbieder"]) if value["aanbieder"] else None),
        "signaal": value["signaal"],
        "sorteer": form.sorteer.data or None,
        "oplopend": form.richting.data != "af",
        "vooraf": vooraf,
    }


@bp.get("/")
def caseload():
    dag = today()
    form, args = _filters(dag)
    view = caseload_service.opbouwen(current_user, dag, pagina=pagina(request.args),
                                     per_pagina=current_app.config["PAGE_SIZE"], **args)
    caseload_service.log_gelezen(current_user, view.rijen["traject_id"])
    fout = zoeken.typefout(current_user, args["filters"].zoek)
    verborgen = access.verborgen_door_stop(current_user)
    query = alleen(request.args, (field.name for field in form))  # the caseload's own filter keys, nothing else
    rijen = view.onthouden(("rijen", dag, url_for("trajecten.detail", traject_id="-")), lambda: Markup(render_template(
        "voortgang/_rijen.html", rijen=view.tabel(), vandaag=dag, labels_by_value=TRAJECT_LABELS,
        kolommen=KOLOMMEN)))
    return render_template("voortgang/caseload.html", form=form, filter=filter_html("voortgang/_filter.html", form),
                           view=view, rijen_html=rijen, query=query,
                           typefout=fout, verborgen=verborgen,
                           vandaag=dag, labels_by_value=TRAJECT_LABELS,
                           signaal_labels={s.value: label for s, label in SIGNAAL_LABELS.items()},
                           regels={s.value: text for s, text in regels(view.inst).items()},
                           sorteer=args["sorteer"] or caseload_service.STANDAARD_SORTERING,
                           oplopend=args["oplopend"], signaal_types=[s.value for s in SignaalType])


@bp.get("/export.<any(xlsx, csv):formaat>")
def exporteren(formaat: str):
    dag = today()
    form, args = _filters(dag)
    view = caseload_service.opbouwen(current_user, dag, per_pagina=None, **args)
    caseload_service.log_gelezen(current_user, view.rijen["traject_id"], Actie.exporteren)
    if formaat == "xlsx":
        body = export.caseload_xlsx(view, current_user.organisatie, dag, export.filter_tekst(form))
    else:
        body = export.caseload_csv(view)
    naam = f"voortgang-{current_user.organisatie.code}-{dag.isoformat()}.{formaat}"
    return attachment(body, naam)


@bp.route("/instellingen", methods=["GET", "POST"])
def instellingen():
    stored = services.instellingen_voor(current_user.organisatie_id)
    form = InstellingenForm(data=stored.waarden() if request.method == "GET" else None)
    if form.validate_on_submit():
        _, status = run_service(form, lambda: services.instellingen_opslaan(
            current_user, {name: form[name].data for name in stored.waarden()}))
        if status == 200:
            flash("De instellingen zijn opgeslagen; de signalen rekenen er nu mee.", "ok")
            return redirect(url_for("voortgang.instellingen"))
    return render_template("voortgang/instellingen.html", form=form, stored=stored,
                           regels=regels(stored), signaal_labels=SIGNAAL_LABELS), 422 if form.errors else 200


@bp.post("/trajecten/<traject_id>/duo-registratie/<onderdeel>")
def duo_registratie(traject_id: str, onderdeel: str):
    traject = access.get_traject(current_user, traject_id, log=False)
    if onderdeel not in services.DUO_ONDERDELEN:
        abort(404)
    form = DuoRegistratieForm(prefix=f"duo-{onderdeel}")
    if not form.validate_on_submit():
        messages = [m for field in form for m in field.errors] or ["Het formulier is verlopen; probeer het opnieuw."]
        flash(f"DUO-registratie niet vastgelegd: {' '.join(messages)}", "error")
    else:
        _, status = run_service(None, lambda: services.registreer_duo(current_user, traject, onderdeel,
                                                                      form.datum.data),
                                fout="DUO-registratie niet vastgelegd: ")
        if status == 200:
            flash(f"De DUO-registratie van {onderdeel.upper()} is vastgelegd; het signaal is gesloten.", "ok")
    return redirect(url_for("trajecten.detail", traject_id=traject.id, _anchor="signalen"), 303)
