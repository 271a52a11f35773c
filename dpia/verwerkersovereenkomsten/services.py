"""Verwerkersovereenkomsten: registering, changing, renewing and ending them, the overview with its warnings, and the
named door through which the portal asks whether an aanbieder may process a gemeente's data
(`gemeenten_met_geldige_vo`). Services flush; the caller commits.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from dpia.verwerkersovereenkomsten.models import Verwerkersovereenkomst
from portal import access
from portal.codes import Activiteit, OrganisatieType, Rol, VoStatus
from portal.errors import ServiceError
from portal.extensions import db
from portal.models import Organisatie, Toewijzing, Traject, User
from portal.timeutil import nl_date, utcnow

WAARSCHUWING_DAGEN = 60  # warn this many days before the last valid day of an aanbieder x gemeente pair


@dataclass
class VoGegevens:
    """What the privacy officer fills in for an agreement."""

    startdatum: date
    einddatum: date
    getekend_op: date | None = None
    evaluatiedatum: date | None = None
    subverwerkers: list[str] = field(default_factory=list)
    auditrecht: str | None = None
    activiteiten: list[str] = field(default_factory=list)
    notities: str | None = None


def register_getekend(aanbieder: Organisatie, gemeente: Organisatie, start: date, eind: date,
                      getekend_op: date | None = None) -> Verwerkersovereenkomst:
    """A signed agreement, as `portal vo create` and the demo register it (the privacy pages are the normal way)."""
    _check_partijen(aanbieder, gemeente)
    gegevens = VoGegevens(startdatum=start, einddatum=eind, getekend_op=getekend_op or start,
                          activiteiten=[Activiteit.voortgangsrapportage.value])
    _check(gegevens)
    vo = Verwerkersovereenkomst(aanbieder=aanbieder, gemeente=gemeente, status=VoStatus.getekend)
    _apply(vo, gegevens)
    db.session.add(vo)
    db.session.flush()
    return vo


def gemeenten_met_geldige_vo(aanbieder_id: int, dag: date) -> set[int]:
    """The ids of the gemeenten with which this aanbieder has a signed, current agreement on `dag` (started, not
    past its end date, not ended); the import service refuses deliveries for any other gemeente."""
    rows = db.session.scalars(
        select(Verwerkersovereenkomst.gemeente_id).where(
            Verwerkersovereenkomst.aanbieder_id == aanbieder_id,
            Verwerkersovereenkomst.startdatum <= dag,
            Verwerkersovereenkomst.einddatum >= dag,
            or_(Verwerkersovereenkomst.status == VoStatus.getekend,
                and_(Verwerkersovereenkomst.status == VoStatus.beeindigd, Verwerkersovereenkomst.beeindigd_op > dag)))
        .execution_options(alle_gemeenten=True))  # a door for the aanbieder's work across gemeenten
    return set(rows)


# --- the privacy officer's work --------------------------------------------------------------------------------


def maak(user: User, aanbieder_code: str, gegevens: VoGegevens) -> Verwerkersovereenkomst:
    """A new agreement of the user's gemeente with an aanbieder: getekend when a signing date is given, else
    concept."""
    access.vereis_privacy(user)
    aanbieder = db.session.scalar(select(Organisatie).where(Organisatie.code == (aanbieder_code or "").strip().upper(),
                                                            Organisatie.type == OrganisatieType.aanbieder))
    if aanbieder is None:
        raise ServiceError("aanbieder_onbekend", "Kies een aanbieder uit de lijst.", "aanbieder")
    _check_partijen(aanbieder, user.organisatie)
    _check(gegevens)
    vo = Verwerkersovereenkomst(aanbieder=aanbieder, gemeente=user.organisatie)
    _apply(vo, gegevens)
    _stamp(vo, user)
    db.session.add(vo)
    db.session.flush()
    return vo


def wijzig(user: User, vo: Verwerkersovereenkomst, gegevens: VoGegevens) -> Verwerkersovereenkomst:
    """Correct or complete an agreement; filling in the signing date of a concept signs it. An ended agreement is
    history and stays as it was."""
    _require_eigen(user, vo)
    if vo.status is VoStatus.beeindigd:
        raise ServiceError("beeindigd", "Een beëindigde verwerkersovereenkomst kan niet meer worden gewijzigd.",
                           status=409)
    if vo.status is VoStatus.getekend and gegevens.getekend_op is None:
        raise ServiceError("verplicht", "Een getekende overeenkomst houdt haar datum van ondertekening.",
                           "getekend_op")
    _check(gegevens)
    _apply(vo, gegevens)
    _stamp(vo, user)
    db.session.flush()
    return vo


def verleng(user: User, vo: Verwerkersovereenkomst, gegevens: VoGegevens) -> Verwerkersovereenkomst:
    """Renew: a NEW agreement that follows `vo` (linked by `vervangt_id`). The old document keeps the period it
    covered, so it stays clear which signed agreement was in force on any day."""
    _require_eigen(user, vo)
    if vo.status is VoStatus.concept:
        raise ServiceError("concept", "Een concept verlengt u niet: vul de datum van ondertekening in.", status=409)
    _check(gegevens)
    if gegevens.einddatum <= vo.einddatum:
        raise ServiceError("einddatum_ongeldig", f"Een verlenging loopt door na de huidige einddatum "
                                                 f"({nl_date(vo.einddatum)}).", "einddatum")
    nieuw = Verwerkersovereenkomst(aanbieder=vo.aanbieder, gemeente=vo.gemeente, vervangt=vo)
    _apply(nieuw, gegevens)
    _stamp(nieuw, user)
    db.session.add(nieuw)
    db.session.flush()
    return nieuw


def verlenging_voorstel(vo: Verwerkersovereenkomst, dag: date) -> VoGegevens:
    """The renewal form's starting point: the same terms, from the day after the old end (or today, when that
    has passed), for as long as the old one ran."""
    start = max(vo.einddatum + timedelta(days=1), dag)
    looptijd = vo.einddatum - vo.startdatum
    return VoGegevens(startdatum=start, einddatum=start + looptijd, getekend_op=None,
                      evaluatiedatum=None, subverwerkers=list(vo.subverwerkers or []), auditrecht=vo.auditrecht,
                      activiteiten=list(vo.activiteiten or []), notities=vo.notities)


def beeindig(user: User, vo: Verwerkersovereenkomst, per: date, reden: str) -> Verwerkersovereenkomst:
    """End an agreement as of `per` (valid until the day before). Deliveries for this gemeente are refused from
    that day unless another agreement covers it."""
    _require_eigen(user, vo)
    if vo.status is VoStatus.beeindigd:
        raise ServiceError("beeindigd", "Deze verwerkersovereenkomst is al beëindigd.", status=409)
    if not (reden or "").strip():
        raise ServiceError("verplicht", "Vul de reden van beëindiging in.", "reden")
    if per < vo.startdatum:
        raise ServiceError("datum_ongeldig", "De datum van beëindiging ligt voor de startdatum.", "per")
    vo.status, vo.beeindigd_op, vo.beeindigd_reden = VoStatus.beeindigd, per, reden.strip()
    _stamp(vo, user)
    db.session.flush()
    return vo


def eigen_vo(user: User, vo_id: int) -> Verwerkersovereenkomst:
    """An agreement of the privacy officer's own gemeente, else 404 (no existence leak)."""
    return access.get_privacy_record(user, Verwerkersovereenkomst, vo_id)


