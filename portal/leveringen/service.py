"""The one import service of aanleverformaat v1: web upload, API and `portal import` all call `importeer`.

Parse and validate without the database (parse.py, validate.py), then the checks that need it (assignment,
verwerkersovereenkomst, overlap with stored periods), then store in bulk: new rows inserted, changed rows
corrected with their previous values kept in `levering_historie`, unchanged rows left alone. A delivery with any
error stores nothing unless the caller asks for `gedeeltelijk`. The service flushes; the caller commits once.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import insert, select, update

from dpia.verwerkersovereenkomsten.services import gemeenten_met_geldige_vo
from dpia.verwerkingsstop.services import WEIGERING, actieve_stops
from dpia.verzoeken.beperking import beperkte_ids
from portal import bsn, verwerkingslog
from portal.bulk import insert_rows
from portal.codes import Actie, Activiteit, Rol
from portal.errors import ServiceError
from portal.extensions import db
from portal.leveringen.parse import SOORTEN, Parsed, read_file, rows_from_json
from portal.leveringen.report import Fout, capped, sort_errors
from portal.leveringen.validate import Validated, natural_key_columns, validate
from portal.models import AanleverBatch, LeveringHistorie, Organisatie, Toewijzing, Traject
from portal.models.levering import MODELS
from portal.timeutil import nl_date, today, utcnow

CHUNK = 2_000  # ids per IN (...) query: well under SQLite's and PostgreSQL's parameter limits

VALUE_COLUMNS = {
    "aanwezigheid": ["uren_gepland", "uren_aanwezig", "uren_verzuim_geoorloofd", "uren_verzuim_ongeoorloofd",
                     "verzuim_reden", "aantal_keer_verzuim"],
    "toets": ["niveau", "resultaat", "score"],
    "afronding": ["datum", "status", "reden", "verwijtbaar"],
}

MESSAGES = {
    "traject_onbekend": "U heeft geen toewijzing op dit traject-ID. Controleer het ID; het staat op uw toewijzingslijst.",
    "niet_toegewezen": "Dit traject is niet voor dit onderdeel aan u toegewezen. Lever alleen onderdelen die u "
                       "verzorgt.",
    "geen_verwerkersovereenkomst": "Er is geen geldige verwerkersovereenkomst met de gemeente van dit traject. "
                                   "Neem contact op met de gemeente.",
    "traject_beperkt": "De gemeente van dit traject heeft de verwerking voortgangsrapportage stopgezet "
                       "(verwerkingsstop): er kan nu niets worden aangeleverd. Lever deze regel later opnieuw aan.",
}
# A restriction of one trajectory (AVG art. 18, on a data subject's request) has the same code, its own message.
BEPERKT_TRAJECT = ("De verwerking van dit traject is beperkt op verzoek van de betrokkene (AVG art. 18): er kan nu "
                   "niets worden aangeleverd. Neem contact op met de gemeente.")


class GeenVerwerkersovereenkomst(ServiceError):
    def __init__(self):
        super().__init__("geen_verwerkersovereenkomst",
                         "Uw organisatie heeft met geen enkele gemeente een geldige verwerkersovereenkomst; "
                         "aanleveren kan pas als die er is.", status=403)


@dataclass
class Rapport:
    """The report of aanleverformaat.md, plus the batch it was recorded under."""

    status: str
    soort: str
    rows: int
    stored: int = 0
    created: int = 0
    corrected: int = 0
    unchanged: int = 0
    errors: list[Fout] = field(default_factory=list)
    stored_lines: list[int] = field(default_factory=list)
    batch_id: int | None = None
    meer_fouten: int = 0  # errors beyond report.MAX_ERRORS, left out of `errors`

    @property
    def accepted(self) -> bool:
        return self.status in ("accepted", "partial")

    def as_dict(self) -> dict:
        body = {"status": self.status, "soort": self.soort, "rows": self.rows, "stored": self.stored}
        if self.status != "rejected":
            body.update(created=self.created, corrected=self.corrected, unchanged=self.unchanged)
        if self.status == "partial":
            body["stored_lines"] = self.stored_lines
        body["errors"] = [e.as_dict() for e in self.errors]
        if self.meer_fouten:
            body["meer_fouten"] = self.meer_fouten
        return body


@dataclass
class Aanlevering:
    """What arrives: a file (bytes and its name) or JSON rows."""

    data: bytes | None = None
    bestandsnaam: str | None = None
    rijen: list | None = None
    bewaard: bool = False  # the kept CSV copy of a rejected upload, whatever the original file type was

    def parse(self, soort: str) -> Parsed:
        if self.rijen is not None:
            return rows_from_json(self.rijen, soort)
        naam = "bewaard.csv" if self.bewaard else (self.bestandsnaam or "aanlevering.csv")
        return read_file(self.data or b"", naam, soort)

    @property
    def veilige_naam(self) -> str | None:
        """The file name as it may be stored: never a BSN, at most 255 characters."""
        naam = self.bestandsnaam
        if naam is None:
            return None
        if bsn.contains_bsn(naam):  # the whole name goes; a clean extension stays
            extensie = naam.rsplit(".", 1)[-1] if "." in naam else ""
            naam = bsn.MASK + ("." + extensie if extensie and not bsn.contains_bsn(extensie) else "")
        return naam if len(naam) <= 255 else naam[:200] + "…" + naam[-54:]


def importeer(actor, aanbieder: Organisatie, soort: str, aanlevering: Aanlevering, *, kanaal: str,
              gedeeltelijk: bool = False) -> tuple[Rapport, Validated]:
    """Validate and store one delivery for `aanbieder`; `actor` is the user (None for the command line)."""
    if soort not in SOORTEN:
        raise ServiceError("soort_onbekend", "Kies een soort: aanwezigheid, toets of afronding.", "soort")
    if aanbieder.is_gemeente or (actor is not None and actor.rol is not Rol.aanbieder):
        raise ServiceError("verboden", "Alleen een aanbieder levert aan.", status=403)
    dag = today()
    gemeenten = gemeenten_met_geldige_vo(aanbieder.id, dag)
    if not gemeenten:
        raise GeenVerwerkersovereenkomst()

    checked = validate(aanlevering.parse(soort), soort, dag)
    frame = checked.frame.reset_index(drop=True)
    errors = list(checked.errors)
    valid = checked.valid_mask.copy()
    assignment = _assignments(aanbieder.id)
    # Gemeenten that halted the activity aanbieders deliver under: their trajectories' rows are `traject_beperkt`.
    gestopt = set(actieve_stops(Activiteit.voortgangsrapportage, {int(g) for g in assignment["gemeente_id"]}))
    if len(frame) and not checked.file_rejected:
        _check_against_database(soort, frame, checked.lines, valid, errors, assignment, gemeenten, gestopt)
        _log_refusals(actor, aanbieder, frame, assignment, gestopt)

    errors = sort_errors(errors)
    shown, meer = capped(errors)
    batch = AanleverBatch(aanbieder_id=aanbieder.id, gebruiker=verwerkingslog.Actor.of(actor, aanbieder).gebruiker,
                          soort=soort, kanaal=kanaal, bestandsnaam=aanlevering.veilige_naam, rows=len(frame),
                          status="rejected", errors=[e.as_dict() for e in shown], meer_fouten=meer)
    db.session.add(batch)
    db.session.flush()
    rapport = Rapport("rejected", soort, len(frame), errors=shown, batch_id=batch.id, meer_fouten=meer)

    store = not checked.file_rejected and (not errors or gedeeltelijk) and bool(valid.any())
    if store:
        rows = frame[valid]
        counts = _store(soort, rows, actor, aanbieder, batch)
        rapport.status = "partial" if errors else "accepted"
        rapport.created, rapport.corrected, rapport.unchanged = counts
        rapport.stored = int(valid.sum())
        if errors:
            rapport.stored_lines = [int(line) for line in checked.lines[valid]]
        gemeente_van = dict(zip(assignment["traject_id"], assignment["gemeente"], strict=False))
        verwerkingslog.record(actor or verwerkingslog.Actor.of(None, aanbieder), Actie.aanleveren,
                              Activiteit.voortgangsrapportage,
                              ((t, gemeente_van[t]) for t in rows["traject_id"].unique()),
                              toelichting=f"aanlevering {soort} (batch {batch.id})")
    elif errors and not meer and not checked.file_rejected and len(frame) and kanaal == "upload":
        batch.bewaard_csv = _masked_csv(checked)  # only the web upload offers the report and the partial retry
    batch.status, batch.stored = rapport.status, rapport.stored
    batch.created, batch.corrected, batch.unchanged = rapport.created, rapport.corrected, rapport.unchanged
    db.session.flush()
    return rapport, checked


def lever_goede_regels(actor, batch: AanleverBatch) -> Rapport:
    """After a rejected upload: deliver only its rows without errors (the kept copy, BSNs masked)."""
    if batch.bewaard_csv is None or batch.status != "rejected":
        raise ServiceError("niet_beschikbaar", "Deze aanlevering kan niet meer gedeeltelijk worden aangeleverd.",
                           status=409)
    data, batch.bewaard_csv = batch.bewaard_csv, None
    rapport, _ = importeer(actor, batch.aanbieder, batch.soort,
                           Aanlevering(data=data, bestandsnaam=batch.bestandsnaam, bewaard=True),
                           kanaal=batch.kanaal, gedeeltelijk=True)
    return rapport


def _masked_csv(checked: Validated) -> bytes:
    """The delivered rows as delivered (BSN cells masked), with their original line numbers kept by blank lines,
    so a re-read reports the same line numbers."""
    # A line break inside a value would shift every later line: it becomes a space in this copy.
    masked = checked.masked.reset_index(drop=True).replace(r"[\r\n]+", " ", regex=True)
    out = io.StringIO()
    out.write(";".join(masked.columns) + "\n")
    line = 1
    csv_rows = masked.to_csv(sep=";", index=False, header=False, lineterminator="\n").split("\n")[:-1]
    for target, text in zip(checked.lines, csv_rows, strict=True):
        while line + 1 < target:
            out.write("\n")
            line += 1
        out.write(text + "\n")
        line += 1
    return out.getvalue().encode()


def _assignments(aanbieder_id: int) -> pd.DataFrame:
    """This aanbieder's assignments: traject_id, onderdeel, gemeente_id, gemeente code (one row per assignment)."""
    rows = db.session.execute(
        select(Toewijzing.traject_id, Toewijzing.onderdeel, Traject.gemeente_id, Organisatie.code)
        .join(Traject, Traject.id == Toewijzing.traject_id)
        .join(Organisatie, Organisatie.id == Traject.gemeente_id)
        .where(Toewijzing.aanbieder_id == aanbieder_id))
    frame = pd.DataFrame([tuple(r) for r in rows], columns=["traject_id", "onderdeel", "gemeente_id", "gemeente"])
    frame["onderdeel"] = frame["onderdeel"].map(lambda o: getattr(o, "value", o))
    return frame


