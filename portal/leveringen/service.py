"""The one import service of aanleverformaat v1: web upload, API and `portal import` all call `importeer`.

Parse and validate without the database (parse.py, validate.py), then the checks that need it (assignment,
verwerkersovereenkomst, overlap with stored periods), then store in bulk: new rows inserted, changed rows
corrected with their previous values kept in `levering_historie`, unchanged rows left alone. A delivery with any
error stores nothing unless the caller asks for `gedeeltelijk`. The service flushes; the caller commits once.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import insert, select, update

from portal import bsn, prioriteit, privacy, verwerkingslog
from portal.access import lopende_toewijzing
from portal.bulk import een_van, insert_rows
from portal.codes import Actie, Activiteit, Rol
from portal.errors import ServiceError
from portal.extensions import db
from portal.leveringen import kolommen
from portal.leveringen.parse import SOORTEN, Parsed, columns, read_file, rows_from_json
from portal.leveringen.report import Fout, capped, sort_errors
from portal.leveringen.validate import Validated, natural_key_columns, validate
from portal.models import AanleverBatch, LeveringHistorie, Organisatie, Toewijzing, Traject
from portal.models.levering import MODELS
from portal.timeutil import nl_date, today, utcnow
from portal.trajecten.meldingen import formulier_melding
from portal.voortgang import uren, versie

CHUNK = 2_000  # ids per IN (...) query: well under SQLite's and PostgreSQL's parameter limits

# Per soort, the columns a changed row for a stored key corrects (everything but the natural key): from the one
# definition, portal.leveringen.kolommen.
VALUE_COLUMNS = {soort: kolommen.correctie_kolommen(soort) for soort in SOORTEN}

MESSAGES = {
    "traject_onbekend": "U heeft geen toewijzing op dit traject-ID. Controleer het ID; het staat op uw "
                        "toewijzingslijst.",
    "niet_toegewezen": "Dit traject is niet voor dit onderdeel aan u toegewezen. Lever alleen onderdelen die u "
                       "verzorgt.",
    "geen_verwerkersovereenkomst": "Er is geen geldige verwerkersovereenkomst met de gemeente van dit traject. "
                                   "Neem contact op met de gemeente.",
    "traject_beperkt": "De gemeente van dit traject heeft de verwerking voortgangsrapportage stopgezet "
                       "(verwerkingsstop): er kan nu niets worden aangeleverd. Lever deze regel later opnieuw aan.",
    "buiten_toewijzing": "Deze periode valt buiten uw toewijzing: ze begint voor de startdatum of eindigt na de "
                         "einddatum van uw toewijzing voor dit onderdeel. Lever alleen perioden binnen uw "
                         "toewijzing aan; uw toewijzingen staan op de pagina van het traject.",
    "buiten_toewijzing_datum": "Deze datum valt buiten uw toewijzing: hij ligt voor de startdatum of na de "
                               "einddatum van uw toewijzing voor dit onderdeel. Lever alleen toetsen en afrondingen "
                               "van binnen uw toewijzing aan.",
    "van_andere_aanbieder": "Deze regel is al door een andere aanbieder aangeleverd (hetzelfde traject_id en "
                            "dezelfde {sleutel}). U kunt alleen uw eigen aanleveringen corrigeren. Is het gegeven "
                            "onjuist, neem dan contact op met de gemeente.",
    "overlap_andere_aanbieder": "Deze periode overlapt met een periode die een andere aanbieder voor dit traject "
                                "en onderdeel heeft aangeleverd. Lever alleen perioden binnen uw toewijzing aan, of "
                                "neem contact op met de gemeente.",
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
    """The report of docs/aanleverformaat.md, plus the batch it was recorded under."""

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
    """Validate and store one delivery for `aanbieder`; `actor` is the user (None for the command line). In a
    request, at a lower CPU priority than the pages of others (portal/prioriteit.py)."""
    return prioriteit.lager(lambda: _importeer(actor, aanbieder, soort, aanlevering, kanaal, gedeeltelijk))


def _importeer(actor, aanbieder: Organisatie, soort: str, aanlevering: Aanlevering, kanaal: str,
               gedeeltelijk: bool) -> tuple[Rapport, Validated]:
    if soort not in SOORTEN:
        raise ServiceError("soort_onbekend", "Kies een soort: aanwezigheid, toets of afronding.", "soort")
    if aanbieder.is_gemeente or (actor is not None and actor.rol is not Rol.aanbieder):
        raise ServiceError("verboden", "Alleen een aanbieder levert aan.", status=403)
    dag = today()
    gemeenten = privacy.gemeenten_met_geldige_vo(aanbieder.id, dag)
    if not gemeenten:
        raise GeenVerwerkersovereenkomst()

    checked = validate(aanlevering.parse(soort), soort, dag)
    frame = checked.frame.reset_index(drop=True)
    errors = list(checked.errors)
    valid = checked.valid_mask.copy()
    assignment = _assignments(aanbieder.id, dag)
    # Gemeenten that halted the activity aanbieders deliver under: their trajectories' rows are `traject_beperkt`.
    gestopt = set(privacy.actieve_stops(Activiteit.voortgangsrapportage, {int(g) for g in assignment["gemeente_id"]}))
    if len(frame) and not checked.file_rejected:
        _check_against_database(soort, frame, checked.lines, valid, errors, assignment, gemeenten, gestopt,
                                aanbieder_id=aanbieder.id)
        _check_traject_regels(soort, frame, checked.lines, valid, errors, assignment)
        _log_refusals(actor, aanbieder, frame, assignment, gestopt)

    errors = sort_errors(errors)
    shown, meer = capped(errors)
    # What follows writes only this delivery: its batch (which no signal reads: counted for no gemeente, versie.py),
    # its rows and their hours, all about trajectories the aanbieder is assigned to. Only the rows it creates or
    # corrects and their hours change what the signals read: they raise only their gemeenten's data versions, naming
    # those trajectories (a kept caseload recomputes only them; `_store`). A delivery that changes no stored row
    # (a file sent again) or stores nothing raises no version, so every kept caseload stays in use.
    with versie.alleen_gemeenten(()):
        return _opslaan(actor, aanbieder, soort, aanlevering, kanaal, gedeeltelijk, checked, frame, valid, errors,
                        shown, meer, assignment)


def _gemeenten_van(traject_ids, assignment: pd.DataFrame) -> dict[int, set[str]]:
    """Per gemeente, those of these trajectories the aanbieder is assigned to (what a delivery can store about)."""
    geleverd = assignment[assignment["traject_id"].isin(traject_ids)]
    per: dict[int, set[str]] = {}
    for traject_id, gemeente_id in zip(geleverd["traject_id"], geleverd["gemeente_id"], strict=True):
        per.setdefault(int(gemeente_id), set()).add(traject_id)
    return per


def _bereik(assignment: pd.DataFrame):
    """For `_store`: the writes about these trajectories counted for their gemeenten, with them named (versie.py)."""
    def voor(traject_ids: set[str]):
        per = _gemeenten_van(list(traject_ids), assignment)
        return versie.alleen_gemeenten(per, per)
    return voor


def _opslaan(actor, aanbieder, soort, aanlevering, kanaal, gedeeltelijk, checked, frame, valid, errors, shown,
             meer, assignment) -> tuple[Rapport, Validated]:
    """Record the batch and, when the delivery may be stored, its rows (`importeer`, after every check)."""
    batch = AanleverBatch(aanbieder_id=aanbieder.id, gebruiker=verwerkingslog.Actor.of(actor, aanbieder).gebruiker,
                          soort=soort, kanaal=kanaal, bestandsnaam=aanlevering.veilige_naam, rows=len(frame),
                          status="rejected", errors=[e.as_dict() for e in shown], meer_fouten=meer)
    db.session.add(batch)
    db.session.flush()
    rapport = Rapport("rejected", soort, len(frame), errors=shown, batch_id=batch.id, meer_fouten=meer)

    store = not checked.file_rejected and (not errors or gedeeltelijk) and bool(valid.any())
    if store:
        rows = frame[valid]
        bereik = _bereik(assignment)
        *counts, geraakt, gecorrigeerd = _store(soort, rows, actor, aanbieder, batch, bereik)
        rapport.status = "partial" if errors else "accepted"
        rapport.created, rapport.corrected, rapport.unchanged = counts
        rapport.stored = int(valid.sum())
        if errors:
            rapport.stored_lines = [int(line) for line in checked.lines[valid]]
        if soort == "aanwezigheid":
            # The hours per trajectory (traject_uren) follow in this transaction, so the next caseload finds them
            # counted and has nothing to write (a page that writes neither uses nor keeps a kept computation). Only
            # the trajectories whose rows this batch created or corrected can have other hours (unchanged rows keep
            # their earlier batch, as `uren.bijwerken` counts them too); the batch is recorded as counted either way.
            with bereik(geraakt):
                uren.batch_tellen(batch.id, geraakt, gecorrigeerd)
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
    with versie.alleen_gemeenten(()):  # the kept copy is read by no signal: dropping it changes no data version
        data, batch.bewaard_csv = batch.bewaard_csv, None
    rapport, _ = importeer(actor, batch.aanbieder, batch.soort,
                           Aanlevering(data=data, bestandsnaam=batch.bestandsnaam, bewaard=True),
                           kanaal=batch.kanaal, gedeeltelijk=True)
    return rapport


class CorrectieGeweigerd(ServiceError):
    """A correction that the import would refuse: the first problem's code, on its column, said as a form says it
    (by the field's Dutch label, `trajecten.meldingen`); `fout` keeps the import's own report entry."""

    def __init__(self, fout: Fout, soort: str):
        labels = {kolom.naam: kolom.label for kolom in kolommen.kolommen(soort)}
        super().__init__(fout.code, formulier_melding(fout, labels, soort), fout.column or None)
        self.fout = fout


def corrigeer(actor, soort: str, record, wijziging: dict[str, str | None]):
    """Correct values of one stored delivery record outside a delivery (the privacy officer's rectificatie, AVG
    art. 16). `wijziging` maps value columns to text as a delivery would spell it (decimal comma, dd-mm-jjjj). The
    whole corrected row must pass every rule of validate.py and the trajectory's own rules, exactly as if it were
    delivered again; otherwise `CorrectieGeweigerd` (422: the import's code, its message by the field's label) and
    nothing changes. The record keeps its owner (`aanbieder_id`) and its batch; it gets its new version the way a
    delivery's correction does (`_nieuwe_versies`), with `actor` as `vervangen_door`. Returns the history row's id.
    Flushes; the caller logs and commits."""
    velden = _velden(soort)
    onbekend = sorted(set(wijziging) - set(velden))
    if onbekend:
        raise ServiceError("waarde_onbekend", f"{onbekend[0]} kan niet worden gecorrigeerd.", onbekend[0])
    rij = {c: _als_tekst(getattr(record, c)) for c in columns(soort)}
    rij.update({c: (tekst or "").strip() for c, tekst in wijziging.items()})
    checked = validate(rows_from_json([rij], soort), soort, today())
    fouten = list(checked.errors)
    if not fouten:  # the trajectory's own rules (termijn, einde_plicht, doelgroep), as a delivery meets them
        _check_traject_regels(soort, checked.frame.reset_index(drop=True), checked.lines, checked.valid_mask.copy(),
                              fouten, pd.DataFrame({"traject_id": [record.traject_id]}))
    if fouten:
        gewijzigd = [f for f in fouten if f.column in wijziging]
        raise CorrectieGeweigerd((gewijzigd or fouten)[0], soort)
    nieuw = _plain(checked.frame, velden).iloc[0].to_dict()
    oud = {c: _python(getattr(getattr(record, c), "value", getattr(record, c))) for c in velden}
    if all(_json(nieuw[c]) == _json(oud[c]) for c in velden):
        raise ServiceError("ongewijzigd", "De nieuwe waarde is gelijk aan de huidige.", next(iter(wijziging), None))
    vorige = {"id": record.id, "traject_id": record.traject_id, "versie": record.versie,
              "gewijzigd_door": record.gewijzigd_door, "gewijzigd_op": record.gewijzigd_op, **oud}
    (historie_id,) = _nieuwe_versies(soort, [(vorige, nieuw)], verwerkingslog.Actor.of(actor).gebruiker, utcnow(),
                                     record.batch_id, ids=True)
    db.session.expire(record)
    if soort == "aanwezigheid":
        from portal.voortgang.uren import herbereken  # the hours per trajectory follow the corrected attendance
        herbereken([record.traject_id])
    db.session.flush()
    return historie_id


def _als_tekst(value) -> str:
    """A stored value as a delivery spells it, for re-validating a corrected record."""
    value = getattr(value, "value", value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


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


def _assignments(aanbieder_id: int, dag) -> pd.DataFrame:
    """This aanbieder's assignments that still give it work on `dag` (`access.lopende_toewijzing`: running, or
    ended less than the grace period ago): traject_id, onderdeel, gemeente_id, gemeente code, startdatum,
    einddatum (one row per assignment). A trajectory with none of them is `traject_onbekend`, as it is 404 to read."""
    rows = db.session.execute(
        select(Toewijzing.traject_id, Toewijzing.onderdeel, Traject.gemeente_id, Organisatie.code,
               Toewijzing.startdatum, Toewijzing.einddatum)
        .join(Traject, Traject.id == Toewijzing.traject_id)
        .join(Organisatie, Organisatie.id == Traject.gemeente_id)
        .where(lopende_toewijzing(aanbieder_id, dag)))
    frame = pd.DataFrame([tuple(r) for r in rows], columns=["traject_id", "onderdeel", "gemeente_id", "gemeente",
                                                            "startdatum", "einddatum"])
    frame["onderdeel"] = frame["onderdeel"].map(lambda o: getattr(o, "value", o))
    return frame


def _required_onderdeel(soort: str, frame: pd.DataFrame) -> pd.Series:
    if soort == "toets":
        return pd.Series("taal", index=frame.index)
    onderdeel = frame["onderdeel"]
    return onderdeel.replace("taalschakeltraject", "taal") if soort == "afronding" else onderdeel


def _check_against_database(soort, frame, lines, valid, errors, assignment, gemeenten, gestopt=(), *,
                            aanbieder_id: int) -> None:
    """Assignment, agreement, verwerkingsstop, ownership and stored-overlap checks; adds to `errors` and clears
    `valid`. Each check runs once per distinct trajectory id (and onderdeel) and is spread over the rows."""
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
    toegewezen = known & (onderdeel_codes >= 0) & assigned[codes, onderdeel_codes]
    flag(known & (onderdeel_codes >= 0) & ~toegewezen,
         "traject_id" if soort == "toets" else "onderdeel", "niet_toegewezen", MESSAGES["niet_toegewezen"])
    _buiten_toewijzing(soort, frame, toegewezen, assignment, flag)
    _van_andere_aanbieder(soort, frame, known, aanbieder_id, flag)
    met_vo = distinct.isin(assignment.loc[assignment["gemeente_id"].isin(gemeenten), "traject_id"])
    flag(known & ~per_row(met_vo), "traject_id", "geen_verwerkersovereenkomst",
         MESSAGES["geen_verwerkersovereenkomst"])
    if gestopt:
        flag(known & per_row(distinct.isin(_halted_ids(assignment, gestopt))), "traject_id", "traject_beperkt",
             MESSAGES["traject_beperkt"])
    beperkt = privacy.beperkte_ids(set(distinct[known_id]))
    if beperkt:
        flag(known & per_row(distinct.isin(beperkt)), "traject_id", "traject_beperkt", BEPERKT_TRAJECT)
    if soort == "aanwezigheid":
        _overlap_with_stored(frame, lines, known, flag, aanbieder_id)


# --- ownership: a record belongs to the aanbieder that delivered it, inside its own assignment ------------------


def _buiten_toewijzing(soort, frame, toegewezen: np.ndarray, assignment: pd.DataFrame, flag) -> None:
    """`buiten_toewijzing` (interface v1.1) for rows of an onderdeel the aanbieder has: an aanwezigheid period must
    lie within one of its assignments of that onderdeel (from its startdatum to its einddatum); a toets or afronding
    `datum` likewise (toets: the taal assignment). The grace period after an assignment only lets the aanbieder
    deliver late, about its assigned days; it never widens them. Reported on periode_start when the period starts
    outside every assignment, else on periode_eind."""
    start_col, end_col = ("periode_start", "periode_eind") if soort == "aanwezigheid" else ("datum", "datum")
    starts, ends = frame[start_col].to_numpy(), frame[end_col].to_numpy()
    pos = np.flatnonzero(toegewezen & ~pd.isna(starts) & ~pd.isna(ends))
    if not pos.size:
        return
    rows = pd.DataFrame({"_pos": pos, "traject_id": frame["traject_id"].to_numpy(dtype=object)[pos],
                         "onderdeel": _required_onderdeel(soort, frame).to_numpy(dtype=object)[pos],
                         "start": pd.to_datetime(starts[pos]), "eind": pd.to_datetime(ends[pos])})
    spans = pd.DataFrame({"traject_id": assignment["traject_id"].to_numpy(dtype=object),
                          "onderdeel": assignment["onderdeel"].to_numpy(dtype=object),
                          "a_start": pd.to_datetime(assignment["startdatum"].to_numpy()),
                          "a_eind": pd.to_datetime(assignment["einddatum"].to_numpy()).fillna(_OPEN_EIND)})
    merged = rows.merge(spans, on=["traject_id", "onderdeel"])
    starts_inside = (merged["start"] >= merged["a_start"]) & (merged["start"] <= merged["a_eind"])
    inside = starts_inside & (merged["eind"] <= merged["a_eind"])
    outside = np.setdiff1d(pos, merged.loc[inside, "_pos"].to_numpy())
    if not outside.size:
        return
    end_only = np.isin(outside, merged.loc[starts_inside, "_pos"].to_numpy())
    message = MESSAGES["buiten_toewijzing" if soort == "aanwezigheid" else "buiten_toewijzing_datum"]
    for positions, column in ((outside[~end_only], start_col), (outside[end_only], end_col)):
        mask = np.zeros(len(frame), dtype=bool)
        mask[positions] = True
        flag(mask, column, "buiten_toewijzing", message)


_OPEN_EIND = pd.Timestamp("2200-01-01")  # an assignment without einddatum runs on


def _van_andere_aanbieder(soort, frame, known: np.ndarray, aanbieder_id: int, flag) -> None:
    """`van_andere_aanbieder`: a row whose natural key is a stored record of another aanbieder would correct that
    record; it is refused, and the message names none of the other's values."""
    model, keys = MODELS[soort], natural_key_columns(soort)
    pos = np.flatnonzero(known & frame[keys].notna().all(axis=1).to_numpy())
    if not pos.size:
        return
    incoming = _plain(frame.iloc[pos], keys).assign(_pos=pos)
    stored = _fetch(model, incoming["traject_id"].unique(), [getattr(model, c) for c in keys],
                    where=[model.aanbieder_id != aanbieder_id, *_sleutel_datums(soort, incoming)])
    if stored.empty:
        return
    stored = stored.astype({key: object for key in keys})
    hits = incoming.merge(stored, on=keys)["_pos"].to_numpy()
    if hits.size:
        mask = np.zeros(len(frame), dtype=bool)
        mask[hits] = True
        rest = keys[1:]
        sleutel = ", ".join(rest[:-1]) + " en " + rest[-1] if len(rest) > 1 else rest[0]
        flag(mask, "traject_id", "van_andere_aanbieder", MESSAGES["van_andere_aanbieder"].format(sleutel=sleutel))


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
                              toelichting=privacy.WEIGERING)


