"""Pages for trajectories: list (scoped), create, detail with assignments and deliveries, and entering or correcting
one delivery record by form. Thin: access.py and the services do the work."""
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_security import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from sqlalchemy.orm import joinedload

from portal import access, queryargs
from portal.codes import (
    LEVERING_LABELS,
    TRAJECT_LABELS,
    Doelgroep,
    ExamenNiveau,
    Leerroute,
    Onderdeel,
    RedenEinde,
    Rol,
    Soort,
    TermijnBron,
    TrajectStatus,
    choices,
    code_label,
)
from portal.errors import ServiceError
from portal.extensions import db
from portal.filterformulier import filter_html, html_bewaard, veld_html
from portal.forms import run_service
from portal.leveringen.service import Aanlevering, importeer
from portal.main.tabel import badge
from portal.models import Traject
from portal.timeutil import nl_date, nl_datetime, nl_number
from portal.trajecten import overzicht, services, zoeken
from portal.trajecten.forms import (
    KOLOM_LABELS,
    LEVERING_FORMS,
    VELD_LABELS,
    FilterForm,
    ToewijzingEindeForm,
    ToewijzingForm,
    TrajectForm,
    TrajectWijzigForm,
    invoer_onderdelen,
)
from portal.voortgang import caseload as voortgang
from portal.voortgang import queries

bp = Blueprint("trajecten", __name__, url_prefix="/trajecten")
access.guard_blueprint(bp, Rol.regisseur, Rol.aanbieder)
bp.add_app_template_filter(overzicht.uren, "uren")
bp.add_app_template_global(veld_html, "veld")  # a form field rendered once per state (portal/filterformulier.py)
_VELD_CODES = {"doelgroep": Doelgroep, "leerroute": Leerroute, "status": TrajectStatus,
               "reden_einde": RedenEinde, "termijn_bron": TermijnBron, "niveau": ExamenNiveau}


@bp.app_template_filter("veldwaarde")
def veldwaarde(value, veld: str) -> str:
    """A value of the trajectory's history (JSON: codes and ISO dates) as the page writes it."""
    if value is None or value == "":
        return "leeg"
    if veld in _VELD_CODES:
        try:
            return _VELD_CODES[veld](value).label
        except ValueError:
            return str(value)
    if veld in ("datum_aanbod", "termijn_start", "termijn_einde", "einde_plicht"):
        return nl_date(date.fromisoformat(value))
    return str(value)


@bp.get("/")
def lijst():
    form = FilterForm(request.args)
    filters = {}
    if form.validate():
        filters = {name: getattr(form, name).data for name in ("leerroute", "doelgroep", "status")}
    if current_user.rol is Rol.aanbieder:
        # An aanbieder's list is its open work: ended trajectories leave it. It never sees (or filters on) the
        # doelgroep: that is the gemeente's (interface.md v1.1).
        filters = {"leerroute": filters.get("leerroute"), "status": "actief"}
    zoek = form.zoek.data if not form.zoek.errors else None
    page = access.list_trajecten(current_user, zoek=zoek, filters=filters, page=queryargs.pagina(request.args),
                                 per_page=current_app.config["PAGE_SIZE"], rijen=True)
    werk = (queries.werk_van_aanbieder(current_user.organisatie_id, page.items)
            if current_user.rol is Rol.aanbieder else {})
    fout = zoeken.typefout(current_user, zoek)
    # Links of the page (pages) carry the list's own filter keys only, never the raw query string.
    query = queryargs.alleen(request.args, (field.name for field in form))
    rijen = _rijen(page.items, werk if current_user.rol is Rol.aanbieder else None)
    filter_ = filter_html("trajecten/_filter.html", form, aanbieder=current_user.rol is Rol.aanbieder)
    return render_template("trajecten/lijst.html", form=form, filter=filter_, page=page, rijen=rijen, typefout=fout,
                           query=query)


_PLEK = "TRAJECT"  # stands for a trajectory id in the link built once per page (ids are URL-safe: 0-9, A-Z and -)


