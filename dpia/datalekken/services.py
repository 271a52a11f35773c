"""The datalekken register (AVG art. 33/34): record a leak, its 72-hour AP deadline, the notification and the decision
to inform the data subjects; find the trajectories it touched (the affected-processing report of the
verwerkingsstop, by aanbieder, upload batch, activity and period); halt a processing because of it. Services flush;
the caller commits.

Times: the form speaks Dutch local time; the database keeps naive UTC. The deadline is discovered + 72 hours of the
calendar (weekends and holidays count): a leak discovered on Friday 16:00 is due on Monday 16:00.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import select

from dpia.datalekken.codes import Informeren, Soort
from dpia.datalekken.models import Datalek, DatalekTraject
from dpia.verwerkingsstop import services as stopservices
from portal import access, verwerkingslog
from portal.codes import Actie, Activiteit, OrganisatieType
from portal.errors import ServiceError, parse_code
from portal.extensions import db
from portal.models import AanleverBatch, Organisatie, User
from portal.timeutil import lokaal, naar_utc, today, utcnow  # noqa: F401  (lokaal, naar_utc: used by views)
from portal.timeutil import now as nu

WAARSCHUWING_UREN = 24  # the countdown turns to a warning in the last day


# --- the clock ---------------------------------------------------------------------------------------------------


@dataclass
class Termijn:
    """Where a leak stands against its 72-hour deadline."""

    deadline: dt.datetime  # naive UTC
    gemeld: bool
    gemeld_op: dt.datetime | None
    uren: int  # whole hours left (rounded up), or hours overdue when te_laat
    te_laat: bool

    @property
    def tekst(self) -> str:
        if self.gemeld:
            op = stopservices.lokaal(self.gemeld_op) if self.gemeld_op else ""
            return f"Gemeld bij de AP op {op}" + (" (na de termijn)" if self.te_laat else "")
        if self.te_laat:
            return f"{self.uren} uur te laat"
        return f"nog {self.uren} uur"

    @property
    def soort(self) -> str:
        if self.te_laat:
            return "error"
        if self.gemeld:
            return "ok"
        return "warning" if self.uren <= WAARSCHUWING_UREN else "info"


def termijn(datalek: Datalek, moment: dt.datetime) -> Termijn:
    """The countdown, computed on the server for `moment` (naive UTC)."""
    deadline = datalek.deadline
    if datalek.gemeld_ap:
        gemeld_op = datalek.gemeld_ap_op
        return Termijn(deadline, True, gemeld_op, 0, bool(gemeld_op and gemeld_op > deadline))
    rest = (deadline - moment).total_seconds() / 3600
    if rest >= 0:
        return Termijn(deadline, False, None, math.ceil(rest), False)
    return Termijn(deadline, False, None, math.floor(-rest) or 1, True)


# --- reading -----------------------------------------------------------------------------------------------------


def eigen_datalek(user: User, datalek_id: int) -> Datalek:
    return access.get_privacy_record(user, Datalek, datalek_id)


def lijst(user: User) -> list[Datalek]:
    """The gemeente's leaks, newest discovery first."""
    access.vereis_privacy(user)
    return list(db.session.scalars(select(Datalek)
                                   .order_by(Datalek.ontdekt_op.desc(), Datalek.id.desc())))


def van_stop(user: User, stop_id: int) -> list[Datalek]:
    """The leaks that triggered this verwerkingsstop (the link back from the stop)."""
    access.vereis_privacy(user)
    return list(db.session.scalars(select(Datalek).where(Datalek.verwerkingsstop_id == stop_id)))


# --- recording -----------------------------------------------------------------------------------------------------


@dataclass
class DatalekGegevens:
    """What the privacy officer records; times are Dutch local time, as the form gives them."""

    titel: str
    omschrijving: str
    ontdekt_op: dt.datetime | None
    soort: str | None = None
    gemeld_intern_op: dt.datetime | None = None
    gemeld_ap: bool = False
    gemeld_ap_op: dt.datetime | None = None
    ap_kenmerk: str | None = None
    niet_melden_reden: str | None = None
    betrokkenen_informeren: str = Informeren.nog_besluiten.value
    betrokkenen_reden: str | None = None
    betrokkenen_geinformeerd_op: dt.date | None = None
    maatregelen: str | None = None


