"""Tenant scoping: derived from the URL map, so a new route is covered without anyone remembering it."""
import re

import pytest

from portal.extensions import db

ARG_VALUES = {"user_id": "1", "token_id": "1"}


def _rules(app, methods=("GET",)):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not set(methods) & rule.methods:
            continue
        yield rule


def _url(rule, traject_id):
    values = {arg: traject_id if arg == "traject_id" else ARG_VALUES.get(arg, "1") for arg in rule.arguments}
    return rule.build(values)[1]


def _outsiders(world):
    """Callers who must never see world.traject, and whether their role may use trajectory pages at all."""
    return {"regisseur van een andere gemeente": world.regisseur_b,
            "aanbieder zonder toewijzing": world.vreemde_user,
            "beheerder": world.beheerder}


def test_every_route_with_a_traject_id_answers_404_or_403_to_outsiders_and_never_shows_it(app, world, login, make):
    routes = [r for r in _rules(app, ("GET", "POST")) if "traject_id" in r.arguments]
    assert any(r.endpoint.startswith("api.") for r in routes)
    assert any(r.endpoint.startswith("trajecten.") for r in routes)
    for name, user in _outsiders(world).items():
        web = login(user)
        token = make.token(user)
        for rule in routes:
            url = _url(rule, world.traject.id)
            method = "GET" if "GET" in rule.methods else "POST"
            if rule.endpoint.startswith("api."):
                response = web.open(url, method=method, headers={"Authorization": f"Bearer {token}"}, json={})
            else:
                response = web.open(url, method=method, data={"csrf_token": web.csrf_token})
            body = response.get_data(as_text=True)
            # A regisseur holds every role these routes allow, so for her only 404 is right; another role
            # may be refused for the role itself (403) before the trajectory is looked up.
            expected = {404} if user is world.regisseur_b else {403, 404}
            assert response.status_code in expected, (name, url, response.status_code)
            assert world.traject.id not in body, (name, url)


def test_a_traject_that_does_not_exist_answers_exactly_like_a_foreign_one(world, login, make):
    web, token = login(world.regisseur_b), make.token(world.regisseur_b)
    headers = {"Authorization": f"Bearer {token}"}
    foreign = web.get(f"/api/v1/trajecten/{world.traject.id}", headers=headers)
    missing = web.get("/api/v1/trajecten/ZZZZ-ZZZZ-Z", headers=headers)
    assert (foreign.status_code, foreign.json) == (missing.status_code, missing.json) == (404, missing.json)
    def page(url):  # the CSRF token is signed with a timestamp: leave it out of the comparison
        return re.sub(rb'name="csrf_token" value="[^"]*"', b"", web.get(url).get_data())
    assert page(f"/trajecten/{world.traject.id}") == page("/trajecten/ZZZZ-ZZZZ-Z")


def test_no_list_page_or_endpoint_shows_a_foreign_traject(app, world, login, make):
    routes = [r for r in _rules(app) if not r.arguments]
    for user in _outsiders(world).values():
        web, token = login(user), make.token(user)
        for rule in routes:
            headers = {"Authorization": f"Bearer {token}"} if rule.endpoint.startswith("api.") else {}
            response = web.get(rule.rule, headers=headers)
            assert response.status_code < 500, rule.rule
            assert world.traject.id not in response.get_data(as_text=True), (user.email, rule.rule)


def test_an_aanbieder_sees_only_its_own_onderdelen_of_a_traject(world, login, make):
    token = make.token(world.map_user)
    body = login(world.map_user).get(f"/api/v1/trajecten/{world.traject.id}",
                                     headers={"Authorization": f"Bearer {token}"}).json
    assert [t["onderdeel"] for t in body["toewijzingen"]] == ["map"]
    page = login(world.map_user).get(f"/trajecten/{world.traject.id}").get_data(as_text=True)
    assert world.map_aanbieder.code in page and world.taal_aanbieder.code not in page


def test_the_assigned_aanbieder_and_the_own_regisseur_see_the_traject(world, login):
    for user in (world.regisseur_a, world.taal_user):
        response = login(user).get(f"/trajecten/{world.traject.id}")
        assert response.status_code == 200 and world.traject.id in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["regisseur", "aanbieder", "beheerder"])
def test_a_role_outside_a_blueprint_gets_403(world, login, role):
    user = {"regisseur": world.regisseur_a, "aanbieder": world.taal_user, "beheerder": world.beheerder}[role]
    web = login(user)
    if role == "beheerder":
        assert web.get("/trajecten/").status_code == 403
    else:
        assert web.get("/beheer/gebruikers").status_code == 403


def test_the_beheerder_sees_no_trajectory_content(world, login):
    web = login(world.beheerder)
    for path in ("/beheer/organisaties", "/beheer/gebruikers", "/beheer/tokens"):
        body = web.get(path).get_data(as_text=True)
        assert world.traject.id not in body and world.traject_b.id not in body


def test_scoping_holds_for_a_refused_write(world, make, client):
    token = make.token(world.regisseur_b)
    response = client.post(f"/api/v1/trajecten/{world.traject.id}/toewijzingen",
                           headers={"Authorization": f"Bearer {token}"},
                           json={"aanbieder": world.vreemde_aanbieder.code, "onderdeel": "taal",
                                 "startdatum": "2025-03-01"})
    assert response.status_code == 404
    db.session.refresh(world.traject)
    assert world.vreemde_aanbieder.id not in {t.aanbieder_id for t in world.traject.toewijzingen}
