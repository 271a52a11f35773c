"""Data-subject requests: registering, the identity check, the status workflow, the extension, documents, and the
actions on the real data of the request's trajectories (inzage export, rectificatie, beperking and its lifting,
wissing). Every action on a trajectory is logged under the register activity for requests. Services flush; the
caller commits once.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from flask import abort
from sqlalchemy import select

from dpia.verzoeken import export, termijnen
from dpia.verzoeken.beperking import actieve_beperking, beperkte_ids
from dpia.verzoeken.codes import (
    GESLOTEN,
    OPEN,
    OVERGANGEN,
    ActieType,
    IdentiteitMethode,
    Kanaal,
    VerzoekStatus,
    VerzoekType,
    WisGrond,
    label,
)
from dpia.verzoeken.models import TrajectBeperking, Verzoek, VerzoekActie, VerzoekDocument, VerzoekTraject
from portal import access, bsn, verwerkingslog
from portal.codes import Actie, Activiteit
from portal.errors import ServiceError, parse_code
from portal.extensions import db
from portal.leveringen import kolommen
from portal.models import Traject, User
from portal.timeutil import nl_date, nl_number, today, utcnow
from portal.trajecten import gegevens
from portal.trajecten import services as trajecten
from portal.trajecten.ids import normalise
from portal.trajecten.velden import VELD_LABELS

ACTIVITEIT = Activiteit.gegevensbeschermingsverzoeken
# Which actions a request of each type may lead to. A restriction also serves an objection or a contested
# correction while it is assessed (AVG art. 18(1)(a) and (d)); an objection that is upheld leads to an erasure.
ACTIES_PER_TYPE = {
    VerzoekType.inzage: (ActieType.inzage,),
    VerzoekType.overdraagbaarheid: (ActieType.inzage,),
    VerzoekType.rectificatie: (ActieType.rectificatie, ActieType.beperking, ActieType.opheffen_beperking),
    VerzoekType.beperking: (ActieType.beperking, ActieType.opheffen_beperking),
    VerzoekType.bezwaar: (ActieType.beperking, ActieType.opheffen_beperking, ActieType.wissing),
    VerzoekType.wissing: (ActieType.wissing, ActieType.beperking, ActieType.opheffen_beperking),
}
MAX_DOCUMENT = 10 * 1024 * 1024



# --- reading -----------------------------------------------------------------------------------------------------


def eigen_verzoek(user: User, verzoek_id: int) -> Verzoek:
    """A request of the privacy officer's own gemeente, else 404 (another gemeente's request does not exist)."""
    return access.get_privacy_record(user, Verzoek, verzoek_id)


def lijst(user: User, *, alleen_open: bool = True) -> list[Verzoek]:
    """The gemeente's requests: open ones by deadline (the most urgent first), else newest first."""
    access.vereis_privacy(user)
    query = select(Verzoek)  # the gemeente's (the scope)
    if alleen_open:
        query = query.where(Verzoek.status.in_(OPEN))
    verzoeken = list(db.session.scalars(query.order_by(Verzoek.ontvangen.desc(), Verzoek.id.desc())))
    return sorted(verzoeken, key=lambda v: v.deadline) if alleen_open else verzoeken


def dagen_over(verzoek: Verzoek, vandaag: dt.date | None = None) -> int:
    return termijnen.dagen_over(verzoek.deadline, vandaag or today())


def te_laat(verzoek: Verzoek, vandaag: dt.date | None = None) -> bool:
    return verzoek.open and dagen_over(verzoek, vandaag) < 0


