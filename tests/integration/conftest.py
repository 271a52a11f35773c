"""A small world of two gemeenten and three aanbieders, used by the scoping and API tests (tests/helpers/world.py:
built once per worker and backend, loaded into each test's rolled-back transaction), the API's `deliver`, and the
voortgang tests' gemeente with its seven trajectories (`regie`, `zeven`: built once per module that uses them)."""
import io

import pytest

from tests.helpers.leveringen import csv_bytes
from tests.helpers.voortgang import Regie, Zeven, bouw_regie, bouw_zeven
from tests.helpers.world import APP_KEY, World, load

__all__ = ["World", "deliver", "regie", "world", "zeven"]


@pytest.fixture
def world(app, ctx) -> World:
    """The world in this test's session; `app` is then the world's app (tests/conftest.py)."""
    return load(app.extensions[APP_KEY])


@pytest.fixture
def deliver(client, make):
    tokens = {}

    def _deliver(user, soort, rows=None, *, data=None, filename="levering.csv", gedeeltelijk=False):
        if user.email not in tokens:
            tokens[user.email] = make.token(user)
        headers = {"Authorization": f"Bearer {tokens[user.email]}"}
        query = {"soort": soort, **({"gedeeltelijk": "ja"} if gedeeltelijk else {})}
        if data is None and rows is not None and filename is None:
            return client.post("/api/v1/aanleveringen", query_string=query, json=rows, headers=headers)
        data = data if data is not None else csv_bytes(soort, rows)
        return client.post("/api/v1/aanleveringen", query_string=query, headers=headers,
                           data={"bestand": (io.BytesIO(data), filename)}, content_type="multipart/form-data")
    return _deliver


@pytest.fixture(scope="module")
def _zeven(shared):
    """The gemeente with its aanbieders and the seven trajectories, built once for the module's tests that use
    them (tests/helpers/shared.py)."""
    def bouw(make):
        regie = bouw_regie(make)
        return regie, bouw_zeven(regie)
    return shared.build(bouw)


@pytest.fixture
def regie(request, make) -> Regie:
    if "_zeven" in request.fixturenames:  # the module's, with the seven trajectories
        return request.getfixturevalue("_zeven").load()[0]
    return bouw_regie(make)


@pytest.fixture
def zeven(ctx, _zeven) -> Zeven:
    return _zeven.load()[1]
