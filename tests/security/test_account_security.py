"""Issue 13: the beheerder cannot act as anyone (no tokens for others, no passwords chosen for others, every beheer
action audited with its actor), and sessions and tokens end: on logout, on a password change, after an absolute
lifetime and at a token's expiry. Plus the rate limits on /verify, /change and the token form, the production
limiter store, and `Cache-Control: no-store` on API answers. Everything through pages, API and CLI."""
import base64
import os
import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select

import config
from portal.auth import security as web_security
from portal.beheer import services as beheer
from portal.extensions import db, limiter
from portal.models import AccountAudit, ApiToken
from portal.timeutil import utcnow
from tests.conftest import TEST_PASSWORD, TEST_RATE_LIMIT, _csrf

NEW_PASSWORD = "Een-Heel-Ander-Wachtwoord-Voor-Parkstad-93!"


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _tokens_of(user) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)))


def _code(user) -> str:
    return pyotp.TOTP(user.totp_base32).now()


def _wrong_code(user) -> str:
    return f"{(int(_code(user)) + 1) % 1_000_000:06d}"


def _mint(web, who, code=None, naam="Koppeling leerlingsysteem", dagen="90", **extra):
    page = web.get("/account/tokens").get_data(as_text=True)
    return web.post("/account/tokens", data={"naam": naam, "dagen": dagen, "code": code or _code(who),
                                             "csrf_token": _csrf(page), **extra})


def _shown_token(response) -> str | None:
    match = re.search(r'<code id="nieuw-token">([^<]+)</code>', response.get_data(as_text=True))
    return match.group(1) if match else None


def _login_with(app, email: str, password: str, totp_base32: str):
    web = app.test_client()
    token = _csrf(web.get("/login").get_data(as_text=True))
    response = web.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert "/tf-validate" in response.headers.get("Location", ""), response.status_code
    page = web.get("/tf-validate").get_data(as_text=True)
    response = web.post("/tf-validate", data={"code": pyotp.TOTP(totp_base32).now(), "csrf_token": _csrf(page)})
    assert response.status_code == 302 and "/tf-validate" not in response.headers["Location"]
    return web


def _change_password(web, old: str, new: str):
    page = web.get("/change").get_data(as_text=True)
    return web.post("/change", data={"password": old, "new_password": new, "new_password_confirm": new,
                                     "csrf_token": _csrf(page)})


# --- no impersonation: tokens ---------------------------------------------------------------------------------------


def test_the_beheerder_cannot_mint_a_token_for_another_user_on_the_beheer_page(app, world, login):
    web = login(world.beheerder)
    page = web.get("/beheer/tokens")
    assert page.status_code == 200 and 'name="email"' not in page.get_data(as_text=True)
    response = web.post("/beheer/tokens", data={"email": world.privacy_a.email, "csrf_token": web.csrf_token})
    assert response.status_code == 405
    assert _tokens_of(world.privacy_a) == []


def test_the_own_token_page_makes_a_token_only_for_the_caller_whatever_the_form_says(app, world, login):
    web = login(world.beheerder)
    response = _mint(web, world.beheerder, email=world.privacy_a.email, user_id=str(world.privacy_a.id),
                     user=world.privacy_a.email)
    assert response.status_code == 200
    assert _tokens_of(world.privacy_a) == []
    assert [t.user_id for t in _tokens_of(world.beheerder)] == [world.beheerder.id]


def test_no_api_call_of_the_beheerder_makes_a_token_for_another_user(app, world, make):
    token = make.token(world.beheerder)
    api = app.test_client()
    posts = [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/") and "POST" in (r.methods or ())
             and not r.arguments]
    assert posts, "the walk found no API POST routes"
    body = {"email": world.privacy_a.email, "user_id": world.privacy_a.id, "gebruiker": world.privacy_a.email}
    for rule in posts:
        api.post(rule.rule, json=body, headers=_bearer(token))
    for guess in ("/api/v1/tokens", "/api/v1/api-tokens", f"/api/v1/gebruikers/{world.privacy_a.id}/tokens"):
        assert api.post(guess, json=body, headers=_bearer(token)).status_code in (404, 405), guess
    assert _tokens_of(world.privacy_a) == []


def test_the_service_refuses_a_token_made_by_someone_else(world):
    from portal.errors import ServiceError
    with pytest.raises(ServiceError) as refused:
        beheer.create_token(world.privacy_a, "overname", 30, actor=world.beheerder)
    assert refused.value.status == 403


