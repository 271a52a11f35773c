"""Inburgeringsportaal: the application factory."""
from pathlib import Path

from flask import Flask, request  # noqa: TID251 (the app's own request hooks)
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

    from dpia import views as privacy
    from dpia.verwerkersovereenkomsten import views as mijn_verwerkersovereenkomsten
    from portal import api, cli, schema  # noqa: F401 (schema registers all tables)
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
    app.before_request(_keep_loaded_after_commit)
    app.teardown_request(_restore_expire_on_commit)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    auth.init_app(app)

    app.register_blueprint(main.bp)
    app.register_blueprint(trajecten.bp)
    app.register_blueprint(voortgang.bp)
    app.register_blueprint(duo.bp)
    app.register_blueprint(leveringen.bp)
    app.register_blueprint(beheer.bp)
    app.register_blueprint(privacy.bp)
    app.register_blueprint(mijn_verwerkersovereenkomsten.aanbieder_bp)
    app.register_blueprint(meldingen.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)
    cli.init_app(app)

    @app.context_processor
    def privacy_menu():
        """The privacy module's pages that exist, for its start page and the nav bar (features register here)."""
        return {"privacy_menu": [(e, label) for e, label in PRIVACY_MENU if e in app.view_functions]}
    return app


def _keep_loaded_after_commit() -> None:
    """Before a GET (or HEAD): objects stay loaded when the view commits. A page commits the logged read of what it
    shows and then renders it; with the default (expire on commit) every trajectory, assignment and the user in the
    base template was then read again, one SELECT per object (50 on a list page). The rendered values are the ones
    just read and logged in the same request. Requests that change data (POST) keep the default."""
    from portal.extensions import db
    if request.method in ("GET", "HEAD"):
        db.session().expire_on_commit = False  # the request's Session (the scoped_session proxy has no such attribute)


def _restore_expire_on_commit(_exc=None) -> None:
    """The session's default again after the request (a session can outlive it: a test's application context)."""
    from portal.extensions import db
    if db.session.registry.has():
        db.session().expire_on_commit = True


# (endpoint, label) of the privacy module's pages, in menu order; a page shows up once its route exists.
PRIVACY_MENU = [
    ("privacy.register", "Verwerkingsregister"),
    ("privacy.dekking", "Dekking van het schema"),
    ("privacy.verwerkersovereenkomsten", "Verwerkersovereenkomsten"),
    ("privacy.logboek", "Verwerkingslogboek"),
    ("privacy.verwerkingsstops", "Verwerkingsstop"),
    ("privacy.dpias", "DPIA's"),
    ("privacy.datalekken", "Datalekken"),
    ("privacy.verzoeken", "Verzoeken van betrokkenen"),
]
