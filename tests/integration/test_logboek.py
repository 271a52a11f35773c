"""The processing log viewer (/privacy/logboek) and GET /api/v1/verwerkingslog: the privacy officer reads her own
gemeente's entries only, filters, pages and exports them formula-safe; reading the log adds nothing to it."""
import csv
import io
import re
from datetime import datetime

import openpyxl
import pytest
from sqlalchemy import delete, func, select

from portal import verwerkingslog
from portal.codes import Actie, Activiteit
from portal.extensions import db
from portal.models import LogEntry, Traject
from tests.helpers.api import bearer
from tests.integration.test_verwerkingsstop import WEIGERING


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(LogEntry))


def _rows(page: str) -> list[str]:
    body = re.search(r"<tbody.*?</tbody>", page, re.S).group(0)
    return re.findall(r"<tr class=\"utrecht-table__row\">(.*?)</tr>", body, re.S)


def _aantal(page: str) -> int:
    return int(re.search(r'id="aantal">(\d+) regel', page).group(1))



@pytest.fixture
def log(world, monkeypatch):
    """A few entries at known moments (naive UTC) besides the ones the world's set-up wrote."""
    a, b = world.gemeente_a.code, world.gemeente_b.code

    def at(moment, *args, **kwargs):
        monkeypatch.setattr(verwerkingslog, "utcnow", lambda: moment)
        verwerkingslog.record(*args, **kwargs)

    at(datetime(2026, 2, 1, 9), world.taal_user, Actie.aanleveren, Activiteit.voortgangsrapportage,
       [(world.traject.id, a)])
    at(datetime(2026, 3, 15, 9), world.map_user, Actie.lezen, Activiteit.voortgangsrapportage, [(world.traject.id, a)])
    at(datetime(2026, 4, 30, 23), world.regisseur_a, Actie.exporteren, Activiteit.signalering_regie,
       [(world.traject.id, a)])  # 1 May, 01:00 in Amsterdam
    at(datetime(2026, 5, 2, 9), world.taal_user, Actie.lezen, Activiteit.voortgangsrapportage,
       [(world.traject.id, a)], toelichting=WEIGERING)
    at(datetime(2026, 5, 3, 9), world.regisseur_b, Actie.lezen, Activiteit.signalering_regie,
       [(world.traject_b.id, b)])
    monkeypatch.undo()
    db.session.commit()
    return world


def test_the_log_shows_only_the_own_gemeentes_entries_and_reading_it_is_not_logged(log, login):
    web = login(log.privacy_a)
    before = _count()
    page = web.get("/privacy/logboek").get_data(as_text=True)
    assert log.traject.id in page and log.traject_b.id not in page and log.regisseur_b.email not in page
    own = db.session.scalar(select(func.count()).select_from(LogEntry).where(LogEntry.gemeente == log.gemeente_a.code))
    assert _aantal(page) == own
    web.get("/privacy/logboek.csv")
    web.get("/privacy/logboek.xlsx")
    assert _count() == before


@pytest.mark.parametrize("args, expected", [
    ({"organisatie": "MAP"}, 1),
    ({"actie": "exporteren"}, 1),
    ({"activiteit": "signalering_regie", "actie": "exporteren"}, 1),
    ({"van": "2026-03-01", "tot": "2026-04-30"}, 1),   # the export was on 1 May, Dutch time
    ({"van": "2026-05-01", "tot": "2026-05-01"}, 1),
    ({"van": "2026-02-01", "tot": "2026-05-31"}, 4),
    ({"weigeringen": "y"}, 1),
])
def test_the_filters(log, login, args, expected):
    if args.get("organisatie") == "MAP":
        args = {**args, "organisatie": log.map_aanbieder.code}
    page = login(log.privacy_a).get("/privacy/logboek", query_string=args).get_data(as_text=True)
    assert _aantal(page) == expected, args


def test_filtering_on_trajectory_and_user(log, make, login):
    other = make.traject(log.regisseur_a)
    web = login(log.privacy_a)
    page = web.get("/privacy/logboek", query_string={"traject_id": other.id.lower().replace("-", "")}).get_data(
        as_text=True)
    assert _aantal(page) == 1 and other.id in page and log.traject.id not in page
    page = web.get("/privacy/logboek", query_string={"gebruiker": log.taal_user.email.split("@")[0].upper()}).get_data(
        as_text=True)
    assert _aantal(page) == 2 and all(log.taal_user.email in row for row in _rows(page))


def test_refused_attempts_are_marked(log, login):
    page = login(log.privacy_a).get("/privacy/logboek", query_string={"weigeringen": "y"}).get_data(as_text=True)
    (row,) = _rows(page)
    assert "Geweigerd" in row and WEIGERING in row
    assert '<span class="utrecht-status-badge utrecht-status-badge--error">Geweigerd</span> ' in row


