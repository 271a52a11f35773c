"""Inburgeringsportaal: the application factory."""
import importlib
from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter

import config

ROOT = Path(__file__).resolve().parent.parent
MAX_ID = 2**31 - 1  # the largest id an Integer column holds on both databases (PostgreSQL integer is 32 bits)


class DatabaseId(IntegerConverter):
    """`<int:…>` in a route: an id no id column can hold (beyond 32 bits) is a 404, not an overflow."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def create_app(overrides: dict | None = None) -> Flask:
    """Configure, bind extensions, register blueprints and the CLI; no database work happens here."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), instance_path=str(ROOT / "instance"))
    app.config.from_mapping(config.load(overrides))
    Path(app.instance_path).mkdir(exist_ok=True)
    app.url_map.converters["int"] = DatabaseId  # before any route is added

    from portal import access, cli, eenheid, privacy, schema  # noqa: F401 (schema registers the portal's tables)
    from portal.api import views as api
    from portal.auth import security as auth
    from portal.beheer import views as beheer
    from portal.duo import views as duo
    from portal.extensions import csrf, db, limiter, migrate
    from portal.leveringen import views as leveringen
    from portal.main import views as main
    from portal.meldingen import views as meldingen
    from portal.trajecten import views as trajecten
    from portal.voortgang import views as voortgang

    # A pooled connection is tested before use (a cheap round trip), so a database restart or failover costs a
    # reconnect, never a 500 on a stale connection (README, "Security and reliability").
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True, **app.config["SQLALCHEMY_ENGINE_OPTIONS"]}
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    auth.init_app(app)
    access.init_app(app)  # the privacy records' scope, once per request after login

    app.register_blueprint(main.bp)
    app.register_blueprint(trajecten.bp)
    app.register_blueprint(voortgang.bp)
    app.register_blueprint(duo.bp)
    app.register_blueprint(leveringen.bp)
    app.register_blueprint(beheer.bp)
    app.register_blueprint(meldingen.bp)
    cli.init_app(app)
    # The privacy module by name (config PRIVACY_MODULE), never imported here: its init_app registers what the portal
    # asks of it (portal/privacy.py), its pages, its API routes (on api.bp, so before that is registered) and its
    # commands. Without one, every question to it raises (fail closed).
    if app.config.get("PRIVACY_MODULE"):
        importlib.import_module(app.config["PRIVACY_MODULE"]).init_app(app)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)
    eenheid.init_app(app)  # one commit per request, at its edge (after every view is registered)

    @app.context_processor
    def privacy_menu():
        """The privacy module's pages that exist, for its start page and the nav bar (features register here)."""
        menu = privacy.menu() if privacy.geladen() else []
        return {"privacy_menu": [(e, label) for e, label in menu if e in app.view_functions]}
    return app


def warm_up(app: Flask) -> None:
    """What a server process would otherwise do on its first requests, done before it takes any (portal/wsgi.py):
    the `holidays` package's registry of every country (imported on the first use, ~0.2 s of CPU: the DUO
    deadlines' werkdagen) and every template compiled (~0.2 s for the first caseload alone). Measured: a fresh
    gunicorn worker's first caseload cost ~330 ms of CPU against ~45 ms for the next one, and the first users after a
    start or a worker's restart waited for it."""
    import holidays

    holidays.country_holidays("NL")
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)

