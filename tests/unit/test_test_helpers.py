"""The test suite's own helpers: dropping a PostgreSQL database survives an autovacuum worker on it."""
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from tests.helpers import postgres
from tests.helpers.api import bearer

REFUSED = "must be a member of the role whose process is being terminated"


class FakeAdmin:
    """An engine whose DROP DATABASE fails with `errors` (one per attempt) before it succeeds."""

    def __init__(self, *errors: str):
        self.errors, self.statements = list(errors), []

    @contextmanager
    def connect(self):
        yield self

    def exec_driver_sql(self, statement: str):
        self.statements.append(statement)
        if self.errors:
            raise sa.exc.OperationalError(statement, {}, Exception(self.errors.pop(0)))


@pytest.fixture(autouse=True)
def _no_sleep(monkeypatch):
    monkeypatch.setattr(postgres.time, "sleep", lambda seconds: None)


def test_a_drop_refused_while_autovacuum_works_is_tried_again_until_it_succeeds():
    admin = FakeAdmin(REFUSED, REFUSED)
    postgres.drop_database(admin, "portal_test_x")
    assert admin.statements == ['DROP DATABASE IF EXISTS "portal_test_x" WITH (FORCE)'] * 3


def test_a_drop_that_keeps_being_refused_gives_up_with_the_error():
    admin = FakeAdmin(*[REFUSED] * postgres.RETRIES)
    with pytest.raises(sa.exc.OperationalError):
        postgres.drop_database(admin, "portal_test_x")
    assert len(admin.statements) == postgres.RETRIES


def test_another_error_is_not_retried():
    admin = FakeAdmin("permission denied to drop database")
    with pytest.raises(sa.exc.OperationalError):
        postgres.drop_database(admin, "portal_test_x")
    assert len(admin.statements) == 1


def test_bearer_takes_a_token_or_makes_one():
    class Make:
        def token(self, user):
            return f"token-of-{user}"

    assert bearer("abc") == {"Authorization": "Bearer abc"}
    assert bearer(Make(), "piet") == {"Authorization": "Bearer token-of-piet"}