def test_pagination(world, login):
    verwerkingslog.record(world.taal_user, Actie.lezen, Activiteit.voortgangsrapportage,
                          [(f"TEST-{i:04d}-X", world.gemeente_a.code) for i in range(60)])
    db.session.commit()
    web = login(world.privacy_a)
    first = web.get("/privacy/logboek").get_data(as_text=True)
    total = _aantal(first)
    assert len(_rows(first)) == 50 and 'aria-label="Pagina 2"' in first
    second = web.get("/privacy/logboek", query_string={"pagina": 2}).get_data(as_text=True)
    assert len(_rows(second)) == total - 50
    assert "TEST-0059-X" in first and "TEST-0000-X" in second  # newest first


def test_the_exports_are_formula_safe(world, login):
    sneaky = verwerkingslog.Actor("=HYPERLINK(\"http://x\")@proef.nl", "+ORG")
    verwerkingslog.record(sneaky, Actie.lezen, Activiteit.voortgangsrapportage, [(world.traject.id,
                                                                                  world.gemeente_a.code)],
                          toelichting="@SUM(1+1)")
    db.session.commit()
    web = login(world.privacy_a)
    response = web.get("/privacy/logboek.csv", query_string={"traject_id": world.traject.id})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["tijdstip", "gebruiker", "organisatie", "traject_id", "actie", "verwerkingsactiviteit",
                       "toelichting"]
    last = rows[-1]
    assert last[1].startswith("'=HYPERLINK") and last[2] == "'+ORG" and last[6] == "'@SUM(1+1)"
    xlsx = web.get("/privacy/logboek.xlsx", query_string={"traject_id": world.traject.id})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.get_data())).active
    cells = [c for c in sheet[sheet.max_row]]
    assert cells[1].value.startswith("=HYPERLINK") and cells[1].data_type == "s"
    assert sheet.max_row == len(rows)


@pytest.mark.parametrize("rol", ["regisseur", "aanbieder", "beheerder"])
def test_other_roles_get_403_on_the_log_pages(world, login, rol):
    user = {"regisseur": world.regisseur_a, "aanbieder": world.taal_user, "beheerder": world.beheerder}[rol]
    web = login(user)
    for path in ("/privacy/logboek", "/privacy/logboek.csv"):
        assert web.get(path).status_code == 403


# --- GET /api/v1/verwerkingslog -----------------------------------------------------------------------------------


def test_the_api_answers_the_log_of_one_trajectory(log, client, make):
    response = client.get("/api/v1/verwerkingslog", query_string={"traject_id": log.traject.id},
                          headers=bearer(make, log.privacy_a))
    assert response.status_code == 200
    entries = response.json
    assert {"tijdstip", "gebruiker", "organisatie", "actie", "traject_id", "verwerkingsactiviteit"} <= set(entries[0])
    assert {e["traject_id"] for e in entries} == {log.traject.id}
    assert (entries[0]["actie"], entries[0]["gebruiker"]) == ("aanmaken", log.regisseur_a.email)
    assert ("exporteren", log.regisseur_a.email, log.gemeente_a.code, "signalering_regie") in {
        (e["actie"], e["gebruiker"], e["organisatie"], e["verwerkingsactiviteit"]) for e in entries}
    assert {e["actie"] for e in entries} <= {"lezen", "aanmaken", "aanleveren", "wijzigen", "exporteren", "beperken",
                                             "wissen"}


def test_the_api_answers_also_after_the_trajectory_was_erased(log, client, make):
    headers = bearer(make, log.privacy_a)
    before = client.get("/api/v1/verwerkingslog", query_string={"traject_id": log.traject.id}, headers=headers).json
    db.session.execute(delete(Traject).where(Traject.id == log.traject.id))
    db.session.commit()
    after = client.get("/api/v1/verwerkingslog", query_string={"traject_id": log.traject.id}, headers=headers)
    assert after.status_code == 200 and after.json == before


def test_the_api_answers_404_for_another_gemeentes_and_an_unknown_trajectory(log, client, make):
    headers = bearer(make, log.privacy_a)
    foreign = client.get("/api/v1/verwerkingslog", query_string={"traject_id": log.traject_b.id}, headers=headers)
    missing = client.get("/api/v1/verwerkingslog", query_string={"traject_id": "ZZZZ-ZZZZ-Z"}, headers=headers)
    assert foreign.status_code == missing.status_code == 404 and foreign.json == missing.json
    assert client.get("/api/v1/verwerkingslog", headers=headers).status_code == 400


@pytest.mark.parametrize("rol", ["regisseur", "aanbieder", "beheerder"])
def test_the_api_answers_403_to_other_roles(log, client, make, rol):
    user = {"regisseur": log.regisseur_a, "aanbieder": log.taal_user, "beheerder": log.beheerder}[rol]
    response = client.get("/api/v1/verwerkingslog", query_string={"traject_id": log.traject.id},
                          headers=bearer(make, user))
    assert response.status_code == 403 and response.json["error"] == "verboden"