def _rijen(trajecten: list, werk: dict | None) -> list[list]:
    """The cells of the list's table (data_table), in Python: 50 rows of macro and filter calls were a third of the
    page's rendering. The same cells as the template made: the ID's link, codes as labels, dates and numbers as the
    filters write them; `werk` (an aanbieder's own work per trajectory) gives her columns instead of the gemeente's."""
    link = escape(url_for("trajecten.detail", traject_id=_PLEK))
    rijen = []
    for t in trajecten:
        id_ = escape(t.id)
        cel = Markup(f'<a class="utrecht-link" href="{link.replace(_PLEK, id_)}">{id_}</a>')
        uren = nl_number(t.intensiteit_uren, 0) if t.intensiteit_uren else "—"
        if werk is None:
            status = badge(TRAJECT_LABELS[t.status], "ok" if t.status.value == "actief" else "info")
            rijen.append([cel, TRAJECT_LABELS[t.leerroute], TRAJECT_LABELS[t.doelgroep], nl_date(t.pip_datum), uren,
                          status])
            continue
        w = werk.get(t.id)
        onderdelen = ", ".join(LEVERING_LABELS.get(o, o) for o in w.onderdelen) if w else ""
        rijen.append([cel, w.gemeente if w else "—", onderdelen or "—", TRAJECT_LABELS[t.leerroute],
                      nl_date(t.pip_datum), uren,
                      nl_datetime(w.laatste_aanlevering) if w and w.laatste_aanlevering else "nog niets"])
    return rijen



@bp.route("/nieuw", methods=["GET", "POST"])
def nieuw():
    if current_user.rol is not Rol.regisseur:
        abort(403)
    form = TrajectForm()
    if form.validate_on_submit():
        traject, _ = run_service(form, lambda: services.create_traject(current_user, services.NieuwTraject(
            doelgroep=form.doelgroep.data, leerroute=form.leerroute.data, pip_datum=form.pip_datum.data,
            intensiteit_uren=form.intensiteit_uren.data, datum_aanbod=form.datum_aanbod.data)))
        if traject is not None:
            flash(f"Traject {traject.id} is aangemaakt. Noteer dit ID in uw eigen cliëntsysteem.", "ok")
            return redirect(url_for("trajecten.detail", traject_id=traject.id))
    return render_template("trajecten/nieuw.html", form=form), 422 if form.errors else 200


# Built once per process: the loader options are immutable, and building four of them cost ~0.2 ms per view.
_LADEN_REGISSEUR = (joinedload(Traject.toewijzingen), joinedload(Traject.versies),
                    joinedload(Traject.duo_registraties), joinedload(Traject.signaal_instellingen))


@bp.route("/<traject_id>", methods=["GET", "POST"])
def detail(traject_id: str):
    # The regisseur's page shows the assignments, the trajectory's versions, its DUO registrations and the signals
    # with the gemeente's thresholds: read with it, in one statement.
    laden = _LADEN_REGISSEUR if current_user.rol is Rol.regisseur else ()
    traject = access.get_traject(current_user, traject_id, laden=laden)
    form, toewijzen = None, None
    # Read once for the page (a regisseur's; None for the others): the form's aanbieders are kept per data version,
    # the signals are computed at it.
    nu = voortgang.data_versie(current_user)
    if current_user.rol is Rol.regisseur:
        keuzes = [("", "Kies een aanbieder"), *access.aanbieder_keuzes(nu.voor_allen if nu else None)]
        if request.method == "GET":
            toewijzen = _toewijzen_html(keuzes)
        else:
            form = ToewijzingForm()
            form.aanbieder.choices = keuzes
            if form.validate_on_submit():
                _, status = run_service(form, lambda: services.toewijzen(
                    current_user, traject, form.aanbieder.data, form.onderdeel.data, form.startdatum.data))
                if status == 200:
                    flash("De aanbieder is toegewezen.", "ok")
                    return redirect(url_for("trajecten.detail", traject_id=traject.id))
            toewijzen = Markup(render_template("trajecten/_toewijzen.html", form=form))
    elif request.method == "POST":
        abort(403)
    toewijzingen = access.zichtbare_toewijzingen(current_user, traject)
    einde_form = None
    if current_user.rol is Rol.regisseur and toewijzingen:
        einde_form = ToewijzingEindeForm(formdata=None)
        einde_form.onderdeel.choices = [(o, Onderdeel(o).label) for o in
                                        dict.fromkeys(t.onderdeel.value for t in toewijzingen)]
    # Of the attendance only the page shown per onderdeel (and the periods with corrections) is read, and the
    # totals and charts are its sums per month: a trajectory delivered day by day for years costs the page what one
    # delivered monthly does. Toetsen and afrondingen are few: all of them.
    per_pagina = current_app.config["PAGE_SIZE"]
    gelezen = access.trajectleveringen(current_user, traject, overzicht.gevraagde_paginas(request.args), per_pagina)
    leveringen, maanden = gelezen.leveringen, gelezen.maanden
    historie = access.zichtbare_historie(current_user, traject, leveringen) if gelezen.met_historie else []
    aanbieder = current_user.rol is Rol.aanbieder
    onderdelen = [t.onderdeel for t in toewijzingen]
    invoer = {soort: bool(invoer_onderdelen(soort, onderdelen)) for soort in LEVERING_FORMS} if aanbieder else {}
    regie = None if aanbieder else voortgang.regie(current_user, traject, nu)
    aanwezigheid = overzicht.aanwezigheid_per_onderdeel(gelezen.perioden, gelezen.pagina, gelezen.getoond, per_pagina)
    toetsen = overzicht.toetsen_gepagineerd(leveringen["toets"], request.args, per_pagina)
    status = 422 if form is not None and form.errors else 200
    grafieken = overzicht.grafieken(maanden, leveringen["toets"], traject.intensiteit_uren,
                                    taal=not aanbieder or Onderdeel.taal in onderdelen)
    aanbieder_namen = overzicht.aanbieder_namen(traject.toewijzingen) if not aanbieder else {}
    # An aanbieder's rows link to their correction form (the attendance tables' cells are made in Python).
    corrigeren = {soort: overzicht.corrigeren_link(url_for("trajecten.invoer", traject_id=traject.id, soort=soort,
                                                           record="RECORD"))
                  for soort in ("aanwezigheid", "toets", "afronding")} if aanbieder else {}
    return render_template(
        "trajecten/detail.html", traject=traject, toewijzingen=toewijzingen, toewijzen=toewijzen, labels=TRAJECT_LABELS,
        einde_form=einde_form, veld_labels=VELD_LABELS, versies=list(traject.versies) if not aanbieder else [],
        code_labels=LEVERING_LABELS, leveringen=leveringen, invoer=invoer, kan_corrigeren=aanbieder,
        totalen=overzicht.totalen(maanden, onderdelen, traject.intensiteit_uren),
        correcties=overzicht.correcties(historie, leveringen),
        grafieken=grafieken, grafiek_rijen=overzicht.grafiek_rijen(grafieken), regie=regie,
        aanbieder_namen=aanbieder_namen,
        aanwezigheid=aanwezigheid, toetsen=toetsen,
        aanwezigheid_rijen=lambda groep: overzicht.aanwezigheid_rijen(groep, aanbieder_namen,
                                                                      corrigeren.get("aanwezigheid")),
        corrigeren_link=corrigeren,
        pagina_url=_pagina_url(traject.id, overzicht.paginas([*aanwezigheid, toetsen]))), status


