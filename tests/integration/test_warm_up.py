"""A gunicorn worker prepares before it takes its first request (portal.warm_up, called by portal/wsgi.py)."""
from pathlib import Path

import pytest

from portal import warm_up

ROOT = Path(__file__).resolve().parents[2]


def test_a_server_process_compiles_every_template_before_its_first_request(plain_app, monkeypatch):
    warm_up(plain_app)
    env = plain_app.jinja_env

    def not_again(environment, name):
        raise AssertionError(f"{name} was compiled on a request, not by warm_up")

    monkeypatch.setattr(env.loader, "get_source", not_again)
    names = env.list_templates()
    assert len(names) > 100
    for name in names:
        env.get_template(name)
    with pytest.raises(AssertionError):
        env.get_template("no/such/template.html")  # the check above would notice a template it had to load


def test_the_wsgi_entry_point_warms_the_worker_up_before_freezing_its_objects():
    source = (ROOT / "portal" / "wsgi.py").read_text()
    assert source.index("warm_up(app)") < source.index("gc.freeze()")
