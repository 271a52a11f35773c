"""Inputs at the edges answer 4xx or a clean page, never a 500 or a leak (issue 13): dates at the calendar's ends, a
20-digit page number, unknown query keys on the caseload, document names in any script or with line breaks (RFC 5987),
the log API's answer for a foreign trajectory, and database errors that never carry their bound parameters."""
from datetime import date
from urllib.parse import unquote

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from weasyprint import HTML

from dpia.verzoeken import services as verzoeken
from portal import verwerkingslog
from portal.codes import Actie, Activiteit
from portal.extensions import db

BIG = "9" * 20


@pytest.mark.parametrize("url", [
    "/privacy/logboek?tot=9999-12-31", "/privacy/logboek?van=0001-01-01", "/privacy/logboek?van=9999-12-31",
    "/privacy/logboek.csv?tot=9999-12-31", "/privacy/logboek.xlsx?van=0001-01-01&tot=9999-12-31",
    f"/privacy/logboek?pagina={BIG}", "/privacy/logboek?pagina=-3", "/privacy/logboek?pagina=abc",
    "/privacy/logboek?onbekend=1&formaat=csv"])
def test_the_log_viewer_answers_edge_dates_and_pages_without_a_500(world, login, url):
    web = login(world.privacy_a)
    response = web.get(url)
    assert response.status_code in (200, 400, 422), response.status_code


def test_a_log_filter_up_to_the_last_day_of_the_calendar_finds_todays_entries(world, login):
    verwerkingslog.record(None, Actie.lezen, Activiteit.signalering_regie, [(world.traject.id, world.gemeente_a.code)])
    db.session.commit()
    web = login(world.privacy_a)
    response = web.get("/privacy/logboek?van=0001-01-01&tot=9999-12-31")
    assert response.status_code == 200 and world.traject.id in response.get_data(as_text=True)


@pytest.mark.parametrize("url", [
    f"/voortgang/?pagina={BIG}", "/voortgang/?pagina=-1", "/voortgang/?formaat=csv", "/voortgang/?formaat=xlsx",
    "/voortgang/?onbekend=x&_anchor=y&_external=1", f"/voortgang/?aanbieder={BIG}",
    "/voortgang/export.csv?formaat=xlsx",
    f"/voortgang/export.xlsx?pagina={BIG}&_method=x", f"/trajecten/?pagina={BIG}"])
def test_the_caseload_answers_unknown_keys_and_huge_pages_without_a_500(world, login, url):
    web = login(world.regisseur_a)
    response = web.get(url)
    assert response.status_code in (200, 400, 422), response.status_code


def test_the_caseload_links_carry_only_its_own_filter_keys(world, login):
    web = login(world.regisseur_a)
    html = web.get("/voortgang/?formaat=csv&onbekend=zzz&leerroute=b1").get_data(as_text=True)
    assert "onbekend" not in html and "zzz" not in html and "leerroute=b1" in html


@pytest.mark.parametrize("naam, ascii_naam", [
    ("日本-€.pdf", "-.pdf"), ("brief\r\nSet-Cookie: x=1.pdf", "brief  Set-Cookie: x=1.pdf"),
    ('aan "de" gemeente;.pdf', "aan de gemeente;.pdf")])
def test_a_document_downloads_under_its_own_name_with_an_rfc_5987_header(world, login, naam, ascii_naam):
    verzoek = verzoeken.registreer(world.privacy_a, "inzage", date(2026, 6, 1), [world.traject.id])
    inhoud = HTML(string="<p>Verzoek om inzage</p>").write_pdf()  # a real PDF: its text is checked for a BSN
    document = verzoeken.document_toevoegen(world.privacy_a, verzoek, naam, inhoud, "application/pdf")
    db.session.commit()
    web = login(world.privacy_a)
    response = web.get(f"/privacy/verzoeken/{verzoek.id}/documenten/{document.id}")
    assert response.status_code == 200 and response.data == inhoud
    header = response.headers["Content-Disposition"]
    assert "\r" not in header and "\n" not in header
    assert not any(cookie.startswith("x=") for cookie in response.headers.getlist("Set-Cookie"))
    assert header.startswith(f'attachment; filename="{ascii_naam}"; filename*=UTF-8\'\'')
    assert unquote(header.split("filename*=UTF-8''", 1)[1]) == naam.replace("\r", " ").replace("\n", " ")


def test_the_log_api_answers_a_foreign_and_a_nonexistent_trajectory_identically(world, client, make):
    headers = {"Authorization": f"Bearer {make.token(world.privacy_a)}"}
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        if "SAVEPOINT" not in statement:  # the test's rolled-back transaction, not the request's work
            statements.append(statement)

    for traject_id in (world.traject_b.id, "ZZZZ-ZZZZ-Z"):  # the token's first use and loading its user
        client.get(f"/api/v1/verwerkingslog?traject_id={traject_id}", headers=headers)
    answers = []
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        for traject_id in (world.traject_b.id, "ZZZZ-ZZZZ-Z"):
            statements.clear()
            response = client.get(f"/api/v1/verwerkingslog?traject_id={traject_id}", headers=headers)
            answers.append((response.status_code, response.get_data(as_text=True), list(statements)))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    (foreign_status, foreign_body, foreign_sql), (missing_status, missing_body, missing_sql) = answers
    assert foreign_status == missing_status == 404 and foreign_body == missing_body
    assert foreign_sql == missing_sql


def test_database_errors_do_not_carry_their_bound_parameters(ctx):
    assert db.engine.hide_parameters is True
    secret = "GEHEIM-PARAMETER-123"
    with pytest.raises(DBAPIError) as error, db.session.begin_nested():
        db.session.execute(text("SELECT * FROM bestaat_niet WHERE naam = :naam"), {"naam": secret})
    assert secret not in str(error.value) and "hidden due to hide_parameters" in str(error.value)


@pytest.mark.parametrize("query", ["van=0001-01-01&tot=9999-12-31", "van=9999-12-31&tot=9999-12-31",
                                   "van=2026-01-01&tot=99999-01-01"])
def test_the_stop_report_answers_dates_at_the_calendars_edges_without_a_500(world, login, query):
    from tests.integration.test_verwerkingsstop import stop
    web, verwerkingsstop = stop(login, world.privacy_a, "voortgangsrapportage")
    for suffix in ("rapport", "rapport.csv"):
        response = web.get(f"/privacy/verwerkingsstops/{verwerkingsstop.id}/{suffix}?{query}")
        assert response.status_code in (200, 400, 422), (suffix, response.status_code)


def test_a_plain_ascii_name_keeps_the_simple_content_disposition():
    from portal.downloads import content_disposition
    assert content_disposition("voortgang-GM0928.csv") == 'attachment; filename="voortgang-GM0928.csv"'
