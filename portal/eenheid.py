"""One unit of work per request, at its edge: commit when the view succeeds, roll back when anything fails.

Views and services never commit: services flush, and this module commits what a request did once its response is
made (house style, habit 10). What counts is whether the view returned its response: then everything is committed,
also when that response is a refused form (422) or a rejected delivery's report, because a refused service call
was already undone in its savepoint (`forms.run_service`) and what stays is what the page shows and logged. When
the view did not return (an exception, a 404/403, an error page, an API error, a refusal in a before_request
hook), everything is rolled back; only the refusal under a verwerkingsstop keeps its log entry
(`bewaar_bij_weigering`). A commit that fails becomes the 500 page ("Er is niets opgeslagen"). Bookkeeping that
must follow the request's own commit in a short transaction of its own (the API token's last use) registers with
`na_commit`. CLI commands commit at their own edge (portal/cli.py).
"""
import functools
from collections.abc import Callable

from flask import Flask, Response, g  # noqa: TID251 (the request's edge itself)

from portal.extensions import db


def init_app(app: Flask) -> None:
    """Call after every blueprint is registered: each view is marked when it returns."""
    for endpoint, view in list(app.view_functions.items()):
        app.view_functions[endpoint] = _gelukt_na(view)
    app.after_request(_sluit_af)
    app.teardown_request(_rol_terug_bij_fout)


def _gelukt_na(view: Callable) -> Callable:
    @functools.wraps(view)
    def eenheid_van_werk(*args, **kwargs):
        response = view(*args, **kwargs)
        g._view_gelukt = True
        return response
    return eenheid_van_werk


def bewaar_bij_weigering() -> None:
    """Keep what this request wrote although it failed: the refusal (logged after the rollback) is the record."""
    g._bewaar_bij_weigering = True


def na_commit(werk: Callable[[], None]) -> None:
    """Run `werk` after the request's commit (or rollback), in its own transaction: it commits itself."""
    g.setdefault("_na_commit", []).append(werk)


def _sluit_af(response: Response) -> Response:
    if g.pop("_view_gelukt", False) | g.pop("_bewaar_bij_weigering", False):
        db.session.commit()
    else:
        db.session.rollback()
    for werk in g.pop("_na_commit", []):
        werk()
    return response


def _rol_terug_bij_fout(exc: BaseException | None = None) -> None:
    if exc is not None and db.session.registry.has():
        db.session.rollback()
