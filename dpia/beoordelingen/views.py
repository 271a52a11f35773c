"""Pages for DPIA's (on the privacy blueprint): the list with renewals and overdue actions, a new DPIA from the
template, the four parts, risks, review, action plan, validation, versions and the exports. Thin: the services
decide; a locked (validated) DPIA shows read-only and refuses changes with 409."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_security import current_user

from dpia.beoordelingen import export, risicokaart, services, sjabloon
from dpia.beoordelingen.codes import (
    BEOORDELING_BADGE,
    STATUS_BADGE,
    ActieStatus,
    Beoordeling,
    DpiaStatus,
    FgOordeel,
    Niveau,
)
from dpia.beoordelingen.forms import (
    ActieForm,
    BeoordelingForm,
    BesluitForm,
    DpiaForm,
    MaatregelForm,
    RisicoForm,
    ValidatieForm,
    antwoorden_form,
)
from dpia.beoordelingen.services import RisicoGegevens, Validatiegegevens
from portal.codes import labels
from portal.downloads import attachment
from portal.forms import run_service
from portal.pdf import html_to_pdf
from portal.timeutil import today

# The beoordelingen pages, nested under the guarded `privacy` blueprint (dpia/views.py): privacy.beoordelingen.*
bp = Blueprint("beoordelingen", __name__)


def _context(dpia, **extra) -> dict:
    dag = today()
    return {"dpia": dpia, "dag": dag, "sjabloon": sjabloon, "status_labels": labels(DpiaStatus),
            "status_badge": STATUS_BADGE, "niveau_labels": labels(Niveau), "beoordeling_labels": labels(Beoordeling),
            "beoordeling_badge": BEOORDELING_BADGE, "fg_labels": labels(FgOordeel), "open": ActieStatus.open,
            "herziening_op": services.herziening_op(dpia) if dpia else None, **extra}


def _activiteit_keuzes(form) -> None:
    form.activiteiten.choices = [(a.id, a.geldende.naam) for a in services.activiteiten(current_user)]


@bp.route("/dpias", methods=["GET", "POST"])
def dpias():
    form = DpiaForm()
    _activiteit_keuzes(form)
    status = 200
    if form.validate_on_submit():
        dpia, status = run_service(form, lambda: services.nieuw(current_user, form.titel.data, form.activiteiten.data))
        if dpia:
            flash(f"De DPIA '{dpia.titel}' is gestart vanuit de model-DPIA van de VNG. Pas de antwoorden aan op uw "
                  f"eigen situatie.", "ok")
            return redirect(url_for("privacy.beoordelingen.dpia_detail", dpia_id=dpia.id))
    elif form.errors:
        status = 422
    dag = today()
    return render_template("privacy/dpia_lijst.html", form=form, dpias=services.lijst(current_user),
                           herzieningen=services.herzieningen(current_user, dag),
                           te_laat=services.acties_te_laat(current_user, dag), **_context(None)), status


@bp.get("/dpias/<int:dpia_id>")
def dpia_detail(dpia_id: int):
    dpia = services.eigen_dpia(current_user, dpia_id)
    return render_template("privacy/dpia_detail.html", versies=services.versies(dpia),
                           kaart=risicokaart.svg(dpia), besluit=BesluitForm(),
                           bezwaren=services.bezwaren_tegen_validatie(dpia), **_context(dpia))


@bp.route("/dpias/<int:dpia_id>/algemeen", methods=["GET", "POST"])
def dpia_algemeen(dpia_id: int):
    dpia = services.eigen_dpia(current_user, dpia_id)
    form = DpiaForm(data={"titel": dpia.titel, "activiteiten": [a.id for a in dpia.activiteiten]})
    form.submit.label.text = "Opslaan"
    _activiteit_keuzes(form)
    status = 200
    if form.validate_on_submit():
        ok, status = run_service(form, lambda: services.wijzig_algemeen(current_user, dpia, form.titel.data,
                                                                        form.activiteiten.data))
        if ok:
            flash("De gegevens van de DPIA zijn opgeslagen.", "ok")
            return redirect(url_for("privacy.beoordelingen.dpia_detail", dpia_id=dpia.id))
    elif form.errors:
        status = 422
    return render_template("privacy/dpia_algemeen.html", form=form, **_context(dpia)), status


@bp.route("/dpias/<int:dpia_id>/deel/<int:nummer>", methods=["GET", "POST"])
def dpia_deel(dpia_id: int, nummer: int):
    dpia = services.eigen_dpia(current_user, dpia_id)
    if nummer not in (1, 2):
        abort(404)
    deel = sjabloon.DELEN[nummer - 1]
    form = antwoorden_form(deel, dpia, formdata=request.form if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if dpia.vergrendeld:
            abort(409)
        if form.validate():
            antwoorden = {v.sleutel: form[v.sleutel].data for s in deel.secties for v in s.vragen}
            ok, status = run_service(form, lambda: services.beantwoord(current_user, dpia, antwoorden))
            if ok:
                flash(f"De antwoorden van deel {nummer} ({deel.titel}) zijn opgeslagen.", "ok")
                return redirect(url_for("privacy.beoordelingen.dpia_deel", dpia_id=dpia.id, nummer=nummer))
        else:
            status = 422
    return render_template("privacy/dpia_deel.html", form=form, deel=deel, **_context(dpia)), status


@bp.route("/dpias/<int:dpia_id>/risicos", methods=["GET", "POST"])
def dpia_risicos(dpia_id: int):
    dpia = services.eigen_dpia(current_user, dpia_id)
    form = MaatregelForm()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            ok, status = run_service(form, lambda: services.voeg_maatregel_toe(
                current_user, dpia, form.naam.data, form.code.data, form.beschrijving.data))
            if ok:
                flash(f"De maatregel '{ok.label}' is toegevoegd.", "ok")
                return redirect(url_for("privacy.beoordelingen.dpia_risicos", dpia_id=dpia.id) + "#maatregelen")
        else:
            status = 422
    return render_template("privacy/dpia_risicos.html", form=form, kaart=risicokaart.svg(dpia),
                           **_context(dpia)), status


def _risico_form(dpia, risico):
    if risico is None:
        form = RisicoForm()
    else:
        form = RisicoForm(data={
            "naam": risico.naam, "gevolgen": risico.gevolgen or "", "dreigingen": risico.dreigingen or "",
            "bronnen": risico.bronnen or "", "maatregelen": [m.id for m in risico.maatregelen],
            "ernst": risico.ernst.value if risico.ernst else "",
            "ernst_toelichting": risico.ernst_toelichting or "",
            "waarschijnlijkheid": risico.waarschijnlijkheid.value if risico.waarschijnlijkheid else "",
            "waarschijnlijkheid_toelichting": risico.waarschijnlijkheid_toelichting or "",
            "ernst_na": risico.ernst_na.value if risico.ernst_na else "",
            "waarschijnlijkheid_na": risico.waarschijnlijkheid_na.value if risico.waarschijnlijkheid_na else ""})
    form.maatregelen.choices = [(m.id, m.label) for m in dpia.maatregelen]
    return form


def _risico_pagina(dpia, risico):
    form = _risico_form(dpia, risico)
    status = 200
    if request.method == "POST":
        if dpia.vergrendeld:
            abort(409)
        if form.validate_on_submit():
            gegevens = RisicoGegevens(
                naam=form.naam.data, gevolgen=form.gevolgen.data, dreigingen=form.dreigingen.data,
                bronnen=form.bronnen.data, maatregel_ids=form.maatregelen.data, ernst=form.ernst.data,
                ernst_toelichting=form.ernst_toelichting.data, waarschijnlijkheid=form.waarschijnlijkheid.data,
                waarschijnlijkheid_toelichting=form.waarschijnlijkheid_toelichting.data,
                ernst_na=form.ernst_na.data, waarschijnlijkheid_na=form.waarschijnlijkheid_na.data)
            ok, status = run_service(form, lambda: services.bewaar_risico(current_user, dpia, gegevens, risico))
            if ok:
                flash(f"Het risico '{ok.naam}' is opgeslagen.", "ok")
                return redirect(url_for("privacy.beoordelingen.dpia_risicos", dpia_id=dpia.id))
        else:
            status = 422
    return render_template("privacy/dpia_risico.html", form=form, risico=risico, kaart=risicokaart.svg(dpia),
                           **_context(dpia)), status


@bp.route("/dpias/<int:dpia_id>/risicos/nieuw", methods=["GET", "POST"])
def dpia_risico_nieuw(dpia_id: int):
    return _risico_pagina(services.eigen_dpia(current_user, dpia_id), None)


@bp.route("/dpias/<int:dpia_id>/risicos/<int:risico_id>", methods=["GET", "POST"])
def dpia_risico(dpia_id: int, risico_id: int):
    dpia = services.eigen_dpia(current_user, dpia_id)
    return _risico_pagina(dpia, services.eigen_risico(dpia, risico_id))


@bp.route("/dpias/<int:dpia_id>/beoordelen/<soort>/<int:item_id>", methods=["GET", "POST"])
def dpia_beoordelen(dpia_id: int, soort: str, item_id: int):
    dpia = services.eigen_dpia(current_user, dpia_id)
    gevonden = services.item(dpia, soort, item_id)
    form = BeoordelingForm(data={"beoordeling": gevonden.beoordeling.value if gevonden.beoordeling else None,
                                 "toelichting": gevonden.beoordeling_toelichting or ""})
    status = 200
    if request.method == "POST":
        if dpia.vergrendeld:
            abort(409)
        if form.validate_on_submit():
            actie, status = run_service(form, lambda: services.beoordeel(
                current_user, dpia, gevonden, form.beoordeling.data, form.toelichting.data, form.eigenaar.data,
                form.deadline.data))
            if status == 200:
                flash("De beoordeling is opgeslagen" + (" en als actie in het actieplan gezet." if actie else "."),
                      "ok")
                return redirect(request.args.get("terug") if _veilig(request.args.get("terug"))
                                else url_for("privacy.beoordelingen.dpia_detail", dpia_id=dpia.id))
        else:
            status = 422
    return render_template("privacy/dpia_beoordelen.html", form=form, item=gevonden,
                           label=services.item_label(gevonden), **_context(dpia)), status


def _veilig(url: str | None) -> bool:
    return bool(url and url.startswith("/privacy/") and "//" not in url)


@bp.route("/dpias/<int:dpia_id>/validatie", methods=["GET", "POST"])
def dpia_validatie(dpia_id: int):
    dpia = services.eigen_dpia(current_user, dpia_id)
    form = ValidatieForm(data={"auteur": dpia.auteur, "beoordelaar": dpia.beoordelaar, "validator": dpia.validator,
                               "fg_naam": dpia.fg_naam, "fg_advies": dpia.fg_advies,
                               "fg_oordeel": dpia.fg_oordeel.value if dpia.fg_oordeel else "",
                               "betrokkenen_gevraagd": dpia.betrokkenen_gevraagd,
                               "betrokkenen_mening": dpia.betrokkenen_mening})
    status = 200
    if request.method == "POST":
        if dpia.vergrendeld:
            abort(409)
        if form.validate_on_submit():
            gegevens = Validatiegegevens(**{veld: form[veld].data for veld in (
                "auteur", "beoordelaar", "validator", "fg_naam", "fg_advies", "fg_oordeel", "betrokkenen_gevraagd",
                "betrokkenen_mening")})
            ok, status = run_service(form, lambda: services.bewaar_validatiegegevens(current_user, dpia, gegevens))
            if ok:
                flash("De gegevens voor de validatie zijn opgeslagen.", "ok")
                return redirect(url_for("privacy.beoordelingen.dpia_detail", dpia_id=dpia.id) + "#validatie")
        else:
            status = 422
    return render_template("privacy/dpia_validatie.html", form=form, **_context(dpia)), status


@bp.route("/dpias/<int:dpia_id>/acties", methods=["GET", "POST"])
def dpia_acties(dpia_id: int):
    dpia = services.eigen_dpia(current_user, dpia_id)
    form = ActieForm()
    status = 200
    if request.method == "POST":
        if dpia.vergrendeld:
            abort(409)
        if form.validate_on_submit():
            ok, status = run_service(form, lambda: services.voeg_actie_toe(
                current_user, dpia, form.onderwerp.data, form.omschrijving.data, form.eigenaar.data,
                form.deadline.data))
            if ok:
                flash(f"De actie voor {ok.eigenaar} is aan het actieplan toegevoegd.", "ok")
                return redirect(url_for("privacy.beoordelingen.dpia_acties", dpia_id=dpia.id))
        else:
            status = 422
    return render_template("privacy/dpia_acties.html", form=form, **_context(dpia)), status


@bp.post("/dpias/<int:dpia_id>/acties/<int:actie_id>/afronden")
def dpia_actie_afronden(dpia_id: int, actie_id: int):
    dpia = services.eigen_dpia(current_user, dpia_id)
    if not BesluitForm().validate_on_submit():
        abort(400)
    ok, _ = run_service(None, lambda: services.rond_actie_af(current_user, dpia, actie_id, today()))
    if ok:
        flash("De actie is afgerond.", "ok")
    return redirect(url_for("privacy.beoordelingen.dpia_acties", dpia_id=dpia.id))


@bp.post("/dpias/<int:dpia_id>/besluit")
def dpia_besluit(dpia_id: int):
    dpia = services.eigen_dpia(current_user, dpia_id)
    form = BesluitForm()
    if not form.validate_on_submit():
        abort(400)
    if form.afwijzen.data:
        ok, status = run_service(form, lambda: services.wijs_af(current_user, dpia, form.reden.data, today()))
        melding = "De DPIA is afgewezen. U kunt hem aanpassen en later opnieuw ter validatie voorleggen."
    else:
        ok, status = run_service(form, lambda: services.valideer(current_user, dpia, today()))
        melding = "De DPIA is gevalideerd en vergrendeld. Herziening uiterlijk over drie jaar."
    if ok:
        flash(melding, "ok")
        return redirect(url_for("privacy.beoordelingen.dpia_detail", dpia_id=dpia.id))
    return render_template("privacy/dpia_detail.html", versies=services.versies(dpia), kaart=risicokaart.svg(dpia),
                           besluit=form, bezwaren=services.bezwaren_tegen_validatie(dpia),
                           **_context(dpia)), status


@bp.post("/dpias/<int:dpia_id>/nieuwe-versie")
def dpia_nieuwe_versie(dpia_id: int):
    dpia = services.eigen_dpia(current_user, dpia_id)
    if not BesluitForm().validate_on_submit():
        abort(400)
    kopie, status = run_service(None, lambda: services.nieuwe_versie(current_user, dpia))
    if kopie is None:
        return redirect(url_for("privacy.beoordelingen.dpia_detail", dpia_id=dpia.id)), 303
    flash(f"Versie {kopie.versie} is gestart als concept; versie {dpia.versie} blijft leesbaar zoals hij is "
          f"gevalideerd.", "ok")
    return redirect(url_for("privacy.beoordelingen.dpia_detail", dpia_id=kopie.id))


# --- exports -----------------------------------------------------------------------------------------------------


def _document(dpia, pdf: bool) -> str:
    return render_template("privacy/dpia_document.html", kaart=risicokaart.svg(dpia), pdf=pdf, **_context(dpia))


@bp.get("/dpias/<int:dpia_id>/document")
def dpia_document(dpia_id: int):
    return _document(services.eigen_dpia(current_user, dpia_id), pdf=False)


@bp.get("/dpias/<int:dpia_id>/document.pdf")
def dpia_pdf(dpia_id: int):
    dpia = services.eigen_dpia(current_user, dpia_id)
    return attachment(html_to_pdf(_document(dpia, pdf=True)), export.bestandsnaam(dpia, "pdf"))


@bp.get("/dpias/<int:dpia_id>/actieplan.xlsx")
def dpia_actieplan_xlsx(dpia_id: int):
    dpia = services.eigen_dpia(current_user, dpia_id)
    return attachment(export.actieplan_xlsx(dpia, today()), export.bestandsnaam(dpia, "xlsx", "actieplan"))

