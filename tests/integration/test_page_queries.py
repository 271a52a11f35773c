"""A page reads what it shows once: after the view commits the logged read, rendering does not read each shown
trajectory (or the user in the header) again, so a page's queries do not grow with the rows it shows."""
from contextlib import contextmanager

from sqlalchemy import event

from portal.extensions import db


@contextmanager
def _statements():
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _selects(client, path: str) -> int:
    """The SELECTs of one page, starting from an empty identity map as a server request does (the tests' session
    outlives requests)."""
    db.session.expire_all()
    with _statements() as seen:
        response = client.get(path)
        assert response.status_code == 200
    return sum(1 for statement in seen if statement.lstrip().upper().startswith("SELECT"))


def test_the_trajectory_list_reads_as_many_times_for_fifteen_trajectories_as_for_three(make, login):
    gemeente = make.gemeente()
    regisseur = make.user("regisseur", gemeente)
    for _ in range(3):
        make.traject(regisseur)
    client = login(regisseur)
    few = _selects(client, "/trajecten/")
    for _ in range(12):
        make.traject(regisseur)
    many = _selects(client, "/trajecten/")
    assert many == few


def test_a_trajectory_page_reads_as_many_times_with_three_assignments_as_with_one(make, login):
    gemeente = make.gemeente()
    regisseur = make.user("regisseur", gemeente)
    aanbieder = make.aanbieder()
    make.vo(aanbieder, gemeente)
    een, drie = make.traject(regisseur), make.traject(regisseur)
    make.toewijzing(regisseur, een, aanbieder, "taal")
    for onderdeel in ("taal", "map", "pvt"):
        make.toewijzing(regisseur, drie, aanbieder, onderdeel)
    client = login(regisseur)
    een, drie = een.id, drie.id
    _selects(client, f"/trajecten/{een}")  # warm: the first page of a session reads a few things once
    assert _selects(client, f"/trajecten/{drie}") == _selects(client, f"/trajecten/{een}")


def test_the_session_expires_on_commit_again_after_a_page(make, login):
    """Only GET and HEAD keep objects loaded after a commit; the session's default is back after each request."""
    gemeente = make.gemeente()
    regisseur = make.user("regisseur", gemeente)
    make.traject(regisseur)
    client = login(regisseur)
    client.get("/trajecten/")
    assert db.session().expire_on_commit is True


def _maanden(traject_id: str, maanden: range, **waarden) -> list[dict]:
    from tests.integration.test_api_aanleveringen import aanwezig
    return [aanwezig(traject_id, start=f"2025-{m:02d}-01", eind=f"2025-{m:02d}-28", **waarden) for m in maanden]


def test_a_trajectory_page_reads_as_many_times_with_many_deliveries_and_corrections_as_with_one(make, login):
    """Deliveries, their corrections (history) and the aanbieders who delivered them are read in one query each,
    for the regisseur and for the aanbieder who delivered them (a trajectory without corrections reads no
    history)."""
    from tests.integration.test_leveringen_eigendom import afronding, lever, toets
    gemeente = make.gemeente()
    regisseur = make.user("regisseur", gemeente)
    aanbieder = make.aanbieder()
    make.vo(aanbieder, gemeente)
    medewerker = make.user("aanbieder", aanbieder)
    een, veel = make.traject(regisseur), make.traject(regisseur)
    for traject in (een, veel):
        for onderdeel in ("taal", "map"):
            make.toewijzing(regisseur, traject, aanbieder, onderdeel)
    assert lever(medewerker, "aanwezigheid", _maanden(een.id, range(2, 3))).accepted
    assert lever(medewerker, "aanwezigheid", _maanden(een.id, range(2, 3), aanwezig_="31")).accepted  # corrected
    assert lever(medewerker, "aanwezigheid", _maanden(veel.id, range(2, 13))).accepted
    assert lever(medewerker, "aanwezigheid", _maanden(veel.id, range(2, 8), aanwezig_="31")).accepted  # corrections
    assert lever(medewerker, "toets", [toets(veel.id, datum=f"2025-{m:02d}-15") for m in (3, 6, 9)]).accepted
    assert lever(medewerker, "afronding", [afronding(veel.id, "2025-12-20")]).accepted
    een, veel = een.id, veel.id
    for user in (regisseur, medewerker):
        client = login(user)
        _selects(client, f"/trajecten/{een}")  # warm
        assert _selects(client, f"/trajecten/{veel}") == _selects(client, f"/trajecten/{een}"), user.rol


def _statements_of(client, path: str) -> list[str]:
    db.session.expire_all()
    with _statements() as seen:
        assert client.get(path).status_code == 200
    return [" ".join(statement.split()) for statement in seen]