def test_a_user_mints_her_own_token_only_with_a_valid_fresh_totp_code(app, world, login):
    user = world.regisseur_a
    web = login(user)
    for code in (_wrong_code(user), "", "abcdef"):
        refused = _mint(web, user, code=code or " ")
        assert refused.status_code == 422 and _shown_token(refused) is None, code
    assert _tokens_of(user) == []
    accepted = _mint(web, user)
    plain = _shown_token(accepted)
    assert accepted.status_code == 200 and plain and plain.startswith("ibp_")
    assert app.test_client().get("/api/v1/trajecten", headers=_bearer(plain)).status_code == 200
    # shown once: the list shows the prefix only, and the token was never set in a cookie
    again = web.get("/account/tokens").get_data(as_text=True)
    assert plain not in again and plain[:10] in again
    assert plain not in " ".join(accepted.headers.getlist("Set-Cookie"))


def test_a_token_records_its_creator_name_and_expiry_and_answers_401_once_expired(app, world, login):
    user = world.taal_user
    web = login(user)
    plain = _shown_token(_mint(web, user, naam="Koppeling LVS", dagen="30"))
    (stored,) = _tokens_of(user)
    assert stored.created_by_id == user.id and stored.created_via == "web" and stored.name == "Koppeling LVS"
    assert abs(stored.expires_at - (utcnow() + timedelta(days=30))) < timedelta(minutes=5)
    api = app.test_client()
    assert api.get("/api/v1/trajecten", headers=_bearer(plain)).status_code == 200
    stored.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    refused = api.get("/api/v1/trajecten", headers=_bearer(plain))
    assert refused.status_code == 401 and refused.json["error"] == "niet_ingelogd"
    listing = login(world.beheerder).get("/beheer/tokens").get_data(as_text=True)
    assert "Koppeling LVS" in listing and user.email in listing and "verlopen" in listing


def test_an_expiry_outside_the_short_list_is_refused(world, login):
    web = login(world.regisseur_a)
    assert _mint(web, world.regisseur_a, dagen="3650").status_code == 422
    assert _tokens_of(world.regisseur_a) == []


def test_the_cli_token_keeps_the_token_on_the_last_line_and_records_the_operator(app, runner, world):
    result = runner.invoke(args=["token", "create", world.regisseur_a.email, "--naam", "Batchkoppeling",
                                 "--dagen", "7"])
    assert result.exit_code == 0, result.output
    plain = result.output.strip().splitlines()[-1]
    (stored,) = _tokens_of(world.regisseur_a)
    assert plain.startswith("ibp_") and stored.name == "Batchkoppeling" and stored.created_by_id is None
    assert stored.created_via == "cli" and stored.expires_at - utcnow() < timedelta(days=7, minutes=1)
    audit = db.session.scalars(select(AccountAudit).where(AccountAudit.action == "token_aangemaakt")).all()
    assert [(a.actor, a.actor_id, a.target_user_id) for a in audit] == [("cli", None, world.regisseur_a.id)]
    assert runner.invoke(args=["token", "create", world.regisseur_a.email, "--dagen", "400"]).exit_code != 0


def test_the_last_use_of_a_token_is_recorded(app, world, make):
    token = make.token(world.regisseur_a)
    assert app.test_client().get("/api/v1/trajecten", headers=_bearer(token)).status_code == 200
    (stored,) = _tokens_of(world.regisseur_a)
    db.session.refresh(stored)
    assert stored.last_used_at is not None and utcnow() - stored.last_used_at < timedelta(minutes=1)


# --- no impersonation: accounts -------------------------------------------------------------------------------------


@pytest.mark.parametrize("rol", ["privacy", "regisseur"])
def test_a_beheerder_invites_an_account_without_any_password_shown_or_chosen(app, world, login, mailbox, rol):
    web = login(world.beheerder)
    page = web.get("/beheer/gebruikers").get_data(as_text=True)
    assert 'name="password"' not in page
    email = f"nieuw-{rol}@proef.nl"
    response = web.post("/beheer/gebruikers", data={
        "email": email, "rol": rol, "org": world.gemeente_b.code, "password": TEST_PASSWORD,
        "csrf_token": _csrf(page)})
    assert response.status_code == 200, response.status_code
    html = response.get_data(as_text=True)
    assert 'id="beginwachtwoord"' not in html and "Uitnodiging verstuurd" in html
    # the one-time link went to the user only: it is in no page and no cookie of the beheerder
    link = re.search(r"/reset/(\S+)", mailbox.text(mailbox.to(email)[-1])).group(1)
    serializer = app.session_interface.get_signing_serializer(app)
    assert link not in html
    for header in response.headers.getlist("Set-Cookie"):
        assert link not in header
        value = header.split(";", 1)[0].split("=", 1)[1]
        if value:
            assert link not in repr(serializer.loads(value))
    # the password the beheerder typed does not open the account
    anonymous = app.test_client()
    token = _csrf(anonymous.get("/login").get_data(as_text=True))
    refused = anonymous.post("/login", data={"email": email, "password": TEST_PASSWORD, "csrf_token": token})
    assert "/tf-validate" not in refused.headers.get("Location", "")


