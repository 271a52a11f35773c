"""The BSN guard on every input path of the foundation: form fields and JSON bodies. Never stored, never echoed."""
from hypothesis import HealthCheck, given, settings
from sqlalchemy import select

from portal.extensions import db
from portal.models import LogEntry, Traject
from tests.unit.test_bsn import formatted_bsn

ONCE_PER_FIXTURE = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _everything_stored() -> str:
    rows = [*db.session.scalars(select(Traject)), *db.session.scalars(select(LogEntry))]
    return " ".join(str(vars(r)) for r in rows)


@ONCE_PER_FIXTURE
@given(value=formatted_bsn())
def test_a_bsn_in_a_json_body_is_refused_and_not_echoed(client, world, make, value):
    token = make.token(world.regisseur_a)
    for path, body in (("/api/v1/trajecten", {"doelgroep": "gezinsmigrant", "leerroute": "z_route",
                                              "pip_datum": "2026-01-05", "opmerking": value}),
                       (f"/api/v1/trajecten/{world.traject.id}/toewijzingen",
                        {"aanbieder": value, "onderdeel": "taal", "startdatum": "2025-05-01"})):
        response = client.post(path, json=body, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 422 and response.json["error"] == "bsn_niet_toegestaan"
        assert value not in response.get_data(as_text=True)
    assert value not in _everything_stored()


@ONCE_PER_FIXTURE
@given(value=formatted_bsn())
def test_a_bsn_in_a_query_string_is_refused(client, world, make, value):
    token = make.token(world.regisseur_a)
    response = client.get("/api/v1/trajecten", query_string={"zoek": value},
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422 and value not in response.get_data(as_text=True)


@ONCE_PER_FIXTURE
@given(value=formatted_bsn())
def test_a_bsn_in_a_form_field_is_refused_and_not_echoed(world, login, value):
    web = login(world.regisseur_a)
    count = len(db.session.scalars(select(Traject)).all())
    response = web.post("/trajecten/nieuw", data={"doelgroep": "gezinsmigrant", "leerroute": "b1",
                                                  "pip_datum": "2026-01-05", "intensiteit_uren": value,
                                                  "csrf_token": web.csrf_token})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "burgerservicenummer" in html and value not in html
    search = web.get("/trajecten/", query_string={"zoek": value}).get_data(as_text=True)
    assert value not in search
    assert len(db.session.scalars(select(Traject)).all()) == count
    assert value not in _everything_stored()
