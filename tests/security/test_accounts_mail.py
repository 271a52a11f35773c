"""Issue 16: e-mail over a real SMTP server (aiosmtpd, tests/conftest.py), invitations instead of passwords,
"Wachtwoord vergeten", the beheerder's two-factor and password resets with the audit log, e-mail validation.
Every message any test sends is checked for trajectory IDs by the autouse fixture in tests/conftest.py."""
import re
import time
from datetime import timedelta
from urllib.parse import urlsplit

import itsdangerous
import pyotp
import pytest
from sqlalchemy import select

from portal.beheer import services as beheer
from portal.extensions import db
from portal.models import AccountAudit, User
from tests.conftest import TEST_PASSWORD, MailBox, _csrf, trajectory_data_in_mail

NEW_PASSWORD = "Een-Heel-Ander-Wachtwoord-Voor-Parkstad-93!"


def _link(message) -> str:
    """The one-time link of a message (its plain-text part), as a path for the test client."""
    url = re.search(r"https?://\S+/reset/\S+", MailBox.text(message)).group(0)
    return urlsplit(url).path


def _invite(web, email: str, org: str, rol: str = "regisseur"):
    page = web.get("/beheer/gebruikers").get_data(as_text=True)
    return web.post("/beheer/gebruikers", data={"email": email, "rol": rol, "org": org, "csrf_token": _csrf(page)})


def _set_password(web, path: str, password: str = NEW_PASSWORD):
    page = web.get(path)
    assert page.status_code == 200, page.headers.get("Location")
    return web.post(path, data={"password": password, "password_confirm": password,
                                "csrf_token": _csrf(page.get_data(as_text=True))})


def _set_up_totp(web) -> str:
    """Follow the two-factor setup as a user with an authenticator app would; returns the app's secret."""
    page = web.get("/tf-setup").get_data(as_text=True)
    page = web.post("/tf-setup", data={"setup": "authenticator", "csrf_token": _csrf(page)}).get_data(as_text=True)
    secret = re.search(r'<code id="tf-sleutel">([^<]+)</code>', page).group(1).replace("-", "").replace(" ", "")
    response = web.post("/tf-validate", data={"code": pyotp.TOTP(secret).now(), "csrf_token": _csrf(page)})
    assert response.status_code == 302 and "/tf-" not in response.headers["Location"], response.headers
    return secret


def _audit(action: str) -> list[AccountAudit]:
    return db.session.scalars(select(AccountAudit).where(AccountAudit.action == action)
                              .order_by(AccountAudit.id)).all()


def test_an_invited_user_follows_the_link_sets_a_password_and_totp_and_is_logged_in(app, world, login, mailbox):
    web = login(world.beheerder)
    response = _invite(web, "Nieuw.Lid@Proef.nl", world.gemeente_a.code)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Uitnodiging verstuurd" in html
    assert "beginwachtwoord" not in html.lower() and 'name="password"' not in html
    user = db.session.scalar(select(User).where(User.email == "nieuw.lid@proef.nl"))
    assert user is not None and not user.tf_primary_method

    [message] = mailbox.to("nieuw.lid@proef.nl")
    assert message["Subject"] == "Uitnodiging voor het Inburgeringsportaal"
    assert {p.get_content_type() for p in message.walk()} >= {"text/plain", "text/html"}
    assert "3 dagen" in MailBox.text(message) and "wachtwoord" in MailBox.text(message)
    path = _link(message)

    own = app.test_client()
    response = _set_password(own, path)
    assert response.status_code == 302 and "/tf-setup" in response.headers["Location"], response.headers
    assert own.get("/trajecten/").status_code == 302  # nothing opens before two-factor is set up
    _set_up_totp(own)
    start = own.get("/", follow_redirects=True)
    assert start.status_code == 200 and start.request.path == "/" and "Vandaag te doen" in start.get_data(as_text=True)
    assert user.email in start.get_data(as_text=True)
    entry = _audit("wachtwoord_ingesteld_via_link")[-1]
    assert entry.target_user_id == user.id and entry.actor == user.email
    created = _audit("gebruiker_aangemaakt")[-1]
    assert created.actor == world.beheerder.email and "uitnodiging" in created.details


def test_a_used_invitation_link_is_refused(app, world, login, mailbox):
    _invite(login(world.beheerder), "eenmalig@proef.nl", world.gemeente_a.code)
    path = _link(mailbox.to("eenmalig@proef.nl")[-1])
    assert _set_password(app.test_client(), path).status_code == 302
    again = app.test_client().get(path)
    assert again.status_code == 302 and urlsplit(again.headers["Location"]).path == "/reset"
    posted = app.test_client().post(path, data={"password": "Nog-Een-Ander-Wachtwoord-Voor-Kerkrade-12!",
                                                 "password_confirm": "Nog-Een-Ander-Wachtwoord-Voor-Kerkrade-12!"})
    assert posted.status_code in (302, 400)
    user = db.session.scalar(select(User).where(User.email == "eenmalig@proef.nl"))
    [used] = _audit("wachtwoord_ingesteld_via_link")
    assert used.target_user_id == user.id