# --- overview and warnings -------------------------------------------------------------------------------------


@dataclass
class Paar:
    """The agreements of one aanbieder x gemeente pair and what they mean on one day."""

    partner: Organisatie                      # the aanbieder (gemeente's view) or the gemeente (aanbieder's view)
    overeenkomsten: list[Verwerkersovereenkomst]
    dag: date
    geldig_tot: date | None = None            # last day of unbroken valid coverage from `dag`; None when not valid
    gaat_in_op: date | None = None            # a signed agreement that starts later
    heeft_toewijzingen: bool = False

    @property
    def geldig(self) -> bool:
        return self.geldig_tot is not None

    @property
    def dagen_resterend(self) -> int | None:
        return (self.geldig_tot - self.dag).days if self.geldig_tot else None

    @property
    def niveau(self) -> str:
        """ok, warning or error: how the pair is shown."""
        if not self.geldig:
            return "error"
        return "warning" if (self.dagen_resterend or 0) <= WAARSCHUWING_DAGEN else "ok"  # geldig: a number

    @property
    def melding(self) -> str:
        if self.geldig:
            if (self.dagen_resterend or 0) <= WAARSCHUWING_DAGEN:  # geldig: a number
                dagen = self.dagen_resterend
                wanneer = "vandaag" if dagen == 0 else "morgen" if dagen == 1 else f"over {dagen} dagen"
                return f"Verloopt {wanneer} ({nl_date(self.geldig_tot)}): verleng op tijd."
            return f"Geldig tot en met {nl_date(self.geldig_tot)}."
        if self.gaat_in_op:
            return f"Nog niet geldig: gaat in op {nl_date(self.gaat_in_op)}. Aanleveren is tot dan geblokkeerd."
        getekend = [v for v in self.overeenkomsten if v.status is not VoStatus.concept]
        if not getekend:
            return ("Geen getekende overeenkomst" + (" (alleen een concept)" if self.overeenkomsten else "")
                    + ": aanleveren is geblokkeerd.")
        laatste = max(getekend, key=lambda v: (v.einddatum, v.id))
        if laatste.status_op(self.dag) is VoStatus.beeindigd:
            return f"Beëindigd per {nl_date(laatste.beeindigd_op)}: aanleveren is geblokkeerd."
        return f"Verlopen op {nl_date(laatste.einddatum)}: aanleveren is geblokkeerd."


