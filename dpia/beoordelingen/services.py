"""DPIA's: start one from the built-in template, answer, score risks, review, plan actions, validate or reject, start a
new version of a validated one; and the overviews of renewals and overdue actions. Services flush; the caller commits.

Rules: every query is scoped by the caller's gemeente (another gemeente's DPIA is a 404, as if it did not exist); a
validated DPIA is locked (409 on any change) and a change starts a new version that copies everything; validation
needs the people, the FG's advice, every risk scored and nothing left "te corrigeren"; a rejection needs a reason.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import abort
from sqlalchemy import select

from dpia.beoordelingen import sjabloon
from dpia.beoordelingen.codes import ActieStatus, Beoordeling, DpiaStatus, FgOordeel, Niveau
from dpia.beoordelingen.models import Dpia, DpiaActie, DpiaAntwoord, DpiaMaatregel, DpiaRisico
from dpia.register.models import Verwerkingsactiviteit
from portal import access
from portal.errors import ServiceError, parse_code
from portal.extensions import db
from portal.models import User
from portal.timeutil import utcnow

HERZIENING_JAREN = 3  # a DPIA is reviewed every 3 years (beleidsplan Kerkrade; AP guidance)
HERZIENING_WAARSCHUWING_DAGEN = 90


# --- reading ---------------------------------------------------------------------------------------------------


def eigen_dpia(user: User, dpia_id: int) -> Dpia:
    """A DPIA of the privacy officer's own gemeente, else 404."""
    return access.get_privacy_record(user, Dpia, dpia_id)


def lijst(user: User) -> list[Dpia]:
    """The newest version of each of the gemeente's DPIA's, by title."""
    access.vereis_privacy(user)
    alle = db.session.scalars(select(Dpia)
                              .order_by(Dpia.reeks_id, Dpia.versie)).all()
    nieuwste = {d.reeks_id: d for d in alle}
    return sorted(nieuwste.values(), key=lambda d: (d.titel.lower(), d.id))


def versies(dpia: Dpia) -> list[Dpia]:
    return list(db.session.scalars(select(Dpia).where(Dpia.reeks_id == dpia.reeks_id).order_by(Dpia.versie)))


def activiteiten(user: User) -> list[Verwerkingsactiviteit]:
    from dpia.register.services import register
    return register()


def herziening_op(dpia: Dpia) -> date | None:
    """When a validated DPIA is due for renewal: 3 years after its validation."""
    if dpia.status is not DpiaStatus.gevalideerd or dpia.besluit_op is None:
        return None
    try:
        return dpia.besluit_op.replace(year=dpia.besluit_op.year + HERZIENING_JAREN)
    except ValueError:  # 29 February
        return dpia.besluit_op.replace(year=dpia.besluit_op.year + HERZIENING_JAREN, day=28)


@dataclass
class Herziening:
    dpia: Dpia
    op: date
    te_laat: bool


def herzieningen(user: User, dag: date) -> list[Herziening]:
    """Validated DPIA's whose renewal is due within 90 days or overdue (the newest validated version per series, as
    long as no newer version was validated)."""
    access.vereis_privacy(user)
    uit = []
    alle = db.session.scalars(select(Dpia).where(Dpia.status == DpiaStatus.gevalideerd)).all()
    for dpia in alle:
        op = herziening_op(dpia)
        if op is not None and op <= dag + timedelta(days=HERZIENING_WAARSCHUWING_DAGEN):
            uit.append(Herziening(dpia, op, op < dag))
    return sorted(uit, key=lambda h: h.op)


def acties_te_laat(user: User, dag: date) -> list[DpiaActie]:
    """Open actions past their due date, over all the gemeente's DPIA's (current versions), oldest first."""
    access.vereis_privacy(user)
    return list(db.session.scalars(
        select(DpiaActie).join(Dpia).where(Dpia.status != DpiaStatus.vervangen,
                                           DpiaActie.status == ActieStatus.open, DpiaActie.deadline < dag)
        .order_by(DpiaActie.deadline, DpiaActie.id)))


