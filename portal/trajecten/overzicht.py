"""What the trajectory page shows of deliveries: totals, charts, the pages of attendance periods and the history of
corrections, as pure functions over what access.py read (no queries of their own): the attendance summed per
onderdeel and month (`access.trajectleveringen`), so that a trajectory delivered day by day for years costs
the page what one delivered monthly does, and only the periods shown."""
from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from portal import queryargs
from portal.codes import LEVERING_LABELS, Onderdeel, Soort, code_label
from portal.timeutil import nl_date, nl_number
from portal.trajecten.forms import KOLOM_LABELS

_UREN = ("uren_gepland", "uren_aanwezig", "uren_verzuim_geoorloofd", "uren_verzuim_ongeoorloofd")
_NUMBERS = {*_UREN, "aantal_keer_verzuim", "score"}
_DATES = {"periode_start", "periode_eind", "datum"}


def uren(value: float | int | None) -> str:
    """A number of hours (or a score) as the UI writes it: decimal comma, at most 2 decimals, no trailing zeros."""
    if value is None:
        return ""
    return _uren(float(value))


@functools.lru_cache(maxsize=4096)
def _uren(value: float) -> str:
    """A trajectory page writes hundreds of hours, mostly the same few values: each formatted once per process."""
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")



def waarde(kolom: str, value) -> str:
    """One delivered value for display, whether it comes from a record or from a history entry (JSON)."""
    if value is None or value == "":
        return "leeg"
    if kolom in _DATES:
        return nl_date(value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)))
    if kolom in _NUMBERS:
        return uren(float(value))
    return code_label(value)


def omschrijving(soort: str, record) -> str:
    """Which record this is, in words: soort and natural key."""
    if soort == "aanwezigheid":
        return (f"Aanwezigheid {_klein(code_label(record.onderdeel))}, {nl_date(record.periode_start)} t/m "
                f"{nl_date(record.periode_eind)}")
    if soort == "toets":
        return f"Toets {_klein(code_label(record.vaardigheid))}, {nl_date(record.datum)}"
    return f"{Soort.van(soort).label} {_klein(code_label(record.onderdeel))}"


def _klein(label: str) -> str:
    """A label inside a sentence: lower case, except abbreviations (MAP, PVT, KNM)."""
    return label if label.split(" ")[0].isupper() else label.lower()


# --- totals -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Totaal:
    """Hours of one onderdeel summed over its current attendance periods."""

    onderdeel: str
    perioden: int
    gepland: float
    aanwezig: float
    geoorloofd: float
    ongeoorloofd: float
    intensiteit: int | None = None  # taal only: the hours the trajectory must reach

    @property
    def label(self) -> str:
        return code_label(self.onderdeel)

    @property
    def voortgang(self) -> str:
        """For taal, the cumulative attendance against the intensity ("312,5 van 800 uur")."""
        if self.onderdeel != Onderdeel.taal.value:
            return ""
        if self.intensiteit:
            return f"{uren(self.aanwezig)} van {uren(self.intensiteit)} uur"
        return f"{uren(self.aanwezig)} uur (geen intensiteit)"