def _required_onderdeel(soort: str, frame: pd.DataFrame) -> pd.Series:
    if soort == "toets":
        return pd.Series("taal", index=frame.index)
    onderdeel = frame["onderdeel"]
    return onderdeel.replace("taalschakeltraject", "taal") if soort == "afronding" else onderdeel


def _check_against_database(soort, frame, lines, valid, errors, assignment, gemeenten, gestopt=()) -> None:
    """Assignment, agreement, verwerkingsstop and stored-overlap checks; adds to `errors` and clears `valid`. Each
    check runs once per distinct trajectory id (and onderdeel) and is spread over the rows."""
    codes, distinct = pd.factorize(frame["traject_id"])  # code -1: no valid id (validation reported that)
    distinct = pd.Index(distinct, dtype=object)

    def per_row(per_id) -> np.ndarray:
        return np.append(np.asarray(per_id, dtype=bool), False)[codes]

    def flag(mask, column, code, message):
        for line in lines[mask]:
            errors.append(Fout(int(line), column, code, message))
        valid[mask] = False

    known_id = distinct.isin(assignment["traject_id"])
    known = per_row(known_id)
    flag((codes >= 0) & ~known, "traject_id", "traject_onbekend", MESSAGES["traject_onbekend"])
    onderdeel_codes, onderdelen = pd.factorize(_required_onderdeel(soort, frame))
    assigned = np.zeros((len(distinct) + 1, len(onderdelen) + 1), dtype=bool)  # the last row and column: code -1
    for k, onderdeel in enumerate(onderdelen):
        assigned[:-1, k] = distinct.isin(assignment.loc[assignment["onderdeel"] == onderdeel, "traject_id"])
    flag(known & (onderdeel_codes >= 0) & ~assigned[codes, onderdeel_codes],
         "traject_id" if soort == "toets" else "onderdeel", "niet_toegewezen", MESSAGES["niet_toegewezen"])
    met_vo = distinct.isin(assignment.loc[assignment["gemeente_id"].isin(gemeenten), "traject_id"])
    flag(known & ~per_row(met_vo), "traject_id", "geen_verwerkersovereenkomst",
         MESSAGES["geen_verwerkersovereenkomst"])
    if gestopt:
        flag(known & per_row(distinct.isin(_halted_ids(assignment, gestopt))), "traject_id", "traject_beperkt",
             MESSAGES["traject_beperkt"])
    beperkt = beperkte_ids(set(distinct[known_id]))
    if beperkt:
        flag(known & per_row(distinct.isin(beperkt)), "traject_id", "traject_beperkt", BEPERKT_TRAJECT)
    if soort == "aanwezigheid":
        _overlap_with_stored(frame, lines, known, flag)