def _check_traject_regels(soort, frame, lines, valid, errors, assignment) -> None:
    """The rules of interface.md v1.1 that need the trajectory itself: taal data only for asielstatushouders
    (`onderdeel_niet_toegestaan`), an afronding not before termijn_start (`datum_buiten_termijn`), and nothing for a
    period or date after einde_plicht (`traject_beeindigd`). Only rows of trajectories the aanbieder is assigned to
    are checked (the others are `traject_onbekend` already)."""
    toegewezen = set(assignment["traject_id"])
    ids = [t for t in pd.unique(frame["traject_id"].dropna().astype(str)) if t in toegewezen]
    if not ids:
        return
    rows: list[Any] = []
    for start in range(0, len(ids), CHUNK):
        rows.extend(db.session.execute(select(Traject.id, Traject.doelgroep, Traject.termijn_start,
                                              Traject.einde_plicht)
                                       .where(een_van(Traject.id, ids[start:start + CHUNK]))).all())
    facts = pd.DataFrame([(i, getattr(d, "value", d), t, e) for i, d, t, e in rows],
                         columns=["traject_id", "doelgroep", "termijn_start", "einde_plicht"]).set_index("traject_id")
    traject = frame["traject_id"].astype(object)
    known = traject.isin(facts.index).to_numpy()
    doelgroep = traject.map(facts["doelgroep"])
    termijn_start = pd.to_datetime(traject.map(facts["termijn_start"]))
    einde_plicht = pd.to_datetime(traject.map(facts["einde_plicht"]))

    def flag(mask, column, code, message):
        mask = np.asarray(mask, dtype=bool) & known
        for line in lines[mask]:
            errors.append(Fout(int(line), column, code, message))
        valid[mask] = False

    if soort == "toets":
        taal = np.ones(len(frame), dtype=bool)
    else:
        taal = frame["onderdeel"].isin(["taal", "taalschakeltraject"]).to_numpy()
    flag(taal & (doelgroep != "asielstatushouder").to_numpy(), "traject_id" if soort == "toets" else "onderdeel",
         "onderdeel_niet_toegestaan", "Taalgegevens worden alleen voor asielstatushouders aan de gemeente geleverd; "
         "voor deze deelnemer meldt de taalschool aan DUO. Lever deze regel niet aan.")
    datum = frame["periode_eind"] if soort == "aanwezigheid" else frame["datum"]
    with np.errstate(invalid="ignore"):
        na_einde = (einde_plicht.notna() & datum.notna() & (pd.to_datetime(datum) > einde_plicht)).to_numpy()
    flag(na_einde, "periode_eind" if soort == "aanwezigheid" else "datum", "traject_beeindigd",
         "De inburgeringsplicht van dit traject is beëindigd; gegevens over de tijd daarna worden niet aangenomen.")
    if soort == "afronding":
        voor_termijn = (datum.notna() & (pd.to_datetime(datum) < termijn_start)).to_numpy()
        flag(voor_termijn, "datum", "datum_buiten_termijn",
             "Deze datum ligt voor het begin van de inburgeringstermijn; DUO neemt hem niet aan. Controleer de datum.")