def _trajecten(user: User, ids, veld: str = "traject_ids") -> list[Traject]:
    """The trajectories of the privacy officer's own gemeente with these ids. An id that is unknown or belongs to
    another gemeente gets the same message: nothing says whether it exists elsewhere."""
    if isinstance(ids, str):
        ids = [i for i in ids.replace(",", " ").split() if i]
    wanted = list(dict.fromkeys(normalise(i) for i in (ids or []) if str(i).strip()))
    if not wanted:
        raise ServiceError("verplicht", "Vul minstens één traject-ID van uw gemeente in.", veld)
    found = {t.id: t for t in db.session.scalars(access.visible_trajecten(user).where(Traject.id.in_(wanted)))}
    missing = [i for i in wanted if i not in found]
    if missing:
        raise ServiceError("traject_onbekend", f"Traject-ID {', '.join(missing)} is geen traject van uw gemeente. "
                                               "Controleer het ID in uw eigen klantsysteem.", veld)
    return [found[i] for i in wanted]


# --- intake and workflow -------------------------------------------------------------------------------------------


def registreer(user: User, type: str | None, ontvangen: dt.date | None, traject_ids, *, kanaal: str | None = None,
               notities: str | None = None, identiteit_methode: str | None = None,
               identiteit_door: str | None = None, identiteit_op: dt.date | None = None) -> Verzoek:
    """Register a request received on `ontvangen` for trajectories of the officer's gemeente."""
    access.vereis_privacy(user)
    soort = parse_code(VerzoekType, type, "type")
    if ontvangen is None:
        raise ServiceError("verplicht", "Vul de datum van ontvangst in.", "ontvangen")
    if ontvangen > today():
        raise ServiceError("datum_ongeldig", "De datum van ontvangst ligt in de toekomst.", "ontvangen")
    trajecten = _trajecten(user, traject_ids)
    access.check_verwerkingsstop(user, trajecten, Actie.lezen)
    verzoek = Verzoek(gemeente_id=user.organisatie_id, gemeente=user.organisatie, type=soort,
                      status=VerzoekStatus.ontvangen, ontvangen=ontvangen,
                      kanaal=parse_code(Kanaal, kanaal, "kanaal", required=False),
                      notities=(notities or "").strip() or None, aangemaakt_op=utcnow(), aangemaakt_door=user.email,
                      trajecten=[VerzoekTraject(traject_id=t.id) for t in trajecten])
    db.session.add(verzoek)
    if identiteit_methode:
        _identiteit(user, verzoek, identiteit_methode, identiteit_door, identiteit_op)
    db.session.flush()
    verwerkingslog.record(user, Actie.lezen, ACTIVITEIT, [(t.id, t.gemeente.code) for t in trajecten],
                          toelichting=f"verzoek {verzoek.id} ({soort.value}) geregistreerd")
    return verzoek


def _identiteit(user, verzoek, methode, door, op) -> None:
    verzoek.identiteit_methode = parse_code(IdentiteitMethode, methode, "identiteit_methode")
    verzoek.identiteit_door = (door or "").strip() or user.email
    verzoek.identiteit_op = op or today()
    if verzoek.identiteit_op > today():
        raise ServiceError("datum_ongeldig", "De datum van de identiteitscontrole ligt in de toekomst.",
                           "identiteit_op")


def identiteit_vastleggen(user: User, verzoek: Verzoek, methode: str, door: str | None,
                          op: dt.date | None) -> Verzoek:
    """Record how and by whom the requester's identity was checked; a request waiting for it goes on."""
    access.vereis_privacy(user)
    _open(verzoek)
    _identiteit(user, verzoek, methode, door, op)
    if verzoek.status in (VerzoekStatus.ontvangen, VerzoekStatus.identiteit_onbevestigd):
        verzoek.status = VerzoekStatus.in_behandeling
    db.session.flush()
    return verzoek


