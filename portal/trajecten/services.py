"""State changes on trajectories and assignments. Each call flushes and logs; the caller commits."""
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from portal import bsn, verwerkingslog
from portal.codes import (
    Actie,
    Activiteit,
    Doelgroep,
    ExamenNiveau,
    Leerroute,
    Onderdeel,
    OrganisatieType,
    RedenEinde,
    Rol,
    TermijnBron,
    TrajectStatus,
)
from portal.errors import ServiceError, parse_code
from portal.extensions import db
from portal.forms import DatumFout, lees_datum
from portal.models import Organisatie, Toewijzing, Traject, TrajectVersie, User
from portal.timeutil import nl_date, today, utcnow
from portal.trajecten.ids import new_traject_id
from portal.trajecten.velden import VELD_LABELS

Z_ROUTE_UREN = 800
TERMIJN_JAREN = 3              # the inburgeringstermijn (Wet inburgering 2021 art. 7)
LEERROUTE_WISSEL_MAANDEN = 18  # a change of leerroute within 1.5 years after termijn_start (not onderwijsroute)
# The fields a regisseur may change (interface.md v1.1, PATCH /trajecten/{id}), in the order the history shows them.
WIJZIGBAAR = ("doelgroep", "leerroute", "niveau", "intensiteit_uren", "datum_aanbod", "termijn_start",
              "termijn_einde", "verlengingsgrond", "status", "einde_plicht", "reden_einde")
# A privacy officer's rectificatie (corrigeer_traject) corrects one field at a time, the PIP-datum included. Not the
# end of a trajectory: status, einde_plicht and reden_einde change together, on the regisseur's trajectory page.
RECTIFICEERBAAR = ("doelgroep", "leerroute", "pip_datum", "niveau", "intensiteit_uren", "datum_aanbod",
                   "termijn_start", "termijn_einde", "verlengingsgrond")
VERSIE_VELDEN = (*WIJZIGBAAR, "pip_datum")  # what a new version may change and TrajectVersie records
DATUMS = ("pip_datum", "datum_aanbod", "termijn_start", "termijn_einde", "einde_plicht")
VERPLICHT = ("doelgroep", "leerroute", "pip_datum", "status", "termijn_start", "termijn_einde")
ALLEEN_ASIEL = ("intensiteit_uren", "datum_aanbod")
GEEINDIGD = (TrajectStatus.afgerond, TrajectStatus.beeindigd)


def geschatte_termijn(pip_datum: date) -> tuple[date, date]:
    """The termijn the portal assumes until DUO's dates are typed in: start = PIP-datum, end = start + 3 years
    (exclusive, like DUO's einddatum: PIP 15-03-2023 gives 15-03-2026, so the last day is 14-03-2026)."""
    return pip_datum, pip_datum + relativedelta(years=TERMIJN_JAREN)


def leerroute_wissel_tot(termijn_start: date) -> date:
    """The last day on which the leerroute may change (B1-route and Z-route)."""
    return termijn_start + relativedelta(months=LEERROUTE_WISSEL_MAANDEN)


@dataclass
class NieuwTraject:
    doelgroep: str
    leerroute: str
    pip_datum: date
    intensiteit_uren: int | None = None
    datum_aanbod: date | None = None


def _enum(cls, value, field: str):
    """A code from the API or a form, in any case and with spaces around it."""
    allowed = ", ".join(m.value for m in cls)
    return parse_code(cls, value if isinstance(value, cls) else str(value).strip().lower(), field,
                      f"Onbekende waarde voor {field}; kies uit: {allowed}.")


def _require_regisseur(user: User) -> None:
    if user.rol is not Rol.regisseur:
        raise ServiceError("verboden", "Alleen een regisseur van de gemeente mag dit doen.", status=403)


