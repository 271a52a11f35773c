"""Beheer complete: the beheerder changes a user's name, role and organisation, blocks and unblocks after a
confirmation, and edits organisations; every change is in the account audit log with before and after, a change
of rights ends the user's sessions and tokens, and nobody else gets near these pages."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from portal.beheer import services as beheer
from portal.errors import ServiceError
from portal.extensions import db
from portal.models import AccountAudit, ApiToken
from portal.timeutil import nl_date
from portal.trajecten import services as trajecten


def _audit(action: str) -> list[AccountAudit]:
    return list(db.session.scalars(select(AccountAudit).where(AccountAudit.action == action)
                                   .order_by(AccountAudit.id)))


def _api(app, token: str) -> int:
    return app.test_client().get("/api/v1/trajecten", headers={"Authorization": f"Bearer {token}"}).status_code


def _still_logged_in(client) -> bool:
    return client.get("/", follow_redirects=False).headers.get("Location", "").find("/login") == -1


def _edit(web, user, **data):
    return web.post(f"/beheer/gebruikers/{user.id}", data={"csrf_token": web.csrf_token, **data})


# --- users ---------------------------------------------------------------------------------------------------------


def test_a_new_role_ends_the_users_sessions_and_tokens_and_the_log_shows_before_and_after(app, world, make, login):
    session = login(world.regisseur_a)
    token = make.token(world.regisseur_a)
    assert _api(app, token) == 200 and _still_logged_in(session)
    web = login(world.beheerder)
    page = web.get(f"/beheer/gebruikers/{world.regisseur_a.id}").get_data(as_text=True)
    assert world.regisseur_a.email in page and 'selected value="regisseur"' in page

    response = _edit(web, world.regisseur_a, naam="Rita Regie", rol="privacy", org=world.gemeente_a.code)

    assert response.status_code == 302
    db.session.refresh(world.regisseur_a)
    assert world.regisseur_a.rol.value == "privacy" and world.regisseur_a.naam == "Rita Regie"
    assert not _still_logged_in(session)
    assert _api(app, token) == 401
    entry = _audit("gebruiker_gewijzigd")[-1]
    assert entry.actor == world.beheerder.email and entry.target_user_id == world.regisseur_a.id
    assert "rol: regisseur → privacy" in entry.details and "naam: '' → 'Rita Regie'" in entry.details
    assert "1 API-token(s) ingetrokken" in entry.details
    assert "rol: regisseur → privacy" in web.get("/beheer/logboek").get_data(as_text=True)


def test_moving_a_user_to_another_gemeente_ends_her_sessions_and_is_logged(app, world, login):
    session = login(world.regisseur_a)
    web = login(world.beheerder)
    response = _edit(web, world.regisseur_a, naam="", rol="regisseur", org=world.gemeente_b.code)
    assert response.status_code == 302
    db.session.refresh(world.regisseur_a)
    assert world.regisseur_a.organisatie_id == world.gemeente_b.id
    assert not _still_logged_in(session)
    entry = _audit("gebruiker_gewijzigd")[-1]
    assert f"organisatie: {world.gemeente_a.code} → {world.gemeente_b.code}" in entry.details
    assert entry.target_org_id == world.gemeente_b.id


def test_a_new_name_alone_keeps_the_users_session_and_tokens(app, world, make, login):
    session = login(world.taal_user)
    token = make.token(world.taal_user)
    web = login(world.beheerder)
    assert _edit(web, world.taal_user, naam="Tineke Taal", rol="aanbieder",
                 org=world.taal_aanbieder.code).status_code == 302
    assert _still_logged_in(session) and _api(app, token) == 200
    assert _audit("gebruiker_gewijzigd")[-1].details == "naam: '' → 'Tineke Taal'"
    assert "Tineke Taal" in web.get("/beheer/gebruikers").get_data(as_text=True)


@pytest.mark.parametrize("rol, org_attr, message", [
    ("aanbieder", "gemeente_a", "De rol aanbieder hoort bij een aanbieder."),
    ("regisseur", "taal_aanbieder", "De rol regisseur hoort bij een gemeente."),
    ("privacy", "map_aanbieder", "De rol privacy hoort bij een gemeente."),
])
def test_a_role_that_does_not_fit_the_organisation_is_refused(world, login, rol, org_attr, message):
    session = login(world.regisseur_a)
    web = login(world.beheerder)
    response = _edit(web, world.regisseur_a, naam="", rol=rol, org=getattr(world, org_attr).code)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    db.session.refresh(world.regisseur_a)
    assert world.regisseur_a.rol.value == "regisseur" and world.regisseur_a.organisatie_id == world.gemeente_a.id
    assert _still_logged_in(session) and _audit("gebruiker_gewijzigd") == []


def test_a_beheerder_cannot_change_her_own_role_or_block_herself(world, login):
    web = login(world.beheerder)
    response = _edit(web, world.beheerder, naam="", rol="privacy", org=world.gemeente_a.code)
    assert response.status_code == 422 and "eigen rol of organisatie niet wijzigen" in response.get_data(as_text=True)
    page = web.post(f"/beheer/gebruikers/{world.beheerder.id}/blokkeren", data={"csrf_token": web.csrf_token},
                    follow_redirects=True).get_data(as_text=True)
    assert "U kunt uw eigen account niet blokkeren." in page
    db.session.refresh(world.beheerder)
    assert world.beheerder.active and world.beheerder.rol.value == "beheerder"
    assert _still_logged_in(web)


def test_the_last_active_beheerder_is_neither_blocked_nor_demoted(world, make, login):
    tweede = make.user("beheerder", world.gemeente_a)
    web = login(tweede)
    assert web.post(f"/beheer/gebruikers/{world.beheerder.id}/blokkeren",
                    data={"csrf_token": web.csrf_token}).status_code == 302
    db.session.refresh(world.beheerder)
    assert not world.beheerder.active
    # `tweede` is now the only active beheerder: an operator on the command line (no actor) cannot remove her.
    with pytest.raises(ServiceError) as refused:
        beheer.set_active(tweede, False)
    assert refused.value.code == "laatste_beheerder"
    with pytest.raises(ServiceError) as refused:
        beheer.wijzig_gebruiker(tweede, "", "regisseur", world.gemeente_a.code)
    assert refused.value.code == "laatste_beheerder"


def test_blocking_asks_first_then_ends_sessions_and_tokens_and_unblocking_does_not_revive_them(app, world, make,
                                                                                                  login):
    session = login(world.map_user)
    token = make.token(world.map_user)
    web = login(world.beheerder)
    url = f"/beheer/gebruikers/{world.map_user.id}/blokkeren"

    confirm = web.get(url)
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "Ja, blokkeren" in html and "Het geldige API-token wordt" in html
    db.session.refresh(world.map_user)
    assert world.map_user.active and _still_logged_in(session) and _api(app, token) == 200  # a GET does nothing
    assert web.post(url, data={}).status_code == 400  # no CSRF token, no change
    db.session.refresh(world.map_user)
    assert world.map_user.active

    assert web.post(url, data={"csrf_token": web.csrf_token}).status_code == 302
    db.session.refresh(world.map_user)
    assert not world.map_user.active and not _still_logged_in(session) and _api(app, token) == 401
    assert "geblokkeerd" in web.get("/beheer/gebruikers").get_data(as_text=True)

    unblock = f"/beheer/gebruikers/{world.map_user.id}/deblokkeren"
    assert "Ja, deblokkeren" in web.get(unblock).get_data(as_text=True)
    assert web.post(unblock, data={"csrf_token": web.csrf_token}).status_code == 302
    db.session.refresh(world.map_user)
    assert world.map_user.active and _api(app, token) == 401
    stored = db.session.scalars(select(ApiToken).where(ApiToken.user_id == world.map_user.id)).one()
    assert stored.revoked_at is not None
    assert login(world.map_user) is not None  # she logs in again
    blocked, unblocked = _audit("gebruiker_geblokkeerd")[-1], _audit("gebruiker_gedeblokkeerd")[-1]
    assert blocked.actor == unblocked.actor == world.beheerder.email
    assert blocked.details == "sessies beëindigd, 1 API-token(s) ingetrokken"
    assert blocked.id < unblocked.id


# --- organisations -------------------------------------------------------------------------------------------------


def _edit_org(web, org, **data):
    return web.post(f"/beheer/organisaties/{org.id}", data={"csrf_token": web.csrf_token, **data})


def test_an_aanbieder_gets_a_new_name_and_onderdelen_and_the_log_shows_before_and_after(world, login):
    web = login(world.beheerder)
    page = web.get(f"/beheer/organisaties/{world.map_aanbieder.id}").get_data(as_text=True)
    checked = re.findall(r'<input[^>]*\bchecked\b[^>]*value="(\w+)"', page)
    assert "<legend" in page and checked == ["map", "pvt"]
    response = _edit_org(web, world.map_aanbieder, naam="MAP Limburg", onderdelen=["map", "taal"])
    assert response.status_code == 302
    db.session.refresh(world.map_aanbieder)
    assert world.map_aanbieder.naam == "MAP Limburg"
    assert [o.value for o in world.map_aanbieder.onderdelen] == ["map", "taal"]
    entry = _audit("organisatie_gewijzigd")[-1]
    assert entry.actor == world.beheerder.email and entry.target_org_id == world.map_aanbieder.id
    assert "naam: 'Taalschool Proef' → 'MAP Limburg'" in entry.details
    assert "onderdelen: map, pvt → map, taal" in entry.details


def test_an_onderdeel_with_current_assignments_cannot_be_removed(world, login):
    web = login(world.beheerder)
    response = _edit_org(web, world.map_aanbieder, naam=world.map_aanbieder.naam, onderdelen=["pvt"])
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Dit onderdeel kan niet weg: MAP (1 lopende toewijzing)" in html
    assert world.traject.id not in html  # counts only, no trajectory content
    db.session.refresh(world.map_aanbieder)
    assert [o.value for o in world.map_aanbieder.onderdelen] == ["map", "pvt"]
    assert _audit("organisatie_gewijzigd") == []


def test_an_onderdeel_whose_assignments_have_ended_can_be_removed(world, login):
    trajecten.beeindig_toewijzing(world.regisseur_a, world.traject, "map", date(2026, 5, 31), "naar andere aanbieder")
    db.session.commit()
    web = login(world.beheerder)
    assert _edit_org(web, world.map_aanbieder, naam=world.map_aanbieder.naam, onderdelen=["pvt"]).status_code == 302
    db.session.refresh(world.map_aanbieder)
    assert [o.value for o in world.map_aanbieder.onderdelen] == ["pvt"]


def test_an_aanbieder_keeps_at_least_one_onderdeel(world, login):
    web = login(world.beheerder)
    response = _edit_org(web, world.vreemde_aanbieder, naam="Vreemd")
    assert response.status_code == 422 and "Kies welke onderdelen" in response.get_data(as_text=True)


def test_a_gemeente_gets_a_new_name_and_has_no_onderdelen(world, login):
    web = login(world.beheerder)
    page = web.get(f"/beheer/organisaties/{world.gemeente_b.id}").get_data(as_text=True)
    assert "Onderdelen" not in page
    assert _edit_org(web, world.gemeente_b, naam="Gemeente Beestad-Noord", onderdelen=["taal"]).status_code == 302
    db.session.refresh(world.gemeente_b)
    assert world.gemeente_b.naam == "Gemeente Beestad-Noord" and world.gemeente_b.onderdelen == []
    assert "Beestad-Noord" in web.get("/beheer/organisaties").get_data(as_text=True)


# --- tokens and isolation ------------------------------------------------------------------------------------------


def _row(html: str, text: str) -> str:
    return next(row.split("</tr>")[0] for row in html.split("<tr") if text in row)


def test_the_token_list_shows_name_creator_expiry_and_last_use(app, world, login):
    stored, plain = beheer.create_token(world.regisseur_a, "Koppeling LVS", 30, actor=world.regisseur_a)
    db.session.commit()
    web = login(world.beheerder)
    before = web.get("/beheer/tokens").get_data(as_text=True)
    for header in ("Naam", "Gemaakt door", "Geldig tot", "Laatst gebruikt"):
        assert header in before
    row = _row(before, "Koppeling LVS")
    assert world.regisseur_a.email in row and nl_date(stored.expires_at) in row and "nooit" in row
    assert _api(app, plain) == 200
    assert "nooit" not in _row(web.get("/beheer/tokens").get_data(as_text=True), "Koppeling LVS")


def test_the_beheer_pages_show_no_trajectory_content(world, login):
    web = login(world.beheerder)
    for url in (f"/beheer/gebruikers/{world.regisseur_a.id}", f"/beheer/gebruikers/{world.taal_user.id}/blokkeren",
                f"/beheer/organisaties/{world.taal_aanbieder.id}", f"/beheer/organisaties/{world.gemeente_a.id}",
                "/beheer/gebruikers", "/beheer/organisaties", "/beheer/logboek", "/beheer/tokens"):
        response = web.get(url)
        assert response.status_code == 200, url
        assert world.traject.id not in response.get_data(as_text=True), url


@pytest.mark.parametrize("rol", ["regisseur_a", "privacy_a", "taal_user"])
def test_other_roles_get_403_on_every_beheer_page_and_change_nothing(world, login, rol):
    web = login(getattr(world, rol))
    target = world.map_user
    for url in (f"/beheer/gebruikers/{target.id}", f"/beheer/gebruikers/{target.id}/blokkeren",
                f"/beheer/gebruikers/{target.id}/deblokkeren", f"/beheer/organisaties/{world.map_aanbieder.id}"):
        assert web.get(url).status_code == 403, url
        assert web.post(url, data={"csrf_token": web.csrf_token, "naam": "Overgenomen", "rol": "beheerder",
                                   "org": world.gemeente_a.code, "onderdelen": ["taal"]}).status_code == 403, url
    db.session.refresh(target)
    db.session.refresh(world.map_aanbieder)
    assert target.active and target.rol.value == "aanbieder" and world.map_aanbieder.naam == "Taalschool Proef"
    assert _audit("gebruiker_gewijzigd") == _audit("organisatie_gewijzigd") == _audit("gebruiker_geblokkeerd") == []