def test_an_invitation_link_is_valid_72_hours_and_refused_after(app, world, login, mailbox, monkeypatch):
    assert app.config["SECURITY_RESET_PASSWORD_WITHIN"] == timedelta(hours=72)
    _invite(login(world.beheerder), "verlopen@proef.nl", world.gemeente_a.code)
    path = _link(mailbox.to("verlopen@proef.nl")[-1])
    issued = int(time.time())
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: issued + 71 * 3600)
    valid = app.test_client().get(path)
    assert valid.status_code == 200, valid.headers.get("Location")
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: issued + 73 * 3600)
    web = app.test_client()
    expired = web.get(path)
    assert expired.status_code == 302 and urlsplit(expired.headers["Location"]).path == "/reset"
    assert "verlopen" in web.get("/reset").get_data(as_text=True)
    assert not _audit("wachtwoord_ingesteld_via_link")


def test_the_cli_invites_a_user_with_a_link_to_the_portal_base_url(app, runner, world, mailbox):
    result = runner.invoke(args=["user", "invite", "cli-lid@proef.nl", "--role", "aanbieder",
                                 "--org", world.taal_aanbieder.code])
    assert result.exit_code == 0, result.output
    assert "wachtwoord" not in result.output.lower().replace("uitnodiging", "")
    [message] = mailbox.to("cli-lid@proef.nl")
    assert app.config["PORTAL_BASE_URL"] + "/reset/" in MailBox.text(message)
    assert _audit("gebruiker_aangemaakt")[-1].actor == "cli"
    assert _set_password(app.test_client(), _link(message)).status_code == 302


def test_forgot_password_answers_the_same_for_unknown_addresses_and_resets_end_to_end(app, world, mailbox):
    user = world.regisseur_a

    def ask(email):
        web = app.test_client()
        page = web.get("/reset").get_data(as_text=True)
        response = web.post("/reset", data={"email": email, "csrf_token": _csrf(page)}, follow_redirects=True)
        html = response.get_data(as_text=True).replace(email, "EMAIL")
        return re.sub(r'value="[^"]*"', "", html), response.status_code

    before = len(mailbox.messages)
    unknown = ask("niemand-hier@proef.nl")
    assert len(mailbox.messages) == before
    known = ask(user.email)
    assert known == unknown and "Als dit e-mailadres bij het portaal bekend is" in known[0]
    [message] = mailbox.to(user.email)[-1:]
    assert message["Subject"] == "Kies een wachtwoord voor het Inburgeringsportaal"
    assert _audit("wachtwoord_vergeten")[-1].target_user_id == user.id

    web = app.test_client()
    response = _set_password(web, _link(message))
    assert response.status_code == 302 and "/tf-validate" in response.headers["Location"]  # the code is still asked
    page = web.get("/tf-validate").get_data(as_text=True)
    response = web.post("/tf-validate", data={"code": pyotp.TOTP(user.totp_base32).now(), "csrf_token": _csrf(page)})
    assert response.status_code == 302, response.headers
    start = web.get("/", follow_redirects=True)
    assert start.status_code == 200 and start.request.path != "/login"
    notice = mailbox.to(user.email)[-1]
    assert "gewijzigd" in notice["Subject"]
    # the old password is gone, the new one works
    other = app.test_client()
    token = _csrf(other.get("/login").get_data(as_text=True))
    refused = other.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token})
    assert "/tf-validate" not in refused.headers.get("Location", "")
    token = _csrf(other.get("/login").get_data(as_text=True))
    accepted = other.post("/login", data={"email": user.email, "password": NEW_PASSWORD, "csrf_token": token})
    assert "/tf-validate" in accepted.headers.get("Location", "")


def test_the_beheerder_resets_two_factor_and_the_user_enrolls_again_at_the_next_login(app, world, login, mailbox):
    user = world.regisseur_b
    own = login(user)
    web = login(world.beheerder)
    assert "Tweestapsverificatie wissen" in web.get("/beheer/gebruikers").get_data(as_text=True)
    response = web.post(f"/beheer/gebruikers/{user.id}/tweestap-herstellen", data={"csrf_token": web.csrf_token})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.tf_primary_method is None and user.tf_totp_secret is None
    assert own.get("/trajecten/").status_code == 302  # her session ended
    assert "opnieuw ingesteld" in MailBox.text(mailbox.to(user.email)[-1])

    again = app.test_client()
    token = _csrf(again.get("/login").get_data(as_text=True))
    response = again.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token})
    assert "/tf-setup" in response.headers["Location"]
    _set_up_totp(again)
    assert again.get("/trajecten/").status_code == 200

    entry = _audit("tweestap_hersteld")[-1]
    assert entry.actor == world.beheerder.email and entry.target_user_id == user.id
    logboek = web.get("/beheer/logboek").get_data(as_text=True)
    assert "tweestap hersteld" in logboek and user.email in logboek