def create_traject(user: User, data: NieuwTraject) -> Traject:
    """A new trajectory of the user's gemeente with a fresh pseudonymous ID."""
    _require_regisseur(user)
    if bsn.scan([data.doelgroep, data.leerroute, data.intensiteit_uren]):
        raise ServiceError(bsn.CODE, bsn.MESSAGE)
    doelgroep = _enum(Doelgroep, data.doelgroep, "doelgroep")
    leerroute = _enum(Leerroute, data.leerroute, "leerroute")
    if data.pip_datum > today():
        raise ServiceError("datum_in_toekomst", "De PIP-datum ligt in de toekomst.", "pip_datum")
    _alleen_asiel(doelgroep, {"intensiteit_uren": data.intensiteit_uren, "datum_aanbod": data.datum_aanbod})
    if data.datum_aanbod and data.datum_aanbod < data.pip_datum:
        raise ServiceError("datum_ongeldig", "De datum van het inburgeringsaanbod ligt voor de PIP-datum.",
                           "datum_aanbod")
    intensiteit = _intensiteit(doelgroep, leerroute, data.intensiteit_uren)
    traject_id = new_traject_id()
    while db.session.get(Traject, traject_id) is not None:  # 32^8 IDs: a collision is rare, but never reused
        traject_id = new_traject_id()
    termijn_start, termijn_einde = geschatte_termijn(data.pip_datum)
    traject = Traject(id=traject_id, gemeente_id=user.organisatie_id, gemeente=user.organisatie,
                      doelgroep=doelgroep, leerroute=leerroute, pip_datum=data.pip_datum,
                      intensiteit_uren=intensiteit, datum_aanbod=data.datum_aanbod,
                      niveau=ExamenNiveau.B1 if leerroute is Leerroute.b1 else None,
                      termijn_start=termijn_start, termijn_einde=termijn_einde, termijn_bron=TermijnBron.geschat,
                      status=TrajectStatus.actief, versie=1)
    db.session.add(traject)
    db.session.flush()
    verwerkingslog.record(user, Actie.aanmaken, Activiteit.signalering_regie, [(traject.id, traject.gemeente.code)])
    return traject


def toewijzen(user: User, traject: Traject, aanbieder_code: str, onderdeel: str, startdatum: date) -> Toewijzing:
    """Assign an onderdeel of a (visible) trajectory to an aanbieder; a running assignment to another aanbieder
    for the same onderdeel ends the day before."""
    _require_regisseur(user)
    onderdeel_enum = _enum(Onderdeel, onderdeel, "onderdeel")
    aanbieder = db.session.scalar(select(Organisatie).where(
        Organisatie.code == str(aanbieder_code).strip().upper(), Organisatie.type == OrganisatieType.aanbieder))
    if aanbieder is None:
        raise ServiceError("aanbieder_onbekend", "Er is geen aanbieder met deze code.", "aanbieder")
    if onderdeel_enum not in aanbieder.onderdelen:
        raise ServiceError("onderdeel_niet_aangeboden",
                           f"{aanbieder.naam} biedt het onderdeel {onderdeel_enum.value} niet aan.", "onderdeel")
    if onderdeel_enum is Onderdeel.taal and traject.doelgroep is not Doelgroep.asielstatushouder:
        raise ServiceError("onderdeel_niet_toegestaan", "Taal wordt alleen voor asielstatushouders aan de gemeente "
                           "gerapporteerd; voor andere doelgroepen meldt de taalschool aan DUO.", "onderdeel")
    if traject.status is not TrajectStatus.actief:
        raise ServiceError("traject_beeindigd", "Dit traject is beëindigd; er kan geen aanbieder meer worden "
                           "toegewezen.", "onderdeel")
    # Taal of an asielstatushouder may start before the PIP-datum: taal during the brede intake.
    if startdatum < traject.pip_datum and onderdeel_enum is not Onderdeel.taal:
        raise ServiceError("datum_ongeldig", "De startdatum ligt voor de PIP-datum van het traject.", "startdatum")
    for lopend in traject.toewijzingen:
        if lopend.onderdeel is onderdeel_enum and (lopend.einddatum is None or lopend.einddatum >= startdatum):
            if lopend.aanbieder_id == aanbieder.id:
                raise ServiceError("al_toegewezen", "Dit onderdeel is al aan deze aanbieder toegewezen.",
                                   "aanbieder", status=409)
            if startdatum <= lopend.startdatum:
                raise ServiceError("datum_ongeldig", "De startdatum ligt niet na de start van de lopende toewijzing.",
                                   "startdatum")
            lopend.einddatum = startdatum - timedelta(days=1)
    toewijzing = Toewijzing(traject=traject, onderdeel=onderdeel_enum, aanbieder=aanbieder,
                            aanbieder_id=aanbieder.id, startdatum=startdatum)
    db.session.add(toewijzing)
    db.session.flush()
    verwerkingslog.record(user, Actie.wijzigen, Activiteit.signalering_regie, [(traject.id, traject.gemeente.code)],
                          toelichting=f"toewijzing {onderdeel_enum.value} aan {aanbieder.code}")
    return toewijzing


