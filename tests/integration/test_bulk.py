"""portal.bulk.insert_rows, the bulk INSERT of deliveries and log entries (executemany on SQLite, COPY on
PostgreSQL): what it stores reads back exactly as given, through the ORM's own column types."""
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from portal.bulk import insert_rows
from portal.codes import Onderdeel, VerzuimReden
from portal.extensions import db
from portal.leveringen.service import Aanlevering, importeer
from portal.models import Aanwezigheid
from tests.helpers.leveringen import csv_bytes

ODD_TEXT = "tab\there, a backslash \\N, a newline\nand ;\"quotes\""


def delivered_batch(world) -> int:
    row = {"traject_id": world.traject.id, "onderdeel": "taal", "periode_start": "2026-01-01",
           "periode_eind": "2026-01-31", "uren_gepland": "40", "uren_aanwezig": "40", "uren_verzuim_geoorloofd": "0",
           "uren_verzuim_ongeoorloofd": "0"}
    rapport, _ = importeer(world.taal_user, world.taal_aanbieder, "aanwezigheid",
                           Aanlevering(data=csv_bytes("aanwezigheid", [row]), bestandsnaam="x.csv"), kanaal="api")
    assert rapport.status == "accepted"
    return rapport.batch_id


def test_rows_read_back_as_given_with_constants_missing_values_and_odd_text(world):
    batch_id = delivered_batch(world)
    stamp = datetime(2026, 11, 23, 10, 15, 30, 123456)
    count = insert_rows(Aanwezigheid.__table__, {
        "traject_id": [world.traject.id, world.traject.id], "onderdeel": ["taal", "taal"],
        "periode_start": [date(2025, 1, 1), date(2025, 2, 1)], "periode_eind": [date(2025, 1, 31), date(2025, 2, 28)],
        "uren_gepland": [40.0, 12.25], "uren_aanwezig": [30.5, 12.25], "uren_verzuim_geoorloofd": [0.0, 0.0],
        "uren_verzuim_ongeoorloofd": [9.5, 0.0], "verzuim_reden": ["ziekte", None], "aantal_keer_verzuim": [2, None],
        "aanbieder_id": world.taal_aanbieder.id, "batch_id": batch_id, "versie": 1, "gewijzigd_op": stamp,
        "gewijzigd_door": ODD_TEXT})
    a = Aanwezigheid
    rows = db.session.execute(
        select(a.onderdeel, a.periode_start, a.periode_eind, a.uren_gepland, a.uren_aanwezig,
               a.uren_verzuim_ongeoorloofd, a.verzuim_reden, a.aantal_keer_verzuim, a.versie, a.gewijzigd_op,
               a.gewijzigd_door)
        .where(a.batch_id == batch_id, a.periode_start < date(2026, 1, 1)).order_by(a.periode_start)).all()
    assert count == 2
    assert [tuple(row) for row in rows] == [
        (Onderdeel.taal, date(2025, 1, 1), date(2025, 1, 31), 40.0, 30.5, 9.5, VerzuimReden.ziekte, 2, 1, stamp,
         ODD_TEXT),
        (Onderdeel.taal, date(2025, 2, 1), date(2025, 2, 28), 12.25, 12.25, 0.0, None, None, 1, stamp, ODD_TEXT)]


def test_columns_of_different_lengths_are_refused_before_anything_is_written(world):
    batch_id = delivered_batch(world)
    before = db.session.scalar(select(func.count()).select_from(Aanwezigheid))
    with pytest.raises(ValueError):
        insert_rows(Aanwezigheid.__table__, {"traject_id": [world.traject.id, world.traject.id],
                                             "onderdeel": ["taal"], "batch_id": batch_id})
    assert db.session.scalar(select(func.count()).select_from(Aanwezigheid)) == before
