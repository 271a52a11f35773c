"""The suite's own fixtures: the world built once per worker is the same rows in each test and a test's changes to
it do not outlive the test; a login reused from an earlier one is a real session that ends like one."""
from portal.beheer import services as beheer
from portal.extensions import db
from portal.models import Traject, User


def test_the_world_is_loaded_in_the_tests_own_session_with_each_users_totp_secret(world):
    assert db.session.get(User, world.regisseur_a.id) is world.regisseur_a
    assert all(u.totp_base32 for u in (world.regisseur_a, world.privacy_a, world.taal_user, world.beheerder))
    assert world.traject.gemeente_id == world.gemeente_a.id and world.traject_b.gemeente_id == world.gemeente_b.id


def test_a_world_object_changed_and_committed_in_a_test_is_back_in_the_next_session(app, world):
    from tests.helpers.world import load
    beheer.end_sessions(world.regisseur_a)
    changed = world.regisseur_a.fs_uniquifier
    db.session.commit()  # a SAVEPOINT release inside the test's outer transaction
    assert load(app.extensions["tests.world"]).regisseur_a.fs_uniquifier == changed  # same transaction: seen
    with app.app_context(), db.engine.connect() as other:  # outside it: the world as built
        stored = other.scalar(db.select(User.fs_uniquifier).where(User.id == world.regisseur_a.id))
    assert stored != changed
    assert db.session.get(Traject, world.traject.id) is world.traject


def test_a_reused_login_is_a_working_session_that_ends_with_the_users_sessions(world, login):
    first = login(world.regisseur_a)
    second = login(world.regisseur_a)
    assert second is not first
    assert second.get("/trajecten/").status_code == 200
    beheer.end_sessions(world.regisseur_a)
    db.session.commit()
    assert first.get("/trajecten/").status_code != 200 and second.get("/trajecten/").status_code != 200
    assert login(world.regisseur_a).get("/trajecten/").status_code == 200