# --- the trajectory over its life (interface.md v1.1) ------------------------------------------------------------


def _alleen_asiel(doelgroep: Doelgroep, waarden: dict) -> None:
    """intensiteit_uren and datum_aanbod belong to the inburgeringsaanbod, which only asielstatushouders get."""
    if doelgroep is Doelgroep.asielstatushouder:
        return
    for veld in ALLEEN_ASIEL:
        if waarden.get(veld) not in (None, ""):
            raise ServiceError("veld_niet_toegestaan", "Alleen een asielstatushouder krijgt een inburgeringsaanbod "
                               "met intensiteit en datum aanbod; laat dit veld leeg voor deze doelgroep.", veld)


def _intensiteit(doelgroep: Doelgroep, leerroute: Leerroute, intensiteit: int | None) -> int | None:
    """The intensiteit a trajectory holds: asielstatushouder only; required on the B1-route, 800 by default on the
    Z-route, none on the onderwijsroute."""
    if doelgroep is not Doelgroep.asielstatushouder:
        return None
    if leerroute is Leerroute.onderwijsroute:
        if intensiteit:
            raise ServiceError("intensiteit_ongeldig", "De onderwijsroute heeft geen intensiteit in taaluren.",
                               "intensiteit_uren")
        return None
    if leerroute is Leerroute.z_route:
        intensiteit = intensiteit or Z_ROUTE_UREN
    elif not intensiteit:
        raise ServiceError("verplicht", "Vul de intensiteit (taaluren) in voor de B1-route.", "intensiteit_uren")
    if not 0 < intensiteit <= 5000:
        raise ServiceError("intensiteit_ongeldig", "De intensiteit moet tussen 1 en 5000 uur liggen.",
                           "intensiteit_uren")
    return intensiteit