# --- creating from the template ----------------------------------------------------------------------------------


def nieuw(user: User, titel: str, activiteit_ids: list[int] | None = None) -> Dpia:
    """A new DPIA from the built-in template: every question with the model's answer, the measures catalogue, the
    three standard risks with their impacts, threats, sources and linked measures (gauges left to the gemeente; the
    model's assessment is the starting text of the explanations)."""
    access.vereis_privacy(user)
    titel = (titel or "").strip()
    if not titel:
        raise ServiceError("verplicht", "Vul de titel van de DPIA in.", "titel")
    dpia = Dpia(gemeente_id=user.organisatie_id, gemeente=user.organisatie, titel=titel, versie=1,
                status=DpiaStatus.concept, gewijzigd_door=user.email, gewijzigd_op=utcnow())
    dpia.activiteiten = _eigen_activiteiten(user, activiteit_ids or [])
    for vraag in sjabloon.vragen():
        dpia.antwoorden.append(DpiaAntwoord(sleutel=vraag.sleutel, tekst=vraag.model))
    per_label = {}
    for volgorde, maatregel in enumerate(sjabloon.MAATREGELEN):
        rij = DpiaMaatregel(volgorde=volgorde, code=maatregel.code, naam=maatregel.naam)
        dpia.maatregelen.append(rij)
        per_label[maatregel.label] = rij
    for volgorde, risico in enumerate(sjabloon.STANDAARD_RISICOS):
        dpia.risicos.append(DpiaRisico(
            volgorde=volgorde, sleutel=risico.sleutel, letter=risico.letter, naam=risico.naam,
            gevolgen=sjabloon.lijst(risico.gevolgen), dreigingen=sjabloon.lijst(risico.dreigingen),
            bronnen=sjabloon.lijst(risico.bronnen),
            ernst_toelichting=f"{_model(risico.ernst)}, {risico.ernst_toelichting}",
            waarschijnlijkheid_toelichting=f"{_model(risico.waarschijnlijkheid)}, "
                                           f"{risico.waarschijnlijkheid_toelichting}",
            maatregelen=[per_label[m.label] for m in risico.gekoppelde_maatregelen()]))
    db.session.add(dpia)
    db.session.flush()
    dpia.reeks_id = dpia.id
    db.session.flush()
    return dpia


def _model(niveau: str) -> str:
    return f"Model-DPIA: {Niveau(niveau).label}"


def _eigen_activiteiten(user: User, ids: Iterable[int]) -> list[Verwerkingsactiviteit]:
    ids = {int(i) for i in ids}
    if not ids:
        return []
    gevonden = list(db.session.scalars(select(Verwerkingsactiviteit).where(Verwerkingsactiviteit.id.in_(ids))))
    if len(gevonden) != len(ids):
        raise ServiceError("waarde_onbekend", "Kies verwerkingsactiviteiten uit het register van uw gemeente.",
                           "activiteiten")
    return gevonden


# --- changing ----------------------------------------------------------------------------------------------------


def _wijzigbaar(user: User, dpia: Dpia) -> None:
    access.vereis_privacy(user)
    if dpia.vergrendeld:
        raise ServiceError("vergrendeld", "Deze versie is gevalideerd en kan niet meer worden gewijzigd. Start een "
                                          "nieuwe versie om iets te wijzigen.", status=409)


def _gewijzigd(user: User, dpia: Dpia) -> None:
    dpia.gewijzigd_op, dpia.gewijzigd_door = utcnow(), user.email
    db.session.flush()


def wijzig_algemeen(user: User, dpia: Dpia, titel: str, activiteit_ids: list[int]) -> Dpia:
    _wijzigbaar(user, dpia)
    if not (titel or "").strip():
        raise ServiceError("verplicht", "Vul de titel van de DPIA in.", "titel")
    dpia.titel = titel.strip()
    dpia.activiteiten = _eigen_activiteiten(user, activiteit_ids)
    _gewijzigd(user, dpia)
    return dpia


