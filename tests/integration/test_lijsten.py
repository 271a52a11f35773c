"""Search and lists (issue 19 item 3): the caseload summary and its XLSX count what every filter left, the trajectory
search normalises an ID and says when its check character is wrong, a refused BSN is in no link and no log line,
"Mijn trajecten" shows gemeente, onderdeel and last delivery, the trajectory page groups its deliveries per onderdeel
and pages them, and a banner counts the trajectories a verwerkingsstop hides. The clock is frozen on 15-06-2026."""
import io
import re
from datetime import date

import openpyxl
import pytest

from dpia.verwerkingsstop import services as stops
from portal.extensions import db
from portal.trajecten import services as trajecten
from tests.helpers.voortgang import nieuw_traject, toewijzen

SAMENVATTING = re.compile(r"(\d+) traject(?:en)? gevonden; (\d+) met een open signaal, waarvan (\d+) met een verlopen "
                          r"deadline\.")


def _rijen(html: str) -> dict[str, str]:
    """Per trajectory shown on the caseload, the text of its row."""
    return {m.group(1): re.sub(r"<[^>]+>", " ", m.group(2)) for m in
            re.finditer(r'<tr class="utrecht-table__row" data-traject="([^"]+)">(.*?)</tr>', html, re.S)}


def _telling(html: str) -> dict[str, int]:
    """The per-signal counts of the page's summary: label -> number of trajectories."""
    lijst = re.search(r'<ul [^>]*id="signaal-telling">(.*?)</ul>', html, re.S).group(1)
    return {re.sub(r"<[^>]+>", "", m.group(1)).strip(): int(m.group(2))
            for m in re.finditer(r"<li[^>]*>(.*?):\s*(\d+) traject(?:en)?</li>", lijst, re.S)}


@pytest.mark.parametrize("query", [
    "", "signaal=alle", "signaal=te_laat", "signaal=geen_aanlevering", "signaal=ongeoorloofd_verzuim",
    "leerroute=z_route", "leerroute=z_route&signaal=leerroute_wissel", "doelgroep=gezinsmigrant", "status=afgerond",
    "aanbieder={mappvt}", "aanbieder={mappvt}&signaal=duo_registratie", "zoek={termijn}",
    "zoek={termijn}&signaal=vertraagde_start"])
def test_the_caseload_summary_counts_exactly_the_trajectories_every_filter_left(login, regie, zeven, query):
    web = login(regie.regisseur)
    query = query.format(mappvt=regie.mappvt.id, termijn=zeven.termijn.id)
    html = web.get(f"/voortgang/?{query}").get_data(as_text=True)
    rijen = _rijen(html)
    totaal, met_signaal, te_laat = map(int, SAMENVATTING.search(html).groups())
    assert totaal == len(rijen)
    assert met_signaal == len([t for t in rijen.values() if _heeft_signaal(t)])
    assert te_laat == sum(1 for tekst in rijen.values() if "te laat" in tekst)
    for label, aantal in _telling(html).items():
        assert aantal == sum(1 for tekst in rijen.values() if label in tekst), (label, query)

    book = openpyxl.load_workbook(io.BytesIO(web.get(f"/voortgang/export.xlsx?{query}").data))
    summary = {row[0]: row[1] for row in book["Samenvatting"].iter_rows(values_only=True) if row[0]}
    assert (summary["Trajecten"], summary["Met een open signaal"], summary["Met een verlopen signaal"]) == (
        totaal, met_signaal, te_laat)
    for label, aantal in _telling(html).items():
        assert summary[label] == aantal, label
    assert {row[0] for row in book["Trajecten"].iter_rows(min_row=2, values_only=True) if row[0]} == set(rijen)


def _heeft_signaal(tekst: str) -> bool:
    from portal.voortgang.signalen import LABELS
    return any(label in tekst for label in LABELS.values())


def test_under_the_late_signal_filter_the_summary_speaks_of_the_one_late_trajectory(login, regie, zeven):
    web = login(regie.regisseur)
    html = web.get("/voortgang/?signaal=te_laat").get_data(as_text=True)
    assert "1 traject gevonden; 1 met een open signaal, waarvan 1 met een verlopen deadline." in html
    assert _telling(html)["Vertraagde start"] == 1 and _telling(html)["Ongeoorloofd verzuim"] == 0
    book = openpyxl.load_workbook(io.BytesIO(web.get("/voortgang/export.xlsx?signaal=te_laat").data))
    summary = {row[0]: row[1] for row in book["Samenvatting"].iter_rows(values_only=True) if row[0]}
    assert (summary["Trajecten"], summary["Met een open signaal"], summary["Met een verlopen signaal"]) == (1, 1, 1)


