"""Issue 16: the beheerder invites a user; the user opens the link from the e-mail the SMTP server caught, chooses a
password, sets up her authenticator app and lands on her start page."""
import re
import uuid

import pyotp
from playwright.sync_api import expect

from tests.browser.conftest import log_in, person
from tests.conftest import MailBox, mail_server

NEW_PASSWORD = "Een-Heel-Ander-Wachtwoord-Voor-Parkstad-93!"


def _world(make):
    org = make.gemeente(naam="Gemeente Uitnodiging")
    return person(make.user("beheerder", org)), org.code


def test_the_beheerder_invites_a_user_who_sets_a_password_and_totp_from_the_email(page, live, shoot):
    beheerder, gemeente = live.seed(_world)
    email = f"uitgenodigd-{uuid.uuid4().hex[:6]}@proef.nl"

    log_in(page, live, beheerder)
    page.goto(f"{live.url}/beheer/gebruikers")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Rol").select_option("regisseur")
    page.get_by_label("Organisatie").select_option(gemeente)
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("heading", name=re.compile("Uitnodiging verstuurd"))).to_be_visible()
    shoot("beheer-uitnodiging-verstuurd")
    page.get_by_role("button", name="Uitloggen").click()

    [message] = mail_server().handler.to(email)  # the address is unique to this run
    link = re.search(r"https?://\S+/reset/\S+", MailBox.text(message)).group(0)
    assert link.startswith(live.url)

    page.goto(link)
    expect(page.get_by_role("heading", name="Wachtwoord kiezen")).to_be_visible()
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Herhaal het nieuwe wachtwoord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord instellen").click()

    expect(page.get_by_role("heading", name="Tweestapsverificatie instellen")).to_be_visible()
    page.get_by_role("button", name="Authenticator-app koppelen").click()
    secret = page.locator("#tf-sleutel").inner_text().replace("-", "").replace(" ", "")
    shoot("uitnodiging-tweestap-instellen")
    page.get_by_label("Authenticatiecode").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Instellen afronden").click()

    expect(page.get_by_role("heading", name="Vandaag te doen")).to_be_visible()
    expect(page.get_by_text(email)).to_be_visible()
    shoot("uitnodiging-startpagina")