def zet_status(user: User, verzoek: Verzoek, status: str, toelichting: str | None = None) -> Verzoek:
    """Move the request along the workflow of design.md (OVERGANGEN); a request is only in behandeling once the
    identity is checked, and a closed request stays closed."""
    access.vereis_privacy(user)
    nieuw = parse_code(VerzoekStatus, status, "status")
    if nieuw is VerzoekStatus.verlengd:
        raise ServiceError("verlengen", "Verleng het verzoek met de knop 'Termijn verlengen' en een reden.",
                           "status")
    if nieuw not in OVERGANGEN.get(verzoek.status, ()):
        raise ServiceError("overgang_ongeldig", f"Een verzoek met status '{label(verzoek.status)}' kan niet naar "
                                                f"'{label(nieuw)}'.", "status", status=409)
    if nieuw is VerzoekStatus.in_behandeling and verzoek.identiteit_methode is None:
        raise ServiceError("identiteit", "Leg eerst vast hoe de identiteit van de verzoeker is gecontroleerd.",
                           "status")
    verzoek.status = nieuw
    if nieuw in GESLOTEN:
        verzoek.afgesloten_op = today()
    if toelichting and toelichting.strip():
        verzoek.notities = "\n".join(filter(None, [verzoek.notities, f"{nl_date(today())} {label(nieuw)}: "
                                                                     f"{toelichting.strip()}"]))
    db.session.flush()
    return verzoek


def verleng(user: User, verzoek: Verzoek, reden: str | None) -> Verzoek:
    """Extend the term once by two months (AVG art. 12(3)), with the reason that is sent to the requester; only
    within the first month."""
    access.vereis_privacy(user)
    _open(verzoek)
    if not (reden or "").strip():
        raise ServiceError("verplicht", "Vul de reden van de verlenging in; die moet de verzoeker binnen de eerste "
                                        "maand krijgen.", "reden")
    if verzoek.verlengd_op is not None:
        raise ServiceError("al_verlengd", "Dit verzoek is al verlengd; de AVG staat één verlenging toe.", "reden",
                           status=409)
    if not termijnen.verlenging_mogelijk(verzoek.ontvangen, today()):
        raise ServiceError("te_laat", f"Verlengen kan alleen binnen de eerste maand, dus uiterlijk op "
                                      f"{nl_date(verzoek.oorspronkelijke_deadline)}.", "reden", status=409)
    verzoek.verlengd_op, verzoek.verlenging_reden = today(), (reden or "").strip()
    verzoek.status = VerzoekStatus.verlengd
    db.session.flush()
    return verzoek


def notities_opslaan(user: User, verzoek: Verzoek, notities: str | None) -> Verzoek:
    access.vereis_privacy(user)
    if bsn.contains_bsn(notities):
        raise ServiceError(bsn.CODE, bsn.MESSAGE, "notities")
    verzoek.notities = (notities or "").strip() or None
    db.session.flush()
    return verzoek


def document_toevoegen(user: User, verzoek: Verzoek, bestandsnaam: str, data: bytes,
                       mimetype: str | None) -> VerzoekDocument:
    """Keep a file of the request (e.g. the letter as PDF). Neither its name nor its content may hold a BSN (the
    gemeente keeps the person's identity in its own system, not here): the content is read as what it is (PDF text,
    an office document's text, text in any common encoding), and a file that cannot be read that way (an image, a
    scan without text) is refused, because it cannot be checked."""
    access.vereis_privacy(user)
    naam = (bestandsnaam or "").strip().replace("\\", "/").rsplit("/", 1)[-1][:255]
    if not naam or not data:
        raise ServiceError("verplicht", "Kies een bestand.", "bestand")
    if len(data) > MAX_DOCUMENT:
        raise ServiceError("te_groot", "Het bestand is groter dan 10 MB.", "bestand")
    if bsn.contains_bsn(naam):
        raise ServiceError(bsn.CODE, "De bestandsnaam bevat een BSN. Geef het bestand een naam zonder BSN.",
                           "bestand")
    mimetype = (mimetype or "application/octet-stream")[:100]
    gevonden = bsn.document_holds_bsn(data)
    if gevonden is None:
        raise ServiceError("niet_controleerbaar",
                           "Het portaal kan dit bestand niet op een BSN controleren (het is bijvoorbeeld een "
                           "afbeelding, een scan zonder tekst of een beveiligde PDF). Lever het aan als PDF met "
                           "tekst, Word- of tekstbestand.", "bestand")
    if gevonden:
        raise ServiceError(bsn.CODE, "Het bestand bevat een BSN. Lever het zonder BSN aan (bijvoorbeeld als "
                                     "afgeschermde kopie).", "bestand")
    document = VerzoekDocument(verzoek=verzoek, bestandsnaam=naam, mimetype=mimetype, grootte=len(data),
                               inhoud=data, toegevoegd_op=utcnow(), toegevoegd_door=user.email)
    db.session.add(document)
    db.session.flush()
    return document


