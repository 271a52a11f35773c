"""An integrator's view of /api/v1: a client generated from /api/v1/openapi.json by openapi-python-client calls
every operation of the document, through the generated code, against the app (WSGI transport), and parses every
answer into the generated models.

A new operation in the OpenAPI document fails this test until CALLS says how to call it."""
import importlib
import io
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from flask import g

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "portaal_api_client"

# module of the generated client (api/default/<name>.py) -> (role, keyword arguments, statuses that may answer).
# Arguments are callables of (world, models, state) so that they can use ids created by earlier calls.
CALLS = {
    "post_trajecten": ("regisseur", lambda w, m, s: {"body": m.PostTrajectenBody.from_dict(
        {"doelgroep": "asielstatushouder", "leerroute": "b1", "pip_datum": "2026-02-02", "intensiteit_uren": 600})},
        {201}),
    "get_trajecten": ("regisseur", lambda w, m, s: {"pagina": 1, "per_pagina": 10}, {200}),
    "get_trajecten_traject_id": ("regisseur", lambda w, m, s: {"traject_id": w.traject.id}, {200}),
    "post_trajecten_traject_id_toewijzingen": ("regisseur", lambda w, m, s: {
        "traject_id": s["nieuw_traject"], "body": m.PostTrajectenTrajectIdToewijzingenBody.from_dict(
            {"aanbieder": w.taal_aanbieder.code, "onderdeel": "taal", "startdatum": "2026-03-02"})}, {201}),
    "post_aanleveringen": ("aanbieder", lambda w, m, s: {
        "soort": m.PostAanleveringenSoort("aanwezigheid"), "body": m.PostAanleveringenJsonBody.from_dict(
            {"rijen": [{"traject_id": w.traject.id, "onderdeel": "taal", "periode_start": "2026-03-01",
                        "periode_eind": "2026-03-31", "uren_gepland": "40", "uren_aanwezig": "36",
                        "uren_verzuim_geoorloofd": "4", "uren_verzuim_ongeoorloofd": "0",
                        "verzuim_reden": "ziekte", "aantal_keer_verzuim": "1"}]})}, {200}),
    "patch_trajecten_traject_id": ("regisseur", lambda w, m, s: {
        "traject_id": s["nieuw_traject"], "body": m.PatchTrajectenTrajectIdBody.from_dict(
            {"niveau": "A2", "reden": "PIP gewijzigd: afschalen naar A2"})}, {200}),
    "get_trajecten_traject_id_historie": ("regisseur", lambda w, m, s: {"traject_id": s["nieuw_traject"]}, {200}),
    "patch_trajecten_traject_id_toewijzingen_onderdeel": ("regisseur", lambda w, m, s: {
        "traject_id": s["nieuw_traject"], "onderdeel": "taal",
        "body": m.PatchTrajectenTrajectIdToewijzingenOnderdeelBody.from_dict(
            {"einddatum": "2026-05-31", "reden": "Aanbieder gewisseld"})}, {200}),
    "post_trajecten_traject_id_zroute_afronding": ("regisseur", lambda w, m, s: {
        "traject_id": w.traject.id, "body": m.PostTrajectenTrajectIdZrouteAfrondingBody.from_dict(
            {"datum": "2026-06-01"})}, {200, 201, 422}),
    "get_duo_export": ("regisseur", lambda w, m, s: {}, {200}),
    "get_trajecten_traject_id_voortgang": ("regisseur", lambda w, m, s: {"traject_id": w.traject.id}, {200}),
    "post_trajecten_traject_id_duo_registratie": ("regisseur", lambda w, m, s: {
        "traject_id": w.traject.id, "body": m.PostTrajectenTrajectIdDuoRegistratieBody.from_dict(
            {"onderdeel": "map", "datum": "2026-06-01"})}, {201, 409, 422}),
    "get_signalen": ("regisseur", lambda w, m, s: {}, {200}),
    "get_register": ("privacy", lambda w, m, s: {}, {200}),
    "get_register_dekking": ("privacy", lambda w, m, s: {}, {200}),
    "get_verwerkingslog": ("privacy", lambda w, m, s: {"traject_id": w.traject.id}, {200}),
    "post_verzoeken": ("privacy", lambda w, m, s: {"body": m.PostVerzoekenBody.from_dict(
        {"type": "inzage", "ontvangen": "2026-06-01", "kanaal": "post", "traject_ids": [w.traject.id]})}, {201}),
    "get_verzoeken_verzoek_id": ("privacy", lambda w, m, s: {"verzoek_id": s["verzoek"]}, {200}),
    "post_verzoeken_verzoek_id_acties": ("privacy", lambda w, m, s: {
        "verzoek_id": s["verzoek"], "body": m.PostVerzoekenVerzoekIdActiesBody.from_dict({"actie": "inzage"})},
        {200}),
}