def beantwoord(user: User, dpia: Dpia, antwoorden: dict[str, str]) -> Dpia:
    """Save answers by question key (only known keys; an answer may be emptied)."""
    _wijzigbaar(user, dpia)
    for sleutel, tekst in antwoorden.items():
        if sleutel not in sjabloon.VRAGEN:
            raise ServiceError("waarde_onbekend", f"Onbekende vraag: {sleutel}.")
        antwoord = dpia.antwoord(sleutel)
        if antwoord is None:
            antwoord = DpiaAntwoord(sleutel=sleutel)
            dpia.antwoorden.append(antwoord)
        antwoord.tekst = _tekst(tekst)
    _gewijzigd(user, dpia)
    return dpia


def voeg_maatregel_toe(user: User, dpia: Dpia, naam: str, code: str | None = None,
                       beschrijving: str | None = None) -> DpiaMaatregel:
    _wijzigbaar(user, dpia)
    if not (naam or "").strip():
        raise ServiceError("verplicht", "Vul de naam van de maatregel in.", "naam")
    volgorde = max((m.volgorde for m in dpia.maatregelen), default=-1) + 1
    maatregel = DpiaMaatregel(volgorde=volgorde, naam=naam.strip(), code=_tekst(code),
                              beschrijving=_tekst(beschrijving))
    dpia.maatregelen.append(maatregel)
    _gewijzigd(user, dpia)
    return maatregel


@dataclass
class RisicoGegevens:
    naam: str
    gevolgen: str | None = None
    dreigingen: str | None = None
    bronnen: str | None = None
    maatregel_ids: list[int] | None = None
    ernst: str | None = None
    ernst_toelichting: str | None = None
    waarschijnlijkheid: str | None = None
    waarschijnlijkheid_toelichting: str | None = None
    ernst_na: str | None = None
    waarschijnlijkheid_na: str | None = None


def eigen_risico(dpia: Dpia, risico_id: int) -> DpiaRisico:
    risico = next((r for r in dpia.risicos if r.id == risico_id), None)
    if risico is None:
        abort(404)
    return risico


def bewaar_risico(user: User, dpia: Dpia, gegevens: RisicoGegevens, risico: DpiaRisico | None = None) -> DpiaRisico:
    """Add a risk (risico None) or change one: its description, linked measures and gauges before and after."""
    _wijzigbaar(user, dpia)
    if not (gegevens.naam or "").strip():
        raise ServiceError("verplicht", "Vul de naam van het risico in.", "naam")
    niveaus = {veld: parse_code(Niveau, getattr(gegevens, veld), veld,
                                "Kies Verwaarloosbaar, Beperkt, Belangrijk of Maximaal.", required=False)
               for veld in ("ernst", "waarschijnlijkheid", "ernst_na", "waarschijnlijkheid_na")}
    if (niveaus["ernst_na"] is None) != (niveaus["waarschijnlijkheid_na"] is None):
        veld = "waarschijnlijkheid_na" if niveaus["waarschijnlijkheid_na"] is None else "ernst_na"
        raise ServiceError("onvolledig", "Schat na het actieplan zowel de ernst als de waarschijnlijkheid, of geen "
                                         "van beide.", veld)
    if niveaus["ernst_na"] is not None and (niveaus["ernst"] is None or niveaus["waarschijnlijkheid"] is None):
        raise ServiceError("onvolledig", "Schat eerst de ernst en waarschijnlijkheid vóór het actieplan.", "ernst")
    per_id = {m.id: m for m in dpia.maatregelen}
    ids = [int(i) for i in gegevens.maatregel_ids or []]
    if any(i not in per_id for i in ids):
        raise ServiceError("waarde_onbekend", "Kies maatregelen uit de lijst van deze DPIA.", "maatregelen")
    if risico is None:
        volgorde = max((r.volgorde for r in dpia.risicos), default=-1) + 1
        risico = DpiaRisico(volgorde=volgorde, letter=f"R{volgorde + 1}")
        dpia.risicos.append(risico)
    risico.naam = gegevens.naam.strip()
    risico.gevolgen, risico.dreigingen, risico.bronnen = (_regels(gegevens.gevolgen), _regels(gegevens.dreigingen),
                                                          _regels(gegevens.bronnen))
    risico.maatregelen = [per_id[i] for i in ids]
    for veld, waarde in niveaus.items():
        setattr(risico, veld, waarde)
    risico.ernst_toelichting = _tekst(gegevens.ernst_toelichting)
    risico.waarschijnlijkheid_toelichting = _tekst(gegevens.waarschijnlijkheid_toelichting)
    _gewijzigd(user, dpia)
    return risico