def eigen_document(user: User, verzoek: Verzoek, document_id: int) -> VerzoekDocument:
    document = db.session.get(VerzoekDocument, document_id)
    if document is None or document.verzoek_id != verzoek.id:
        abort(404)
    return document


# --- actions on the real data ----------------------------------------------------------------------------------


def _open(verzoek: Verzoek) -> None:
    if not verzoek.open:
        raise ServiceError("verzoek_gesloten", f"Dit verzoek is {label(verzoek.status).lower()}; er kan niets meer "
                                               "aan gebeuren.", status=409)


def _uitvoerbaar(user: User, verzoek: Verzoek, actie: ActieType) -> list[Traject]:
    """The request's trajectories, once it may lead to this action; 423 under a verwerkingsstop."""
    access.vereis_privacy(user)
    _open(verzoek)
    if verzoek.status is VerzoekStatus.identiteit_onbevestigd:
        raise ServiceError("identiteit", "De identiteit van de verzoeker is niet bevestigd: leg eerst de "
                                         "identiteitscontrole vast.", status=409)
    if actie not in ACTIES_PER_TYPE[verzoek.type]:
        raise ServiceError("actie_past_niet", f"Bij een verzoek om {label(verzoek.type).lower()} hoort geen "
                                              f"{label(actie).lower()}.", "actie", status=409)
    ids = verzoek.traject_ids
    if not ids:
        raise ServiceError("geen_trajecten", "Dit verzoek heeft (nog) geen trajecten.", status=409)
    trajecten = list(db.session.scalars(access.visible_trajecten(user).where(Traject.id.in_(ids))
                                        .order_by(Traject.id)))
    access.check_verwerkingsstop(user, trajecten, Actie.wijzigen)
    return trajecten


def _vastleggen(user: User, verzoek: Verzoek, actie: ActieType, samenvatting: str, aantal: int,
                grond: WisGrond | None = None) -> VerzoekActie:
    record = VerzoekActie(verzoek=verzoek, actie=actie, grond=grond, aantal_trajecten=aantal,
                          samenvatting=samenvatting, uitgevoerd_op=utcnow(), uitgevoerd_door=user.email)
    db.session.add(record)
    if verzoek.status is VerzoekStatus.ontvangen:
        verzoek.status = VerzoekStatus.in_behandeling
    db.session.flush()
    return record


def _log(user, actie: Actie, trajecten, verzoek: Verzoek, wat: str) -> None:
    verwerkingslog.record(user, actie, ACTIVITEIT, [(t.id, t.gemeente.code) for t in trajecten],
                          toelichting=f"verzoek {verzoek.id}: {wat}"[:255])


def inzage(user: User, verzoek: Verzoek) -> dict:
    """Everything held on the request's trajectories, and who processed them (AVG art. 15 and 20), as the
    machine-readable export; logged as an export."""
    trajecten = _uitvoerbaar(user, verzoek, ActieType.inzage)
    _log(user, Actie.exporteren, trajecten, verzoek, "inzage-export")
    _vastleggen(user, verzoek, ActieType.inzage, f"Inzage-export van {len(trajecten)} traject(en) gemaakt.",
                len(trajecten))
    return export.bouw(user, verzoek, trajecten)


