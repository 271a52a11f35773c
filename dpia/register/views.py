"""Pages of the verwerkingsregister and the schema coverage, on the privacy blueprint (role privacy, checked once
for the blueprint). A privacy officer sees only her own gemeente's register: another gemeente's activity is 404."""
import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_security import current_user

from dpia.register import dekking as schema_dekking
from dpia.register import export, services
from dpia.register.codes import (
    OVERGANG_LABELS,
    OVERGANGEN,
    STATUS_BADGE,
    VELDEN,
    Bestuursorgaan,
    BijzondereCategorie,
    Grondslag,
    RegisterStatus,
)
from dpia.register.forms import ActiviteitForm, DekkingFilterForm, StatusForm
from portal.codes import labels
from portal.downloads import attachment
from portal.forms import run_service
from portal.timeutil import utcnow

# The register pages, nested under the guarded `privacy` blueprint (dpia/views.py): privacy.register.*
bp = Blueprint("register", __name__)

EXPORTFORMATEN = ("xlsx", "json")
LABELS = {"grondslag": labels(Grondslag), "verantwoordelijke_bestuursorgaan": labels(Bestuursorgaan),
          "bijzondere_categorieen": labels(BijzondereCategorie), "status": labels(RegisterStatus)}


def _context(**extra) -> dict:
    return {"velden": VELDEN, "labels": LABELS, "status_labels": LABELS["status"], "status_badge": STATUS_BADGE,
            "regels": export.regels, "ontbrekend": services.ontbrekende_velden, **extra}


@bp.get("/register")
def register():
    activiteiten = services.register()
    return render_template("privacy/register.html", activiteiten=activiteiten, **_context())


@bp.get("/register/<int:activiteit_id>")
def register_detail(activiteit_id: int):
    activiteit = services.get_activiteit(activiteit_id)
    nummer = request.args.get("versie", type=int)
    getoond = next((v for v in activiteit.versies if v.versie == nummer), None) if nummer else activiteit.nieuwste
    if getoond is None:
        abort(404)
    overgangen = [(s, OVERGANG_LABELS[s]) for s in OVERGANGEN[activiteit.nieuwste.status]]
    return render_template("privacy/register_detail.html", activiteit=activiteit, getoond=getoond,
                           overgangen=overgangen, logregels=services.logregels_per_versie(activiteit),
                           status_form=StatusForm(basis_versie=activiteit.nieuwste.versie), **_context())


def _formulier(form: ActiviteitForm, activiteit=None):
    titel = f"{activiteit.nieuwste.naam} wijzigen" if activiteit else "Nieuwe verwerkingsactiviteit"
    return render_template("privacy/register_form.html", form=form, activiteit=activiteit, titel=titel,
                           **_context()), 422 if form.errors else 200


def _versie(value: str | None) -> int | None:
    """The version number a form was based on (a hidden field), or None when it is missing."""
    return int(value) if value and value.isdigit() else None


@bp.route("/register/nieuw", methods=["GET", "POST"])
def register_nieuw():
    form = ActiviteitForm()
    if form.validate_on_submit():
        activiteit, _ = run_service(form, lambda: services.nieuwe_activiteit(current_user.organisatie, form.waarden(),
                                                                              current_user.email))
        if activiteit is not None:
            flash("De verwerkingsactiviteit is als concept (versie 1) toegevoegd.", "ok")
            return redirect(url_for("privacy.register.register_detail", activiteit_id=activiteit.id))
    return _formulier(form)


@bp.route("/register/<int:activiteit_id>/wijzigen", methods=["GET", "POST"])
def register_wijzigen(activiteit_id: int):
    activiteit = services.get_activiteit(activiteit_id)
    if request.method == "GET":
        inhoud = services.inhoud_van(activiteit.nieuwste)
        form = ActiviteitForm(data={**{k: getattr(v, "value", v) for k, v in inhoud.items()},
                                    "basis_versie": activiteit.nieuwste.versie})
    else:
        form = ActiviteitForm()
    if form.validate_on_submit():
        versie, _ = run_service(form, lambda: services.wijzig(activiteit, form.waarden(), current_user.email,
                                                              _versie(form.basis_versie.data)))
        if versie is not None:
            in_kracht = activiteit.in_kracht
            flash(f"Opgeslagen als versie {versie.versie} (concept)." + (
                f" Tot deze versie is vastgesteld, blijft versie {in_kracht.versie} van kracht." if in_kracht else ""),
                "ok")
            return redirect(url_for("privacy.register.register_detail", activiteit_id=activiteit.id))
    return _formulier(form, activiteit)


@bp.post("/register/<int:activiteit_id>/status")
def register_status(activiteit_id: int):
    activiteit = services.get_activiteit(activiteit_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    versie, _ = run_service(None, lambda: services.zet_status(activiteit, form.status.data, current_user.email,
                                                              _versie(form.basis_versie.data)))
    if versie is not None:
        flash(f"Versie {versie.versie}: {RegisterStatus(versie.status).label.lower()}.", "ok")
        if versie.status is RegisterStatus.vastgesteld:
            flash("Nieuwe verwerkingen worden vanaf nu onder deze versie gelogd.", "info")
    return redirect(url_for("privacy.register.register_detail", activiteit_id=activiteit.id))


@bp.get("/register/export.<formaat>")
def register_export(formaat: str):
    if formaat not in EXPORTFORMATEN:
        abort(404)
    gemeente = current_user.organisatie
    activiteiten = services.register()
    nu = utcnow()
    if formaat == "xlsx":
        body = export.register_xlsx(gemeente, activiteiten, nu)
    else:
        body = json.dumps(export.register_json(gemeente, activiteiten, nu, alleen_vastgesteld=True),
                          ensure_ascii=False, indent=2).encode()
    return attachment(body, f"verwerkingsregister-{gemeente.code}-{nu:%Y%m%d}.{formaat}")


@bp.get("/dekking")
def dekking():
    activiteiten = services.register()
    actief = {a.code for a in activiteiten if a.code and a.geldende.status is RegisterStatus.vastgesteld}
    namen = {a.code: a for a in activiteiten if a.code}
    form = DekkingFilterForm(request.args)
    form.validate()
    dekking = schema_dekking.bereken(actief=actief)
    labels = schema_dekking.activiteit_labels({code: a.geldende.naam for code, a in namen.items()})
    tabellen = schema_dekking.per_tabel(dekking, form.zoek.data if not form.zoek.errors else None,
                                        bool(form.niet_gedekt.data), labels)
    return render_template("privacy/dekking.html", dekking=dekking, namen=namen, form=form, tabellen=tabellen,
                           activiteit_labels=labels, gefilterd=bool(form.zoek.data or form.niet_gedekt.data),
                           **_context())