def _halted_ids(assignment: pd.DataFrame, gestopt: set[int]) -> set[str]:
    return set(assignment.loc[assignment["gemeente_id"].isin(gestopt), "traject_id"])


def _log_refusals(actor, aanbieder: Organisatie, frame: pd.DataFrame, assignment: pd.DataFrame,
                  gestopt: set[int]) -> None:
    """Each delivered trajectory refused for a verwerkingsstop is logged as a refused delivery (the rows stay
    unstored; the batch and this entry are what remains of the attempt)."""
    if not gestopt:
        return
    halted = _halted_ids(assignment, gestopt)
    refused = [t for t in frame["traject_id"].dropna().astype(str).unique() if t in halted]
    if refused:
        gemeente_van = dict(zip(assignment["traject_id"], assignment["gemeente"], strict=False))
        verwerkingslog.record(actor or verwerkingslog.Actor.of(None, aanbieder), Actie.aanleveren,
                              Activiteit.voortgangsrapportage, ((t, gemeente_van[t]) for t in refused),
                              toelichting=WEIGERING)


def _overlap_with_stored(frame, lines, known, flag) -> None:
    model = MODELS["aanwezigheid"]
    candidates = frame[known & frame["periode_start"].notna().to_numpy() & frame["periode_eind"].notna().to_numpy()]
    if candidates.empty:
        return
    stored = _fetch(model, candidates["traject_id"].unique(),
                    [model.traject_id, model.onderdeel, model.periode_start, model.periode_eind])
    if stored.empty:
        return
    left = candidates[["traject_id", "onderdeel", "periode_start", "periode_eind"]].assign(_pos=np.flatnonzero(
        known & frame["periode_start"].notna().to_numpy() & frame["periode_eind"].notna().to_numpy()))
    left["onderdeel"] = left["onderdeel"].astype(str)
    merged = left.merge(stored, on=["traject_id", "onderdeel"], suffixes=("", "_s"))
    start, end = merged["periode_start"].dt.date, merged["periode_eind"].dt.date
    clash = (start <= merged["periode_eind_s"]) & (end >= merged["periode_start_s"]) & ~(
        (start == merged["periode_start_s"]) & (end == merged["periode_eind_s"]))
    for _, row in merged[clash].drop_duplicates("_pos").iterrows():
        mask = np.zeros(len(frame), dtype=bool)
        mask[row["_pos"]] = True
        flag(mask, "periode_start", "overlap",
             f"Deze periode overlapt met de eerder geleverde periode {nl_date(row['periode_start_s'])} t/m "
             f"{nl_date(row['periode_eind_s'])}. Lever dezelfde periodegrenzen om te corrigeren.")