def _check(g: DatalekGegevens, moment: dt.datetime) -> dict:
    if not (g.titel or "").strip():
        raise ServiceError("verplicht", "Vul een korte omschrijving van het datalek in.", "titel")
    if not (g.omschrijving or "").strip():
        raise ServiceError("verplicht", "Beschrijf wat er is gebeurd.", "omschrijving")
    if g.ontdekt_op is None:
        raise ServiceError("verplicht", "Vul in wanneer het datalek is ontdekt (datum en tijd).", "ontdekt_op")
    ontdekt = naar_utc(g.ontdekt_op)
    if ontdekt > moment + dt.timedelta(minutes=5):
        raise ServiceError("datum_ongeldig", "Het moment van ontdekken ligt in de toekomst.", "ontdekt_op")
    gemeld_intern = naar_utc(g.gemeld_intern_op) if g.gemeld_intern_op else None
    if gemeld_intern and gemeld_intern < ontdekt:
        raise ServiceError("datum_ongeldig", "De interne melding ligt voor het moment van ontdekken.",
                           "gemeld_intern_op")
    gemeld_ap_op = None
    if g.gemeld_ap:
        if g.gemeld_ap_op is None:
            raise ServiceError("verplicht", "Vul in wanneer het datalek bij de AP is gemeld.", "gemeld_ap_op")
        gemeld_ap_op = naar_utc(g.gemeld_ap_op)
        if gemeld_ap_op < ontdekt:
            raise ServiceError("datum_ongeldig", "De melding bij de AP ligt voor het moment van ontdekken.",
                               "gemeld_ap_op")
    elif g.gemeld_ap_op is not None:
        raise ServiceError("onvolledig", "Vink aan dat het datalek bij de AP is gemeld, of laat de datum leeg.",
                           "gemeld_ap")
    soort = parse_code(Soort, g.soort, "soort", "Kies de soort inbreuk uit de lijst.", required=False)
    informeren = parse_code(Informeren, g.betrokkenen_informeren or Informeren.nog_besluiten, "betrokkenen_informeren",
                            "Kies of de betrokkenen worden geïnformeerd.")
    if informeren is not Informeren.nog_besluiten and not (g.betrokkenen_reden or "").strip():
        raise ServiceError("verplicht", "Licht het besluit over het informeren van betrokkenen toe (art. 34).",
                           "betrokkenen_reden")
    if g.betrokkenen_geinformeerd_op and informeren is not Informeren.ja:
        raise ServiceError("onvolledig", "Betrokkenen zijn alleen geïnformeerd als het besluit 'Ja' is.",
                           "betrokkenen_geinformeerd_op")
    return {"titel": g.titel.strip(), "omschrijving": g.omschrijving.strip(), "ontdekt_op": ontdekt, "soort": soort,
            "gemeld_intern_op": gemeld_intern, "gemeld_ap": bool(g.gemeld_ap), "gemeld_ap_op": gemeld_ap_op,
            "ap_kenmerk": _tekst(g.ap_kenmerk), "niet_melden_reden": _tekst(g.niet_melden_reden),
            "betrokkenen_informeren": informeren, "betrokkenen_reden": _tekst(g.betrokkenen_reden),
            "betrokkenen_geinformeerd_op": g.betrokkenen_geinformeerd_op, "maatregelen": _tekst(g.maatregelen)}


def registreer(user: User, g: DatalekGegevens) -> Datalek:
    access.vereis_privacy(user)
    waarden = _check(g, nu())
    datalek = Datalek(gemeente_id=user.organisatie_id, gemeente=user.organisatie, gewijzigd_door=user.email,
                      gewijzigd_op=utcnow(), **waarden)
    db.session.add(datalek)
    db.session.flush()
    return datalek


def wijzig(user: User, datalek: Datalek, g: DatalekGegevens) -> Datalek:
    _eigen(user, datalek)
    for veld, waarde in _check(g, nu()).items():
        setattr(datalek, veld, waarde)
    datalek.gewijzigd_op, datalek.gewijzigd_door = utcnow(), user.email
    db.session.flush()
    return datalek


def gegevens(datalek: Datalek) -> DatalekGegevens:
    """The stored leak as the form shows it (local times)."""
    return DatalekGegevens(
        titel=datalek.titel, omschrijving=datalek.omschrijving, ontdekt_op=lokaal(datalek.ontdekt_op),
        soort=datalek.soort.value if datalek.soort else None, gemeld_intern_op=lokaal(datalek.gemeld_intern_op),
        gemeld_ap=datalek.gemeld_ap, gemeld_ap_op=lokaal(datalek.gemeld_ap_op), ap_kenmerk=datalek.ap_kenmerk,
        niet_melden_reden=datalek.niet_melden_reden, betrokkenen_informeren=datalek.betrokkenen_informeren.value,
        betrokkenen_reden=datalek.betrokkenen_reden, betrokkenen_geinformeerd_op=datalek.betrokkenen_geinformeerd_op,
        maatregelen=datalek.maatregelen)


# --- the affected trajectories -----------------------------------------------------------------------------------


@dataclass
class Selectie:
    van: dt.date
    tot: dt.date
    aanbieder: str | None = None  # organisation code
    batch_id: int | None = None
    activiteit: str | None = None


def standaard_selectie(datalek: Datalek) -> Selectie:
    """What was stored, or the 30 days up to the discovery."""
    if datalek.selectie_van and datalek.selectie_tot:
        return Selectie(datalek.selectie_van, datalek.selectie_tot,
                        datalek.selectie_aanbieder.code if datalek.selectie_aanbieder else None,
                        datalek.selectie_batch_id, datalek.selectie_activiteit)
    ontdekt = lokaal(datalek.ontdekt_op).date()
    return Selectie(ontdekt - dt.timedelta(days=30), ontdekt)


def aanbieders() -> list[Organisatie]:
    return access.aanbieders()