def beperk(user: User, verzoek: Verzoek) -> list[str]:
    """Restrict the processing of the request's trajectories (AVG art. 18) until lifted."""
    trajecten = _uitvoerbaar(user, verzoek, ActieType.beperking)
    al = beperkte_ids({t.id for t in trajecten})
    nieuw = [t for t in trajecten if t.id not in al]
    if not nieuw:
        raise ServiceError("al_beperkt", "De verwerking van deze trajecten is al beperkt.", status=409)
    for t in nieuw:
        db.session.add(TrajectBeperking(traject_id=t.id, verzoek_id=verzoek.id, gestart_op=utcnow(),
                                        gestart_door=user.email))
    _log(user, Actie.beperken, nieuw, verzoek, "verwerking beperkt (AVG art. 18)")
    _vastleggen(user, verzoek, ActieType.beperking,
                f"Verwerking van {len(nieuw)} traject(en) beperkt: geen aanleveringen, alleen de privacy officer "
                f"ziet ze.", len(nieuw))
    return [t.id for t in nieuw]


def hef_beperking_op(user: User, verzoek: Verzoek) -> list[str]:
    """Lift the restriction of the request's trajectories (AVG art. 18(3): the requester is told beforehand)."""
    trajecten = _uitvoerbaar(user, verzoek, ActieType.opheffen_beperking)
    opgeheven = []
    for t in trajecten:
        beperking = actieve_beperking(t.id)
        if beperking is not None:
            beperking.opgeheven_op, beperking.opgeheven_door = utcnow(), user.email
            opgeheven.append(t)
    if not opgeheven:
        raise ServiceError("niet_beperkt", "De verwerking van deze trajecten is niet beperkt.", status=409)
    db.session.flush()
    _log(user, Actie.beperken, opgeheven, verzoek, "beperking opgeheven")
    _vastleggen(user, verzoek, ActieType.opheffen_beperking,
                f"Beperking van {len(opgeheven)} traject(en) opgeheven.", len(opgeheven))
    return [t.id for t in opgeheven]


class Bewaarplicht(ServiceError):
    def __init__(self, message: str):
        super().__init__("bewaarplicht", message, "grond", status=409)


def wis(user: User, verzoek: Verzoek, grond: str | None) -> Counter:
    """Erase the request's trajectories and everything on them (AVG art. 17). `onrechtmatig_verwerkt` erases at
    once; `niet_meer_nodig` only when the retention term of the register has passed (dpia/retentie.py), else
    Bewaarplicht. The log keeps a `wissen` entry per trajectory (that it happened, not what); the request keeps
    how many. Returns the rows erased per table."""
    if grond in (None, ""):
        raise ServiceError("verplicht", "Kies de grond van de wissing.", "grond")
    wis_grond = parse_code(WisGrond, grond, "grond")
    trajecten = _uitvoerbaar(user, verzoek, ActieType.wissing)
    if wis_grond is WisGrond.niet_meer_nodig:
        _bewaarplicht(user, trajecten)
    ids = [t.id for t in trajecten]
    gemeente = user.organisatie.code
    db.session.flush()
    geteld = gegevens.wis_trajecten(ids)
    db.session.expire_all()
    verwerkingslog.record(user, Actie.wissen, ACTIVITEIT, [(i, gemeente) for i in ids],
                          toelichting=f"verzoek {verzoek.id}: gewist, grond {wis_grond.value}")
    _vastleggen(user, verzoek, ActieType.wissing,
                f"{len(ids)} traject(en) gewist met alles wat erop was vastgelegd (grond: {label(wis_grond)}). "
                f"Het verwerkingslogboek bewaart dat de wissing plaatsvond.", len(ids), wis_grond)
    return geteld