def api_client(generated, app, token: str):
    """The generated client, its HTTP going straight into the app. Every request gets a fresh `g`, as in a real
    server (the test's app context, and so its rolled-back transaction, stays)."""
    def wsgi(environ, start_response):
        g.__dict__.clear()
        return app(environ, start_response)
    base = "http://portal.test/api/v1"
    return generated.AuthenticatedClient(base_url=base, token=token).set_httpx_client(httpx.Client(
        base_url=base, transport=httpx.WSGITransport(app=wsgi), headers={"Authorization": f"Bearer {token}"}))


_generated: dict[str, Path] = {}  # OpenAPI document -> where its client was generated (once per worker)


@pytest.fixture
def generated(client, tmp_path_factory, monkeypatch):
    """Generate the client from the app's own OpenAPI document (once per distinct document) and import it."""
    document = json.dumps(client.get("/api/v1/openapi.json").json)
    if document not in _generated:
        out = tmp_path_factory.mktemp("generated_client")
        (out / "openapi.json").write_text(document)
        (out / "config.yaml").write_text(f"package_name_override: {PACKAGE}\npost_hooks: []\n")
        subprocess.run([str(GENERATOR), "generate", "--path", "openapi.json", "--config", "config.yaml", "--meta",
                        "none", "--output-path", PACKAGE], cwd=out, check=True, capture_output=True, text=True)
        _generated[document] = out
    monkeypatch.syspath_prepend(str(_generated[document]))
    for name in [n for n in sys.modules if n.split(".")[0] == PACKAGE]:
        del sys.modules[name]
    return importlib.import_module(PACKAGE)


def test_a_generated_client_calls_every_operation_of_the_openapi_document(app, generated, make, world):
    operations = sorted(p.stem for p in Path(generated.__file__).parent.glob("api/*/*.py") if p.stem != "__init__")
    assert sorted(CALLS) == operations, "every operation of openapi.json needs an entry in CALLS"
    models = importlib.import_module(f"{PACKAGE}.models")
    users = {"regisseur": world.regisseur_a, "aanbieder": world.taal_user, "privacy": world.privacy_a}
    clients = {role: api_client(generated, app, make.token(user)) for role, user in users.items()}
    state: dict = {}
    for name, (role, arguments, statuses) in CALLS.items():
        module = importlib.import_module(f"{PACKAGE}.api.default.{name}")
        response = module.sync_detailed(client=clients[role], **arguments(world, models, state))
        assert response.status_code in statuses, (name, response.status_code, response.content[:300])
        assert response.parsed is not None, (name, "the generated client could not parse the answer")
        if name == "post_trajecten":
            state["nieuw_traject"] = response.parsed.traject_id
        if name == "post_verzoeken":
            state["verzoek"] = response.parsed.id


def test_a_generated_client_uploads_a_file_as_multipart(app, generated, make, world):
    models = importlib.import_module(f"{PACKAGE}.models")
    types = importlib.import_module(f"{PACKAGE}.types")
    module = importlib.import_module(f"{PACKAGE}.api.default.post_aanleveringen")
    client = api_client(generated, app, make.token(world.taal_user))
    csv = ("traject_id;datum;vaardigheid;niveau;resultaat;score\n"
           f"{world.traject.id};2026-05-04;lezen;A2;behaald;70\n").encode()
    body = models.PostAanleveringenFilesBody(bestand=types.File(payload=io.BytesIO(csv), file_name="toets.csv"))
    response = module.sync_detailed(client=client, soort=models.PostAanleveringenSoort("toets"), body=body)
    assert response.status_code == 200, response.content[:300]
    assert response.parsed.stored == 1
