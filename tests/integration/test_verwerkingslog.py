"""The processing log: reads and writes are recorded with their activity; tampering is found by `portal log verify`."""
from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import LogEntry


def entries(traject_id):
    return db.session.scalars(select(LogEntry).where(LogEntry.traject_id == traject_id).order_by(LogEntry.id)).all()


def test_a_read_through_the_api_adds_a_log_entry(client, world, make):
    token = make.token(world.taal_user)
    before = len(entries(world.traject.id))
    client.get(f"/api/v1/trajecten/{world.traject.id}", headers={"Authorization": f"Bearer {token}"})
    after = entries(world.traject.id)
    assert len(after) == before + 1
    last = after[-1]
    assert (last.gebruiker, last.organisatie, last.actie, last.verwerkingsactiviteit, last.gemeente) == (
        world.taal_user.email, world.taal_aanbieder.code, "lezen", "voortgangsrapportage", world.gemeente_a.code)


def test_a_read_through_a_page_adds_a_log_entry(world, login):
    web = login(world.regisseur_a)
    before = len(entries(world.traject.id))
    web.get(f"/trajecten/{world.traject.id}")
    last = entries(world.traject.id)[-1]
    assert len(entries(world.traject.id)) == before + 1
    assert (last.gebruiker, last.actie, last.verwerkingsactiviteit) == (
        world.regisseur_a.email, "lezen", "signalering_regie")


def test_a_list_page_logs_each_traject_it_shows(world, login):
    web = login(world.taal_user)
    before = len(entries(world.traject.id))
    web.get("/trajecten/")
    assert len(entries(world.traject.id)) == before + 1


def test_creating_and_assigning_are_logged_as_writes(world):
    actions = [(e.actie, e.gebruiker) for e in entries(world.traject.id)]
    assert ("aanmaken", world.regisseur_a.email) in actions and ("wijzigen", world.regisseur_a.email) in actions


def test_log_verify_is_clean_on_an_untouched_chain(world, runner):
    result = runner.invoke(args=["log", "verify"])
    assert result.exit_code == 0 and "in orde" in result.output


def test_log_verify_reports_the_first_tampered_row(world, runner):
    victim = entries(world.traject.id)[1]
    db.session.execute(update(LogEntry).where(LogEntry.id == victim.id).values(gebruiker="iemand-anders@x.nl"))
    db.session.commit()
    result = runner.invoke(args=["log", "verify"])
    assert result.exit_code == 1 and f"regel {victim.id}" in result.output


def test_log_verify_finds_a_deleted_row(world, runner):
    first = db.session.scalar(select(func.min(LogEntry.id)))
    db.session.execute(LogEntry.__table__.delete().where(LogEntry.id == first + 1))
    db.session.commit()
    result = runner.invoke(args=["log", "verify"])
    assert result.exit_code == 1 and f"regel {first + 2}" in result.output


def test_a_refused_request_leaves_no_log_entry(client, world, make):
    token = make.token(world.regisseur_b)
    before = db.session.scalar(select(func.count()).select_from(LogEntry))
    client.get(f"/api/v1/trajecten/{world.traject.id}", headers={"Authorization": f"Bearer {token}"})
    assert db.session.scalar(select(func.count()).select_from(LogEntry)) == before
