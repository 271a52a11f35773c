"""The verwerkingsregister's rules and state changes, and the narrow door through which the portal asks under which
register version it processes. Services flush; the view or command commits.

Decisions: a version is never changed. A content change always makes a new draft version, also when the activity
was vastgesteld: what was vastgesteld stays in force (and is cited by the processing log) until the new version is
vastgesteld in its turn. A status step is a change too, so it makes a new version with the same content; the
version history is the audit trail of who submitted, decided and ended what, and when.
"""
from collections.abc import Iterable

from sqlalchemy import bindparam, func, select

from dpia.register import standaard
from dpia.register.codes import (
    OVERGANGEN,
    VELD,
    VELDEN,
    Bestuursorgaan,
    BijzondereCategorie,
    Grondslag,
    RegisterStatus,
)
from dpia.register.models import ActiviteitVersie, Verwerkingsactiviteit
from portal import access
from portal.codes import Activiteit
from portal.errors import ServiceError, parse_code
from portal.extensions import db
from portal.models import LogEntry, Organisatie
from portal.models.scope import met_scope
from portal.timeutil import utcnow

INHOUD = tuple(veld.kolom for veld in VELDEN)
_BESLIST = (RegisterStatus.vastgesteld, RegisterStatus.vervallen)


# --- reading -----------------------------------------------------------------------------------------------------


def register(gemeente_id: int | None = None) -> list[Verwerkingsactiviteit]:
    """The register in the caller's scope (her gemeente's), or of one gemeente named by a job that works across
    them: the portal's own activities first (in code order), then the added ones by name."""
    query = select(Verwerkingsactiviteit)
    if gemeente_id is not None:
        query = query.where(Verwerkingsactiviteit.gemeente_id == gemeente_id)
    activiteiten = db.session.scalars(query).all()
    volgorde = {a.value: i for i, a in enumerate(Activiteit)}
    return sorted(activiteiten, key=lambda a: (volgorde.get(a.code, len(volgorde)), a.nieuwste.naam.lower(), a.id))


def get_activiteit(activiteit_id: int) -> Verwerkingsactiviteit:
    """An activity of the caller's gemeente, else 404: another gemeente's activity answers exactly like a missing
    one."""
    return access.get_or_404(Verwerkingsactiviteit, activiteit_id)


def huidige_versie(gemeente_id: int, activiteit_code: Activiteit | str) -> ActiviteitVersie | None:
    """The version in force of one of the portal's activities for a gemeente (see `Verwerkingsactiviteit.geldende`)."""
    code = getattr(activiteit_code, "value", activiteit_code)
    activiteit = db.session.scalar(select(Verwerkingsactiviteit).where(
        Verwerkingsactiviteit.gemeente_id == gemeente_id, Verwerkingsactiviteit.code == code))
    return activiteit.geldende if activiteit is not None else None


# Built once: every logged request asks it, and building the statement cost more than running it.
_GELDENDE = (select(Organisatie.code, ActiviteitVersie.id, ActiviteitVersie.status)
             .join(Verwerkingsactiviteit, Verwerkingsactiviteit.gemeente_id == Organisatie.id)
             .join(ActiviteitVersie, ActiviteitVersie.activiteit_id == Verwerkingsactiviteit.id)
             .where(Organisatie.code.in_(bindparam("codes", expanding=True)),
                    Verwerkingsactiviteit.code == bindparam("activiteit"))
             .order_by(Organisatie.code, ActiviteitVersie.versie)
             .execution_options(alle_gemeenten=True))  # the log of an aanbieder's work cites several gemeenten


def geldende_versie_ids(gemeente_codes: Iterable[str], activiteit_code: str) -> dict[str, int]:
    """{gemeente code: id of the version in force} of one activity for several gemeenten, in one query: what the
    processing log cites. A gemeente without that activity in its register is left out."""
    codes = sorted(set(gemeente_codes))
    if not codes:
        return {}
    rows = db.session.execute(_GELDENDE, {"codes": codes, "activiteit": activiteit_code})
    nieuwste, beslist = {}, {}
    for code, versie_id, status in rows:
        nieuwste[code] = versie_id
        if status in _BESLIST:
            beslist[code] = versie_id
    return {code: beslist.get(code, versie_id) for code, versie_id in nieuwste.items()}


def logregels_per_versie(activiteit: Verwerkingsactiviteit) -> dict[int, int]:
    """How many processing log entries cite each version of the activity."""
    ids = [v.id for v in activiteit.versies]
    rows = db.session.execute(select(LogEntry.activiteit_versie_id, func.count())
                              .where(LogEntry.activiteit_versie_id.in_(ids))
                              .group_by(LogEntry.activiteit_versie_id))
    return {versie_id: aantal for versie_id, aantal in rows}


