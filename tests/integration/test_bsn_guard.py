"""The BSN guard on every input path of the foundation: form fields and JSON bodies. Never stored, never echoed."""
import logging
import re
import threading
import urllib.error
import urllib.request
from urllib.parse import unquote_plus

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import select
from werkzeug.serving import make_server

from portal import bsn
from portal.extensions import db
from portal.models import LogEntry, Traject
from tests.helpers.bsn import disguised_bsn, formatted_bsn

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
    assert response.status_code == 422 and "op een BSN lijkt; laat het weg" in html and value not in html
    search = web.get("/trajecten/", query_string={"zoek": value}).get_data(as_text=True)
    assert value not in search
    assert len(db.session.scalars(select(Traject)).all()) == count
    assert value not in _everything_stored()


# --- issue 13: formatting, repeated parameters, links, logs, nesting -----------------------------------------------

def _hrefs(html: str) -> list[str]:
    return [unquote_plus(h) for h in re.findall(r'(?:href|action|src)="([^"]*)"', html)]


@ONCE_PER_FIXTURE
@given(value=disguised_bsn())
def test_a_disguised_bsn_in_a_json_body_or_a_form_field_is_refused(client, world, make, login, value):
    token = make.token(world.regisseur_a)
    response = client.post("/api/v1/trajecten", json={"doelgroep": "gezinsmigrant", "leerroute": "z_route",
                                                      "pip_datum": "2026-01-05", "opmerking": value},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422 and response.json["error"] == "bsn_niet_toegestaan"
    web = login(world.regisseur_a)
    response = web.post("/trajecten/nieuw", data={"doelgroep": "gezinsmigrant", "leerroute": "b1",
                                                  "pip_datum": "2026-01-05", "intensiteit_uren": value,
                                                  "csrf_token": web.csrf_token})
    assert response.status_code == 422 and value not in response.get_data(as_text=True)
    assert value not in _everything_stored()


def test_every_value_of_a_repeated_query_parameter_is_scanned_by_the_api(client, world, make):
    token = make.token(world.regisseur_a)
    for query in ("zoek=abc&zoek=111%C2%A0222%C2%A0333", "a=1&b=2&b=111-222-333", "111222333=x"):
        response = client.get(f"/api/v1/trajecten?{query}", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 422 and response.json["error"] == "bsn_niet_toegestaan"
        assert "111" not in response.get_data(as_text=True)
    assert client.get("/api/v1/trajecten?zoek=abc&zoek=2026-01-15",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_page_asked_with_a_bsn_in_its_query_string_is_refused_without_any_link_or_redirect_carrying_it(
        client, world, login):
    web = login(world.regisseur_a)
    for url in ("/trajecten/?zoek=abc&zoek=111%20222%20333", "/trajecten/?zoek=x&pagina=2&status=111_222_333",
                "/trajecten/?zoek=%EF%BC%91%EF%BC%91%EF%BC%91222333"):
        for browser in (web, client):  # logged in, and anonymous (which would otherwise be sent to the login page)
            response = browser.get(url)
            html = response.get_data(as_text=True)
            assert response.status_code == 400 and "Location" not in response.headers
            assert "burgerservicenummer" in html
            assert not any(bsn.contains_bsn(h) for h in _hrefs(html)) and "111" not in html
    response = client.get("/login?next=%2Ftrajecten%2F%3Fzoek%3D111222333")
    assert response.status_code == 400 and "111" not in response.get_data(as_text=True)
    listing = web.get("/trajecten/?zoek=abc&pagina=1")
    assert listing.status_code == 200


@pytest.mark.parametrize("depth", [400, 100_000])
def test_a_json_body_nested_deeper_than_the_cap_is_a_clear_400_not_a_500(client, world, make, depth):
    token = make.token(world.regisseur_a)
    body = "[" * depth + "]" * depth
    for path in ("/api/v1/trajecten", "/api/v1/verzoeken", "/api/v1/aanleveringen?soort=toets"):
        response = client.post(path, data=body, content_type="application/json",
                               headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 400, path
        assert response.json["error"] == "ongeldig_verzoek" and "genest" in response.json["message"]


def test_no_logged_request_line_holds_a_bsn(app, caplog, monkeypatch):
    """werkzeug logs the request line as it came in; the app's log filter masks the BSN in it."""
    monkeypatch.setattr(logging.getLogger("werkzeug"), "disabled", False)  # alembic's fileConfig disabled it
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            for query in ("zoek=111222333", "zoek=a&zoek=111%20222%20333", "zoek=111+222+333",
                          "zoek=%EF%BC%91%EF%BC%91%EF%BC%91222333"):
                with pytest.raises(urllib.error.HTTPError) as refused:
                    urllib.request.urlopen(f"http://127.0.0.1:{server.port}/trajecten/?{query}")
                assert refused.value.code == 400
    finally:
        server.shutdown()
        thread.join()
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug" and "/trajecten/" in r.getMessage()]
    assert len(lines) == 4, [(r.name, r.getMessage()) for r in caplog.records]
    assert all("GET /trajecten/?" + bsn.MASK in line and "400" in line for line in lines), lines
    assert not any(bsn.contains_bsn(unquote_plus(line)) for line in lines)


def test_a_bsn_typed_into_the_login_form_is_refused_and_not_shown_again(client):
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    response = client.post("/login", data={"email": "111\u00a0222\u00a0333@x.nl", "password": "wachtwoord",
                                           "csrf_token": token.group(1) if token else ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "burgerservicenummer" in html and "222" not in html
