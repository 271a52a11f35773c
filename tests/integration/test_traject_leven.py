"""The trajectory over its life (interface.md v1.1): changes as versions with a reason, ending, the DUO termijn, and
who may do it. The test app's clock is frozen at 2026-06-15."""
from datetime import date

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import LogEntry
from tests.helpers.api import bearer


@pytest.fixture
def regie(client, world, make):
    token = make.token(world.regisseur_a)

    def patch(traject_id, **body):
        return client.patch(f"/api/v1/trajecten/{traject_id}", headers=bearer(token), json=body)

    patch.token = token
    return patch


def test_a_new_trajectory_answers_every_field_with_an_estimated_termijn(client, world, make):
    traject = make.traject(world.regisseur_a, pip_datum=date(2023, 3, 15))
    body = client.get(f"/api/v1/trajecten/{traject.id}", headers=bearer(make.token(world.regisseur_a))).json
    assert body["termijn_start"] == "2023-03-15" and body["termijn_einde"] == "2026-03-15"  # exclusive
    assert body["termijn_bron"] == "geschat" and body["versie"] == 1 and body["niveau"] == "B1"
    assert body["status"] == "actief" and body["einde_plicht"] is None and body["reden_einde"] is None
    assert body["verlengingsgrond"] is None and body["doelgroep"] == "asielstatushouder"
    assert body["leveringen"] == {"aanwezigheid": [], "toetsen": [], "afrondingen": []}


def test_the_aanbieders_view_leaves_out_doelgroep_termijn_and_reden_einde(client, world, make):
    body = client.get(f"/api/v1/trajecten/{world.traject.id}", headers=bearer(make.token(world.taal_user))).json
    for veld in ("doelgroep", "termijn_start", "termijn_einde", "termijn_bron", "verlengingsgrond", "reden_einde"):
        assert veld not in body
    assert body["leerroute"] == "b1" and body["versie"] == 1 and "leveringen" in body


def test_a_change_makes_a_new_version_with_the_reason_and_the_old_values(client, world, regie):
    response = regie(world.traject.id, niveau="A2", reden="PIP gewijzigd: afschalen naar A2")
    assert response.status_code == 200, response.json
    assert response.json["versie"] == 2 and response.json["niveau"] == "A2"
    historie = client.get(f"/api/v1/trajecten/{world.traject.id}/historie", headers=bearer(regie.token)).json
    assert len(historie) == 1
    assert historie[0]["versie"] == 2 and historie[0]["reden"] == "PIP gewijzigd: afschalen naar A2"
    assert historie[0]["wijzigingen"] == {"niveau": ["B1", "A2"]}
    assert historie[0]["gebruiker"] == world.regisseur_a.email
    log = db.session.scalars(select(LogEntry).where(LogEntry.traject_id == world.traject.id,
                                                    LogEntry.actie == "wijzigen")).all()
    assert any("versie 2" in (e.toelichting or "") for e in log)


def test_a_change_without_a_reason_is_refused(world, regie):
    response = regie(world.traject.id, niveau="A2")
    assert response.status_code == 422 and response.json["error"] == "reden_verplicht"
    assert regie(world.traject.id, niveau="A2", reden="  ").json["error"] == "reden_verplicht"


def test_niveau_a2_is_refused_outside_the_b1_route(world, make, regie):
    traject = make.traject(world.regisseur_a, leerroute="z_route")
    response = regie(traject.id, niveau="A2", reden="afschalen")
    assert response.status_code == 422 and response.json["error"] == "niveau_ongeldig"


def test_intensiteit_and_datum_aanbod_are_refused_for_other_doelgroepen(world, make, regie):
    traject = make.traject(world.regisseur_a, doelgroep="gezinsmigrant")
    for veld, waarde in (("intensiteit_uren", 600), ("datum_aanbod", "2025-03-01")):
        response = regie(traject.id, reden="PIP", **{veld: waarde})
        assert response.status_code == 422 and response.json["error"] == "veld_niet_toegestaan"
        assert response.json["field"] == veld