# --- search: a normalised ID, and a wrong check character said -------------------------------------------------------


def _ids(html: str) -> list[str]:
    return re.findall(r'data-traject="([^"]+)"', html)


def _lijst_ids(html: str) -> list[str]:
    return re.findall(r'href="/trajecten/([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9])"', html)


def _varianten(traject_id: str) -> list[str]:
    compact = traject_id.replace("-", "")
    return [traject_id.lower(), compact, compact.lower(), f" {compact[:4]} {compact[4:8]} {compact[8]} ",
            f"{compact[:4]}-{compact[4:]}", f"{compact[2:6].lower()} {compact[6:]}"]


def test_the_search_finds_an_id_typed_in_lower_case_with_spaces_or_without_dashes(login, regie, zeven):
    web = login(regie.regisseur)
    for zoek in _varianten(zeven.termijn.id):
        assert _ids(web.get("/voortgang/", query_string={"zoek": zoek}).get_data(as_text=True)) == [
            zeven.termijn.id], zoek
        lijst = web.get("/trajecten/", query_string={"zoek": zoek}).get_data(as_text=True)
        assert set(_lijst_ids(lijst)) == {zeven.termijn.id}, zoek
        assert "Controleteken klopt niet" not in lijst


def _typefout(traject_id: str) -> str:
    """The ID with its fifth symbol mistyped (the check character then no longer fits)."""
    from portal.trajecten.ids import ALPHABET
    andere = next(c for c in ALPHABET if c != traject_id[5])
    return traject_id[:5] + andere + traject_id[6:]


def test_a_mistyped_id_is_said_to_have_a_wrong_check_character_with_the_trajectory_it_was_meant_to_be(
        login, regie, zeven):
    web = login(regie.regisseur)
    fout = _typefout(zeven.verzuim.id)
    for pagina in ("/voortgang/", "/trajecten/"):
        html = web.get(pagina, query_string={"zoek": fout.lower().replace("-", "")}).get_data(as_text=True)
        assert "Controleteken klopt niet" in html and f"Het controleteken van {fout} klopt niet" in html
        assert f'Bedoelt u <a class="utrecht-link utrecht-link--html-a" href="/trajecten/{zeven.verzuim.id}">' in html
        swapped = zeven.verzuim.id[:1] + zeven.verzuim.id[2] + zeven.verzuim.id[1] + zeven.verzuim.id[3:]
        if swapped != zeven.verzuim.id:
            html = web.get(pagina, query_string={"zoek": swapped}).get_data(as_text=True)
            assert f'href="/trajecten/{zeven.verzuim.id}">' in html and "Bedoelt u" in html


def test_a_wrong_check_character_of_an_id_that_is_not_the_users_gets_the_message_without_a_guess(
        login, make, regie, zeven):
    andere = make.gemeente(naam="Gemeente Elders")
    elders = make.traject(make.user("regisseur", andere))
    web = login(regie.regisseur)
    html = web.get("/trajecten/", query_string={"zoek": _typefout(elders.id)}).get_data(as_text=True)
    assert "Controleteken klopt niet" in html and "Bedoelt u" not in html and elders.id not in html
    from portal.trajecten.ids import check_character
    payload = "XXXX" + "XXXX"
    wrong = next(c for c in "0123456789" if c != check_character(payload))
    html = web.get("/voortgang/", query_string={"zoek": f"xxxx xxxx {wrong}"}).get_data(as_text=True)
    assert "Het controleteken van XXXX-XXXX-" + wrong + " klopt niet" in html and "Bedoelt u" not in html
    assert "Controleer het traject-ID" in html
    right = web.get("/voortgang/", query_string={"zoek": "XXXX-XXXX-" + check_character(payload)})
    assert "Controleteken klopt niet" not in right.get_data(as_text=True)


# --- Mijn trajecten: gemeente, onderdeel, last delivery; the verwerkingsstop banner ---------------------------------