# --- review and action plan --------------------------------------------------------------------------------------


def item(dpia: Dpia, soort: str, item_id: int):
    """An answer, measure or risk of this DPIA by kind and id, with its label; else 404."""
    lijsten: dict[str, list[Any]] = {"antwoord": dpia.antwoorden, "maatregel": dpia.maatregelen, "risico": dpia.risicos}
    gevonden = next((i for i in lijsten.get(soort, []) if i.id == item_id), None)
    if gevonden is None:
        abort(404)
    return gevonden


def item_label(gevonden) -> str:
    if isinstance(gevonden, DpiaAntwoord):
        vraag = sjabloon.VRAGEN.get(gevonden.sleutel)
        return vraag.tekst if vraag else gevonden.sleutel
    if isinstance(gevonden, DpiaMaatregel):
        return f"Maatregel: {gevonden.label}"
    return f"Risico: {gevonden.naam}"


def beoordeel(user: User, dpia: Dpia, gevonden, beoordeling: str, toelichting: str | None,
              eigenaar: str | None = None, deadline: date | None = None) -> DpiaActie | None:
    """Mark an item Acceptabel / Te verbeteren / Te corrigeren with a comment. What is to be improved becomes an
    action of the action plan, with an owner and a due date."""
    _wijzigbaar(user, dpia)
    oordeel = parse_code(Beoordeling, beoordeling, "beoordeling", "Kies Acceptabel, Te verbeteren of Te corrigeren.")
    toelichting = _tekst(toelichting)
    if oordeel is not Beoordeling.acceptabel and not toelichting:
        raise ServiceError("verplicht", "Licht toe wat er beter moet.", "toelichting")
    actie = None
    if oordeel is Beoordeling.te_verbeteren:
        actie = _nieuwe_actie(dpia, item_label(gevonden), toelichting or "", eigenaar, deadline)
    gevonden.beoordeling, gevonden.beoordeling_toelichting = oordeel, toelichting
    _gewijzigd(user, dpia)
    return actie


def voeg_actie_toe(user: User, dpia: Dpia, onderwerp: str, omschrijving: str, eigenaar: str,
                   deadline: date | None) -> DpiaActie:
    _wijzigbaar(user, dpia)
    if not (onderwerp or "").strip():
        raise ServiceError("verplicht", "Vul in waar de actie over gaat.", "onderwerp")
    if not (omschrijving or "").strip():
        raise ServiceError("verplicht", "Beschrijf de actie.", "omschrijving")
    actie = _nieuwe_actie(dpia, onderwerp.strip(), omschrijving.strip(), eigenaar, deadline)
    _gewijzigd(user, dpia)
    return actie


def _nieuwe_actie(dpia: Dpia, onderwerp: str, omschrijving: str, eigenaar: str | None,
                  deadline: date | None) -> DpiaActie:
    if not (eigenaar or "").strip():
        raise ServiceError("verplicht", "Vul in wie de actie uitvoert.", "eigenaar")
    if deadline is None:
        raise ServiceError("verplicht", "Vul een geldige uiterste datum in.", "deadline")
    actie = DpiaActie(onderwerp=onderwerp[:300], omschrijving=omschrijving, eigenaar=(eigenaar or "").strip(),
                      deadline=deadline, status=ActieStatus.open)
    dpia.acties.append(actie)
    return actie


