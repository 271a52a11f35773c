"""Meldingen: `portal meldingen` sends each user at most one e-mail a day with the counts of what is due for her role
(and nothing she switched off), keeps a digest that the mail server did not take for the next run, and the start
page shows every role the same work in full. The clock is frozen on Monday 15-06-2026 (PORTAL_TODAY); 5 werkdagen
later is Monday 22-06-2026."""
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from dpia.datalekken import services as datalekken
from dpia.datalekken.services import DatalekGegevens
from dpia.verwerkersovereenkomsten.services import register_getekend
from dpia.verzoeken import services as verzoeken
from portal.beheer import services as beheer
from portal.extensions import db
from portal.meldingen import scheduler
from portal.meldingen.models import Digest
from portal.models import AccountAudit, LogEntry, Organisatie, User
from tests.conftest import trajectory_data_in_mail
from tests.helpers.voortgang import Regie, Zeven, bouw_regie, bouw_zeven, lever, periode

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Wereld:
    regie: Regie
    zeven: Zeven
    privacy: User
    vo_user: User          # an aanbieder whose agreement with the gemeente ends on 31-07-2026
    beheerder: User
    geblokkeerd: User
    ander: Organisatie


@pytest.fixture(scope="module")
def _wereld(shared):
    """Built once for the module's tests (tests/helpers/shared.py)."""
    def bouw(make) -> Wereld:
        regie = bouw_regie(make)
        zeven = bouw_zeven(regie)
        # The taal aanbieder delivered for its running assignments lately: nothing of its own is overdue.
        lever(regie.docent, "aanwezigheid", [periode(zeven.afschalen.id, "2026-05-29", "2026-06-05", gepland=10)])
        privacy = make.user("privacy", regie.gemeente)
        verzoeken.registreer(privacy, "inzage", dt.date(2026, 5, 20), [zeven.duo.id])      # due 20-06: within 7 days
        verzoeken.registreer(privacy, "inzage", dt.date(2026, 6, 10), [zeven.start.id])    # due 10-07: not yet
        datalekken.registreer(privacy, DatalekGegevens(titel="Lijst verkeerd gemaild", omschrijving="Naar een ander.",
                                                       ontdekt_op=dt.datetime(2026, 6, 14, 10, 0)))
        datalekken.registreer(privacy, DatalekGegevens(titel="Gemeld lek", omschrijving="Al bij de AP gemeld.",
                                                       ontdekt_op=dt.datetime(2026, 6, 13, 10, 0), gemeld_ap=True,
                                                       gemeld_ap_op=dt.datetime(2026, 6, 13, 15, 0)))
        db.session.commit()
        ander = make.aanbieder(["taal"], naam="Taalpunt Zuid")
        register_getekend(ander, regie.gemeente, dt.date(2025, 8, 1), dt.date(2026, 7, 31))
        db.session.commit()
        beheerder = make.user("beheerder", regie.gemeente)
        geblokkeerd = make.user("regisseur", regie.gemeente)
        beheer.set_active(geblokkeerd, False)
        db.session.commit()
        return Wereld(regie, zeven, privacy, make.user("aanbieder", ander), beheerder, geblokkeerd, ander)
    return shared.build(bouw)


@pytest.fixture
def wereld(ctx, _wereld) -> Wereld:
    return _wereld.load()


def _regels(message) -> dict[str, int]:
    """The 'label: count' lines of a digest's plain text."""
    text = message.get_body(("plain",)).get_content()
    return {line[2:].rsplit(": ", 1)[0]: int(line.rsplit(": ", 1)[1]) for line in text.splitlines()
            if line.startswith("- ")}


def _digests(user: User) -> list[Digest]:
    return list(db.session.scalars(select(Digest).where(Digest.user_id == user.id).order_by(Digest.dag)))


def _aangevinkt(html: str) -> set[str]:
    return set(re.findall(r'<input checked [^>]*name="categorieen" type="checkbox" value="(\w+)"', html))


def _audit(action: str, user: User) -> list[AccountAudit]:
    return list(db.session.scalars(select(AccountAudit).where(AccountAudit.action == action,
                                                              AccountAudit.target_user_id == user.id)))