def _bewaarplicht(user: User, trajecten: list[Traject]) -> None:
    from dpia.retentie import bewaartermijn_jaren, plan
    verlopen = {k.traject_id for k in plan(today()).te_wissen if k.gemeente == user.organisatie.code}
    lopend = [t.id for t in trajecten if t.id not in verlopen]
    if lopend:
        jaren = bewaartermijn_jaren(user.organisatie_id)
        termijn = (f"de bewaartermijn van {jaren} jaar uit het verwerkingsregister" if jaren is not None
                   else "de bewaartermijn uit het verwerkingsregister")
        raise Bewaarplicht(f"Er geldt nog een bewaarplicht: {termijn} loopt nog voor traject {', '.join(lopend)}. "
                           "Wissen omdat de gegevens niet meer nodig zijn kan pas daarna (AVG art. 17 lid 3 "
                           "sub b). Wijs het verzoek af met die reden, of wis op grond van onrechtmatige "
                           "verwerking als daarvan sprake is.")


def actie(user: User, verzoek: Verzoek, naam: str | None, grond: str | None = None):
    """The API's door: carry out one action by name."""
    soort = parse_code(ActieType, naam, "actie")
    if soort is ActieType.inzage:
        return inzage(user, verzoek)
    if soort is ActieType.beperking:
        return beperk(user, verzoek)
    if soort is ActieType.opheffen_beperking:
        return hef_beperking_op(user, verzoek)
    if soort is ActieType.wissing:
        return wis(user, verzoek, grond)
    raise ServiceError("actie_onbekend", "Een rectificatie gaat per veld via de pagina van het verzoek.", "actie")


# --- rectificatie ------------------------------------------------------------------------------------------------

def veld_label(veld: str) -> str:
    """A field's name as the forms say it: the trajectory's own fields and the delivery columns."""
    return {**VELD_LABELS, **kolommen.labels()}.get(veld, veld)


def rectificeerbare_velden(soort: str) -> tuple[str, ...]:
    """The fields the privacy officer may correct: the trajectory's own (as the trajectory service says), and each
    delivery's values (not its key)."""
    if soort == "traject":
        return trajecten.RECTIFICEERBAAR
    if soort not in kolommen.SOORTEN:
        raise ServiceError("waarde_onbekend", "Kies traject, aanwezigheid, toets of afronding.", "soort")
    return tuple(kolommen.correctie_kolommen(soort))


def _json(value):
    value = getattr(value, "value", value)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _rectificatie_doel(user: User, verzoek: Verzoek, traject_id: str, soort: str, record_id):
    """The trajectory of the request and the record a rectificatie is about: the trajectory itself, or one of its
    delivery records."""
    from portal.models.levering import MODELS
    trajecten = {t.id: t for t in _uitvoerbaar(user, verzoek, ActieType.rectificatie)}
    traject = trajecten.get(normalise(traject_id or ""))
    if traject is None:
        raise ServiceError("traject_onbekend", "Kies een traject van dit verzoek.", "traject_id")
    rectificeerbare_velden(soort)  # refuses an unknown soort
    if soort == "traject":
        return traject, traject
    try:
        record = db.session.get(MODELS[soort], int(record_id))
    except (TypeError, ValueError):
        record = None
    if record is None or record.traject_id != traject.id:
        raise ServiceError("niet_gevonden", "Deze aanlevering hoort niet bij het traject.", "record_id")
    return traject, record