def _rij_van(html: str, traject_id: str) -> list[str]:
    row = re.search(rf'<tr class="utrecht-table__row">\s*<td[^>]*><a class="utrecht-link" href="/trajecten/'
                    rf'{traject_id}">.*?</tr>', html, re.S).group(0)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


def test_mijn_trajecten_shows_gemeente_onderdeel_and_the_aanbieders_own_last_delivery(login, regie, zeven):
    html = login(regie.docent).get("/trajecten/").get_data(as_text=True)
    assert "<th class=\"utrecht-table__header-cell\" scope=\"col\">Laatste aanlevering</th>" in html
    cells = _rij_van(html, zeven.verzuim.id)
    assert cells[1:4] == ["Gemeente Voortgang", "Taal", "B1-route"]
    assert re.fullmatch(r"\d\d-\d\d-\d{4} \d\d:\d\d", cells[6]), cells
    coach = login(regie.coach).get("/trajecten/").get_data(as_text=True)
    assert _rij_van(coach, zeven.geen.id)[2] == "PVT"
    assert zeven.verzuim.id not in coach  # the MAP-bureau has no assignment on it


def test_mijn_trajecten_says_nothing_delivered_yet_for_a_new_assignment(login, make, regie):
    nieuw = nieuw_traject(regie.regisseur, date(2026, 5, 1), date(2026, 5, 20))
    toewijzen(regie.regisseur, nieuw, regie.taal, "taal", date(2026, 6, 1))
    cells = _rij_van(login(regie.docent).get("/trajecten/").get_data(as_text=True), nieuw.id)
    assert cells[1:3] == ["Gemeente Voortgang", "Taal"] and cells[6] == "nog niets"


def test_mijn_trajecten_names_only_the_onderdelen_whose_assignment_still_gives_the_aanbieder_work(login, make, regie):
    nieuw = nieuw_traject(regie.regisseur, date(2025, 12, 1), date(2025, 12, 20))
    toewijzen(regie.regisseur, nieuw, regie.mappvt, "map", date(2026, 1, 5))
    toewijzen(regie.regisseur, nieuw, regie.mappvt, "pvt", date(2026, 5, 1))
    trajecten.beeindig_toewijzing(regie.regisseur, nieuw, "map", date(2026, 4, 1), "Afgerond")
    db.session.commit()
    assert _rij_van(login(regie.coach).get("/trajecten/").get_data(as_text=True), nieuw.id)[2] == "PVT"
    trajecten.beeindig_toewijzing(regie.regisseur, nieuw, "map", date(2026, 6, 1), "Later afgerond")
    db.session.commit()  # ended 14 days ago: within the naloop the aanbieder still delivers for it
    assert _rij_van(login(regie.coach).get("/trajecten/").get_data(as_text=True), nieuw.id)[2] == "MAP, PVT"


def test_a_banner_counts_the_trajectories_a_verwerkingsstop_hides_from_mijn_trajecten(login, make, regie, zeven):
    web = login(regie.docent)
    zonder = web.get("/trajecten/").get_data(as_text=True)
    assert 'id="verwerkingsstop-banner"' not in zonder
    zichtbaar = len(set(_lijst_ids(zonder)))
    assert zichtbaar == 3  # verzuim, afschalen, termijn: the taal trajectories of this gemeente

    elders = make.gemeente(naam="Gemeente Doorwerk")
    make.vo(regie.taal, elders)
    regisseur_elders = make.user("regisseur", elders)
    ander = make.traject(regisseur_elders)
    trajecten.toewijzen(regisseur_elders, ander, regie.taal.code, "taal", date(2026, 1, 5))
    stops.start(make.user("privacy", regie.gemeente), "voortgangsrapportage", "SZW vraagt het delen te staken.")
    db.session.commit()

    html = web.get("/trajecten/").get_data(as_text=True)
    assert 'id="verwerkingsstop-banner"' in html
    assert "3 trajecten staan niet in deze lijst" in html
    assert set(_lijst_ids(html)) == {ander.id}
    assert not any(t in html for t in (zeven.verzuim.id, zeven.afschalen.id, zeven.termijn.id))
    assert regie.gemeente.naam not in html.split('id="verwerkingsstop-banner"')[1].split("</div>")[0]


# --- a refused BSN is in no link and no log line ----------------------------------------------------------------------

BSN = "111222333"  # passes the elfproef