def rond_actie_af(user: User, dpia: Dpia, actie_id: int, dag: date) -> DpiaActie:
    _wijzigbaar(user, dpia)
    actie = next((a for a in dpia.acties if a.id == actie_id), None)
    if actie is None:
        abort(404)
    actie.status, actie.afgerond_op = ActieStatus.afgerond, dag
    _gewijzigd(user, dpia)
    return actie


# --- validation --------------------------------------------------------------------------------------------------


@dataclass
class Validatiegegevens:
    auteur: str | None = None
    beoordelaar: str | None = None
    validator: str | None = None
    fg_naam: str | None = None
    fg_advies: str | None = None
    fg_oordeel: str | None = None
    betrokkenen_gevraagd: bool = False
    betrokkenen_mening: str | None = None


def bewaar_validatiegegevens(user: User, dpia: Dpia, g: Validatiegegevens) -> Dpia:
    """The people, the FG's advice and the data subjects' opinion (part 4)."""
    _wijzigbaar(user, dpia)
    oordeel = parse_code(FgOordeel, g.fg_oordeel, "fg_oordeel", "Kies het oordeel van de FG uit de lijst.",
                         required=False)
    dpia.auteur, dpia.beoordelaar, dpia.validator = _tekst(g.auteur), _tekst(g.beoordelaar), _tekst(g.validator)
    dpia.fg_naam, dpia.fg_advies, dpia.fg_oordeel = _tekst(g.fg_naam), _tekst(g.fg_advies), oordeel
    dpia.betrokkenen_gevraagd, dpia.betrokkenen_mening = bool(g.betrokkenen_gevraagd), _tekst(g.betrokkenen_mening)
    _gewijzigd(user, dpia)
    return dpia


def bezwaren_tegen_validatie(dpia: Dpia) -> list[str]:
    """What still stands in the way of validating, in Dutch (empty: it can be validated)."""
    bezwaren = []
    for veld, naam in (("auteur", "de auteur"), ("beoordelaar", "de beoordelaar"), ("validator", "de validator"),
                       ("fg_advies", "het advies van de FG")):
        if not getattr(dpia, veld):
            bezwaren.append(f"Vul {naam} in.")
    if dpia.fg_oordeel is None:
        bezwaren.append("Kies het oordeel van de FG.")
    if dpia.betrokkenen_gevraagd and not dpia.betrokkenen_mening:
        bezwaren.append("Vul de mening van de betrokkenen in (hun mening is gevraagd).")
    for risico in dpia.risicos:
        if not risico.gescoord:
            bezwaren.append(f"Schat de ernst en de waarschijnlijkheid van het risico '{risico.naam}'.")
    te_corrigeren = [i for i in (*dpia.antwoorden, *dpia.maatregelen, *dpia.risicos)
                     if i.beoordeling is Beoordeling.te_corrigeren]
    for gevonden in te_corrigeren:
        bezwaren.append(f"'{item_label(gevonden)}' staat op {Beoordeling.te_corrigeren.label}: "
                        f"corrigeer het en beoordeel het opnieuw.")
    return bezwaren


def valideer(user: User, dpia: Dpia, dag: date) -> Dpia:
    """Validate: the DPIA is locked from now on; renewal is due 3 years later. A previous validated version of the
    series is marked as replaced."""
    _wijzigbaar(user, dpia)
    bezwaren = bezwaren_tegen_validatie(dpia)
    if bezwaren:
        raise ServiceError("niet_compleet", " ".join(bezwaren))
    for oud in versies(dpia):
        if oud.id != dpia.id and oud.status is DpiaStatus.gevalideerd:
            oud.status = DpiaStatus.vervangen
    dpia.status, dpia.besluit_op, dpia.besluit_door, dpia.besluit_reden = (DpiaStatus.gevalideerd, dag, user.email,
                                                                           None)
    _gewijzigd(user, dpia)
    return dpia