def test_the_trajectory_list_says_how_many_it_found_on_every_page_also_past_the_last(app, make, login, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    gemeente = make.gemeente()
    regisseur = make.user("regisseur", gemeente)
    leeg = login(make.user("regisseur", make.gemeente()))
    assert "0 trajecten gevonden." in leeg.get("/trajecten/").get_data(as_text=True)
    ids = [make.traject(regisseur).id for _ in range(3)]
    client = login(regisseur)
    gezien = []
    for pagina, rijen in ((1, 2), (2, 1), (5, 0)):
        html = client.get(f"/trajecten/?pagina={pagina}").get_data(as_text=True)
        assert "3 trajecten gevonden." in html, pagina
        op_pagina = [i for i in ids if f'href="/trajecten/{i}"' in html]
        assert len(op_pagina) == rijen, pagina
        gezien += op_pagina
    assert sorted(gezien) == sorted(ids)


def test_the_trajectory_list_reads_its_rows_and_their_number_in_one_statement(make, login):
    gemeente = make.gemeente()
    regisseur = make.user("regisseur", gemeente)
    aanbieder = make.aanbieder()
    make.vo(aanbieder, gemeente)
    medewerker = make.user("aanbieder", aanbieder)
    for _ in range(3):
        make.toewijzing(regisseur, make.traject(regisseur), aanbieder, "taal")
    for user in (regisseur, medewerker):
        client = login(user)
        client.get("/trajecten/")
        selects = [s for s in _statements_of(client, "/trajecten/") if s.upper().startswith("SELECT")]
        assert not [s for s in selects if s.upper().startswith("SELECT COUNT(")], user.rol
        assert "3 trajecten gevonden." in client.get("/trajecten/").get_data(as_text=True)


def test_the_regisseurs_trajectory_page_reads_assignments_and_versions_with_the_trajectory(make, login):
    gemeente = make.gemeente()
    regisseur = make.user("regisseur", gemeente)
    aanbieder = make.aanbieder()
    make.vo(aanbieder, gemeente)
    traject = make.traject(regisseur)
    for onderdeel in ("taal", "map"):
        make.toewijzing(regisseur, traject, aanbieder, onderdeel)
    client = login(regisseur)
    client.get(f"/trajecten/{traject.id}")
    selects = [s for s in _statements_of(client, f"/trajecten/{traject.id}") if s.upper().startswith("SELECT")]
    assert not [s for s in selects if s.upper().startswith(("SELECT TOEWIJZING.ID,", "SELECT TRAJECT_VERSIE.ID,"))]
    html = client.get(f"/trajecten/{traject.id}").get_data(as_text=True)
    assert aanbieder.naam in html


def test_the_trajectory_pages_deliveries_read_in_one_statement_are_the_records_each_role_may_see(make, login):
    """The page's one UNION ALL of the three soorten gives, per soort, the records (every column's value, in the same
    order) that the per-soort reads give: all of them to the regisseur, only its own to each aanbieder."""
    from portal import access
    from tests.integration.test_leveringen_eigendom import afronding, lever, toets
    gemeente = make.gemeente()
    regisseur = make.user("regisseur", gemeente)
    taal, map_ = make.aanbieder(), make.aanbieder()
    for aanbieder in (taal, map_):
        make.vo(aanbieder, gemeente)
    traject = make.traject(regisseur)
    make.toewijzing(regisseur, traject, taal, "taal")
    make.toewijzing(regisseur, traject, map_, "map")
    taal_mw, map_mw = make.user("aanbieder", taal), make.user("aanbieder", map_)
    assert lever(taal_mw, "aanwezigheid", _maanden(traject.id, range(2, 6))).accepted
    assert lever(map_mw, "aanwezigheid", _maanden(traject.id, range(3, 5), onderdeel="map")).accepted
    assert lever(taal_mw, "toets", [toets(traject.id, datum=f"2025-{m:02d}-15") for m in (3, 6)]).accepted
    assert lever(taal_mw, "afronding", [afronding(traject.id, "2025-12-20")]).accepted
    gezien = {}
    for user in (regisseur, taal_mw, map_mw):
        records = access.zichtbare_leveringen(user, traject)
        gelezen = access.trajectleveringen(user, traject, {}, 50)  # every period fits on the first page
        rijen = gelezen.leveringen
        assert list(rijen) == list(records)
        for soort, lijst in records.items():
            kolommen = [c.key for c in lijst[0].__table__.columns] if lijst else []
            assert [tuple(getattr(r, k) for k in kolommen) for r in lijst] == [
                tuple(getattr(r, k) for k in kolommen) for r in rijen[soort]], (user.rol, soort)
        gezien[user.id] = {soort: len(lijst) for soort, lijst in rijen.items()}
    assert gezien[regisseur.id] == {"aanwezigheid": 6, "toets": 2, "afronding": 1}
    assert gezien[taal_mw.id] == {"aanwezigheid": 4, "toets": 2, "afronding": 1}
    assert gezien[map_mw.id] == {"aanwezigheid": 2, "toets": 0, "afronding": 0}