def _laatste_geldige_dag(vo: Verwerkersovereenkomst) -> date | None:
    """The last day a signed agreement is valid (its end date, or the day before it was ended), or None."""
    if vo.status is VoStatus.getekend:
        eind = vo.einddatum
    elif vo.status is VoStatus.beeindigd and vo.beeindigd_op is not None:
        eind = min(vo.einddatum, vo.beeindigd_op - timedelta(days=1))
    else:
        return None
    return eind if eind >= vo.startdatum else None


def dekking(overeenkomsten: list[Verwerkersovereenkomst], dag: date) -> tuple[date | None, date | None]:
    """(last day of unbroken valid coverage from `dag`, or None; first start of a signed agreement after `dag`).
    Agreements that follow on without a gap extend the coverage: a renewal removes the warning."""
    perioden = sorted((vo.startdatum, eind) for vo in overeenkomsten if (eind := _laatste_geldige_dag(vo)))
    tot = None
    for start, eind in perioden:
        if start <= dag <= eind and (tot is None or eind > tot):
            tot = eind
    if tot is not None:
        verlengd = True
        while verlengd:
            verlengd = False
            for start, eind in perioden:
                if start <= tot + timedelta(days=1) and eind > tot:
                    tot, verlengd = eind, True
    later = [start for start, _ in perioden if start > dag]
    return tot, min(later) if later and tot is None else None


def overzicht_gemeente(user: User, dag: date, toewijzingen: bool = True) -> list[Paar]:
    """Per aanbieder: the gemeente's agreements with it and their state on `dag`. Aanbieders with assignments on
    the gemeente's trajectories but no agreement at all are included: their deliveries are refused. With
    `toewijzingen` False only the aanbieders with an agreement, without asking which have assignments (the start
    page lists valid agreements only; on a large gemeente that question reads every assignment)."""
    access.vereis_privacy(user)
    rows = db.session.scalars(select(Verwerkersovereenkomst)).all()  # the gemeente's (the scope)
    per_aanbieder: dict[int, list] = defaultdict(list)
    for vo in rows:
        per_aanbieder[vo.aanbieder_id].append(vo)
    # Only organisation ids: which aanbieders work on this gemeente's trajectories (no trajectory content).
    met_toewijzing: set[int] = set()
    if toewijzingen:
        scoped = access.visible_trajecten(user).with_only_columns(Traject.id)
        met_toewijzing = set(db.session.scalars(
            select(Toewijzing.aanbieder_id).where(Toewijzing.traject_id.in_(scoped)).distinct()))
    aanbieders = {o.id: o for o in db.session.scalars(
        select(Organisatie).where(Organisatie.id.in_(set(per_aanbieder) | met_toewijzing)))}
    paren = [_paar(aanbieders[a], per_aanbieder.get(a, []), dag, a in met_toewijzing) for a in aanbieders]
    return sorted(paren, key=lambda p: ({"error": 0, "warning": 1, "ok": 2}[p.niveau], p.partner.naam))