@pytest.mark.parametrize("rol", ["privacy", "regisseur"])
def test_an_account_with_a_generated_password_must_change_it_at_first_login(app, world, rol):
    """`portal user create` without --password prints a generated initial password once; the user must replace it."""
    email = f"cli-{rol}@proef.nl"
    user, secret = beheer.create_user(email, rol, world.gemeente_b.code)
    assert secret and user.must_change_password
    totp = base64.b32encode(os.urandom(20)).decode()
    beheer.set_totp_secret(user, totp)
    db.session.commit()
    own = _login_with(app, email, secret, totp)
    for path in ("/", "/account/tokens", "/privacy/register" if rol == "privacy" else "/trajecten/"):
        forced = own.get(path)
        assert forced.status_code == 302 and "/change" in forced.headers["Location"], path
    assert "Kies nu een eigen wachtwoord" in own.get("/change").get_data(as_text=True)
    cli_token = beheer.create_token(user)[1]
    db.session.commit()
    assert app.test_client().get("/api/v1/register", headers=_bearer(cli_token)).status_code == 401
    changed = _change_password(own, secret, NEW_PASSWORD)
    assert changed.status_code == 302, changed.get_data(as_text=True)[:300]
    db.session.refresh(user)
    assert not user.must_change_password
    assert own.get("/account/tokens").status_code == 200


def test_the_beheer_service_refuses_a_password_chosen_for_someone_else(world):
    from portal.errors import ServiceError
    with pytest.raises(ServiceError) as refused:
        beheer.create_user("gekozen@proef.nl", "privacy", world.gemeente_a.code, TEST_PASSWORD, actor=world.beheerder)
    assert refused.value.code == "wachtwoord_niet_toegestaan"


def test_every_beheer_action_is_in_the_audit_log_with_its_actor(app, world, make, login):
    token = make.token(world.regisseur_b)
    web = login(world.beheerder)
    page = web.get("/beheer/organisaties").get_data(as_text=True)
    assert web.post("/beheer/organisaties", data={"code": "GM0123", "type": "gemeente", "naam": "Gemeente Audit",
                                                  "csrf_token": _csrf(page)}).status_code == 302
    page = web.get("/beheer/gebruikers").get_data(as_text=True)
    assert web.post("/beheer/gebruikers", data={"email": "audit@proef.nl", "rol": "regisseur", "org": "GM0123",
                                                "csrf_token": _csrf(page)}).status_code == 200
    assert web.post(f"/beheer/gebruikers/{world.taal_user.id}/blokkeren",
                    data={"csrf_token": web.csrf_token}).status_code == 302
    stored = _tokens_of(world.regisseur_b)[0]
    assert web.post(f"/beheer/tokens/{stored.id}/intrekken", data={"csrf_token": web.csrf_token}).status_code == 302
    assert app.test_client().get("/api/v1/trajecten", headers=_bearer(token)).status_code == 401

    entries = db.session.scalars(select(AccountAudit).where(AccountAudit.actor_id == world.beheerder.id)
                                 .order_by(AccountAudit.id)).all()
    assert [e.action for e in entries] == ["organisatie_aangemaakt", "gebruiker_aangemaakt", "gebruiker_geblokkeerd",
                                           "token_ingetrokken"]
    assert all(e.actor == world.beheerder.email for e in entries)
    assert entries[2].target_user_id == world.taal_user.id and entries[3].target_user_id == world.regisseur_b.id
    logboek = web.get("/beheer/logboek")
    html = logboek.get_data(as_text=True)
    assert logboek.status_code == 200 and html.count(world.beheerder.email) >= 5  # header + four entries
    assert "gebruiker geblokkeerd" in html and world.taal_user.email in html and "GM0123" in html
    assert login(world.privacy_a).get("/beheer/logboek").status_code == 403


# --- sessions -------------------------------------------------------------------------------------------------------