def _hrefs(html: str) -> list[str]:
    from urllib.parse import unquote_plus
    return [unquote_plus(h) for h in re.findall(r'(?:href|action|src)="([^"]*)"', html)]


@pytest.mark.parametrize("zoek", [BSN, "111 222 333", "111-222-333", "１１１２２２３３３"])
def test_a_bsn_typed_into_a_list_search_is_refused_and_never_echoed_in_any_href(login, regie, zeven, make, zoek):
    from portal import bsn
    privacy = make.user("privacy", regie.gemeente)
    for user, pagina in ((regie.regisseur, "/voortgang/"), (regie.regisseur, "/voortgang/export.xlsx"),
                         (regie.regisseur, "/voortgang/export.csv"), (regie.regisseur, "/trajecten/"),
                         (regie.docent, "/trajecten/"), (privacy, "/privacy/dekking")):
        web = login(user)
        for extra in ({}, {"sorteer": "aanwezig", "richting": "af", "pagina": "2", "signaal": "alle"}):
            response = web.get(pagina, query_string={"zoek": zoek, **extra})
            html = response.get_data(as_text=True)
            assert response.status_code == 400 and "Location" not in response.headers, pagina
            assert "burgerservicenummer" in html
            assert not any(bsn.contains_bsn(h) for h in _hrefs(html)), pagina
            # the number in any form (a bare "111" may occur by chance inside a random CSRF token)
            assert not bsn.contains_bsn(html) and "１１１" not in html


def test_the_links_of_a_list_carry_only_its_own_filter_keys(app, login, regie, zeven, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 1)
    web = login(regie.regisseur)
    for pagina in ("/voortgang/", "/trajecten/"):
        html = web.get(pagina, query_string={"spoor": "x1y2", "leerroute": "b1", "zoek": " "}).get_data(as_text=True)
        assert "x1y2" not in html and "spoor" not in html
        links = [h for h in _hrefs(html) if "pagina=2" in h]
        assert links and all("leerroute=b1" in h for h in links), pagina


def test_no_logged_request_line_of_a_list_page_holds_the_bsn_searched(app, caplog, monkeypatch):
    """werkzeug logs the request line as it came in; the app's log filter masks the BSN in it."""
    import logging
    import threading
    import urllib.error
    import urllib.request
    from urllib.parse import unquote_plus

    from werkzeug.serving import make_server

    from portal import bsn
    monkeypatch.setattr(logging.getLogger("werkzeug"), "disabled", False)  # alembic's fileConfig disabled it
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    paden = ("/voortgang/", "/voortgang/export.xlsx", "/trajecten/", "/privacy/dekking")
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            for pad in paden:
                for query in (f"zoek={BSN}&sorteer=traject", "pagina=2&zoek=111+222+333"):
                    with pytest.raises(urllib.error.HTTPError) as refused:
                        urllib.request.urlopen(f"http://127.0.0.1:{server.port}{pad}?{query}")
                    assert refused.value.code == 400
    finally:
        server.shutdown()
        thread.join()
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug" and "GET /" in r.getMessage()]
    assert len(lines) == 2 * len(paden), lines
    assert all(bsn.MASK in line and " 400 " in line for line in lines), lines
    assert not any(bsn.contains_bsn(unquote_plus(line)) for line in lines)


# --- the trajectory page: deliveries per onderdeel, each group paged ----------------------------------------------


def _sectie(html: str, naam: str) -> str:
    return html.split(f'<section id="aanwezigheid-{naam}"')[1].split("</section>")[0]


def _perioden(sectie: str) -> list[str]:
    return re.findall(r"(\d\d-\d\d-\d{4}) t/m", sectie)