def test_portal_meldingen_sends_each_role_exactly_the_counts_due_and_nothing_of_a_trajectory(runner, wereld,
                                                                                             mailbox):
    w = wereld
    result = runner.invoke(args=["meldingen"])
    assert result.exit_code == 0, result.output
    verwacht = {
        # duo_registratie of the MAP afgerond 01-06 (deadline 15-06) and vertraagde_start of `start` (PIP 05-01,
        # deadline 05-04: late); the other signals' deadlines lie after 22-06 or they have none.
        w.regie.regisseur.email: {"Signalen met een deadline": 2},
        w.regie.coach.email: {"Toewijzingen zonder aanlevering": 1},  # PVT of `geen`: last period ended 31-03
        w.vo_user.email: {"Verwerkersovereenkomsten die aflopen": 1},
        w.privacy.email: {"Verzoeken van betrokkenen": 1, "Datalekken binnen de meldtermijn": 1,
                          "Verwerkersovereenkomsten die aflopen": 1},
        w.beheerder.email: {"Geblokkeerde accounts": 1},
    }
    for email, regels in verwacht.items():
        [message] = mailbox.to(email)
        assert message["Subject"] == "Wat er voor u klaarstaat in het Inburgeringsportaal"
        assert _regels(message) == regels, email
        html = message.get_body(("html",)).get_content()
        assert "http://localhost:5000/" in html and "/account/meldingen/" in html
        assert trajectory_data_in_mail(message) == []
        for traject in vars(w.zeven).values():
            assert traject.id not in message.as_string()
    assert mailbox.to(w.regie.docent.email) == []  # nothing due: no message
    assert mailbox.to(w.geblokkeerd.email) == []   # a blocked account gets nothing
    assert len(mailbox.messages) == len(verwacht)
    [digest] = _digests(w.privacy)
    assert digest.status == "verzonden" and digest.dag == dt.date(2026, 6, 15) and digest.pogingen == 1
    assert _audit("melding_verzonden", w.privacy)[0].actor == "cli"
    assert f"{w.privacy.email}: verzoeken van betrokkenen 1" in result.output


def test_one_message_per_user_per_day_and_the_next_day_a_new_one(runner, wereld, mailbox, app, monkeypatch):
    w = wereld
    assert runner.invoke(args=["meldingen"]).exit_code == 0
    again = runner.invoke(args=["meldingen"])
    assert again.exit_code == 0 and "vandaag al verzonden" in again.output
    assert len(mailbox.to(w.privacy.email)) == 1 and len(mailbox.to(w.regie.regisseur.email)) == 1
    monkeypatch.setitem(app.config, "PORTAL_TODAY", "2026-06-16")
    assert runner.invoke(args=["meldingen"]).exit_code == 0
    assert len(mailbox.to(w.privacy.email)) == 2
    assert [d.dag for d in _digests(w.privacy)] == [dt.date(2026, 6, 15), dt.date(2026, 6, 16)]