def _overlap_with_stored(frame, lines, known, flag, aanbieder_id: int) -> None:
    """A delivered period that shares days with a stored one of other bounds. The aanbieder's own stored period is
    named, to help it correct; another aanbieder's never is."""
    model = MODELS["aanwezigheid"]
    candidates = frame[known & frame["periode_start"].notna().to_numpy() & frame["periode_eind"].notna().to_numpy()]
    if candidates.empty:
        return
    # Only stored periods that share a day with the delivered span can overlap a delivered period.
    stored = _fetch(model, candidates["traject_id"].unique(),
                    [model.traject_id, model.onderdeel, model.periode_start, model.periode_eind, model.aanbieder_id],
                    where=[model.periode_start <= candidates["periode_eind"].max().date(),
                           model.periode_eind >= candidates["periode_start"].min().date()])
    if stored.empty:
        return
    left = candidates[["traject_id", "onderdeel", "periode_start", "periode_eind"]].assign(_pos=np.flatnonzero(
        known & frame["periode_start"].notna().to_numpy() & frame["periode_eind"].notna().to_numpy()))
    left["onderdeel"] = left["onderdeel"].astype(str)
    merged = left.merge(stored, on=["traject_id", "onderdeel"], suffixes=("", "_s"))
    start, end = merged["periode_start"].dt.date, merged["periode_eind"].dt.date
    clash = (start <= merged["periode_eind_s"]) & (end >= merged["periode_start_s"]) & ~(
        (start == merged["periode_start_s"]) & (end == merged["periode_eind_s"]))
    clashes = merged[clash]
    clashes = clashes.assign(_eigen=clashes["aanbieder_id"] == aanbieder_id)
    for _, row in clashes.sort_values("_eigen", ascending=False, kind="stable").drop_duplicates("_pos").iterrows():
        mask = np.zeros(len(frame), dtype=bool)
        mask[row["_pos"]] = True
        flag(mask, "periode_start", "overlap",
             f"Deze periode overlapt met de eerder geleverde periode {nl_date(row['periode_start_s'])} t/m "
             f"{nl_date(row['periode_eind_s'])}. Lever dezelfde periodegrenzen om te corrigeren."
             if row["_eigen"] else MESSAGES["overlap_andere_aanbieder"])