def test_the_trajectory_page_groups_attendance_per_onderdeel_and_pages_each_group(app, login, regie, zeven,
                                                                                   monkeypatch):
    from tests.helpers.voortgang import lever, periode
    t = zeven.afschalen
    toewijzen(regie.regisseur, t, regie.mappvt, "map", date(2026, 1, 5))
    lever(regie.coach, "aanwezigheid", [periode(t.id, "2026-05-01", "2026-05-31", gepland=6, onderdeel="map")])
    monkeypatch.setitem(app.config, "PAGE_SIZE", 3)
    web = login(regie.regisseur)

    html = web.get(f"/trajecten/{t.id}").get_data(as_text=True)
    assert html.index('id="aanwezigheid-taal"') < html.index('id="aanwezigheid-map"')
    taal = _sectie(html, "taal")
    assert "Taal" in taal and "(4 perioden, pagina 1 van 2)" in taal
    assert _perioden(taal) == ["01-05-2026", "01-04-2026", "01-03-2026"]  # newest first
    assert f'href="/trajecten/{t.id}?pagina_taal=2#aanwezigheid-taal"' in taal
    assert _perioden(_sectie(html, "map")) == ["01-05-2026"] and "pagina" not in _sectie(html, "map").split("</h4>")[0]

    tweede = web.get(f"/trajecten/{t.id}?pagina_taal=2").get_data(as_text=True)
    assert _perioden(_sectie(tweede, "taal")) == ["01-02-2026"]
    assert _perioden(_sectie(tweede, "map")) == ["01-05-2026"]
    for onzin in ("99", "9" * 40, "-1", "abc", ""):
        pagina = web.get(f"/trajecten/{t.id}", query_string={"pagina_taal": onzin})
        assert pagina.status_code == 200
        assert _perioden(_sectie(pagina.get_data(as_text=True), "taal")) == (
            ["01-02-2026"] if onzin in ("99", "9" * 40) else ["01-05-2026", "01-04-2026", "01-03-2026"]), onzin


def test_an_aanbieder_sees_only_the_group_of_its_own_onderdeel_on_the_trajectory_page(login, regie, zeven):
    from tests.helpers.voortgang import lever, periode
    t = zeven.afschalen
    toewijzen(regie.regisseur, t, regie.mappvt, "map", date(2026, 1, 5))
    lever(regie.coach, "aanwezigheid", [periode(t.id, "2026-05-01", "2026-05-31", gepland=6, onderdeel="map")])
    html = login(regie.coach).get(f"/trajecten/{t.id}").get_data(as_text=True)
    assert 'id="aanwezigheid-map"' in html and 'id="aanwezigheid-taal"' not in html


# --- the dekking page: per table, filtered by a GET form, activities by their Dutch names ----------------------------


def _tabellen(html: str) -> list[str]:
    return re.findall(r'<section class="portal-stack" id="tabel-([a-z_]+)"', html)


def test_the_dekking_page_groups_the_columns_per_table_with_the_activities_by_their_dutch_names(world, login):
    from dpia.register.dekking import kolommen
    from portal.schema import metadata
    html = login(world.privacy_a).get("/privacy/dekking").get_data(as_text=True)
    assert _tabellen(html) == sorted({k.split(".")[0] for k in kolommen(metadata)})
    traject = html.split('id="tabel-traject"')[1].split("</section>")[0]
    assert "<code>traject.doelgroep</code>" in traject and "<code>toewijzing.onderdeel</code>" not in traject
    assert "Voortgangsrapportage door aanbieders inburgering</a> (<code>voortgangsrapportage</code>)" in traject
    log = html.split('id="tabel-verwerkingsactie"')[1].split("</section>")[0]
    assert "<code>verwerkingsactie.hash</code>" in log and "hash-keten tegen wijziging" in log and "Technisch" in log


def test_the_dekking_filter_narrows_to_tables_columns_or_activities_without_javascript(world, login):
    from dpia.register import services
    from portal.codes import Activiteit
    web = login(world.privacy_a)
    html = web.get("/privacy/dekking?zoek=TOEWIJZING").get_data(as_text=True)
    assert _tabellen(html) == ["toewijzing"] and 'value="TOEWIJZING"' in html
    html = web.get("/privacy/dekking", query_string={"zoek": "Beheer van gebruikers"}).get_data(as_text=True)
    assert "user" in _tabellen(html) and "traject" not in _tabellen(html)
    html = web.get("/privacy/dekking?zoek=zzzz-bestaat-niet").get_data(as_text=True)
    assert _tabellen(html) == [] and "Geen gegevens gevonden die aan het filter voldoen." in html
    assert _tabellen(web.get("/privacy/dekking?niet_gedekt=y").get_data(as_text=True)) == []

    activiteit = next(a for a in services.register(world.gemeente_a.id) if a.code == Activiteit.beheer_accounts.value)
    services.zet_status(activiteit, "vervallen", "p@x.nl")
    db.session.commit()
    html = web.get("/privacy/dekking?niet_gedekt=y").get_data(as_text=True)
    assert "user" in _tabellen(html) and "traject" not in _tabellen(html)
    user = html.split('id="tabel-user"')[1].split("</section>")[0]
    assert "<code>user.password</code>" in user and "<code>user.email</code>" not in user  # e-mail: also G
    assert "hash-keten" not in html  # technical columns are covered by definition: not listed here