def wijs_af(user: User, dpia: Dpia, reden: str, dag: date) -> Dpia:
    """Reject, with the reason; the DPIA stays editable and can be validated once it is put right."""
    _wijzigbaar(user, dpia)
    if not (reden or "").strip():
        raise ServiceError("verplicht", "Vul de reden van de afwijzing in.", "reden")
    dpia.status, dpia.besluit_op, dpia.besluit_door, dpia.besluit_reden = (DpiaStatus.afgewezen, dag, user.email,
                                                                           reden.strip())
    _gewijzigd(user, dpia)
    return dpia


def nieuwe_versie(user: User, dpia: Dpia) -> Dpia:
    """A new concept version of a validated DPIA, a copy of everything it holds; the validated one stays as it is."""
    access.vereis_privacy(user)
    alle = versies(dpia)
    if alle[-1].id != dpia.id:
        raise ServiceError("niet_nieuwste", "Er is al een nieuwere versie van deze DPIA.", status=409)
    if dpia.status is not DpiaStatus.gevalideerd:
        raise ServiceError("niet_gevalideerd", "Alleen een gevalideerde DPIA krijgt een nieuwe versie; deze kunt u "
                                               "gewoon wijzigen.", status=409)
    kopie = Dpia(gemeente_id=dpia.gemeente_id, gemeente=dpia.gemeente, reeks_id=dpia.reeks_id,
                 versie=dpia.versie + 1, vorige_id=dpia.id, titel=dpia.titel, status=DpiaStatus.concept,
                 gewijzigd_door=user.email, gewijzigd_op=utcnow())
    for veld in ("auteur", "beoordelaar", "validator", "fg_naam", "betrokkenen_gevraagd"):
        setattr(kopie, veld, getattr(dpia, veld))
    kopie.activiteiten = list(dpia.activiteiten)
    for a in dpia.antwoorden:
        kopie.antwoorden.append(DpiaAntwoord(sleutel=a.sleutel, tekst=a.tekst, beoordeling=a.beoordeling,
                                             beoordeling_toelichting=a.beoordeling_toelichting))
    per_id = {}
    for m in dpia.maatregelen:
        per_id[m.id] = DpiaMaatregel(volgorde=m.volgorde, code=m.code, naam=m.naam, beschrijving=m.beschrijving,
                                     beoordeling=m.beoordeling, beoordeling_toelichting=m.beoordeling_toelichting)
        kopie.maatregelen.append(per_id[m.id])
    for r in dpia.risicos:
        kopie.risicos.append(DpiaRisico(
            volgorde=r.volgorde, sleutel=r.sleutel, letter=r.letter, naam=r.naam, gevolgen=r.gevolgen,
            dreigingen=r.dreigingen, bronnen=r.bronnen, ernst=r.ernst, ernst_toelichting=r.ernst_toelichting,
            waarschijnlijkheid=r.waarschijnlijkheid, waarschijnlijkheid_toelichting=r.waarschijnlijkheid_toelichting,
            ernst_na=r.ernst_na, waarschijnlijkheid_na=r.waarschijnlijkheid_na, beoordeling=r.beoordeling,
            beoordeling_toelichting=r.beoordeling_toelichting, maatregelen=[per_id[m.id] for m in r.maatregelen]))
    for a in dpia.acties:
        kopie.acties.append(DpiaActie(onderwerp=a.onderwerp, omschrijving=a.omschrijving, eigenaar=a.eigenaar,
                                      deadline=a.deadline, status=a.status, afgerond_op=a.afgerond_op))
    db.session.add(kopie)
    db.session.flush()
    return kopie


# --- helpers -----------------------------------------------------------------------------------------------------


def _tekst(value: str | None) -> str | None:
    value = (value or "").replace("\r\n", "\n").strip()
    return value or None


def _regels(value: str | None) -> str | None:
    regels = [r.strip() for r in (value or "").splitlines() if r.strip()]
    return "\n".join(regels) or None