def test_creating_a_gezinsmigrant_with_an_intensiteit_is_refused(client, world, regie):
    response = client.post("/api/v1/trajecten", headers=bearer(regie.token), json={
        "doelgroep": "gezinsmigrant", "leerroute": "b1", "pip_datum": "2026-01-12", "intensiteit_uren": 600})
    assert response.status_code == 422 and response.json["error"] == "veld_niet_toegestaan"
    response = client.post("/api/v1/trajecten", headers=bearer(regie.token), json={
        "doelgroep": "gezinsmigrant", "leerroute": "z_route", "pip_datum": "2026-01-12"})
    assert response.status_code == 201


@pytest.mark.parametrize(("pip", "toegestaan"), [("2024-12-15", True), ("2024-12-14", False)])
def test_the_leerroute_may_change_until_18_months_after_termijn_start_to_the_day(world, make, regie, pip,
                                                                                  toegestaan):
    traject = make.traject(world.regisseur_a, pip_datum=date.fromisoformat(pip))
    response = regie(traject.id, leerroute="z_route", reden="PIP gewijzigd")
    if toegestaan:
        assert response.status_code == 200 and response.json["leerroute"] == "z_route"
        assert response.json["niveau"] is None and response.json["intensiteit_uren"] == 800
    else:
        assert response.status_code == 422 and response.json["error"] == "leerroute_termijn_verstreken"


def test_a_change_to_or_from_the_onderwijsroute_is_allowed_during_the_whole_termijn(world, make, regie):
    traject = make.traject(world.regisseur_a, pip_datum=date(2024, 1, 8))
    response = regie(traject.id, leerroute="onderwijsroute", reden="toch onderwijs")
    assert response.status_code == 200 and response.json["intensiteit_uren"] is None
    response = regie(traject.id, leerroute="b1", intensiteit_uren=600, reden="terug naar B1")
    assert response.status_code == 200 and response.json["niveau"] == "B1" and response.json["versie"] == 3


def test_duo_dates_set_termijn_bron_to_duo(world, regie):
    response = regie(world.traject.id, termijn_start="2025-02-01", termijn_einde="2028-08-01",
                     verlengingsgrond="medische omstandigheden", reden="DUO-beschikking verlenging")
    assert response.status_code == 200
    body = response.json
    assert (body["termijn_start"], body["termijn_einde"], body["termijn_bron"]) == ("2025-02-01", "2028-08-01", "duo")
    assert body["verlengingsgrond"] == "medische omstandigheden"


@pytest.mark.parametrize("body", [{"status": "beeindigd"}, {"status": "afgerond", "einde_plicht": "2026-05-01"},
                                  {"einde_plicht": "2026-05-01", "reden_einde": "verhuisd"}])
def test_an_incomplete_end_is_refused(world, regie, body):
    response = regie(world.traject.id, reden="einde", **body)
    assert response.status_code == 422 and response.json["error"] == "einde_onvolledig"


def test_ending_a_trajectory_keeps_its_history_for_the_gemeente_and_drops_it_from_the_aanbieders_open_work(
        client, world, make, regie):
    response = regie(world.traject.id, status="beeindigd", einde_plicht="2026-05-31", reden_einde="verhuisd",
                     reden="verhuisd naar Utrecht")
    assert response.status_code == 200 and response.json["status"] == "beeindigd"
    aanbieder = bearer(make.token(world.taal_user))
    assert client.get("/api/v1/trajecten", headers=aanbieder).json["trajecten"] == []
    gemeente = client.get("/api/v1/trajecten", headers=bearer(regie.token)).json["trajecten"]
    assert world.traject.id in [t["traject_id"] for t in gemeente]
    historie = client.get(f"/api/v1/trajecten/{world.traject.id}/historie", headers=bearer(regie.token)).json
    assert historie[0]["wijzigingen"]["status"] == ["actief", "beeindigd"]