def test_no_trajectory_hidden_by_a_verwerkingsstop_is_suggested_for_a_mistyped_id(login, make, regie, zeven):
    from sqlalchemy import func, select

    from portal.models import LogEntry
    web = login(regie.docent)
    fout = _typefout(zeven.verzuim.id)
    assert f'href="/trajecten/{zeven.verzuim.id}"' in web.get("/trajecten/", query_string={"zoek": fout}).get_data(
        as_text=True)
    stops.start(make.user("privacy", regie.gemeente), "voortgangsrapportage", "SZW vraagt het delen te staken.")
    db.session.commit()
    before = db.session.scalar(select(func.max(LogEntry.id)))
    html = web.get("/trajecten/", query_string={"zoek": fout}).get_data(as_text=True)
    assert "Controleteken klopt niet" in html and "Bedoelt u" not in html and zeven.verzuim.id not in html
    assert db.session.scalar(select(func.count()).where(LogEntry.id > before,
                                                        LogEntry.traject_id == zeven.verzuim.id)) == 0


def _filter(page: str) -> str:
    return re.search(r'<form method="get".*?</form>', page, re.S).group(0)


def _kept_and_fresh(web, path: str, states: list[dict]) -> tuple[list[str], list[str]]:
    """The page's filter form for each state: as the process keeps it between requests, and rendered afresh."""
    from portal import filterformulier
    kept = [_filter(web.get(path, query_string=args).get_data(as_text=True)) for args in states]
    fresh = []
    for args in states:
        filterformulier.vergeten()
        fresh.append(_filter(web.get(path, query_string=args).get_data(as_text=True)))
    return kept, fresh


@pytest.mark.parametrize("rol", ["regisseur", "aanbieder"])
def test_the_list_filter_form_shows_each_requests_own_choices_as_a_fresh_rendering_would(login, regie, zeven, rol):
    web = login(regie.regisseur if rol == "regisseur" else regie.docent)
    states = [{}, {"leerroute": "b1"}, {"leerroute": "z_route"}, {"leerroute": "onzin", "status": "actief"},
              {"zoek": "ab"}, {"zoek": "cd", "leerroute": "b1"}, {}]
    kept, fresh = _kept_and_fresh(web, "/trajecten/", states)
    assert kept == fresh
    assert kept[0] == kept[-1] and len(set(kept)) == len(states) - 1
    assert 'selected value="b1"' in kept[1] and 'selected value="b1"' not in kept[2]
    assert 'value="ab"' in kept[4] and 'value="cd"' in kept[5] and 'value="ab"' not in kept[5]


def test_the_caseload_filter_form_shows_each_requests_own_choices_as_a_fresh_rendering_would(login, regie, zeven):
    web = login(regie.regisseur)
    states = [{}, {"signaal": "verzuim"}, {"aanbieder": str(regie.taal.id)}, {"sorteer": "traject_id",
                                                                              "richting": "af"},
              {"status": "onzin"}, {"zoek": "ab", "leerroute": "b1"}, {}]
    kept, fresh = _kept_and_fresh(web, "/voortgang/", states)
    assert kept == fresh
    assert kept[0] == kept[-1] and len(set(kept)) == len(states) - 1
    assert f'selected value="{regie.taal.id}"' in kept[2] and 'value="traject_id"' in kept[3]


def test_a_filter_value_not_offered_gets_wtforms_dutch_message_on_every_request(login, regie, zeven):
    """WTForms' message catalog is read once per process (portal/forms.py): each request still says it in Dutch."""
    from portal import forms
    forms._wtforms_catalogus.cache_clear()
    web = login(regie.regisseur)
    for _ in range(2):
        lijst = web.get("/trajecten/", query_string={"leerroute": "geen-leerroute"}).get_data(as_text=True)
        assert "Ongeldige keuze." in lijst and "Not a valid choice" not in lijst
    assert forms._wtforms_catalogus.cache_info().currsize == 1