def _fetch(model, traject_ids, columns, *, where=()) -> pd.DataFrame:
    """Stored rows of a delivery table for these trajectories (narrowed by the conditions in `where`, e.g. to one
    aanbieder's records), as a frame (enum values as strings)."""
    parts: list[Any] = []
    ids = list(traject_ids)
    for start in range(0, len(ids), CHUNK):
        query = select(*columns).where(een_van(model.traject_id, ids[start:start + CHUNK]), *where)
        parts.extend(db.session.execute(query).all())
    frame = pd.DataFrame([tuple(r) for r in parts], columns=[c.key for c in columns])
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: getattr(v, "value", v))
    return frame


def _sleutel_datums(soort: str, incoming: pd.DataFrame) -> list:
    """Conditions that keep every stored record whose natural key can equal a delivered one (`incoming`: `_plain`
    key columns): each date column of the key between the earliest and the latest delivered value. A delivery of
    one month then reads that month's records, not each trajectory's whole history."""
    model, conditions = MODELS[soort], []
    for column in natural_key_columns(soort):
        values = [v for v in incoming[column] if v is not None]
        if values and all(isinstance(v, date) for v in values):
            conditions.append(getattr(model, column).between(min(values), max(values)))
    return conditions


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


def _store(soort, rows: pd.DataFrame, actor, aanbieder: Organisatie, batch: AanleverBatch,
           bereik) -> tuple[int, int, int, set[str], set[str]]:
    """Bulk insert new keys, bulk correct changed ones (keeping history); returns (created, corrected, unchanged),
    the trajectories of the created and corrected rows, whose writes it makes inside `bereik(trajectories)`, and
    those of the corrected rows."""
    model = MODELS[soort]
    keys, values = natural_key_columns(soort), VALUE_COLUMNS[soort]
    fields = [v for v in values if v not in keys]
    columns = keys + fields
    incoming = _plain(rows, columns)
    # Only the aanbieder's own records: `_van_andere_aanbieder` refused every row that matches another's.
    stored = _fetch(model, incoming["traject_id"].unique(),
                    [model.id, model.versie, model.gewijzigd_door, model.gewijzigd_op,
                     *[getattr(model, c) for c in columns]],
                    where=[model.aanbieder_id == aanbieder.id, *_sleutel_datums(soort, incoming)])
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
    geraakt = set(merged.loc[(new | changed).to_numpy(), "traject_id"])
    gecorrigeerd = set(merged.loc[changed.to_numpy(), "traject_id"])
    with bereik(geraakt):
        if created:
            # In trajectory order (stable, so a trajectory's periods keep their order): each index then takes its
            # entries in runs instead of at random places, which makes the insert markedly cheaper.
            fresh = merged[new]
            fresh = fresh.iloc[np.argsort(fresh["traject_id"].to_numpy(dtype=str), kind="stable")]
            insert_rows(model.__table__, {**{c: fresh[c].tolist() for c in columns}, **common, "versie": 1})
        if changed.any():
            old = merged[changed]
            vervangen = [({**row, **{c: row[f"{c}_oud"] for c in fields}}, {c: _python(row[c]) for c in fields})
                         for _, row in old.iterrows()]
            _nieuwe_versies(soort, vervangen, door, nu, batch.id)
    return created, int(changed.sum()), int((~new & ~changed).sum()), geraakt, gecorrigeerd