def test_an_assignment_is_ended_with_a_date_and_a_reason(client, world, regie):
    url = f"/api/v1/trajecten/{world.traject.id}/toewijzingen/map"
    refused = client.patch(url, headers=bearer(regie.token), json={"einddatum": "2026-06-30"})
    assert refused.status_code == 422 and refused.json["error"] == "reden_verplicht"
    response = client.patch(url, headers=bearer(regie.token), json={"einddatum": "2026-06-30", "reden": "afgerond"})
    assert response.status_code == 200 and response.json["einddatum"] == "2026-06-30"
    assert response.json["reden_einde"] == "afgerond"


def test_a_taal_assignment_is_refused_for_other_doelgroepen(client, world, make, regie):
    traject = make.traject(world.regisseur_a, doelgroep="overige_migrant")
    response = client.post(f"/api/v1/trajecten/{traject.id}/toewijzingen", headers=bearer(regie.token),
                           json={"aanbieder": world.taal_aanbieder.code, "onderdeel": "taal",
                                 "startdatum": "2025-02-03"})
    assert response.status_code == 422 and response.json["error"] == "onderdeel_niet_toegestaan"


def test_a_taal_assignment_of_an_asielstatushouder_may_start_before_the_pip_datum(client, world, make, regie):
    traject = make.traject(world.regisseur_a)
    taal = client.post(f"/api/v1/trajecten/{traject.id}/toewijzingen", headers=bearer(regie.token),
                       json={"aanbieder": world.taal_aanbieder.code, "onderdeel": "taal", "startdatum": "2024-11-04"})
    assert taal.status_code == 201
    mapa = client.post(f"/api/v1/trajecten/{traject.id}/toewijzingen", headers=bearer(regie.token),
                       json={"aanbieder": world.map_aanbieder.code, "onderdeel": "map", "startdatum": "2024-11-04"})
    assert mapa.status_code == 422 and mapa.json["field"] == "startdatum"


def test_another_gemeentes_regisseur_gets_404_and_an_aanbieder_403(client, world, make):
    url = f"/api/v1/trajecten/{world.traject.id}"
    other = bearer(make.token(world.regisseur_b))
    assert client.patch(url, headers=other, json={"niveau": "A2", "reden": "x"}).status_code == 404
    assert client.get(f"{url}/historie", headers=other).status_code == 404
    assert client.patch(f"{url}/toewijzingen/taal", headers=other,
                        json={"einddatum": "2026-06-30", "reden": "x"}).status_code == 404
    aanbieder = bearer(make.token(world.taal_user))
    assert client.patch(url, headers=aanbieder, json={"niveau": "A2", "reden": "x"}).status_code == 403
    assert client.get(f"{url}/historie", headers=aanbieder).status_code == 403
    assert client.patch(f"{url}/toewijzingen/taal", headers=aanbieder,
                        json={"einddatum": "2026-06-30", "reden": "x"}).status_code == 403
    assert world.traject.versie == 1 and all(t.einddatum is None for t in world.traject.toewijzingen)


def test_the_change_page_shows_refusals_next_to_the_field_and_the_history_on_the_trajectory_page(world, login):
    web = login(world.regisseur_a)
    url = f"/trajecten/{world.traject.id}/wijzigen"
    page = web.get(url).get_data(as_text=True)
    assert "Reden van de wijziging" in page
    refused = web.post(url, data={"csrf_token": web.csrf_token, "doelgroep": "asielstatushouder", "leerroute": "b1",
                                  "niveau": "A2", "intensiteit_uren": "800", "datum_aanbod": "",
                                  "termijn_start": "2025-01-06", "termijn_einde": "2028-01-06", "status": "actief",
                                  "reden": ""})
    assert refused.status_code == 422 and "Geef de reden van de wijziging" in refused.get_data(as_text=True)
    done = web.post(url, data={"csrf_token": web.csrf_token, "doelgroep": "asielstatushouder", "leerroute": "b1",
                               "niveau": "A2", "intensiteit_uren": "800", "datum_aanbod": "",
                               "termijn_start": "2025-01-06", "termijn_einde": "2028-01-06", "status": "actief",
                               "reden": "Afschalen naar A2 na 600 uur"}, follow_redirects=True)
    html = done.get_data(as_text=True)
    assert done.status_code == 200 and "Historie van het traject" in html
    assert "Afschalen naar A2 na 600 uur" in html and "Examenniveau: B1 → A2" in html