def test_dry_run_prints_who_would_get_what_and_sends_and_stores_nothing(runner, wereld, mailbox):
    result = runner.invoke(args=["meldingen", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"{wereld.regie.regisseur.email}: signalen met een deadline 2" in result.output
    assert f"{wereld.regie.coach.email}: toewijzingen zonder aanlevering 1" in result.output
    assert wereld.regie.docent.email not in result.output
    assert "Proefdraai" in result.output
    assert mailbox.messages == [] and _digests(wereld.privacy) == []


def test_an_invited_user_who_has_not_set_up_her_login_gets_no_digest(runner, wereld, mailbox):
    invited = beheer.invite_user("nieuw@gemeente.example", "regisseur", wereld.regie.gemeente.code)
    db.session.commit()
    result = runner.invoke(args=["meldingen", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"{wereld.regie.regisseur.email}: signalen met een deadline 2" in result.output
    assert invited.email not in result.output


def test_a_category_switched_off_on_the_meldingen_page_stays_out_of_the_mail_but_not_off_the_start_page(
        runner, wereld, mailbox, login):
    w = wereld
    web = login(w.privacy)
    page = web.get("/account/meldingen/")
    assert page.status_code == 200 and "Datalekken binnen de meldtermijn" in page.get_data(as_text=True)
    response = web.post("/account/meldingen/", data={"csrf_token": web.csrf_token,
                                                     "categorieen": ["verzoeken", "overeenkomsten"]})
    assert response.status_code == 302
    page = web.get("/account/meldingen/").get_data(as_text=True)
    assert _aangevinkt(page) == {"verzoeken", "overeenkomsten"}
    # everything off for the coach: no message at all
    coach = login(w.regie.coach)
    assert coach.post("/account/meldingen/", data={"csrf_token": coach.csrf_token}).status_code == 302
    assert runner.invoke(args=["meldingen"]).exit_code == 0
    [message] = mailbox.to(w.privacy.email)
    assert _regels(message) == {"Verzoeken van betrokkenen": 1, "Verwerkersovereenkomsten die aflopen": 1}
    assert mailbox.to(w.regie.coach.email) == []
    start = web.get("/").get_data(as_text=True)
    assert "Lijst verkeerd gemaild" in start  # the page always shows all


def test_with_the_mail_server_down_nothing_is_lost_and_the_next_run_sends_it(runner, wereld, mailbox, app,
                                                                            monkeypatch):
    w = wereld
    import socket
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dicht = probe.getsockname()[1]
    monkeypatch.setattr(app.extensions["mailman"], "port", dicht)
    result = runner.invoke(args=["meldingen"])
    assert result.exit_code == 0, result.output
    assert "Mailserver niet bereikbaar" in result.output and "5 melding(en) wachten" in result.output
    assert mailbox.messages == []
    [digest] = _digests(w.privacy)
    assert digest.status == "wachtend" and digest.pogingen == 1 and "niet bereikbaar" in digest.fout
    assert len(_audit("melding_mislukt", w.privacy)) == 1
    monkeypatch.undo()
    result = runner.invoke(args=["meldingen"])
    assert result.exit_code == 0 and "5 verzonden" in result.output, result.output
    assert len(mailbox.to(w.privacy.email)) == 1 and len(mailbox.messages) == 5
    db.session.refresh(digest)
    assert digest.status == "verzonden" and digest.pogingen == 2 and digest.fout is None


def test_a_digest_still_waiting_from_an_earlier_day_is_replaced_by_the_new_days_digest(runner, wereld, mailbox, app,
                                                                                      monkeypatch):
    w = wereld
    monkeypatch.setattr(app.extensions["mailman"], "port", 1)
    assert runner.invoke(args=["meldingen"]).exit_code == 0
    monkeypatch.undo()
    monkeypatch.setitem(app.config, "PORTAL_TODAY", "2026-06-16")
    assert runner.invoke(args=["meldingen"]).exit_code == 0
    assert [(d.dag.day, d.status) for d in _digests(w.privacy)] == [(15, "vervangen"), (16, "verzonden")]
    assert len(mailbox.to(w.privacy.email)) == 1


def test_the_start_page_shows_each_role_its_work_and_logs_the_trajectories_it_shows(wereld, login):
    w = wereld
    regisseur = login(w.regie.regisseur).get("/")
    html = regisseur.get_data(as_text=True)
    assert regisseur.status_code == 200 and "Vandaag te doen" in html
    assert w.zeven.duo.id in html and w.zeven.start.id in html and w.zeven.wissel.id not in html
    gelogd = set(db.session.scalars(select(LogEntry.traject_id).where(LogEntry.gebruiker == w.regie.regisseur.email,
                                                                      LogEntry.actie == "lezen")))
    assert {w.zeven.duo.id, w.zeven.start.id} <= gelogd and w.zeven.wissel.id not in gelogd

    coach = login(w.regie.coach).get("/").get_data(as_text=True)
    assert w.zeven.geen.id in coach and "laatste aanwezigheid tot en met 31-03-2026" in coach
    assert w.zeven.duo.id not in coach

    privacy = login(w.privacy).get("/").get_data(as_text=True)
    assert "Lijst verkeerd gemaild" in privacy and "Gemeld lek" not in privacy
    assert "nog " in privacy and " uur" in privacy  # the countdown in words, not in colour alone
    assert "Taalpunt Zuid" in privacy and "31-07-2026" in privacy

    beheer_page = login(w.beheerder).get("/").get_data(as_text=True)
    assert w.geblokkeerd.email in beheer_page
    assert w.zeven.duo.id not in beheer_page

    vo_page = login(w.vo_user).get("/").get_data(as_text=True)
    assert "Verwerkersovereenkomsten die aflopen" in vo_page and "31-07-2026" in vo_page


def test_the_datalek_countdown_escalates_in_words_and_colour(wereld, login, app, monkeypatch):
    web = login(wereld.privacy)
    monkeypatch.setitem(app.config, "PORTAL_NOW", "2026-06-16T09:00")  # 25 hours left (deadline 17-06 10:00)
    assert "utrecht-status-badge--neutral\">nog 25 uur" in web.get("/").get_data(as_text=True)
    monkeypatch.setitem(app.config, "PORTAL_NOW", "2026-06-17T09:30")  # half an hour left
    assert "utrecht-status-badge--warning\">nog 1 uur" in web.get("/").get_data(as_text=True)
    monkeypatch.setitem(app.config, "PORTAL_NOW", "2026-06-18T12:00")
    assert "utrecht-status-badge--error\">26 uur te laat" in web.get("/").get_data(as_text=True)


def test_the_scheduler_runs_the_digest_on_a_cron_trigger_in_dutch_time(app, ctx, wereld, mailbox):
    planner = scheduler.maak(app)
    [job] = planner.get_jobs()
    velden = {f.name: str(f) for f in job.trigger.fields}
    assert (velden["hour"], velden["minute"]) == ("7-18", "0") and str(job.trigger.timezone) == "Europe/Amsterdam"
    job.func(*job.args)
    assert len(mailbox.to(wereld.privacy.email)) == 1


def test_docker_compose_starts_the_scheduler_after_the_migration():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    service = compose["services"]["scheduler"]
    assert service["command"] == ["portal", "scheduler"]
    assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert service["environment"]["MAIL_SERVER"] == compose["services"]["app"]["environment"]["MAIL_SERVER"]
    assert service.get("restart") == "unless-stopped"


def test_a_digest_taken_by_another_run_at_the_same_moment_is_not_sent_twice(app, ctx, wereld, mailbox):
    from portal.meldingen import verzending
    eerste, _ = verzending.voorbereiden(dt.date(2026, 6, 15))
    db.session.commit()
    tweede, _ = verzending.voorbereiden(dt.date(2026, 6, 15))  # a second run read the same waiting digests
    assert sorted(d.id for d, _ in tweede) == sorted(d.id for d, _ in eerste)
    for digest, gezien in eerste:  # the first run has taken each one and is about to hand it to the mail server
        assert verzending._poging(digest, gezien)
    verslag = verzending.Verslag()
    verzending.versturen(tweede, verslag)
    assert verslag.verzonden == 0 and mailbox.messages == []
    assert {d.status for d, _ in eerste} == {"wachtend"} and {d.pogingen for d, _ in eerste} == {1}


def test_under_a_verwerkingsstop_the_start_page_says_why_and_shows_no_trajectory(wereld, login, runner, mailbox):
    from dpia.verwerkingsstop import services as stops
    w = wereld
    stops.start(w.privacy, "signalering_regie", "Onderzoek naar een datalek")
    db.session.commit()
    page = login(w.regie.regisseur).get("/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Onderzoek naar een datalek" in html
    assert w.zeven.duo.id not in html and w.zeven.start.id not in html
    assert runner.invoke(args=["meldingen"]).exit_code == 0
    assert mailbox.to(w.regie.regisseur.email) == []  # nothing computed, nothing to count
    # the aanbieders work under another activity: the coach still gets hers
    assert len(mailbox.to(w.regie.coach.email)) == 1


def test_a_message_the_mail_server_refuses_is_mislukt_and_the_others_still_go_out(runner, wereld, mailbox,
                                                                                 monkeypatch):
    from tests.conftest import mail_server
    geweigerd = wereld.privacy.email

    async def handle_RCPT(server, session, envelope, address, rcpt_options):
        if address == geweigerd:
            return "550 5.1.1 Onbekende ontvanger"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    monkeypatch.setattr(mail_server().handler, "handle_RCPT", handle_RCPT, raising=False)
    result = runner.invoke(args=["meldingen"])
    assert result.exit_code == 0 and "4 verzonden, 0 wachtend, 1 mislukt" in result.output, result.output
    assert mailbox.to(geweigerd) == [] and len(mailbox.to(wereld.regie.regisseur.email)) == 1
    [digest] = _digests(wereld.privacy)
    assert digest.status == "mislukt" and "geweigerd" in digest.fout
    assert "geweigerd" in _audit("melding_mislukt", wereld.privacy)[0].details
    monkeypatch.undo()
    assert "vandaag al mislukt" in runner.invoke(args=["meldingen"]).output  # not retried the same day


def test_the_aanbieders_start_page_leaves_out_silent_work_on_a_trajectory_it_may_no_longer_see(wereld, login):
    w = wereld
    assert w.zeven.geen.id in login(w.regie.coach).get("/").get_data(as_text=True)
    verzoek = verzoeken.registreer(w.privacy, "beperking", dt.date(2026, 6, 10), [w.zeven.geen.id],
                                   identiteit_methode="digid", identiteit_op=dt.date(2026, 6, 10))
    verzoeken.beperk(w.privacy, verzoek)  # restricted: nobody but the gemeente's privacy officer sees it
    assert w.zeven.geen.id not in login(w.regie.coach).get("/").get_data(as_text=True)
