"""Data built once per test module (and worker and backend), for tests that would each build the same: `shared` (a
module fixture, tests/conftest.py) is an app of the module over a database of its own (a copy of the migrated
template); `Shared.build` makes the data there through the factories and commits it, as the world is built
(tests/helpers/world.py). A test that uses it gets that app (`app`), runs in its own rolled-back transaction as
every test does (`ctx`), and `Built.load` hands it the objects in its session: it starts from exactly the data it
built itself before, and whatever it changes is gone for the next test.

    @pytest.fixture(scope="module")
    def _regie(shared):
        return shared.build(bouw_regie)

    @pytest.fixture
    def regie(ctx, _regie) -> Regie:
        return _regie.load()

On the world (`Shared.build_on_world`), a test that uses the module's data gets the module's world too.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import object_mapper
from sqlalchemy.orm.exc import UnmappedInstanceError

from portal.extensions import db


@dataclass(frozen=True)
class _Row:
    """An ORM object by its class and primary key, plus attributes a test set on it that the database does not
    hold (the users' plain `totp_base32`)."""
    model: type
    identity: tuple
    extra: dict


@dataclass(frozen=True)
class _Record:
    """A dataclass of the built data, its fields frozen."""
    cls: type
    fields: dict


def _freeze(value: Any) -> Any:
    try:
        mapper = object_mapper(value)
    except UnmappedInstanceError:
        mapper = None
    if mapper is not None:
        extra = {k: v for k, v in vars(value).items() if not k.startswith("_") and k not in mapper.attrs}
        return _Row(type(value), sa.inspect(value).identity, extra)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _Record(type(value), {f.name: _freeze(getattr(value, f.name)) for f in dataclasses.fields(value)})
    if isinstance(value, (list, tuple)):
        return type(value)(_freeze(v) for v in value)
    if isinstance(value, dict):
        return {k: _freeze(v) for k, v in value.items()}
    return value


def _thaw(value: Any) -> Any:
    if isinstance(value, _Row):
        obj = db.session.get(value.model, value.identity)
        for key, extra in value.extra.items():
            setattr(obj, key, extra)
        return obj
    if isinstance(value, _Record):
        return value.cls(**{k: _thaw(v) for k, v in value.fields.items()})
    if isinstance(value, (list, tuple)):
        return type(value)(_thaw(v) for v in value)
    if isinstance(value, dict):
        return {k: _thaw(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Built:
    frozen: Any

    def load(self) -> Any:
        """What `build` returned, its ORM objects in the current test's session (one SELECT each)."""
        return _thaw(self.frozen)


@dataclass
class Shared:
    app: Any
    check: Callable[[Callable[[], Any]], Any]  # runs the build under the checks every test's code is under
    built: bool = False

    def build(self, fn: Callable[[Any], Any]) -> Built:
        """fn(make) in the module's database, committed, once per module (one data set: every test that uses the
        module's app sees all of it); objects are remembered by primary key."""
        from tests.factories import Factory
        assert not self.built, "one shared data set per module: build everything the module shares in one call"
        self.built = True
        with self.app.app_context():
            try:
                frozen = self.check(lambda: _freeze(fn(Factory())))
                db.session.commit()
            finally:
                db.session.remove()
        return Built(frozen)

    def build_on_world(self, fn: Callable[[Any, Any], Any]) -> Built:
        """`build` of fn(make, world) over the two-gemeenten world (tests/helpers/world.py) made in the module's
        database and registered on its app, so that a test of the module asking for `world` gets that one."""
        from tests.helpers import world as worlds

        def both(make):
            world = worlds.build(make)
            self.app.extensions[worlds.APP_KEY] = worlds.remember(world)
            return fn(make, world)
        return self.build(both)