def ontbrekende_velden(versie: ActiviteitVersie | dict) -> list[str]:
    """The Dutch labels of the art. 30 fields that a complete entry needs and this version (or content) leaves
    empty."""
    waarde = versie.get if isinstance(versie, dict) else lambda kolom: getattr(versie, kolom)
    ontbreekt = []
    for veld in VELDEN:
        nodig = veld.verplicht or (veld.voorwaarde is not None and bool(waarde(veld.voorwaarde)))
        if nodig and _leeg(waarde(veld.kolom)):
            ontbreekt.append(veld.label)
    return ontbreekt


def _leeg(value) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == []


# --- changing ----------------------------------------------------------------------------------------------------


def inhoud_van(versie: ActiviteitVersie) -> dict:
    """The art. 30 content of a version, as `wijzig` takes it."""
    return {kolom: getattr(versie, kolom) for kolom in INHOUD}


def _inhoud(waarden: dict) -> dict:
    """Check and normalise content: the rules of the register, with Dutch messages on the field at fault."""
    onbekend = set(waarden) - set(INHOUD)
    if onbekend:
        raise ServiceError("veld_onbekend", f"Onbekend veld: {', '.join(sorted(onbekend))}.")
    schoon = {}
    for kolom in INHOUD:
        value = waarden.get(kolom)
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").strip() or None
        schoon[kolom] = value
    if not schoon["naam"]:
        raise ServiceError("verplicht", "Vul de naam van de verwerkingsactiviteit in.", "naam")
    if len(schoon["naam"]) > 200:
        raise ServiceError("te_lang", "De naam is ten hoogste 200 tekens.", "naam")
    for kolom, lengte in (("eigenaar", 200), ("dpia", 255)):
        if (waarde := schoon[kolom]) and len(waarde) > lengte:
            raise ServiceError("te_lang", f"{VELD[kolom].label} is ten hoogste {lengte} tekens.", kolom)
    schoon["grondslag"] = parse_code(Grondslag, schoon["grondslag"], "grondslag",
                                     "Kies een grondslag uit AVG art. 6 lid 1: a tot en met f.", required=False)
    schoon["verantwoordelijke_bestuursorgaan"] = parse_code(
        Bestuursorgaan, schoon["verantwoordelijke_bestuursorgaan"], "verantwoordelijke_bestuursorgaan",
        "Kies het college van B&W, de gemeenteraad of de burgemeester.", required=False)
    if schoon["grondslag"] is Grondslag.f:
        raise ServiceError(
            "grondslag_f_publieke_taak",
            "Grondslag f (gerechtvaardigd belang) geldt niet voor een overheidsorgaan bij de uitvoering van zijn "
            "taken (AVG art. 6 lid 1, laatste volzin). Kies grondslag e (taak van algemeen belang of openbaar "
            "gezag) of c (wettelijke verplichting) en noem het wetsartikel.", "grondslag")
    bijzonder = schoon["bijzondere_categorieen"] or []
    if isinstance(bijzonder, str):
        bijzonder = [bijzonder]
    try:
        schoon["bijzondere_categorieen"] = sorted({BijzondereCategorie(b).value for b in bijzonder})
    except ValueError:
        raise ServiceError("waarde_onbekend", "Kies bijzondere categorieën uit de lijst van AVG art. 9 lid 1.",
                           "bijzondere_categorieen") from None
    if schoon["bijzondere_categorieen"] and not schoon["uitzondering_art9"]:
        raise ServiceError(
            "uitzondering_art9_ontbreekt",
            "Bijzondere persoonsgegevens mogen alleen worden verwerkt met een uitzondering op het verbod van "
            "AVG art. 9 lid 1. Vul de uitzondering in (art. 9 lid 2 AVG, met het wetsartikel).", "uitzondering_art9")
    schoon["doorgifte_buiten_eer"] = bool(schoon["doorgifte_buiten_eer"])
    if schoon["doorgifte_buiten_eer"] and not schoon["doorgifte_waarborgen"]:
        raise ServiceError("waarborgen_ontbreken",
                           "Vul bij doorgifte buiten de EER in naar welk land en met welke waarborg "
                           "(AVG hoofdstuk V, art. 44 tot en met 49).", "doorgifte_waarborgen")
    jaren = schoon["bewaartermijn_jaren"]
    if jaren is not None:
        if isinstance(jaren, bool) or not str(jaren).isdigit() or not 0 <= int(jaren) <= 120:
            raise ServiceError("getal_ongeldig", "De bewaartermijn in jaren is een heel getal van 0 tot en met 120.",
                               "bewaartermijn_jaren")
        schoon["bewaartermijn_jaren"] = int(jaren)
    return schoon


def _check_volledig(inhoud: dict, status: RegisterStatus) -> None:
    ontbreekt = ontbrekende_velden(inhoud)
    if ontbreekt:
        raise ServiceError("onvolledig", f"Een activiteit is pas {RegisterStatus(status).label.lower()} als alle "
                                         f"verplichte velden zijn ingevuld. Vul nog in: {', '.join(ontbreekt)}.")


