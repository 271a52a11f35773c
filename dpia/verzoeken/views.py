"""Pages of data-subject requests (on the privacy blueprint, guarded for the privacy role): the list of open
requests with their days left, registering one, its page with the workflow and the actions on real data, the
inzage export (page, XLSX, JSON), documents and the answer letter. Thin: the services decide and log."""
import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_security import current_user

from dpia.verzoeken import brief, export, leesbaar, services
from dpia.verzoeken.beperking import beperkte_ids
from dpia.verzoeken.codes import OVERGANGEN, ActieType, VerzoekStatus, label
from dpia.verzoeken.forms import (
    ActieForm,
    BriefForm,
    DocumentForm,
    IdentiteitForm,
    RectificatieForm,
    StatusForm,
    VerlengForm,
    VerzoekForm,
    WisForm,
)
from portal.codes import choices
from portal.downloads import attachment
from portal.errors import ServiceError
from portal.forms import run_service
from portal.pdf import html_to_pdf
from portal.timeutil import today

# The verzoeken pages, nested under the guarded `privacy` blueprint (dpia/views.py): privacy.verzoeken.*
bp = Blueprint("verzoeken", __name__)


@bp.get("/verzoeken")
def verzoeken():
    return render_template("privacy/verzoek_lijst.html", open_=services.lijst(current_user),
                           alle=services.lijst(current_user, alleen_open=False), vandaag=today(),
                           dagen_over=services.dagen_over, te_laat=services.te_laat)


@bp.route("/verzoeken/nieuw", methods=["GET", "POST"])
def verzoek_nieuw():
    form = VerzoekForm(data={"ontvangen": today()} if request.method == "GET" else None)
    if form.validate_on_submit():
        verzoek, _ = run_service(form, lambda: services.registreer(
            current_user, form.type.data, form.ontvangen.data, form.traject_ids.data,
            kanaal=form.kanaal.data or None, notities=form.notities.data,
            identiteit_methode=form.identiteit_methode.data or None,
            identiteit_door=form.identiteit_door.data, identiteit_op=form.identiteit_op.data))
        if verzoek is not None:
            flash(f"Verzoek {verzoek.id} is geregistreerd. Uiterlijk beantwoorden op "
                  f"{verzoek.deadline.strftime('%d-%m-%Y')}.", "ok")
            return redirect(url_for("privacy.verzoeken.verzoek", verzoek_id=verzoek.id))
    return render_template("privacy/verzoek_form.html", form=form), 422 if form.errors else 200


def _status_form(v) -> StatusForm:
    form = StatusForm()
    form.status.choices = choices(OVERGANGEN.get(v.status, ()), "Kies")
    return form


@bp.get("/verzoeken/<int:verzoek_id>")
def verzoek(verzoek_id: int):
    v = services.eigen_verzoek(current_user, verzoek_id)
    status = _status_form(v)
    toegestaan = set(services.ACTIES_PER_TYPE[v.type])
    return render_template(
        "privacy/verzoek_detail.html", verzoek=v, vandaag=today(), dagen_over=services.dagen_over(v),
        te_laat=services.te_laat(v), beperkt=beperkte_ids(set(v.traject_ids)), toegestaan=toegestaan,
        ActieType=ActieType, identiteit=IdentiteitForm(), status_form=status, verleng=VerlengForm(),
        wis=WisForm(), actie=ActieForm(), document=DocumentForm(),
        VerzoekStatus=VerzoekStatus, label=label)


def _uitvoeren(verzoek_id: int, form_for, werk, gelukt: str):
    """Run one service call for a POST on the request's page as one unit of work; flash the outcome."""
    v = services.eigen_verzoek(current_user, verzoek_id)
    form = form_for(v)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return redirect(url_for("privacy.verzoeken.verzoek", verzoek_id=v.id))
    _, status = run_service(None, lambda: werk(v, form))
    if status == 200:
        flash(gelukt, "ok")
    return redirect(url_for("privacy.verzoeken.verzoek", verzoek_id=v.id))


