"""The /api/v1 trajectory endpoints of interface.md."""
from portal.beheer.services import revoke_token
from portal.extensions import db
from portal.models import ApiToken
from portal.trajecten.ids import is_valid
from tests.helpers.api import bearer


def test_a_regisseur_creates_a_traject_and_gets_a_valid_pseudonymous_id(client, world, make):
    token = make.token(world.regisseur_a)
    response = client.post("/api/v1/trajecten", headers=bearer(token), json={
        "doelgroep": "asielstatushouder", "leerroute": "z_route", "pip_datum": "2026-01-12"})
    assert response.status_code == 201
    traject_id = response.json["traject_id"]
    assert is_valid(traject_id) and not traject_id.replace("-", "").isdigit()
    detail = client.get(f"/api/v1/trajecten/{traject_id}", headers=bearer(token)).json
    assert detail["intensiteit_uren"] == 800 and detail["gemeente"] == world.gemeente_a.code


def test_creating_a_traject_with_bad_values_answers_422_with_a_dutch_message(client, world, make):
    token = make.token(world.regisseur_a)
    response = client.post("/api/v1/trajecten", headers=bearer(token), json={
        "doelgroep": "toerist", "leerroute": "b1", "pip_datum": "2026-01-12", "intensiteit_uren": 600})
    assert response.status_code == 422 and response.json["error"] == "waarde_onbekend"
    response = client.post("/api/v1/trajecten", headers=bearer(token), json={
        "doelgroep": "gezinsmigrant", "leerroute": "b1", "pip_datum": "12-01-2026"})
    assert response.status_code == 422 and response.json["error"] == "datum_ongeldig"
    response = client.post("/api/v1/trajecten", headers=bearer(token), json={
        "doelgroep": "asielstatushouder", "leerroute": "b1", "pip_datum": "2026-01-12"})
    assert response.status_code == 422 and response.json["field"] == "intensiteit_uren"


def test_an_aanbieder_may_not_create_trajecten(client, world, make):
    response = client.post("/api/v1/trajecten", headers=bearer(make.token(world.taal_user)), json={
        "doelgroep": "gezinsmigrant", "leerroute": "z_route", "pip_datum": "2026-01-12"})
    assert response.status_code == 403 and response.json["error"] == "verboden"


def test_list_shows_exactly_the_visible_trajecten(client, world, make):
    body = client.get("/api/v1/trajecten", headers=bearer(make.token(world.taal_user))).json
    assert [t["traject_id"] for t in body["trajecten"]] == [world.traject.id]
    body = client.get("/api/v1/trajecten", headers=bearer(make.token(world.regisseur_b))).json
    assert [t["traject_id"] for t in body["trajecten"]] == [world.traject_b.id]


def test_assigning_an_aanbieder_through_the_api(client, world, make):
    token = make.token(world.regisseur_a)
    traject = make.traject(world.regisseur_a)
    response = client.post(f"/api/v1/trajecten/{traject.id}/toewijzingen", headers=bearer(token),
                           json={"aanbieder": world.taal_aanbieder.code, "onderdeel": "taal",
                                 "startdatum": "2025-02-03"})
    assert response.status_code == 201 and response.json["aanbieder"] == world.taal_aanbieder.code
    again = client.post(f"/api/v1/trajecten/{traject.id}/toewijzingen", headers=bearer(token),
                        json={"aanbieder": world.taal_aanbieder.code, "onderdeel": "taal", "startdatum": "2025-03-03"})
    assert again.status_code == 409
    wrong = client.post(f"/api/v1/trajecten/{traject.id}/toewijzingen", headers=bearer(token),
                        json={"aanbieder": world.taal_aanbieder.code, "onderdeel": "pvt", "startdatum": "2025-03-03"})
    assert wrong.status_code == 422 and wrong.json["error"] == "onderdeel_niet_aangeboden"


def test_reassigning_an_onderdeel_ends_the_running_assignment(client, world, make):
    token = make.token(world.regisseur_a)
    other = make.aanbieder(["taal"])
    response = client.post(f"/api/v1/trajecten/{world.traject.id}/toewijzingen", headers=bearer(token),
                           json={"aanbieder": other.code, "onderdeel": "taal", "startdatum": "2025-09-01"})
    assert response.status_code == 201
    taal = [t for t in client.get(f"/api/v1/trajecten/{world.traject.id}", headers=bearer(token)).json["toewijzingen"]
            if t["onderdeel"] == "taal"]
    assert [(t["aanbieder"], t["einddatum"]) for t in taal] == [(world.taal_aanbieder.code, "2025-08-31"),
                                                               (other.code, None)]


def test_without_a_valid_token_the_api_answers_401(client, world, make):
    assert client.get("/api/v1/trajecten").status_code == 401
    assert client.get("/api/v1/trajecten", headers=bearer("ibp_nonsense")).status_code == 401
    token = make.token(world.regisseur_a)
    assert client.get("/api/v1/trajecten", headers=bearer(token)).status_code == 200
    revoke_token(db.session.query(ApiToken).filter_by(user_id=world.regisseur_a.id).one())
    db.session.commit()
    assert client.get("/api/v1/trajecten", headers=bearer(token)).status_code == 401


def test_tokens_are_stored_hashed(world, make):
    token = make.token(world.regisseur_a)
    stored = db.session.query(ApiToken).filter_by(user_id=world.regisseur_a.id).one()
    assert token not in (stored.token_hash, stored.prefix) and len(stored.token_hash) == 64


def test_the_openapi_document_lists_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in document["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi":
            path = rule.rule.removeprefix("/api/v1").replace("<", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method) in documented, (path, method)


def test_api_errors_are_json_never_html(client, world, make):
    response = client.get("/api/v1/bestaat-niet", headers=bearer(make.token(world.regisseur_a)))
    assert response.status_code == 404 and response.is_json and response.json["error"] == "niet_gevonden"
