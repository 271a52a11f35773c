"""The deployment files say what the README promises."""
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_docker_compose_runs_gunicorn_on_postgres_after_a_migrate_step():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:")
    assert services["migrate"]["command"] == ["portal", "db", "upgrade"]
    assert services["app"]["command"][0] == "gunicorn" and "portal.wsgi:app" in services["app"]["command"]
    assert services["app"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["app"]["environment"]["PORTAL_PROFILE"] == "production"
    assert "healthcheck" in services["db"] and "pgdata" in compose["volumes"]


def test_ci_runs_make_test_and_requires_every_backend():
    script = (ROOT / ".ci" / "run").read_text()
    assert "make test" in script and "REQUIRE_ALL_BACKENDS=1" in script