@bp.post("/verzoeken/<int:verzoek_id>/identiteit")
def verzoek_identiteit(verzoek_id: int):
    return _uitvoeren(verzoek_id, lambda v: IdentiteitForm(), lambda v, f: services.identiteit_vastleggen(
        current_user, v, f.methode.data, f.door.data, f.op.data), "De identiteitscontrole is vastgelegd.")


@bp.post("/verzoeken/<int:verzoek_id>/status")
def verzoek_status(verzoek_id: int):
    return _uitvoeren(verzoek_id, _status_form, lambda v, f: services.zet_status(
        current_user, v, f.status.data, f.toelichting.data), "De status is gewijzigd.")


@bp.post("/verzoeken/<int:verzoek_id>/verlengen")
def verzoek_verlengen(verzoek_id: int):
    return _uitvoeren(verzoek_id, lambda v: VerlengForm(), lambda v, f: services.verleng(current_user, v, f.reden.data),
                      "De termijn is met twee maanden verlengd. Stuur de verzoeker de reden.")


@bp.post("/verzoeken/<int:verzoek_id>/beperken")
def verzoek_beperken(verzoek_id: int):
    return _uitvoeren(verzoek_id, lambda v: ActieForm(), lambda v, f: services.beperk(current_user, v),
                      "De verwerking is beperkt: aanleveren kan niet meer en alleen u ziet de trajecten.")


@bp.post("/verzoeken/<int:verzoek_id>/opheffen")
def verzoek_opheffen(verzoek_id: int):
    return _uitvoeren(verzoek_id, lambda v: ActieForm(), lambda v, f: services.hef_beperking_op(current_user, v),
                      "De beperking is opgeheven.")


@bp.post("/verzoeken/<int:verzoek_id>/wissen")
def verzoek_wissen(verzoek_id: int):
    return _uitvoeren(verzoek_id, lambda v: WisForm(), lambda v, f: services.wis(current_user, v, f.grond.data),
                      "De trajecten zijn gewist. Het verwerkingslogboek bewaart dat de wissing plaatsvond.")


SOORT_KOPPEN = {"traject": "Het traject zelf", "aanwezigheid": "Aanwezigheid", "toets": "Toetsen",
                "afronding": "Afrondingen"}


@bp.route("/verzoeken/<int:verzoek_id>/rectificatie", methods=["GET", "POST"])
def verzoek_rectificatie(verzoek_id: int):
    """AVG art. 16: pick the record (the trajectory itself or one of its deliveries), then correct one field of it.
    Showing the records and their current values are logged reads; the correction is a logged write."""
    v = services.eigen_verzoek(current_user, verzoek_id)
    keuze = {k: (request.form if request.method == "POST" else request.args).get(k, "")
             for k in ("traject_id", "soort", "record_id")}
    terug = redirect(url_for("privacy.verzoeken.verzoek", verzoek_id=v.id))
    if keuze["soort"] not in SOORT_KOPPEN:
        if request.method == "POST":
            abort(400)
        try:
            gegevens = services.rectificeerbare_gegevens(current_user, v)
        except ServiceError as error:
            flash(error.message, "error")
            return terug
        return render_template("privacy/verzoek_rectificatie.html", verzoek=v, gegevens=gegevens,
                               koppen=SOORT_KOPPEN, huidig=None)
    form = RectificatieForm(data=keuze if request.method == "GET" else None)
    form.veld.choices = [("", "Kies een veld")] + [(veld, services.veld_label(veld))
                                                   for veld in services.rectificeerbare_velden(keuze["soort"])]
    if form.validate_on_submit():
        _, status = run_service(form, lambda: services.rectificeer(
            current_user, v, keuze["traject_id"], keuze["soort"], keuze["record_id"] or None, form.veld.data,
            form.waarde.data))
        if status == 200:
            flash("De rectificatie is doorgevoerd; de vorige versie is bewaard.", "ok")
            return redirect(url_for("privacy.verzoeken.verzoek", verzoek_id=v.id), 303)
    try:
        sleutel, huidig = services.huidige_waarden(current_user, v, keuze["traject_id"], keuze["soort"],
                                                   keuze["record_id"] or None)
    except ServiceError as error:
        flash(error.message, "error")
        return terug if error.status != 422 else redirect(url_for(".verzoek_rectificatie", verzoek_id=v.id))
    form.veld.choices = [("", "Kies een veld")] + [(veld, f"{services.veld_label(veld)} (nu: {waarde or 'leeg'})")
                                                   for veld, waarde in huidig.items()]
    return render_template("privacy/verzoek_rectificatie.html", verzoek=v, form=form, keuze=keuze, huidig=huidig,
                           sleutel=sleutel, koppen=SOORT_KOPPEN, label=services.veld_label), \
        422 if form.errors else 200