def _nieuwe_versies(soort: str, vervangen: list[tuple[dict, dict]], door: str, nu, batch_id: int, *,
                    ids: bool = False) -> list[int]:
    """The one way a stored delivery record gets a new version, by a delivery (`_store`) or by a correction outside
    one (`corrigeer`): per (vorige, nieuw) pair the previous version goes to levering_historie (`_historie`) and the
    record takes the new values, versie + 1, `door` and `nu`, and `batch_id` (the batch of the new version). The
    record's owner never changes. With `ids`, the history rows' ids in the pairs' order."""
    historie = [_historie(soort, vorige, door, nu, batch_id) for vorige, _ in vervangen]
    if ids:
        result = list(db.session.scalars(
            insert(LeveringHistorie).returning(LeveringHistorie.id, sort_by_parameter_order=True), historie))
    else:
        db.session.execute(insert(LeveringHistorie), historie)
        result = []
    db.session.execute(update(MODELS[soort]), [
        {**nieuw, "id": int(vorige["id"]), "versie": int(vorige["versie"]) + 1, "batch_id": batch_id,
         "gewijzigd_door": door, "gewijzigd_op": nu} for vorige, nieuw in vervangen])
    return result


def _historie(soort: str, vorige, door: str, nu, batch_id: int) -> dict:
    """The levering_historie row of a replaced version (`vorige`: the record's id, traject_id, versie,
    gewijzigd_door, gewijzigd_op and value columns before the correction): one shape for every correction, by an
    aanbieder's delivery or by the privacy officer's rectificatie (`corrigeer`)."""
    return {"soort": soort, "record_id": int(vorige["id"]), "traject_id": vorige["traject_id"],
            "versie": int(vorige["versie"]), "geleverd_door": vorige["gewijzigd_door"],
            "geleverd_op": vorige["gewijzigd_op"], "vervangen_door": door, "vervangen_op": nu, "batch_id": batch_id,
            "waarden": {c: _json(vorige[c]) for c in _velden(soort)}}


def _velden(soort: str) -> list[str]:
    """The value columns of a soort: what a correction may change (the natural key identifies the record)."""
    return VALUE_COLUMNS[soort]


def _json(value):
    value = _python(getattr(value, "value", value))
    return value.isoformat() if hasattr(value, "isoformat") else value