_CSRF = "\x00csrf\x00"  # stands for the request's CSRF token in the kept HTML of the assignment form


def _toewijzen_html(keuzes: list[tuple[str, str]]) -> Markup:
    """The regisseur's assignment form as a GET shows it (empty, no errors): its HTML is a function of the aanbieders
    offered alone, apart from the CSRF token, so it is rendered once per process and list of aanbieders (building the
    WTForms form cost ~0.4 ms of every view); the token is put in per request."""
    csrf_aan = current_app.config.get("WTF_CSRF_ENABLED", True)  # several apps in one process (tests) may differ
    token = generate_csrf() if csrf_aan else _CSRF

    def maak() -> str:
        form = ToewijzingForm(formdata=None)
        form.aanbieder.choices = keuzes
        return render_template("trajecten/_toewijzen.html", form=form).replace(token, _CSRF)
    return Markup(str(html_bewaard(("toewijzen", csrf_aan, tuple(keuzes)), maak)).replace(_CSRF, token))


def _pagina_url(traject_id: str, paginas: dict[str, int]):
    """For a group of the trajectory page, the function page number -> URL that keeps the other groups' pages."""
    def voor(groep: overzicht.Groep):
        anker = "toetsen" if groep.naam == "toetsen" else f"aanwezigheid-{groep.naam}"

        def url(n: int) -> str:
            args: dict[str, Any] = {k: v for k, v in paginas.items() if k != groep.param}
            if n > 1:
                args[groep.param] = n
            return url_for("trajecten.detail", traject_id=traject_id, _anchor=anker, **args)
        return url
    return voor