def test_the_beheerder_sends_a_password_reset_link_and_never_sees_it(app, world, login, mailbox):
    user = world.privacy_a
    web = login(world.beheerder)
    response = web.post(f"/beheer/gebruikers/{user.id}/wachtwoord-herstellen", data={"csrf_token": web.csrf_token},
                        follow_redirects=True)
    html = response.get_data(as_text=True)
    message = mailbox.to(user.email)[-1]
    path = _link(message)
    assert path not in html and path.rsplit("/", 1)[1] not in html
    entry = _audit("wachtwoordherstel_verstuurd")[-1]
    assert entry.actor == world.beheerder.email and entry.target_user_id == user.id
    assert "wachtwoordherstel verstuurd" in web.get("/beheer/logboek").get_data(as_text=True)
    assert _set_password(app.test_client(), path).status_code == 302
    # not for other roles
    regisseur = login(world.regisseur_a)
    assert regisseur.post(f"/beheer/gebruikers/{user.id}/wachtwoord-herstellen",
                          data={"csrf_token": regisseur.csrf_token}).status_code == 403


@pytest.mark.parametrize("email", ["piet@vluchtw", "piet", "piet@@proef.nl", "piet @proef.nl"])
def test_an_address_that_can_never_receive_mail_is_refused(app, world, login, runner, mailbox, email):
    web = login(world.beheerder)
    before = len(mailbox.messages)
    response = _invite(web, email, world.gemeente_a.code)
    assert response.status_code == 422 and "geldig e-mailadres" in response.get_data(as_text=True)
    result = runner.invoke(args=["user", "create", email, "--role", "regisseur", "--org", world.gemeente_a.code,
                                 "--password", TEST_PASSWORD])
    assert result.exit_code != 0
    assert len(mailbox.messages) == before
    assert db.session.scalar(select(User).where(User.email == email.lower())) is None


def test_no_message_contains_a_trajectory_id_even_when_data_exists(world, make, mailbox):
    """The autouse check in tests/conftest.py runs over every message; here it meets real trajectories."""
    traject = world.traject
    beheer.send_password_reset(world.regisseur_a)
    beheer.reset_two_factor(world.taal_user)
    for message in mailbox.messages[-2:]:
        assert traject.id not in MailBox.text(message)


def test_the_mail_check_finds_a_trajectory_id_or_bsn_but_not_a_link_token_or_address(world):
    from email.message import EmailMessage
    message = EmailMessage()
    message["To"], message["Subject"] = "privacy-0e64f00a@proef.nl", "Bericht"
    message.set_content(f"Over traject {world.traject.id}: http://localhost/reset/{world.traject_b.id}")
    assert trajectory_data_in_mail(message) == [world.traject.id]
    message.set_content("http://localhost/reset/" + world.traject.id.lower())
    assert trajectory_data_in_mail(message) == []
    message.set_content("bsn 111222333")
    assert trajectory_data_in_mail(message) == ["BSN"]


def test_only_development_prints_messages_production_sends_them_to_a_relay(monkeypatch):
    import config
    for name in ("MAIL_SERVER", "MAIL_PORT"):
        monkeypatch.delenv(name, raising=False)
    assert config.load({"PROFILE": "development"})["MAIL_BACKEND"] == "console"
    for name, value in (("SECRET_KEY", "s1-real"), ("TOTP_SECRET", "s2-real"), ("SECURITY_PASSWORD_SALT", "s3-real"),
                        ("LOG_HMAC_KEY", "s4-real"), ("PORTAL_SINGLE_PROCESS", "true")):
        monkeypatch.setenv(name, value)
    production = config.load({"PROFILE": "production"})
    assert (production["MAIL_BACKEND"], production["MAIL_SERVER"]) == ("smtp", "localhost")
    monkeypatch.setenv("MAIL_SERVER", "smtp.gemeente.nl")
    monkeypatch.setenv("MAIL_PORT", "587")
    monkeypatch.setenv("MAIL_USE_TLS", "true")
    production = config.load({"PROFILE": "production"})
    assert (production["MAIL_SERVER"], production["MAIL_PORT"], production["MAIL_USE_TLS"]) == \
        ("smtp.gemeente.nl", 587, True)