def test_doelgroep_controle_lists_taal_on_other_doelgroepen_and_deletes_nothing(world, make, runner):
    from portal.models import Toewijzing
    traject = make.traject(world.regisseur_a, doelgroep="gezinsmigrant")
    db.session.add(Toewijzing(traject=traject, traject_id=traject.id, onderdeel="taal",
                              aanbieder=world.taal_aanbieder, aanbieder_id=world.taal_aanbieder.id,
                              startdatum=date(2025, 2, 1)))
    db.session.commit()
    result = runner.invoke(args=["doelgroep-controle"])
    assert result.exit_code == 0, result.output
    assert traject.id in result.output and "gezinsmigrant" in result.output
    assert f"taaltoewijzing {world.taal_aanbieder.code} vanaf 2025-02-01" in result.output
    assert world.traject.id not in result.output and "niets gewijzigd of gewist" in result.output
    assert len(traject.toewijzingen) == 1
    assert db.session.scalar(select(LogEntry).where(LogEntry.traject_id == traject.id, LogEntry.actie == "lezen",
                                                    LogEntry.toelichting.contains("doelgroep-controle")))


def test_get_answers_the_leveringen_with_the_columns_of_the_aanleverformaat_and_an_aanbieder_sees_its_own(
        client, world, make):
    from portal.leveringen.service import Aanlevering, importeer
    periode = {"traject_id": world.traject.id, "periode_start": "2026-03-02", "periode_eind": "2026-03-27",
               "uren_gepland": "40", "uren_aanwezig": "38", "uren_verzuim_geoorloofd": "2",
               "uren_verzuim_ongeoorloofd": "0", "verzuim_reden": "ziekte", "aantal_keer_verzuim": "1"}
    for user, onderdeel in ((world.taal_user, "taal"), (world.map_user, "map")):
        rapport, _ = importeer(user, user.organisatie, "aanwezigheid",
                               Aanlevering(rijen=[{**periode, "onderdeel": onderdeel}]), kanaal="api")
        assert rapport.accepted, rapport.as_dict()
    db.session.commit()
    url = f"/api/v1/trajecten/{world.traject.id}"
    gemeente = client.get(url, headers=bearer(make.token(world.regisseur_a))).json["leveringen"]
    assert sorted(r["onderdeel"] for r in gemeente["aanwezigheid"]) == ["map", "taal"]
    record = next(r for r in gemeente["aanwezigheid"] if r["onderdeel"] == "taal")
    assert record | {} == {"traject_id": world.traject.id, "onderdeel": "taal", "periode_start": "2026-03-02",
                           "periode_eind": "2026-03-27", "uren_gepland": 40.0, "uren_aanwezig": 38.0,
                           "uren_verzuim_geoorloofd": 2.0, "uren_verzuim_ongeoorloofd": 0.0,
                           "verzuim_reden": "ziekte", "aantal_keer_verzuim": 1, "versie": 1}
    taal = client.get(url, headers=bearer(make.token(world.taal_user))).json["leveringen"]
    assert [r["onderdeel"] for r in taal["aanwezigheid"]] == ["taal"]


