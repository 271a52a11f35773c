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


def test_the_app_and_the_load_test_run_gunicorn_with_its_threaded_config_from_the_image():
    import runpy
    command = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["app"]["command"]
    assert command[command.index("--config") + 1] == "config/gunicorn.py"
    assert "COPY config ./config" in (ROOT / "Dockerfile").read_text()
    assert '"--config", "config/gunicorn.py"' in (ROOT / "bench" / "load.py").read_text()
    from gunicorn.workers.gthread import ThreadWorker
    settings = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))
    assert issubclass(settings["worker_class"], ThreadWorker) and settings["threads"] > 1 and settings["workers"] >= 1