def totalen(maanden: Iterable, onderdelen: Iterable = (), intensiteit: int | None = None) -> list[Totaal]:
    """Totals per onderdeel over the (current) attendance summed per month (`access.aanwezigheid_per_maand`), in
    the order taal, map, pvt. `onderdelen` adds rows with zeros for onderdelen that have no periods yet (the
    viewer's assignments)."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0.0, 0.0])
    for onderdeel in onderdelen:
        sums[_waarde(onderdeel)]  # noqa: B018 - creates the zero row
    for maand in maanden:
        row = sums[_waarde(maand.onderdeel)]
        row[0] += maand.perioden
        for i, name in enumerate(_UREN, start=1):
            row[i] += float(getattr(maand, name) or 0)
    order = [o.value for o in Onderdeel]
    return [Totaal(o, int(row[0]), *(round(v, 2) for v in row[1:]),  # type: ignore[misc, arg-type]  # the 4 sums
                   intensiteit=intensiteit if o == Onderdeel.taal.value else None)
            for o, row in sorted(sums.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99)]


# --- deliveries grouped and paged ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Groep:
    """One page of a trajectory's delivery records of one kind: an onderdeel's attendance periods, or the toetsen.
    `param` is the query argument that holds its page, so each group pages on its own."""

    naam: str
    rijen: list
    totaal: int
    pagina: int
    paginas: int
    param: str

    @property
    def label(self) -> str:
        return code_label(self.naam)


def gevraagde_paginas(args) -> dict[str, int]:
    """Per onderdeel, the page of its attendance periods the query arguments ask for (`pagina_taal`, clamped
    through queryargs; past the last is the reader's to clamp)."""
    return {o.value: queryargs.pagina(args, f"pagina_{o.value}") for o in Onderdeel}


def aanwezigheid_per_onderdeel(perioden: dict[str, int], pagina: dict[str, int], getoond: dict[str, list],
                               per_pagina: int) -> list[Groep]:
    """The attendance periods per onderdeel (taal, map, pvt; only those with periods), each group a page of its
    own (`pagina_taal`): how many periods each has, the page read and its periods, newest first, as
    `access.trajectleveringen` read them."""
    order = [o.value for o in Onderdeel]
    return [Groep(o, getoond.get(o, []), perioden[o], pagina[o], queryargs.aantal_paginas(perioden[o], per_pagina),
                  f"pagina_{o}")
            for o in sorted(perioden, key=lambda o: order.index(o) if o in order else 99)]


def toetsen_gepagineerd(records: Iterable, args, per_pagina: int) -> Groep:
    """The toetsen (all of the onderdeel taal), newest first, paged by `pagina_toetsen`."""
    records = sorted(records, key=lambda r: (r.datum, _waarde(r.vaardigheid)), reverse=True)
    paginas = queryargs.aantal_paginas(len(records), per_pagina)
    pagina = min(queryargs.pagina(args, "pagina_toetsen"), paginas)
    return Groep("toetsen", records[(pagina - 1) * per_pagina: pagina * per_pagina], len(records), pagina, paginas,
                 "pagina_toetsen")


def aanwezigheid_rijen(groep: Groep, aanbieder_namen: dict[int, str], correctie_link=None) -> list[list]:
    """The cells of a group's attendance table, in Python (a trajectory delivered day by day has hundreds of periods,
    and a page of them as Jinja `set` expressions per row was most of the page's rendering): the same cells as the
    template made. `aanbieder_namen`: a column of who delivered (the regisseur); `correctie_link`: (record id, what)
    -> the "Corrigeren" link of the aanbieder's own records (`corrigeren_link`)."""
    rijen = []
    for r in groep.rijen:
        periode = f"{nl_date(r.periode_start)} t/m {nl_date(r.periode_eind)}"
        reden = LEVERING_LABELS[r.verzuim_reden.value] if r.verzuim_reden else "—"
        if r.aantal_keer_verzuim is not None:
            reden += f" ({r.aantal_keer_verzuim} keer)"
        rij = [periode, uren(r.uren_gepland), uren(r.uren_aanwezig), uren(r.uren_verzuim_geoorloofd),
               uren(r.uren_verzuim_ongeoorloofd), reden, r.versie]
        if aanbieder_namen:
            rij.append(aanbieder_namen.get(r.aanbieder_id, "—"))
        if correctie_link is not None:
            rij.append(correctie_link(r.id, f"aanwezigheid {LEVERING_LABELS[r.onderdeel.value].lower()} {periode}"))
        rijen.append(rij)
    return rijen


def corrigeren_link(basis: str):
    """The "Corrigeren" link of an aanbieder's record, for the attendance rows and the template's `corrigeren` macro
    (one definition): `basis` is the record's correction URL with the placeholder `RECORD` for its id (url_for once
    per soort and page)."""
    basis = str(escape(basis))

    def link(record_id: int, wat: str) -> Markup:
        return Markup(f'<a class="utrecht-link utrecht-link--html-a" href="{basis.replace("RECORD", str(record_id))}">'
                      f'Corrigeren<span class="portal-visually-hidden"> {escape(wat)}</span></a>')
    return link


def paginas(groepen: Iterable[Groep]) -> dict[str, int]:
    """The page of every group that is not on its first, for the links of the others."""
    return {g.param: g.pagina for g in groepen if g.pagina > 1}


# --- history ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wijziging:
    kolom: str
    oud: str
    nieuw: str

    @property
    def label(self) -> str:
        return KOLOM_LABELS.get(self.kolom, self.kolom)


@dataclass(frozen=True)
class Correctie:
    """One replaced version: what it was, who replaced it when, and what the next version changed."""

    soort: str
    omschrijving: str
    versie: int
    vervangen_op: dt.datetime
    vervangen_door: str
    geleverd_op: dt.datetime
    geleverd_door: str
    wijzigingen: list[Wijziging] = field(default_factory=list)


def correcties(historie: Iterable, leveringen: dict[str, list]) -> list[Correctie]:
    """The history entries (newest first, as given), each compared with the version that replaced it: the next
    history entry of the same record, or the current record itself (in `leveringen`)."""
    historie = list(historie)
    current = {(soort, r.id): r for soort, records in leveringen.items() for r in records}
    by_record: dict[tuple[str, int], list] = defaultdict(list)
    for entry in historie:
        by_record[(entry.soort, entry.record_id)].append(entry)
    successor: dict[int, dict] = {}
    for key, entries in by_record.items():
        record = current.get(key)
        entries.sort(key=lambda e: e.versie)
        for entry, later in zip(entries, [*entries[1:], None], strict=True):
            if later is not None:
                successor[entry.id] = dict(later.waarden)
            elif record is not None:
                successor[entry.id] = {name: getattr(record, name) for name in entry.waarden}
    result = []
    for entry in historie:
        record = current.get((entry.soort, entry.record_id))
        if record is None or entry.id not in successor:
            continue
        after = successor[entry.id]
        changes = []
        for name, old in entry.waarden.items():
            before, now = waarde(name, old), waarde(name, after.get(name))
            if before != now:
                changes.append(Wijziging(name, before, now))
        result.append(Correctie(entry.soort, omschrijving(entry.soort, record), entry.versie, entry.vervangen_op,
                                entry.vervangen_door, entry.geleverd_op, entry.geleverd_door, changes))
    return result


def aanbieder_namen(toewijzingen: Iterable) -> dict[int, str]:
    """Organisation names of the aanbieders on a trajectory, by id, for the records they delivered."""
    return {t.aanbieder_id: t.aanbieder.naam for t in toewijzingen}


# --- charts -------------------------------------------------------------------------------------------------------

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")
NIVEAUS = ("A0", "A1", "A2", "B1", "B2")


def _waarde(value) -> str:
    return getattr(value, "value", value)


def grafieken(maanden: Iterable, toetsen: Iterable, intensiteit: int | None, taal: bool = True) -> dict:
    """The data of the trajectory page's charts (static/js/charts.js draws them; the page shows the same numbers as
    tables), per month of the periods' end (`access.aanwezigheid_per_maand`): the taal hours present added up to
    the end of each month against the intensiteit, and verzuim (geoorloofd and ongeoorloofd); and the level of
    each toets per vaardigheid over time. JSON-ready: numbers and Dutch labels. Without `taal` (a viewer who does
    not see the taal onderdeel) only the verzuim chart."""
    per_maand: dict[tuple[int, int], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    for maand in maanden:
        som = per_maand[(maand.jaar, maand.maand)]
        som[0] += float(maand.uren_verzuim_geoorloofd or 0)
        som[1] += float(maand.uren_verzuim_ongeoorloofd or 0)
        if _waarde(maand.onderdeel) == Onderdeel.taal.value:
            som[2] += float(maand.uren_aanwezig or 0)
            som[3] += maand.perioden
    alle = sorted(per_maand)
    labels = [f"{MAANDEN[m - 1]} {y}" for y, m in alle]

    toetsen = sorted(toetsen, key=lambda r: (r.datum, _waarde(r.vaardigheid)))
    datums = sorted({r.datum for r in toetsen})
    reeksen = []
    for vaardigheid in dict.fromkeys(_waarde(r.vaardigheid) for r in toetsen):
        by_date = {r.datum: r for r in toetsen if _waarde(r.vaardigheid) == vaardigheid}
        reeksen.append({
            "label": code_label(vaardigheid),
            "niveau": [_waarde(by_date[d].niveau) if d in by_date else None for d in datums],
            "behaald": [_waarde(by_date[d].resultaat) == "behaald" if d in by_date else None for d in datums],
            # float: SQLite gives back a whole score as int, PostgreSQL as float; the chart's data is the same on both
            "score": [_score(by_date[d].score) if d in by_date else None for d in datums],
        })
    data = {"verzuim": {"labels": labels,
                        "geoorloofd": [round(per_maand[k][0], 2) for k in alle],
                        "ongeoorloofd": [round(per_maand[k][1], 2) for k in alle]}}
    if taal:
        # from the first month with taal periods on (a trajectory may start with MAP), every month after it a point
        eerste = next((i for i, k in enumerate(alle) if per_maand[k][3]), len(alle))
        cumulatief, total = [], 0.0
        for k in alle[eerste:]:
            total += per_maand[k][2]
            cumulatief.append(round(total, 2))
        data["taaluren"] = {"labels": labels[eerste:], "aanwezig": cumulatief, "intensiteit": intensiteit}
        data["toetsen"] = {"labels": [nl_date(d) for d in datums], "niveaus": list(NIVEAUS), "reeksen": reeksen}
    return data


def grafiek_rijen(data: dict) -> dict[str, list[list]]:
    """The cells of the tables under the charts (the same numbers as `grafieken`' data)."""
    rijen: dict[str, list[list]] = {}
    g = data["verzuim"]
    rijen["verzuim"] = [[label, uren(a) or "0", uren(b) or "0"]
                        for label, a, b in zip(g["labels"], g["geoorloofd"], g["ongeoorloofd"], strict=True)]
    if "taaluren" in data:
        g = data["taaluren"]
        intensiteit = nl_number(g["intensiteit"], 0) if g["intensiteit"] else "—"
        rijen["taaluren"] = [[label, uren(a) or "0", intensiteit]
                             for label, a in zip(g["labels"], g["aanwezig"], strict=True)]
    if "toetsen" in data:
        g = data["toetsen"]
        rijen["toetsen"] = [[label, reeks["label"], reeks["niveau"][i], "behaald" if reeks["behaald"][i] else
                             "niet behaald", uren(reeks["score"][i]) if reeks["score"][i] is not None else "—"]
                            for i, label in enumerate(g["labels"]) for reeks in g["reeksen"] if reeks["niveau"][i]]
    return rijen


def _score(value: float | int | None) -> float | None:
    return None if value is None else float(value)
