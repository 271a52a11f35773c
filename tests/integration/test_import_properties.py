"""Property-based: any generated delivery is accepted whole or rejected with nothing stored; re-importing an accepted
file changes nothing; a valid BSN in any cell of any soort is refused and appears nowhere."""
import json
from datetime import date, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from portal.extensions import db
from portal.leveringen.service import Aanlevering, importeer
from portal.models import AanleverBatch, Aanwezigheid, Afronding, LeveringHistorie, LogEntry, Toets
from tests.helpers.bsn import formatted_bsn
from tests.helpers.leveringen import HEADER, csv_bytes

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TABLES = (Aanwezigheid, Toets, Afronding, LeveringHistorie)


def snapshot():
    """Every delivery row and history row, as comparable tuples (the database's content, not its timestamps)."""
    state = {}
    for model in TABLES:
        columns = [c for c in model.__table__.columns if c.name not in ("gewijzigd_op", "vervangen_op", "batch_id")]
        state[model.__tablename__] = sorted(map(tuple, db.session.execute(select(*columns)).all()), key=str)
    return state


hours = st.sampled_from(["0", "1", "2,5", "4", "5", "10", "12.25"] * 4 + ["-1", "abc", ""])
dates = st.dates(date(2021, 12, 20), date(2026, 6, 20))


@st.composite
def aanwezigheid_rows(draw, traject_ids):
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        start = draw(dates)
        rows.append({"traject_id": draw(st.sampled_from(traject_ids)),
                     "onderdeel": draw(st.sampled_from(["taal"] * 8 + ["map", "xyz"])),
                     "periode_start": start.isoformat(),
                     "periode_eind": (start + timedelta(days=draw(st.integers(-1, 32)))).strftime("%d-%m-%Y"),
                     "uren_gepland": draw(st.sampled_from(["40"] * 9 + ["", "1"])), "uren_aanwezig": draw(hours),
                     "uren_verzuim_geoorloofd": draw(hours), "uren_verzuim_ongeoorloofd": draw(hours),
                     "verzuim_reden": draw(st.sampled_from(["ziekte", "onbekend"] * 4 + ["", "vakantie"])),
                     "aantal_keer_verzuim": draw(st.sampled_from(["", "0", "2", "1,5"]))})
    return rows


@PROPERTY
@given(data=st.data())
def test_a_delivery_is_accepted_whole_or_stores_nothing(world, data):
    rows = data.draw(aanwezigheid_rows([world.traject.id, world.traject_b.id, "ZZZZ-ZZZZ-Z"]))
    before = snapshot()
    rapport, _ = importeer(world.taal_user, world.taal_aanbieder, "aanwezigheid",
                           Aanlevering(data=csv_bytes("aanwezigheid", rows), bestandsnaam="x.csv"), kanaal="api")
    after = snapshot()
    event(rapport.status)
    if rapport.status == "rejected":
        assert after == before and rapport.stored == 0 and rapport.errors
    else:
        assert rapport.status == "accepted" and rapport.stored == len(rows) and not rapport.errors
        assert len(after["aanwezigheid"]) - len(before["aanwezigheid"]) == rapport.created
        again, _ = importeer(world.taal_user, world.taal_aanbieder, "aanwezigheid",
                             Aanlevering(data=csv_bytes("aanwezigheid", rows), bestandsnaam="x.csv"), kanaal="api")
        assert again.unchanged == len(rows) and again.created == again.corrected == 0
        assert snapshot() == after
    db.session.rollback()


def _valid_row(soort, traject_id):
    return {
        "aanwezigheid": {"traject_id": traject_id, "onderdeel": "taal", "periode_start": "2026-02-01",
                         "periode_eind": "2026-02-28", "uren_gepland": "40", "uren_aanwezig": "30",
                         "uren_verzuim_geoorloofd": "0", "uren_verzuim_ongeoorloofd": "0", "verzuim_reden": "",
                         "aantal_keer_verzuim": ""},
        "toets": {"traject_id": traject_id, "datum": "2026-02-03", "vaardigheid": "lezen", "niveau": "A2",
                  "resultaat": "behaald", "score": "60"},
        "afronding": {"traject_id": traject_id, "onderdeel": "taal", "datum": "2026-02-03", "status": "afgerond",
                      "reden": "", "verwijtbaar": ""},
    }[soort]


@PROPERTY
@given(soort=st.sampled_from(["aanwezigheid", "toets", "afronding"]), data=st.data(), value=formatted_bsn())
def test_a_valid_bsn_in_any_cell_of_any_soort_is_refused_and_appears_nowhere(world, soort, data, value):
    row = _valid_row(soort, world.traject.id)
    column = data.draw(st.sampled_from(HEADER[soort]))
    row[column] = value
    rapport, _ = importeer(world.taal_user, world.taal_aanbieder, soort,
                           Aanlevering(data=csv_bytes(soort, [row]), bestandsnaam="x.csv"), kanaal="api")
    assert rapport.status == "rejected"
    assert (2, column, "bsn_niet_toegestaan") in [(e.line, e.column, e.code) for e in rapport.errors]
    report_text = json.dumps(rapport.as_dict())
    digits = value.replace(" ", "").replace(".", "").replace("-", "")
    assert value not in report_text and digits not in report_text
    stored = " ".join(str(r) for model in (*TABLES, AanleverBatch, LogEntry)
                      for r in db.session.execute(select(model.__table__)).all())
    assert value not in stored and digits not in stored
    db.session.rollback()
