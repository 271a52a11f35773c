"""The regisseur's caseload: every trajectory of the gemeente with its hours, aanbieders and open signals, filtered,
sorted and paged, built from the one hours aggregate and the set-wise signal queries (no query per row)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from portal import access
from portal.codes import Actie, Onderdeel
from portal.extensions import db
from portal.models import Traject, User
from portal.timeutil import TIJDZONE, today
from portal.voortgang import queries, signalen, uren
from portal.voortgang.services import instellingen_voor
from portal.voortgang.signalen import Signaal

CHUNK = 2_000

# Sortable columns: URL key -> column of the frame. "signalen" (the default) is the most urgent deadline first.
SORTEERBAAR = {
    "traject": "traject_id", "leerroute": "leerroute", "doelgroep": "doelgroep", "gepland": "gepland",
    "aanwezig": "aanwezig", "geoorloofd": "geoorloofd", "ongeoorloofd": "ongeoorloofd", "taal": "taal_aanwezig",
    "laatste": "laatste_aanlevering", "signalen": "eerste_deadline",
}
STANDAARD_SORTERING = "signalen"
ONDERDEEL_VOLGORDE = {o.value: i for i, o in enumerate(Onderdeel)}


@dataclass
class Caseload:
    """One view of the caseload: the rows shown (a page, or everything for an export), the signals of those rows,
    and the counts the page summarises."""

    rijen: pd.DataFrame
    signalen: pd.DataFrame
    inst: object  # the gemeente's SignaalInstellingen (the explanations quote its thresholds)
    totaal: int
    pagina: int = 1
    per_pagina: int = 0
    telling: dict[str, int] = field(default_factory=dict)
    met_signaal: int = 0
    te_laat: int = 0
    uren: dict[str, float] = field(default_factory=dict)

    @property
    def paginas(self) -> int:
        return max(1, -(-self.totaal // self.per_pagina)) if self.per_pagina else 1

    def signalen_van(self, traject_id: str) -> list[Signaal]:  # `signalen` here is the field above
        return self._per_traject.get(traject_id, [])

    def __post_init__(self):
        self.lijst = signalen.als_lijst(self.signalen, self.inst)  # the rows' signals, explained, urgent first
        self._per_traject: dict[str, list[signalen.Signaal]] = {}
        for signaal in self.lijst:
            self._per_traject.setdefault(signaal.traject_id, []).append(signaal)

    def tabel(self) -> list[dict]:
        """The rows as plain Python values for the page (dates as date, missing as None)."""
        result = []
        for row in self.rijen.to_dict("records"):
            for key, value in row.items():
                if isinstance(value, pd.Timestamp):
                    row[key] = value.date()
                elif value is pd.NaT or (isinstance(value, float) and value != value):
                    row[key] = None
            row["signalen"] = self.signalen_van(row["traject_id"])
            result.append(row)
        return result


def gefilterd(user: User, dag: date, filters: queries.Filters | None = None,
              signaal: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame, object]:
    """THE filtered caseload set: every trajectory of the user's gemeente that the SQL filters (trajectory fields,
    aanbieder) and the signal filter leave, one row each with its hours and first deadline, and the open signals of
    exactly those trajectories. The page, its summary and the exports all count and show from this one set."""
    scope = queries.gefilterd(access.visible_trajecten(user), filters)
    inst = instellingen_voor(user.organisatie_id)
    uren.bijwerken()
    trajecten = queries.trajecten_met_uren(scope)
    open_ = signalen.bereken(scope, dag, inst, trajecten)

    # open_ is ordered by deadline: a trajectory's first signal has its most urgent deadline, late if any is late.
    eerste = open_.drop_duplicates("traject_id")
    per = pd.DataFrame({"eerste_deadline": eerste["deadline"].to_numpy(), "te_laat": eerste["te_laat"].to_numpy()},
                       index=pd.Index(eerste["traject_id"].to_numpy(), name="traject_id"))
    per["aantal_signalen"] = open_["traject_id"].value_counts()
    frame = trajecten.join(per, on="traject_id")
    frame["aantal_signalen"] = frame["aantal_signalen"].fillna(0).astype(int)
    frame["te_laat"] = frame["te_laat"].fillna(False).astype(bool)
    frame["laatste_aanlevering"] = (frame["laatste_aanlevering"].dt.tz_localize("UTC")
                                    .dt.tz_convert(TIJDZONE).dt.tz_localize(None).dt.normalize())
    if signaal == "alle":
        frame = frame[frame["aantal_signalen"] > 0]
    elif signaal == "te_laat":
        frame = frame[frame["te_laat"]]
    elif signaal:
        frame = frame[frame["traject_id"].isin(open_.loc[open_["type"] == signaal, "traject_id"])]
    return frame, open_[open_["traject_id"].isin(frame["traject_id"])], inst


def samenvatten(frame: pd.DataFrame, open_: pd.DataFrame) -> dict:
    """The summary of a filtered set (`gefilterd`): how many trajectories, how many with an open or a late signal,
    per signal type how many trajectories have it, and the hours summed."""
    telling = {soort.value: 0 for soort in signalen.SignaalType}
    telling.update({str(k): int(v) for k, v in open_.groupby("type")["traject_id"].nunique().to_dict().items()})
    return {"totaal": len(frame), "telling": telling, "met_signaal": int((frame["aantal_signalen"] > 0).sum()),
            "te_laat": int(frame["te_laat"].sum()),
            "uren": {k: round(float(frame[k].sum()), 2) for k in queries.UREN}}


def opbouwen(user: User, dag: date, filters: queries.Filters | None = None, signaal: str | None = None,
             sorteer: str | None = None, oplopend: bool = True, pagina: int = 1,
             per_pagina: int | None = 50) -> Caseload:
    """The caseload of the user's gemeente on `dag`: the filtered set (`gefilterd`) with its summary, sorted, and
    the page cut from it (`per_pagina=None`: every row, for exports). Reads are not logged here: call
    `log_gelezen` for what is shown or exported."""
    frame, open_, inst = gefilterd(user, dag, filters, signaal)
    samenvatting = samenvatten(frame, open_)
    frame = sorteren(frame, sorteer, oplopend)
    totaal = samenvatting.pop("totaal")
    if per_pagina:
        pagina = min(max(1, pagina), max(1, -(-totaal // per_pagina)))
        frame = frame.iloc[(pagina - 1) * per_pagina: pagina * per_pagina]
    frame = frame.merge(_aanbieders(queries.aanbieders_per_traject(frame["traject_id"])), on="traject_id",
                        how="left")
    frame["aanbieders"] = frame["aanbieders"].fillna("")
    shown = open_[open_["traject_id"].isin(frame["traject_id"])]
    return Caseload(frame.reset_index(drop=True), shown.reset_index(drop=True), inst, totaal, pagina, per_pagina or 0,
                    **samenvatting)


def sorteren(frame: pd.DataFrame, sorteer: str | None, oplopend: bool = True) -> pd.DataFrame:
    """Sort by a column of SORTEERBAAR, traject_id breaking ties. The default puts the most urgent deadline first,
    then trajectories with signals without a deadline (most signals first), then those without signals."""
    key = sorteer if sorteer in SORTEERBAAR else STANDAARD_SORTERING
    if key == STANDAARD_SORTERING:
        frame = frame.assign(_geen=frame["aantal_signalen"] == 0, _aantal=-frame["aantal_signalen"])
        columns, ascending = ["eerste_deadline", "_geen", "_aantal", "traject_id"], [oplopend, True, True, True]
        if not oplopend:  # urgent last: reverse every key but keep missing deadlines last
            ascending = [False, False, False, True]
        return frame.sort_values(columns, ascending=ascending, na_position="last", kind="stable").drop(
            columns=["_geen", "_aantal"])
    column = SORTEERBAAR[key]
    columns = [column] if column == "traject_id" else [column, "traject_id"]
    return frame.sort_values(columns, ascending=[oplopend] + [True] * (len(columns) - 1), na_position="last",
                             kind="stable")


def _aanbieders(t: pd.DataFrame) -> pd.DataFrame:
    """Per trajectory, its aanbieders with their onderdelen: "Taalhuis (taal); MAP-bureau (map, pvt)"."""
    if t.empty:
        return pd.DataFrame(columns=["traject_id", "aanbieders"])
    t = t.assign(_volgorde=t["onderdeel"].map(ONDERDEEL_VOLGORDE)).sort_values(["traject_id", "_volgorde"])
    per = (t.groupby(["traject_id", "aanbieder_id", "aanbieder"], sort=False)["onderdeel"]
           .agg(lambda o: ", ".join(dict.fromkeys(o))).reset_index())
    per["tekst"] = per["aanbieder"] + " (" + per["onderdeel"] + ")"
    return per.groupby("traject_id", sort=False)["tekst"].agg("; ".join).rename("aanbieders").reset_index()


def log_gelezen(user: User, traject_ids, actie: Actie = Actie.lezen) -> None:
    """Log the trajectories shown or exported, through access.py (which also re-checks they are visible)."""
    ids = list(dict.fromkeys(traject_ids))
    for start in range(0, len(ids), CHUNK):
        trajecten = db.session.scalars(
            access.visible_trajecten(user).where(Traject.id.in_(ids[start:start + CHUNK])).order_by(Traject.id)).all()
        access.log_read(user, trajecten, actie)


def traject_signalen(user: User, traject: Traject, dag: date) -> pd.DataFrame:
    """The open signals of one trajectory the user may see (same engine, scope of one)."""
    scope = access.visible_trajecten(user).where(Traject.id == traject.id)
    return signalen.bereken(scope, dag, instellingen_voor(traject.gemeente_id))


@dataclass
class Regie:
    """What the trajectory page shows a regisseur: the open signals with their rules, the DUO registrations marked,
    and a form per afgeronde MAP or PVT still to mark."""

    signalen: list[signalen.Signaal]
    regels: dict[str, str]  # label -> the rule in words, with the gemeente's thresholds
    duo_registraties: list
    duo_formulieren: dict[str | None, object]  # by onderdeel


def regie(user: User, traject: Traject) -> Regie:
    from portal.voortgang.forms import DuoRegistratieForm
    dag = today()
    inst = instellingen_voor(traject.gemeente_id)
    open_ = signalen.als_lijst(traject_signalen(user, traject, dag), inst)
    forms: dict[str | None, object] = {}
    for signaal in open_:
        if signaal.type == signalen.SignaalType.duo_registratie.value:
            forms[signaal.onderdeel] = DuoRegistratieForm(prefix=f"duo-{signaal.onderdeel}", formdata=None,
                                                          data={"datum": dag})
    return Regie(open_, {signalen.LABELS[k]: v for k, v in signalen.regels(inst).items()},
                 queries.duo_registraties(traject.id), forms)