def batches(user: User) -> list[AanleverBatch]:
    return stopservices.batches_van_gemeente(user)


def zoek_trajecten(user: User, selectie: Selectie) -> list[stopservices.Verwerking]:
    """The processing of the gemeente's trajectories that matches the selection: from the processing log (the
    verwerkingsstop's affected-processing report), limited to the trajectories of one upload batch when one is
    chosen. Not logged itself: it reads the log, not the trajectories (see `bewaar_selectie`)."""
    access.vereis_privacy(user)
    aanbieder = None
    if selectie.aanbieder:
        aanbieder = db.session.scalar(select(Organisatie).where(Organisatie.code == selectie.aanbieder,
                                                                Organisatie.type == OrganisatieType.aanbieder))
        if aanbieder is None:
            raise ServiceError("waarde_onbekend", "Kies een aanbieder uit de lijst.", "aanbieder")
    parse_code(Activiteit, selectie.activiteit, "activiteit", "Kies een verwerkingsactiviteit uit de lijst.",
               required=False)
    traject_ids = None
    if selectie.batch_id:
        if selectie.batch_id not in {b.id for b in batches(user)}:
            raise ServiceError("waarde_onbekend", "Kies een aanlevering uit de lijst.", "batch")
        traject_ids = stopservices.trajecten_in_batch(user, selectie.batch_id)
    verwerkingen, _ = stopservices.verwerkingen_in_periode(
        user, selectie.activiteit or None, selectie.van, selectie.tot,
        organisatie=aanbieder.code if aanbieder else None, traject_ids=traject_ids)
    return verwerkingen


def bewaar_selectie(user: User, datalek: Datalek, selectie: Selectie) -> list[DatalekTraject]:
    """Store the selection and the trajectories it finds as the leak's affected trajectories (replacing earlier
    ones). Reading them is logged in the processing log under the privacy officer's activity."""
    _eigen(user, datalek)
    verwerkingen = zoek_trajecten(user, selectie)
    per_traject: dict[str, dict] = {}
    for v in verwerkingen:
        item = per_traject.setdefault(v.traject_id, {"organisaties": set(), "aantal": 0})
        item["organisaties"].add(v.organisatie)
        item["aantal"] += v.aantal
    aanbieder = None
    if selectie.aanbieder:
        aanbieder = db.session.scalar(select(Organisatie).where(Organisatie.code == selectie.aanbieder))
    datalek.selectie_aanbieder_id = aanbieder.id if aanbieder else None
    datalek.selectie_batch_id, datalek.selectie_activiteit = selectie.batch_id, selectie.activiteit or None
    datalek.selectie_van, datalek.selectie_tot = selectie.van, selectie.tot
    datalek.trajecten.clear()
    db.session.flush()
    for traject_id, item in sorted(per_traject.items()):
        datalek.trajecten.append(DatalekTraject(traject_id=traject_id,
                                                organisaties=", ".join(sorted(item["organisaties"]))[:255],
                                                verwerkingen=item["aantal"]))
    datalek.gewijzigd_op, datalek.gewijzigd_door = utcnow(), user.email
    db.session.flush()
    verwerkingslog.record(user, Actie.lezen, access.activiteit_voor(user),
                          [(t.traject_id, datalek.gemeente.code) for t in datalek.trajecten],
                          toelichting=f"datalek {datalek.id}: getroffen trajecten vastgesteld")
    return list(datalek.trajecten)


def log_export(user: User, datalek: Datalek) -> None:
    """Log the export of the affected trajectories (the CSV download)."""
    _eigen(user, datalek)
    verwerkingslog.record(user, Actie.exporteren, access.activiteit_voor(user),
                          [(t.traject_id, datalek.gemeente.code) for t in datalek.trajecten],
                          toelichting=f"datalek {datalek.id}: export getroffen trajecten")


# --- the verwerkingsstop -----------------------------------------------------------------------------------------


def stop_verwerking(user: User, datalek: Datalek, activiteit: str, reden: str | None = None):
    """Halt a processing because of this leak, through the verwerkingsstop service; the stop's reason names the leak
    and the leak keeps the stop."""
    _eigen(user, datalek)
    if datalek.verwerkingsstop is not None and datalek.verwerkingsstop.actief:
        raise ServiceError("al_gestopt", "Voor dit datalek is al een verwerking stopgezet.", "activiteit",
                           status=409)
    tekst = f"Datalek #{datalek.id} ({datalek.titel})"
    if toelichting := (reden or "").strip():
        tekst += f": {toelichting}"
    stop = stopservices.start(user, activiteit, tekst)
    datalek.verwerkingsstop_id, datalek.verwerkingsstop = stop.id, stop
    datalek.gewijzigd_op, datalek.gewijzigd_door = utcnow(), user.email
    db.session.flush()
    return stop


# --- helpers -----------------------------------------------------------------------------------------------------


def _eigen(user: User, datalek: Datalek) -> None:
    access.vereis_privacy(user)  # the leak is hers: loaded in her scope, flushed only in it


def _tekst(value: str | None) -> str | None:
    value = (value or "").replace("\r\n", "\n").strip()
    return value or None