def overzicht_aanbieder(user: User, dag: date) -> list[Paar]:
    """Per gemeente: the aanbieder's own agreements and their state on `dag` (never another aanbieder's)."""
    if user.rol is not Rol.aanbieder:
        raise ServiceError("verboden", "Alleen een aanbieder ziet zijn eigen verwerkersovereenkomsten.", status=403)
    rows = db.session.scalars(select(Verwerkersovereenkomst).where(
        Verwerkersovereenkomst.aanbieder_id == user.organisatie_id)
        .options(joinedload(Verwerkersovereenkomst.gemeente))  # the partner of each, in the same statement
        .execution_options(alle_gemeenten=True)).all()  # her own, with every gemeente
    per_gemeente: dict[int, list] = defaultdict(list)
    for vo in rows:
        per_gemeente[vo.gemeente_id].append(vo)
    paren = [_paar(vos[0].gemeente, vos, dag) for vos in per_gemeente.values()]
    return sorted(paren, key=lambda p: ({"error": 0, "warning": 1, "ok": 2}[p.niveau], p.partner.naam))


def _paar(partner: Organisatie, overeenkomsten: list, dag: date, heeft_toewijzingen: bool = False) -> Paar:
    tot, later = dekking(overeenkomsten, dag)
    ordered = sorted(overeenkomsten, key=lambda v: (v.startdatum, v.id), reverse=True)
    return Paar(partner, ordered, dag, tot, later, heeft_toewijzingen)


# --- helpers ---------------------------------------------------------------------------------------------------


def _require_eigen(user: User, vo: Verwerkersovereenkomst) -> None:
    """Changes are the privacy officer's; that the agreement is her gemeente's, the scope ensures (the flush refuses
    another gemeente's)."""
    access.vereis_privacy(user)


def _check_partijen(aanbieder: Organisatie, gemeente: Organisatie) -> None:
    if aanbieder.type is not OrganisatieType.aanbieder or not gemeente.is_gemeente:
        raise ValueError("Een verwerkersovereenkomst is tussen een aanbieder en een gemeente.")


def _check(g: VoGegevens) -> None:
    if g.startdatum is None:
        raise ServiceError("verplicht", "Vul de startdatum in.", "startdatum")
    if g.einddatum is None:
        raise ServiceError("verplicht", "Vul de einddatum in.", "einddatum")
    if g.einddatum < g.startdatum:
        raise ServiceError("einddatum_ongeldig", "De einddatum ligt voor de startdatum.", "einddatum")
    if g.evaluatiedatum is not None and g.evaluatiedatum < g.startdatum:
        raise ServiceError("datum_ongeldig", "De evaluatiedatum ligt voor de startdatum.", "evaluatiedatum")
    onbekend = [a for a in g.activiteiten if a not in {x.value for x in Activiteit}]
    if onbekend:
        raise ServiceError("waarde_onbekend", "Kies de verwerkingsactiviteiten uit de lijst.", "activiteiten")


def _apply(vo: Verwerkersovereenkomst, g: VoGegevens) -> None:
    vo.startdatum, vo.einddatum, vo.evaluatiedatum = g.startdatum, g.einddatum, g.evaluatiedatum
    vo.getekend_op = g.getekend_op
    if vo.status in (None, VoStatus.concept):
        vo.status = VoStatus.getekend if g.getekend_op else VoStatus.concept
    vo.subverwerkers = [s.strip() for s in g.subverwerkers if s and s.strip()]
    vo.auditrecht = (g.auditrecht or "").strip() or None
    vo.activiteiten = [a.value for a in Activiteit if a.value in set(g.activiteiten)]
    vo.notities = (g.notities or "").strip() or None


def _stamp(vo: Verwerkersovereenkomst, user: User) -> None:
    vo.gewijzigd_op, vo.gewijzigd_door = utcnow(), user.email
