"""The doelgroep check after migration traject01: taal assignments and taal data on trajectories whose doelgroep is
not asielstatushouder. The gemeente receives taal data only for asielstatushouders (seed 001 §3.4.4), so what was
stored before the portal knew that is listed here for the privacy officer to decide on; nothing is deleted."""
from dataclasses import dataclass, field

from sqlalchemy import func, select

from portal import verwerkingslog
from portal.codes import Actie, Activiteit, Doelgroep, Onderdeel
from portal.extensions import db
from portal.models import Aanwezigheid, Afronding, Toets, Toewijzing, Traject

TAAL_AFRONDING = ("taal", "taalschakeltraject")


@dataclass
class Bevinding:
    gemeente: str          # code
    traject_id: str
    doelgroep: str
    toewijzingen: list[str] = field(default_factory=list)  # "AANBIEDER vanaf JJJJ-MM-DD (t/m …)"
    aanwezigheid: int = 0  # taal periods
    toetsen: int = 0
    afrondingen: int = 0   # taal / taalschakeltraject

    def regel(self) -> str:
        delen = []
        if self.toewijzingen:
            delen.append("taaltoewijzing " + "; ".join(self.toewijzingen))
        for aantal, naam in ((self.aanwezigheid, "taalperiode(n)"), (self.toetsen, "toets(en)"),
                             (self.afrondingen, "taalafronding(en)")):
            if aantal:
                delen.append(f"{aantal} {naam}")
        return f"{self.gemeente}  {self.traject_id}  {self.doelgroep}: " + ", ".join(delen)


def _tel(model, where) -> dict[str, int]:
    return dict(db.session.execute(select(model.traject_id, func.count()).join(Traject, Traject.id == model.traject_id)
                                   .where(Traject.doelgroep != Doelgroep.asielstatushouder, where)
                                   .group_by(model.traject_id)).all())


def taal_buiten_doelgroep() -> list[Bevinding]:
    """Every trajectory of another doelgroep with a taal assignment or taal data, per gemeente and ID. The read is
    logged per trajectory (the system, for its gemeente, under gegevensbeschermingsverzoeken); the caller commits."""
    trajecten = {t.id: t for t in db.session.scalars(
        select(Traject).where(Traject.doelgroep != Doelgroep.asielstatushouder))}
    bevindingen: dict[str, Bevinding] = {}

    def bevinding(traject_id: str) -> Bevinding:
        t = trajecten[traject_id]
        return bevindingen.setdefault(traject_id, Bevinding(t.gemeente.code, t.id, t.doelgroep.value))

    for toewijzing in db.session.scalars(select(Toewijzing).join(Traject).where(
            Traject.doelgroep != Doelgroep.asielstatushouder, Toewijzing.onderdeel == Onderdeel.taal)
            .order_by(Toewijzing.startdatum)):
        eind = f" t/m {toewijzing.einddatum.isoformat()}" if toewijzing.einddatum else ""
        bevinding(toewijzing.traject_id).toewijzingen.append(
            f"{toewijzing.aanbieder.code} vanaf {toewijzing.startdatum.isoformat()}{eind}")
    for traject_id, aantal in _tel(Aanwezigheid, Aanwezigheid.onderdeel == Onderdeel.taal).items():
        bevinding(traject_id).aanwezigheid = aantal
    for traject_id, aantal in _tel(Toets, Toets.id.is_not(None)).items():
        bevinding(traject_id).toetsen = aantal
    for traject_id, aantal in _tel(Afronding, Afronding.onderdeel.in_(TAAL_AFRONDING)).items():
        bevinding(traject_id).afrondingen = aantal
    result = sorted(bevindingen.values(), key=lambda b: (b.gemeente, b.traject_id))
    for gemeente in sorted({b.gemeente for b in result}):
        verwerkingslog.record(verwerkingslog.Actor(verwerkingslog.SYSTEEM, gemeente), Actie.lezen,
                              Activiteit.gegevensbeschermingsverzoeken,
                              [(b.traject_id, gemeente) for b in result if b.gemeente == gemeente],
                              toelichting="doelgroep-controle: taal buiten asielstatushouders")
    return result