def test_the_aanbieders_list_is_its_open_work_without_doelgroep(world, login, regie):
    web = login(world.taal_user)
    page = web.get("/trajecten/").get_data(as_text=True)
    assert world.traject.id in page and "Asielstatushouder" not in page and 'name="doelgroep"' not in page
    # filtering on a doelgroep would tell the aanbieder the doelgroep: the filter is ignored
    assert world.traject.id in web.get("/trajecten/?doelgroep=gezinsmigrant").get_data(as_text=True)
    regie(world.traject.id, status="afgerond", einde_plicht="2026-06-01", reden_einde="voldaan", reden="examen")
    assert world.traject.id not in web.get("/trajecten/").get_data(as_text=True)
    gemeente = login(world.regisseur_a).get("/trajecten/").get_data(as_text=True)
    assert world.traject.id in gemeente


def test_the_regisseur_ends_an_assignment_on_the_trajectory_page(world, login):
    web = login(world.regisseur_a)
    url = f"/trajecten/{world.traject.id}"
    assert "Toewijzing beëindigen" in web.get(url).get_data(as_text=True)
    refused = web.post(f"{url}/toewijzing-beeindigen", data={"csrf_token": web.csrf_token, "onderdeel": "map",
                                                             "einddatum": "2026-06-30", "reden": ""},
                       follow_redirects=True)
    assert "Geef de reden waarom de toewijzing eindigt." in refused.get_data(as_text=True)
    done = web.post(f"{url}/toewijzing-beeindigen", data={"csrf_token": web.csrf_token, "onderdeel": "map",
                                                          "einddatum": "2026-06-30", "reden": "MAP afgerond"},
                    follow_redirects=True)
    html = done.get_data(as_text=True)
    assert "De toewijzing is beëindigd." in html and "30-06-2026 — MAP afgerond" in html


def test_the_trajectory_pages_forms_show_each_requests_own_state_as_a_fresh_rendering_would(world, login):
    import re

    from portal import filterformulier

    web = login(world.regisseur_a)
    url = f"/trajecten/{world.traject.id}"

    def formulieren(response) -> list[str]:
        html = response.get_data(as_text=True)
        return [re.sub(r'name="csrf_token"[^>]*', "", f) for f in re.findall(r'<form method="post".*?</form>', html,
                                                                              re.S)]

    def pagina(methode: str, data=None) -> list[str]:
        return formulieren(web.get(url) if methode == "get" else web.post(url, data={"csrf_token": web.csrf_token,
                                                                                     **data}))

    stappen = [("get", None), ("post", {"aanbieder": world.taal_aanbieder.code, "onderdeel": "taal",
                                        "startdatum": ""}),
               ("post", {"aanbieder": "", "onderdeel": "map", "startdatum": "31-02-2026"}), ("get", None)]
    kept = [pagina(*stap) for stap in stappen]
    fresh = []
    for stap in stappen:
        filterformulier.vergeten()
        fresh.append(pagina(*stap))
    assert kept == fresh and kept[0] == kept[-1] and len({str(k) for k in kept}) == 3
    toewijzen = kept[1][-1]
    assert f'selected value="{world.taal_aanbieder.code}"' in toewijzen and "Vul de startdatum in." in toewijzen
    assert 'value="31-02-2026"' in kept[2][-1] and "Vul de startdatum in." not in kept[2][-1]


def test_the_assignment_form_offers_an_aanbieder_added_after_the_trajectory_page_was_shown(world, login, make):
    import re

    web = login(world.regisseur_a)
    url = f"/trajecten/{world.traject.id}"
    voor = web.get(url).get_data(as_text=True)
    assert "Taalschool Nieuwkomer" not in voor
    nieuw = make.aanbieder(onderdelen=("taal",), naam="Taalschool Nieuwkomer")
    na = web.get(url).get_data(as_text=True)
    assert f'<option value="{nieuw.code}">Taalschool Nieuwkomer (taal)</option>' in na
    # each view carries its own session's CSRF token, which a post of the form then passes
    other = login(world.regisseur_a)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', other.get(url).get_data(as_text=True))
    response = other.post(url, data={"csrf_token": token.group(1), "aanbieder": nieuw.code, "onderdeel": "taal",
                                     "startdatum": "2026-06-01"}, follow_redirects=True)
    assert "De aanbieder is toegewezen." in response.get_data(as_text=True)
