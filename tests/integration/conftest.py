"""A small world of two gemeenten and three aanbieders, used by the scoping and API tests (tests/helpers/world.py:
built once per worker and backend, loaded into each test's rolled-back transaction), and the API's `deliver`."""
import io

import pytest

from tests.helpers.leveringen import csv_bytes
from tests.helpers.world import APP_KEY, World, load

__all__ = ["World", "deliver", "world"]


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