def toon_waarde(value) -> str:
    """A stored value as the UI shows it: dates dd-mm-jjjj, hours with a decimal comma, codes as they are."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return nl_date(value)
    if isinstance(value, float):
        return nl_number(value, 2)
    return str(getattr(value, "value", value))


def rectificeerbare_gegevens(user: User, verzoek: Verzoek) -> list[dict]:
    """What the privacy officer picks a rectificatie from: per trajectory of the request its own fields, and per
    delivery soort its records (key and correctable values, shown as the UI shows them). Logged as a read."""
    from portal.models.levering import MODELS
    trajecten = _uitvoerbaar(user, verzoek, ActieType.rectificatie)
    _log(user, Actie.lezen, trajecten, verzoek, "rectificatie: gegevens getoond om te kiezen")
    result = []
    for traject in trajecten:
        velden = rectificeerbare_velden("traject")
        eigen = [toon_waarde(getattr(traject, veld)) for veld in velden]
        secties: list[tuple[str, list[str], list[Any]]] = [("traject", [veld_label(v) for v in velden],
                                                             [(None, eigen)])]
        for soort, model in MODELS.items():
            namen = [c for c in kolommen.sleutel(soort) if c != "traject_id"]
            namen += [c for c in rectificeerbare_velden(soort) if c not in namen]
            records = db.session.scalars(select(model).where(model.traject_id == traject.id).order_by(model.id))
            secties.append((soort, [veld_label(c) for c in namen],
                            [(r.id, [toon_waarde(getattr(r, c)) for c in namen]) for r in records]))
        result.append({"traject_id": traject.id, "secties": secties})
    return result


def huidige_waarden(user: User, verzoek: Verzoek, traject_id: str, soort: str,
                    record_id) -> tuple[dict[str, str], dict[str, str]]:
    """For the rectificatie form: the chosen record's key (which delivery it is; empty for the trajectory itself)
    and its correctable fields with their current values. Logged as a read."""
    traject, record = _rectificatie_doel(user, verzoek, traject_id, soort, record_id)
    _log(user, Actie.lezen, [traject], verzoek, f"rectificatie: huidige waarden {soort}")
    sleutel = [] if soort == "traject" else [c for c in kolommen.sleutel(soort) if c != "traject_id"]
    return ({kolom: toon_waarde(getattr(record, kolom)) for kolom in sleutel},
            {veld: toon_waarde(getattr(record, veld)) for veld in rectificeerbare_velden(soort)})


def rectificeer(user: User, verzoek: Verzoek, traject_id: str, soort: str, record_id, veld: str,
                waarde: str | None):
    """Correct one field of a trajectory or of one of its delivery records for this request (AVG art. 16). A
    delivery record is corrected through the import service's one correction path (`corrigeer`): the corrected
    record must pass the rules a delivery must pass (a refusal is the import's own message, on the form's value
    field), it keeps its owner, and its replaced version goes to levering_historie with the privacy officer as
    `vervangen_door`; the `rectificatie` row names the request as the reason. Logged as `wijzigen`."""
    from dpia.verzoeken.models import Rectificatie
    traject, record = _rectificatie_doel(user, verzoek, traject_id, soort, record_id)
    if veld not in rectificeerbare_velden(soort):
        raise ServiceError("waarde_onbekend", "Dit veld kan niet worden gerectificeerd.", "veld")
    nu = utcnow()
    historie_id = None
    oud = getattr(record, veld)
    from portal.leveringen.service import corrigeer
    try:
        if soort == "traject":
            trajecten.corrigeer_traject(user, traject, veld, waarde, f"rectificatie bij verzoek {verzoek.id}")
        else:
            historie_id = corrigeer(user, soort, record, {veld: waarde})
    except ServiceError as error:  # the form has one value field: the message belongs next to it
        raise ServiceError(error.code, error.message, "waarde", error.status) from None
    nieuw = getattr(record, veld)
    db.session.flush()
    db.session.add(Rectificatie(verzoek_id=verzoek.id, traject_id=traject.id, soort=soort, record_id=str(record.id),
                                veld=veld, oude_waarde={"waarde": _json(oud)}, nieuwe_waarde={"waarde": _json(nieuw)},
                                historie_id=historie_id, gewijzigd_op=nu, gewijzigd_door=user.email))
    _log(user, Actie.wijzigen, [traject], verzoek, f"rectificatie {soort}.{veld}")
    _vastleggen(user, verzoek, ActieType.rectificatie, f"Gerectificeerd: {soort} {veld}.", 1)
    return record