def _nieuwe_versie(activiteit: Verwerkingsactiviteit, inhoud: dict, status: RegisterStatus,
                   door: str) -> ActiviteitVersie:
    if status in (RegisterStatus.in_review, RegisterStatus.vastgesteld):
        _check_volledig(inhoud, status)
    nummer = (activiteit.versies[-1].versie + 1) if activiteit.versies else 1
    versie = ActiviteitVersie(activiteit=activiteit, versie=nummer, status=status, gewijzigd_op=utcnow(),
                              gewijzigd_door=door, **inhoud)
    db.session.add(versie)
    db.session.flush()
    return versie


def _check_basis(activiteit: Verwerkingsactiviteit, basis_versie: int | None) -> None:
    """Refuse a change made on an older version than the newest: someone else changed the activity meanwhile."""
    if basis_versie is not None and basis_versie != activiteit.nieuwste.versie:
        raise ServiceError("gewijzigd", f"Deze activiteit is intussen gewijzigd (nu versie "
                                        f"{activiteit.nieuwste.versie}). Bekijk de nieuwste versie en probeer het "
                                        f"opnieuw.", status=409)


def nieuwe_activiteit(gemeente: Organisatie, waarden: dict, door: str) -> Verwerkingsactiviteit:
    """An activity the privacy officer adds (no portal code): version 1, a draft."""
    if not gemeente.is_gemeente:
        raise ServiceError("geen_gemeente", "Alleen een gemeente houdt een verwerkingsregister.")
    inhoud = _inhoud(waarden)
    activiteit = Verwerkingsactiviteit(gemeente_id=gemeente.id, gemeente=gemeente, code=None)
    db.session.add(activiteit)
    db.session.flush()
    _nieuwe_versie(activiteit, inhoud, RegisterStatus.draft, door)
    return activiteit


def wijzig(activiteit: Verwerkingsactiviteit, waarden: dict, door: str,
           basis_versie: int | None = None) -> ActiviteitVersie:
    """Changed content: a new draft version. What is in force stays in force until this one is vastgesteld."""
    _check_basis(activiteit, basis_versie)
    inhoud = _inhoud(waarden)
    if inhoud == _inhoud(inhoud_van(activiteit.nieuwste)):
        raise ServiceError("niets_gewijzigd", "Er is niets gewijzigd.")
    return _nieuwe_versie(activiteit, inhoud, RegisterStatus.draft, door)


def zet_status(activiteit: Verwerkingsactiviteit, status: RegisterStatus | str, door: str,
               basis_versie: int | None = None) -> ActiviteitVersie:
    """One step in the workflow draft -> in_review -> vastgesteld (-> vervallen), as a new version."""
    _check_basis(activiteit, basis_versie)
    nieuw = parse_code(RegisterStatus, status, "status", "Onbekende status.", required=False)
    huidig = activiteit.nieuwste
    if nieuw is None or nieuw not in OVERGANGEN[huidig.status]:
        raise ServiceError("overgang_ongeldig",
                           f"Een activiteit met status {RegisterStatus(huidig.status).label.lower()} kan niet naar "
                           f"{RegisterStatus(nieuw).label.lower() if nieuw else status}.", "status", status=409)
    return _nieuwe_versie(activiteit, _inhoud(inhoud_van(huidig)), nieuw, door)


def registreer_portaalactiviteiten(gemeente: Organisatie) -> list[Verwerkingsactiviteit]:
    """Register the portal's own activities that the gemeente's register lacks, complete and vastgesteld (version 1).
    Called when a gemeente is created; safe to call again."""
    if not gemeente.is_gemeente:
        return []
    with met_scope(db.session(), gemeente.id):  # the new gemeente's rows, whoever creates it (a beheerder)
        return _registreer_portaalactiviteiten(gemeente)


def _registreer_portaalactiviteiten(gemeente: Organisatie) -> list[Verwerkingsactiviteit]:
    bestaand = set(db.session.scalars(select(Verwerkingsactiviteit.code).where(
        Verwerkingsactiviteit.gemeente_id == gemeente.id, Verwerkingsactiviteit.code.is_not(None))))
    nieuw = []
    for activiteit_code in Activiteit:
        if activiteit_code.value in bestaand:
            continue
        activiteit = Verwerkingsactiviteit(gemeente_id=gemeente.id, gemeente=gemeente, code=activiteit_code.value)
        db.session.add(activiteit)
        db.session.flush()
        _nieuwe_versie(activiteit, _inhoud(dict(standaard.PORTAALACTIVITEITEN[activiteit_code.value])),
                       RegisterStatus.vastgesteld, standaard.SYSTEEM)
        nieuw.append(activiteit)
    db.session.flush()
    return nieuw