def json_waarde(value):
    """A field value as the API and the history write it: ISO dates, codes as text."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "value", value)


def _datum(value, veld: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ServiceError("datum_ongeldig", f"{veld} moet een datum zijn als JJJJ-MM-DD.", veld) from None


def _geheel(value, veld: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
        raise ServiceError("getal_ongeldig", f"{veld} moet een geheel getal zijn.", veld)
    return int(value)


def _lees(veld: str, value):
    """One requested value, read as the model holds it (None clears the field)."""
    if veld == "doelgroep":
        return _enum(Doelgroep, value, veld)
    if veld == "leerroute":
        return _enum(Leerroute, value, veld)
    if veld == "status":
        return _enum(TrajectStatus, value, veld)
    if veld == "niveau":
        if value in (None, ""):
            return None
        return parse_code(ExamenNiveau, str(value).strip().upper(), veld, "Kies A2 of B1.")
    if veld == "reden_einde":
        if value in (None, ""):
            return None
        return _enum(RedenEinde, value, veld)
    if veld == "intensiteit_uren":
        return _geheel(value, veld)
    if veld == "verlengingsgrond":
        text = None if value is None else str(value).strip()
        if text and len(text) > 200:
            raise ServiceError("tekst_te_lang", "De verlengingsgrond is ten hoogste 200 tekens.", veld)
        return text or None
    return _datum(value, veld)


def wijzig_traject(user: User, traject: Traject, gevraagd: dict, reden: str | None) -> Traject:
    """Change fields of a (visible) trajectory: every change is a new version with the regisseur's reason, the old
    values kept in TrajectVersie, logged as `wijzigen`. Fields not in `gevraagd` keep their value, except what a
    change implies: a change of doelgroep or leerroute clears what the new one does not have (intensiteit,
    datum_aanbod, niveau) and fills its defaults (niveau B1, Z-route 800 hours)."""
    _require_regisseur(user)
    onbekend = sorted(set(gevraagd) - set(WIJZIGBAAR))
    if onbekend:
        raise ServiceError("veld_onbekend", f"Dit veld kan niet worden gewijzigd: {onbekend[0]}. Wijzigbaar zijn: "
                           + ", ".join(WIJZIGBAAR) + ".", onbekend[0])
    reden = (reden or "").strip()
    if not reden:
        raise ServiceError("reden_verplicht", "Geef de reden van de wijziging (bijvoorbeeld: PIP gewijzigd op …).",
                           "reden")
    if len(reden) > 1000:
        raise ServiceError("tekst_te_lang", "De reden is ten hoogste 1000 tekens.", "reden")
    wijzigingen = _nieuwe_versie(user, traject, {veld: _lees(veld, value) for veld, value in gevraagd.items()},
                                 reden, wissel=True)
    if wijzigingen:
        verwerkingslog.record(user, Actie.wijzigen, Activiteit.signalering_regie,
                              [(traject.id, traject.gemeente.code)],
                              toelichting=f"traject versie {traject.versie}: " + ", ".join(wijzigingen))
    return traject


def corrigeer_traject(actor: User, traject: Traject, veld: str, tekst: str | None, reden: str) -> dict:
    """Correct one of a trajectory's own fields outside the regisseur's change form (the privacy officer's
    rectificatie, AVG art. 16): `tekst` as a form spells it (dd-mm-jjjj or ISO dates, codes, whole hours; empty
    clears the field). The corrected trajectory must meet every rule of a regisseur's change — except the 18-month
    limit on a change of leerroute, since a correction says what was true from the start — and becomes a new
    version in TrajectVersie with `reden` as its reason, exactly as a change does. The PIP-datum can be corrected
    here only; with an estimated termijn the estimate follows it. Returns the changes ({veld: [oud, nieuw]}).
    Flushes; the caller logs and commits."""
    if veld not in RECTIFICEERBAAR:
        raise ServiceError("waarde_onbekend", "Dit veld kan niet worden gerectificeerd.", veld)
    tekst = (tekst or "").strip()
    if bsn.contains_bsn(tekst):
        raise ServiceError(bsn.CODE, bsn.MESSAGE, veld)
    label = VELD_LABELS[veld]
    if veld in DATUMS:
        try:
            waarde = lees_datum(tekst, label)
        except DatumFout as fout:
            raise ServiceError("datum_ongeldig", str(fout), veld) from None
    else:
        waarde = _lees(veld, tekst)
    if waarde is None and veld in VERPLICHT:
        raise ServiceError("verplicht", f"{label} is verplicht; vul een waarde in.", veld)
    wijzigingen = _nieuwe_versie(actor, traject, {veld: waarde}, reden, wissel=False)
    if not wijzigingen:
        raise ServiceError("ongewijzigd", "De nieuwe waarde is gelijk aan de huidige.", veld)
    return wijzigingen


def _nieuwe_versie(user: User, traject: Traject, gevraagd: dict, reden: str, *, wissel: bool) -> dict:
    """The one place a trajectory's own fields change: `gevraagd` (typed values) applied with what they imply, every
    rule checked, and on a change a new version in TrajectVersie. `wissel`: hold a change of leerroute to its 18
    months. Returns the changes ({veld: [oud, nieuw]}, empty when nothing changed). Flushes; does not log."""
    oud = {veld: getattr(traject, veld) for veld in VERSIE_VELDEN}
    nieuw = dict(oud)
    nieuw.update(gevraagd)
    if "pip_datum" in gevraagd and traject.termijn_bron is not TermijnBron.duo:
        nieuw["termijn_start"], nieuw["termijn_einde"] = geschatte_termijn(nieuw["pip_datum"])
    for veld in ("doelgroep", "leerroute", "status"):
        if nieuw[veld] is None:
            raise ServiceError("verplicht", f"{veld} kan niet leeg zijn.", veld)

    asiel = nieuw["doelgroep"] is Doelgroep.asielstatushouder
    if not asiel:
        _alleen_asiel(nieuw["doelgroep"], {v: gevraagd.get(v) for v in ALLEEN_ASIEL})
        nieuw["intensiteit_uren"] = nieuw["datum_aanbod"] = None
        if oud["doelgroep"] is Doelgroep.asielstatushouder and any(
                t.onderdeel is Onderdeel.taal and (t.einddatum is None or t.einddatum >= today())
                for t in traject.toewijzingen):
            raise ServiceError("onderdeel_niet_toegestaan", "Er loopt een toewijzing voor taal; taal wordt alleen "
                               "voor asielstatushouders gerapporteerd. Beëindig eerst die toewijzing.", "doelgroep")
    leerroute = nieuw["leerroute"]
    if leerroute is not oud["leerroute"]:
        onderwijs = Leerroute.onderwijsroute in (leerroute, oud["leerroute"])
        wissel_tot = leerroute_wissel_tot(nieuw["termijn_start"] or traject.termijn_start)
        if wissel and not onderwijs and today() > wissel_tot:
            raise ServiceError(
                "leerroute_termijn_verstreken", "Van leerroute wisselen kan alleen in de eerste 18 maanden na de "
                f"start van de termijn (tot en met {nl_date(wissel_tot)}), behalve van of naar de onderwijsroute.",
                "leerroute")
        if "intensiteit_uren" not in gevraagd and leerroute is not Leerroute.b1:
            nieuw["intensiteit_uren"] = None
        if "niveau" not in gevraagd:
            nieuw["niveau"] = ExamenNiveau.B1 if leerroute is Leerroute.b1 else None
    if nieuw["niveau"] is not None and leerroute is not Leerroute.b1:
        raise ServiceError("niveau_ongeldig", "Een examenniveau (A2 of B1) hoort alleen bij de B1-route.", "niveau")
    if leerroute is Leerroute.b1 and nieuw["niveau"] is None:
        nieuw["niveau"] = ExamenNiveau.B1
    if asiel:
        nieuw["intensiteit_uren"] = _intensiteit(nieuw["doelgroep"], leerroute, nieuw["intensiteit_uren"])
    if nieuw["datum_aanbod"] and nieuw["datum_aanbod"] < nieuw["pip_datum"]:
        raise ServiceError("datum_ongeldig", "De datum van het inburgeringsaanbod ligt voor de PIP-datum.",
                           "datum_aanbod")

    if nieuw["termijn_start"] is None or nieuw["termijn_einde"] is None:
        veld = "termijn_start" if nieuw["termijn_start"] is None else "termijn_einde"
        raise ServiceError("verplicht", "Vul de begin- en einddatum van de termijn in, zoals DUO ze geeft.", veld)
    if nieuw["termijn_einde"] <= nieuw["termijn_start"]:
        raise ServiceError("termijn_ongeldig", "De einddatum van de termijn ligt na de begindatum.", "termijn_einde")

    geeindigd = nieuw["status"] in GEEINDIGD
    einde_gegeven = nieuw["einde_plicht"] is not None, nieuw["reden_einde"] is not None
    if geeindigd and not all(einde_gegeven):
        veld = "einde_plicht" if nieuw["einde_plicht"] is None else "reden_einde"
        raise ServiceError("einde_onvolledig", "Een afgerond of beëindigd traject heeft een einddatum van de "
                           "inburgeringsplicht en een reden van het einde.", veld)
    if not geeindigd and any(einde_gegeven):
        raise ServiceError("einde_onvolledig", "Een einde van de inburgeringsplicht hoort bij de status afgerond of "
                           "beëindigd; kies ook die status.", "status")
    if nieuw["einde_plicht"] and nieuw["einde_plicht"] < nieuw["pip_datum"]:
        raise ServiceError("datum_ongeldig", "Het einde van de inburgeringsplicht ligt voor de PIP-datum.",
                           "einde_plicht")

    wijzigingen = {veld: [json_waarde(oud[veld]), json_waarde(nieuw[veld])] for veld in VERSIE_VELDEN
                   if json_waarde(oud[veld]) != json_waarde(nieuw[veld])}
    if not wijzigingen:
        return wijzigingen
    termijn_getypt = {"termijn_start", "termijn_einde"} & set(gevraagd)
    if termijn_getypt and {"termijn_start", "termijn_einde"} & set(wijzigingen) and \
            traject.termijn_bron is not TermijnBron.duo:
        wijzigingen["termijn_bron"] = [traject.termijn_bron.value, TermijnBron.duo.value]
        traject.termijn_bron = TermijnBron.duo
    for veld in VERSIE_VELDEN:
        setattr(traject, veld, nieuw[veld])
    traject.versie += 1
    db.session.add(TrajectVersie(traject=traject, traject_id=traject.id, versie=traject.versie, tijdstip=utcnow(),
                                 gebruiker=user.email, reden=reden, wijzigingen=wijzigingen))
    db.session.flush()
    return wijzigingen


def beeindig_toewijzing(user: User, traject: Traject, onderdeel: str, einddatum: date | None,
                        reden: str | None) -> Toewijzing:
    """End (or move the end of) the latest assignment of an onderdeel of a (visible) trajectory, with a reason."""
    _require_regisseur(user)
    onderdeel_enum = _enum(Onderdeel, onderdeel, "onderdeel")
    eigen = [t for t in traject.toewijzingen if t.onderdeel is onderdeel_enum]
    if not eigen:
        raise ServiceError("niet_gevonden", "Dit onderdeel is niet toegewezen.", "onderdeel", status=404)
    toewijzing = max(eigen, key=lambda t: t.startdatum)
    if einddatum is None:
        raise ServiceError("verplicht", "Vul de einddatum van de toewijzing in.", "einddatum")
    reden = (reden or "").strip()
    if not reden:
        raise ServiceError("reden_verplicht", "Geef de reden waarom de toewijzing eindigt.", "reden")
    if len(reden) > 500:
        raise ServiceError("tekst_te_lang", "De reden is ten hoogste 500 tekens.", "reden")
    if einddatum < toewijzing.startdatum:
        raise ServiceError("datum_ongeldig", "De einddatum ligt voor de start van de toewijzing op "
                           f"{nl_date(toewijzing.startdatum)}.", "einddatum")
    oud = toewijzing.einddatum
    toewijzing.einddatum, toewijzing.reden_einde = einddatum, reden
    db.session.flush()
    verwerkingslog.record(user, Actie.wijzigen, Activiteit.signalering_regie, [(traject.id, traject.gemeente.code)],
                          toelichting=f"toewijzing {onderdeel_enum.value} beëindigd per {einddatum.isoformat()}"
                          + (f" (was {oud.isoformat()})" if oud else ""))
    return toewijzing