def test_reading_the_log_through_the_api_is_not_logged(log, client, make):
    headers = bearer(make, log.privacy_a)
    before = _count()
    client.get("/api/v1/verwerkingslog", query_string={"traject_id": log.traject.id}, headers=headers)
    assert _count() == before


def _organisaties(page: str) -> list[str]:
    select_ = re.search(r'<select[^>]*name="organisatie".*?</select>', page, re.S).group(0)
    return re.findall(r'<option[^>]*value="([^"]+)"', select_)


def _eigen(world, **where) -> int:
    q = select(func.count()).select_from(LogEntry).where(LogEntry.gemeente == world.gemeente_a.code)
    return db.session.scalar(q.filter_by(**where))


def test_the_count_and_organisations_follow_every_new_entry_sequenced_or_not(world, login):
    from dpia.logboek import services
    services.vergeten()
    verwerkingslog.seal()
    db.session.commit()
    web = login(world.privacy_a)

    def bekijk(**args):
        page = web.get("/privacy/logboek", query_string=args).get_data(as_text=True)
        return _aantal(page), _organisaties(page)

    aantal, organisaties = bekijk()
    assert aantal == _eigen(world) and "NIEUW" not in organisaties
    assert bekijk() == (aantal, organisaties)  # kept up to the chain's head
    nieuw = verwerkingslog.Actor("nieuw@proef.nl", "NIEUW")
    verwerkingslog.record(nieuw, Actie.lezen, Activiteit.voortgangsrapportage, [(world.traject.id,
                                                                                world.gemeente_a.code)])
    db.session.commit()
    assert bekijk() == (aantal + 1, sorted([*organisaties, "NIEUW"]))  # not sequenced yet
    assert bekijk(organisatie="NIEUW")[0] == 1
    verwerkingslog.seal()
    db.session.commit()
    assert bekijk() == (aantal + 1, sorted([*organisaties, "NIEUW"]))  # sequenced after the kept place
    for _ in range(services._VOORUIT + 5):  # enough sequenced entries after the kept place to move it forward
        verwerkingslog.record(nieuw, Actie.lezen, Activiteit.voortgangsrapportage,
                              [(world.traject.id, world.gemeente_a.code)])
    verwerkingslog.record(nieuw, Actie.lezen, Activiteit.voortgangsrapportage, [(world.traject_b.id,
                                                                                world.gemeente_b.code)])
    db.session.commit()
    verwerkingslog.seal()
    db.session.commit()
    assert bekijk()[0] == aantal + services._VOORUIT + 6 == _eigen(world)
    assert bekijk(organisatie="NIEUW")[0] == services._VOORUIT + 6
    verwerkingslog.record(nieuw, Actie.lezen, Activiteit.voortgangsrapportage, [(world.traject.id,
                                                                                world.gemeente_a.code)])
    db.session.commit()
    assert bekijk()[0] == bekijk(organisatie="")[0] == _eigen(world) == aantal + services._VOORUIT + 7
    later = verwerkingslog.Actor("later@proef.nl", "LATER")
    verwerkingslog.record(later, Actie.lezen, Activiteit.voortgangsrapportage, [(world.traject.id,
                                                                                world.gemeente_a.code)])
    db.session.commit()
    codes = sorted(db.session.scalars(select(LogEntry.organisatie).where(
        LogEntry.gemeente == world.gemeente_a.code).distinct()))
    assert bekijk()[1] == codes and "LATER" in codes and "NIEUW" in codes
    assert bekijk(organisatie="NIEUW")[0] == services._VOORUIT + 7


def test_a_kept_count_is_not_used_for_a_log_whose_chain_differs(world, login):
    from dpia.logboek import services
    from portal.models import Verwerkingsactie, VerwerktObject
    services.vergeten()
    verwerkingslog.record(world.taal_user, Actie.lezen, Activiteit.voortgangsrapportage,
                          [(world.traject.id, world.gemeente_a.code)])
    db.session.commit()
    verwerkingslog.seal()
    db.session.commit()
    web = login(world.privacy_a)
    page = web.get("/privacy/logboek").get_data(as_text=True)
    aantal = _aantal(page)
    assert world.taal_user.organisatie.code in _organisaties(page)
    # Another database, a restore or a rewritten log: the entries up to the kept place are not those counted.
    kop = db.session.scalar(select(Verwerkingsactie).order_by(Verwerkingsactie.volgnummer.desc()).limit(1))
    db.session.execute(delete(VerwerktObject).where(VerwerktObject.actie_id == kop.id))
    kop.hash = "0" * 64
    db.session.commit()
    page = web.get("/privacy/logboek").get_data(as_text=True)
    assert _aantal(page) == aantal - 1 == _eigen(world)
