"""A small world of two gemeenten and three aanbieders, used by the scoping and API tests (tests/helpers/world.py:
built once per worker and backend, loaded into each test's rolled-back transaction)."""
import pytest

from tests.helpers.world import APP_KEY, World, load

__all__ = ["World", "world"]


@pytest.fixture
def world(app, ctx) -> World:
    """The world in this test's session; `app` is then the world's app (tests/conftest.py)."""
    return load(app.extensions[APP_KEY])