@bp.route("/<traject_id>/invoer/<soort>", methods=["GET", "POST"])
def invoer(traject_id: str, soort: str):
    """One record of a delivery soort by form, through the import service: new, or (with ?record=) a correction."""
    traject = access.get_traject(current_user, traject_id)
    if current_user.rol is not Rol.aanbieder:
        abort(403)
    if soort not in LEVERING_FORMS:
        abort(404)
    form_class = LEVERING_FORMS[soort]
    onderdelen = invoer_onderdelen(soort, [t.onderdeel for t in access.zichtbare_toewijzingen(current_user, traject)])
    if not onderdelen or request.args.get("onderdeel", onderdelen[0]) not in onderdelen:
        abort(403)
    record = None
    if "record" in request.args:
        wanted = request.args.get("record", type=int)
        records = access.zichtbare_leveringen(current_user, traject)[soort]
        record = next((r for r in records if r.id == wanted), None)
        if record is None:
            abort(404)
    prefill = form_class.waarden(record) if record else {"onderdeel": request.args.get("onderdeel", onderdelen[0])}
    form = form_class(data=prefill if request.method == "GET" else None)
    if hasattr(form, "onderdeel"):
        form.onderdeel.choices = [(o, code_label(o)) for o in onderdelen]

    status, fout, bestaand = 200, None, None
    if request.method == "POST":
        geldig = form.validate_on_submit()
        csrf = getattr(form, "csrf_token", None)
        if csrf is not None and csrf.errors:
            status = 422
        else:
            # The form's own checks and every rule of the import service in one pass: the page lists all errors.
            # Never overwrite silently: a new entry (or a correction moved onto another key) whose key the aanbieder
            # already stored replaces that record only after "Overschrijven?".
            vorige = None
            if not form.overschrijven.data:
                eigen = [r for r in access.zichtbare_leveringen(current_user, traject)[soort]
                         if r.aanbieder_id == current_user.organisatie_id]
                vorige = form.zelfde_sleutel(eigen)
                if vorige is not None and record is not None and vorige.id == record.id:
                    vorige = None
            savepoint = db.session.begin_nested()
            try:
                rapport, _ = importeer(current_user, current_user.organisatie, soort,
                                       Aanlevering(rijen=[form.rij(traject.id)]), kanaal="formulier")
            except ServiceError as error:
                savepoint.rollback()
                fout, status = error.message, error.status
            else:
                if rapport.accepted and geldig and vorige is not None and rapport.corrected:
                    savepoint.rollback()
                    db.session.refresh(vorige)  # the stored version, not the one the undone correction loaded
                    bestaand = vorige
                elif rapport.accepted and geldig:
                    savepoint.commit()
                    if rapport.corrected:
                        flash("Gecorrigeerd; de vorige versie staat in de historie.", "ok")
                    elif rapport.unchanged:
                        flash("Niets gewijzigd: deze gegevens stonden er al zo.", "info")
                    else:
                        flash("Opgeslagen.", "ok")
                    return redirect(url_for("trajecten.detail", traject_id=traject.id, _anchor="leveringen"))
                else:
                    # A rejected form entry leaves nothing behind, not even its batch: the form shows what to change.
                    savepoint.rollback()
                    form.toon_fouten(rapport.errors)
                    status = 422
    return render_template("trajecten/invoer.html", traject=traject, form=form, soort=soort, record=record,
                           soort_label=Soort.van(soort).label, kolom_labels=KOLOM_LABELS, fout=fout,
                           bestaand=form.overzicht(bestaand) if bestaand is not None else None), status


@bp.route("/<traject_id>/wijzigen", methods=["GET", "POST"])
def wijzigen(traject_id: str):
    """The regisseur changes the trajectory (PIP change, DUO termijn, end of the inburgeringsplicht) with a reason."""
    if current_user.rol is not Rol.regisseur:
        abort(403)
    traject = access.get_traject(current_user, traject_id)
    form = TrajectWijzigForm(data=TrajectWijzigForm.huidige(traject) if request.method == "GET" else None)
    if form.validate_on_submit():
        gewijzigd = form.gewijzigd(traject)
        result, _ = run_service(form, lambda: services.wijzig_traject(current_user, traject, gewijzigd,
                                                                      form.reden.data))
        if result is not None:
            flash(f"Het traject is gewijzigd (versie {result.versie})." if gewijzigd else "Niets gewijzigd.", "ok")
            return redirect(url_for("trajecten.detail", traject_id=traject.id, _anchor="trajecthistorie"))
        db.session.refresh(traject)
    return render_template("trajecten/wijzigen.html", traject=traject, form=form), 422 if form.errors else 200


@bp.post("/<traject_id>/toewijzing-beeindigen")
def toewijzing_beeindigen(traject_id: str):
    if current_user.rol is not Rol.regisseur:
        abort(403)
    traject = access.get_traject(current_user, traject_id, log=False)
    form = ToewijzingEindeForm()
    form.onderdeel.choices = choices(Onderdeel)
    if form.validate_on_submit():
        _, status = run_service(None, lambda: services.beeindig_toewijzing(
            current_user, traject, form.onderdeel.data, form.einddatum.data, form.reden.data))
        if status == 200:
            flash("De toewijzing is beëindigd.", "ok")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
    return redirect(url_for("trajecten.detail", traject_id=traject.id, _anchor="toewijzingen"))
