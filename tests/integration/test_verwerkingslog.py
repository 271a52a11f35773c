"""The processing log: reads and writes are recorded with their activity; tampering is found by `portal log verify`."""
from sqlalchemy import delete, func, insert, select, update

from portal import verwerkingslog
from portal.codes import Actie, Activiteit
from portal.extensions import db
from portal.models import LogEntry, Verwerkingsactie, VerwerktObject


def entries(traject_id):
    verwerkingslog.seal()  # what the sequencer does shortly after every commit
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


def action_of(entry) -> Verwerkingsactie:
    return db.session.get(Verwerkingsactie, entry.actie_id)


def test_log_verify_reports_the_first_tampered_row(world, runner):
    victim = action_of(entries(world.traject.id)[1])
    db.session.execute(update(Verwerkingsactie).where(Verwerkingsactie.id == victim.id)
                       .values(gebruiker="iemand-anders@x.nl"))
    db.session.commit()
    result = runner.invoke(args=["log", "verify"])
    assert result.exit_code == 1 and f"regel {victim.volgnummer}" in result.output


def test_log_verify_finds_a_deleted_row(world, runner):
    verwerkingslog.seal()
    second = db.session.scalars(select(Verwerkingsactie).where(Verwerkingsactie.volgnummer == 2)).one()
    db.session.execute(delete(VerwerktObject).where(VerwerktObject.actie_id == second.id))
    db.session.execute(delete(Verwerkingsactie).where(Verwerkingsactie.id == second.id))
    db.session.commit()
    result = runner.invoke(args=["log", "verify"])
    assert result.exit_code == 1 and "regel 3" in result.output


def test_log_verify_finds_a_changed_trajectory_of_an_action(world, runner):
    victim = entries(world.traject.id)[-1]
    db.session.execute(update(VerwerktObject).where(VerwerktObject.id == victim.id).values(traject_id="ZZZZ-ZZZZ-Z"))
    db.session.commit()
    result = runner.invoke(args=["log", "verify"])
    assert result.exit_code == 1 and f"regel {action_of(victim).volgnummer}" in result.output


def test_log_verify_finds_a_trajectory_added_to_an_action_or_outside_any_action(world, runner):
    victim = entries(world.traject.id)[-1]
    db.session.execute(insert(VerwerktObject).values(actie_id=victim.actie_id, tijdstip=victim.tijdstip,
                                                     gemeente=victim.gemeente, traject_id="ZZZZ-ZZZZ-Z"))
    db.session.commit()
    assert verwerkingslog.verify().broken_id == action_of(victim).volgnummer

    db.session.execute(update(VerwerktObject).where(VerwerktObject.traject_id == "ZZZZ-ZZZZ-Z").values(actie_id=0))
    db.session.commit()
    result = verwerkingslog.verify()
    assert not result.ok and "bij geen regel" in result.reason


def test_an_action_forged_without_the_key_is_chained_by_the_sequencer_and_then_found(world):
    victim = action_of(entries(world.traject.id)[-1])
    forged = db.session.execute(insert(Verwerkingsactie).values(
        tijdstip=victim.tijdstip, gebruiker="indringer@x.nl", organisatie=victim.organisatie, actie="lezen",
        verwerkingsactiviteit=victim.verwerkingsactiviteit, vorm=2, sleutel_id=victim.sleutel_id,
        inhoud_hash="0" * 64).returning(Verwerkingsactie.id)).scalar_one()
    db.session.commit()
    result = verwerkingslog.verify()
    assert not result.ok and "zonder de sleutel gemaakt" in result.reason
    newest = db.session.scalar(select(func.max(Verwerkingsactie.volgnummer)))
    assert result.broken_id == db.session.get(Verwerkingsactie, forged).volgnummer == newest


def test_a_list_page_writes_one_action_with_the_trajectories_it_shows(world, login, make):
    for _ in range(3):
        make.traject(world.regisseur_a)
    db.session.commit()
    web = login(world.regisseur_a)
    before = db.session.scalar(select(func.max(Verwerkingsactie.id))) or 0
    html = web.get("/trajecten/").get_data(as_text=True)
    [action] = db.session.scalars(select(Verwerkingsactie).where(Verwerkingsactie.id > before)).all()
    shown = db.session.scalars(select(VerwerktObject.traject_id).where(VerwerktObject.actie_id == action.id)).all()
    assert (action.gebruiker, action.actie) == (world.regisseur_a.email, "lezen")
    assert len(shown) >= 4 and world.traject.id in shown and all(t in html for t in shown)
    assert verwerkingslog.verify().ok
    db.session.refresh(action)
    assert action.volgnummer is not None


def test_an_action_undone_by_a_rolled_back_savepoint_leaves_the_chain_whole(world):
    nested = db.session.begin_nested()
    verwerkingslog.record(None, Actie.lezen, Activiteit.signalering_regie, [(world.traject.id, world.gemeente_a.code)],
                          toelichting="ongedaan")
    nested.rollback()
    verwerkingslog.record(None, Actie.lezen, Activiteit.signalering_regie, [(world.traject.id, world.gemeente_a.code)],
                          toelichting="blijft")
    db.session.commit()
    assert [e.toelichting for e in entries(world.traject.id)][-1] == "blijft"
    assert "ongedaan" not in [e.toelichting for e in entries(world.traject.id)]
    assert verwerkingslog.verify().ok


def test_a_refused_request_leaves_no_log_entry(client, world, make):
    token = make.token(world.regisseur_b)
    before = db.session.scalar(select(func.count()).select_from(LogEntry))
    client.get(f"/api/v1/trajecten/{world.traject.id}", headers={"Authorization": f"Bearer {token}"})
    assert db.session.scalar(select(func.count()).select_from(LogEntry)) == before


def test_portal_log_seal_chains_the_committed_actions(world, runner):
    verwerkingslog.record(None, Actie.lezen, Activiteit.signalering_regie, [(world.traject.id, world.gemeente_a.code)])
    db.session.commit()
    open_ = db.session.scalar(select(func.count()).select_from(Verwerkingsactie)
                              .where(Verwerkingsactie.volgnummer.is_(None)))
    result = runner.invoke(args=["log", "seal"])
    assert result.exit_code == 0 and f"{open_} acties in de keten opgenomen" in result.output and open_ >= 1
    assert not db.session.scalar(select(func.count()).select_from(Verwerkingsactie)
                                 .where(Verwerkingsactie.volgnummer.is_(None)))