def _fetch(model, traject_ids, columns) -> pd.DataFrame:
    """Stored rows of a delivery table for these trajectories, as a frame (enum values as strings)."""
    parts = []
    ids = list(traject_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        parts.extend(db.session.execute(select(*columns).where(model.traject_id.in_(chunk))).all())
    frame = pd.DataFrame([tuple(r) for r in parts], columns=[c.key for c in columns])
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: getattr(v, "value", v))
    return frame


def _python(value):
    """A pandas cell as the plain Python value the database driver takes."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _column_values(series: pd.Series) -> np.ndarray:
    """One column as an object array of plain Python values (None for missing), converted once per distinct value."""
    if pd.api.types.is_float_dtype(series):
        series = series.round(2)
    codes, uniques = pd.factorize(series)
    distinct = np.empty(len(uniques) + 1, dtype=object)  # the last slot stays None: the code of a missing value is -1
    distinct[:-1] = [_python(value) for value in uniques]
    return distinct[codes]


def _plain(rows: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The columns as object columns of plain Python values: comparable with what the database returns."""
    return pd.DataFrame({c: pd.Series(_column_values(rows[c]), dtype=object) for c in columns})


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    """Element-wise equality where two missing values are equal (None, NaN and NA alike)."""
    missing_a, missing_b = a.isna().to_numpy(), b.isna().to_numpy()
    equal = np.array([x == y for x, y in zip(a.astype(object), b.astype(object), strict=True)], dtype=bool)
    return pd.Series((missing_a & missing_b) | (~missing_a & ~missing_b & equal), index=a.index)