@bp.post("/verzoeken/<int:verzoek_id>/documenten")
def verzoek_document(verzoek_id: int):
    def werk(v, f):
        bestand = f.bestand.data
        if bestand is None or not getattr(bestand, "filename", ""):
            raise ServiceError("verplicht", "Kies een bestand.", "bestand")
        services.document_toevoegen(current_user, v, bestand.filename, bestand.read(), bestand.mimetype)
    return _uitvoeren(verzoek_id, lambda v: DocumentForm(), werk, "Het document is toegevoegd.")


@bp.get("/verzoeken/<int:verzoek_id>/documenten/<int:document_id>")
def verzoek_document_download(verzoek_id: int, document_id: int):
    v = services.eigen_verzoek(current_user, verzoek_id)
    document = services.eigen_document(current_user, v, document_id)
    return attachment(document.inhoud, document.bestandsnaam, document.mimetype)


def _inzage(verzoek_id: int):
    v = services.eigen_verzoek(current_user, verzoek_id)
    data, _ = run_service(None, lambda: services.inzage(current_user, v))
    return v, data


@bp.get("/verzoeken/<int:verzoek_id>/export")
def verzoek_export(verzoek_id: int):
    v, data = _inzage(verzoek_id)
    if data is None:
        return redirect(url_for("privacy.verzoeken.verzoek", verzoek_id=v.id))
    return render_template("privacy/verzoek_export.html", verzoek=v, doc=leesbaar.document(data))


@bp.get("/verzoeken/<int:verzoek_id>/export.<any(xlsx, json, pdf):formaat>")
def verzoek_export_bestand(verzoek_id: int, formaat: str):
    """The export as a file: the readable document for the person (PDF), the machine-readable JSON, or XLSX."""
    v, data = _inzage(verzoek_id)
    if data is None:
        abort(409)
    naam = f"inzage-verzoek-{v.id}.{formaat}"
    if formaat == "pdf":
        html = render_template("privacy/inzage_document.html", doc=leesbaar.document(data))
        return attachment(html_to_pdf(html), f"overzicht-gegevens-verzoek-{v.id}.pdf")
    if formaat == "xlsx":
        return attachment(export.xlsx(data), naam)
    return attachment(json.dumps(data, ensure_ascii=False, indent=2).encode(), naam)


@bp.route("/verzoeken/<int:verzoek_id>/brief", methods=["GET", "POST"])
def verzoek_brief(verzoek_id: int):
    v = services.eigen_verzoek(current_user, verzoek_id)
    form = BriefForm(data={"tekst": brief.tekst(v)} if request.method == "GET" else None)
    if request.method == "POST" and form.validate_on_submit():
        def opslaan():
            brief.opslaan(current_user, v, form.tekst.data)
            if request.form.get("definitief"):
                brief.definitief(current_user, v)
        _, status = run_service(form, opslaan)
        if status == 200:
            flash("De brief is definitief gemaakt." if v.brief_definitief else "Het concept is opgeslagen.", "ok")
            return redirect(url_for("privacy.verzoeken.verzoek_brief", verzoek_id=v.id))
    return render_template("privacy/brief_form.html", verzoek=v, form=form), 422 if form.errors else 200


@bp.get("/verzoeken/<int:verzoek_id>/brief.pdf")
def verzoek_brief_pdf(verzoek_id: int):
    v = services.eigen_verzoek(current_user, verzoek_id)
    return attachment(brief.pdf(v), f"antwoord-verzoek-{v.id}.pdf")