def test_a_session_cookie_copied_before_logout_is_invalid_after_it(app, world, login):
    web = login(world.regisseur_a)
    copy = app.test_client()
    copy.set_cookie("session", web.get_cookie("session").value)
    assert copy.get("/trajecten/").status_code == 200
    other_device = login(world.regisseur_a)
    assert web.post("/logout", data={"csrf_token": web.csrf_token}).status_code == 302
    for client in (copy, other_device):
        response = client.get("/trajecten/")
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_session_ends_after_the_absolute_lifetime_however_active_it_is(app, world, login, monkeypatch):
    web = login(world.regisseur_a)
    start = utcnow()
    app.config["SESSION_IDLE_MINUTES"] = 45
    statuses = []
    try:
        for minutes in range(0, 9 * 60, 30):  # a request every half hour, for nine hours
            monkeypatch.setattr(web_security, "utcnow", lambda m=minutes: start + timedelta(minutes=m, seconds=5))
            statuses.append((minutes, web.get("/trajecten/").status_code))
    finally:
        app.config["SESSION_IDLE_MINUTES"] = 15
    assert all(status == 200 for minutes, status in statuses if minutes < 8 * 60), statuses
    assert statuses[16] == (8 * 60, 302), statuses  # 8 hours and 5 seconds after the login
    assert all(status == 302 for minutes, status in statuses if minutes > 8 * 60), statuses


def test_a_password_change_ends_the_other_sessions_and_every_token(app, world, make, login):
    user = world.privacy_a
    token = make.token(user)
    api = app.test_client()
    assert api.get("/api/v1/register", headers=_bearer(token)).status_code == 200
    here, elsewhere = login(user), login(user)
    response = _change_password(here, TEST_PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert api.get("/api/v1/register", headers=_bearer(token)).status_code == 401
    assert all(t.revoked_at is not None for t in _tokens_of(user))
    gone = elsewhere.get("/privacy/register")
    assert gone.status_code == 302 and "/login" in gone.headers["Location"]
    assert here.get("/privacy/register").status_code == 200
    assert db.session.scalar(select(func.count()).select_from(AccountAudit).where(
        AccountAudit.action == "wachtwoord_gewijzigd", AccountAudit.target_user_id == user.id)) == 1


# --- rate limits, limiter store, caching ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/verify", "/change", "/account/tokens"])
def test_verify_change_and_the_token_form_are_rate_limited(app, world, login, path):
    web = login(world.regisseur_a)
    web.environ_base["REMOTE_ADDR"] = f"203.0.113.{60 + len(path)}"
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = []
        for _ in range(5):
            token = _csrf(web.get(path).get_data(as_text=True))
            statuses.append(web.post(path, data={
                "password": "fout-fout-fout-fout", "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD,
                "naam": "x", "dagen": "30", "code": _wrong_code(world.regisseur_a), "csrf_token": token}).status_code)
    finally:
        app.config["LOGIN_RATE_LIMIT"] = TEST_RATE_LIMIT
        limiter.reset()
    assert 429 not in statuses[:3] and statuses[3:] == [429, 429], statuses


def _production_env(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-environment")
    monkeypatch.setenv("TOTP_SECRET", "another-real-secret")
    monkeypatch.setenv("SECURITY_PASSWORD_SALT", "a-real-salt")
    monkeypatch.setenv("LOG_HMAC_KEY", "a-real-log-key")
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("PORTAL_SINGLE_PROCESS", raising=False)


def test_production_refuses_an_in_memory_limiter_unless_single_process_is_declared(monkeypatch):
    _production_env(monkeypatch)
    with pytest.raises(config.InsecureConfiguration, match="RATELIMIT_STORAGE_URI"):
        config.load({"PROFILE": "production"})
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "memory://")
    with pytest.raises(config.InsecureConfiguration):
        config.load({"PROFILE": "production"})
    monkeypatch.setenv("PORTAL_SINGLE_PROCESS", "true")
    assert config.load({"PROFILE": "production"})["RATELIMIT_STORAGE_URI"] == "memory://"
    monkeypatch.delenv("PORTAL_SINGLE_PROCESS")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://redis:6379/0")
    assert config.load({"PROFILE": "production"})["RATELIMIT_STORAGE_URI"] == "redis://redis:6379/0"


def test_docker_compose_points_the_app_at_a_shared_limiter_store():
    from pathlib import Path

    import yaml
    compose = yaml.safe_load((Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text())
    services = compose["services"]
    uri = services["app"]["environment"]["RATELIMIT_STORAGE_URI"]
    host = uri.split("://", 1)[1].split(":", 1)[0]
    assert uri.startswith("redis://") and host in services and "healthcheck" in services[host]
    assert services["app"]["depends_on"][host]["condition"] == "service_healthy"


def test_api_json_answers_are_not_cached(app, world, make):
    api = app.test_client()
    token = make.token(world.regisseur_a)
    for response in (api.get("/api/v1/trajecten", headers=_bearer(token)),
                     api.get(f"/api/v1/trajecten/{world.traject.id}", headers=_bearer(token)),
                     api.get("/api/v1/trajecten"), api.get("/api/v1/bestaat-niet", headers=_bearer(token)),
                     api.get("/api/v1/openapi.json")):
        assert response.mimetype == "application/json"
        assert response.headers.get("Cache-Control") == "no-store", response.request.path