def _store(soort, rows: pd.DataFrame, actor, aanbieder: Organisatie, batch: AanleverBatch) -> tuple[int, int, int]:
    """Bulk insert new keys, bulk correct changed ones (keeping history); returns (created, corrected, unchanged)."""
    model = MODELS[soort]
    keys, values = natural_key_columns(soort), VALUE_COLUMNS[soort]
    fields = [v for v in values if v not in keys]
    columns = keys + fields
    incoming = _plain(rows, columns)
    stored = _fetch(model, incoming["traject_id"].unique(),
                    [model.id, model.versie, model.gewijzigd_door, model.gewijzigd_op,
                     *[getattr(model, c) for c in columns]])
    if stored.empty:
        merged = incoming.assign(id=None)
    else:
        stored = stored.astype({key: object for key in keys})
        merged = incoming.merge(stored, on=keys, how="left", suffixes=("", "_oud"))
    new = merged["id"].isna()
    changed = pd.Series(False, index=merged.index)
    if not stored.empty:
        for column in fields:
            changed |= ~new & ~_same(merged[column], merged[f"{column}_oud"])
    door, nu = verwerkingslog.Actor.of(actor, aanbieder).gebruiker, utcnow()
    common = {"aanbieder_id": aanbieder.id, "batch_id": batch.id, "gewijzigd_door": door, "gewijzigd_op": nu}
    created = int(new.sum())
    if created:
        # In trajectory order (stable, so a trajectory's periods keep their order): each index then takes its
        # entries in runs instead of at random places, which makes the insert markedly cheaper.
        fresh = merged[new]
        fresh = fresh.iloc[np.argsort(fresh["traject_id"].to_numpy(dtype=str), kind="stable")]
        insert_rows(model.__table__, {**{c: fresh[c].tolist() for c in columns}, **common, "versie": 1})
    if changed.any():
        old = merged[changed]
        db.session.execute(insert(LeveringHistorie), [{
            "soort": soort, "record_id": int(row["id"]), "traject_id": row["traject_id"],
            "versie": int(row["versie"]), "geleverd_door": row["gewijzigd_door"], "geleverd_op": row["gewijzigd_op"],
            "vervangen_door": door, "vervangen_op": nu, "batch_id": batch.id,
            "waarden": {c: _json(row[f"{c}_oud"]) for c in fields},
        } for _, row in old.iterrows()])
        db.session.execute(update(model), [
            {**{c: _python(row[c]) for c in fields}, **common, "id": int(row["id"]), "versie": int(row["versie"]) + 1}
            for _, row in old.iterrows()])
    return created, int(changed.sum()), int((~new & ~changed).sum())


def _json(value):
    value = _python(value)
    return value.isoformat() if hasattr(value, "isoformat") else value
