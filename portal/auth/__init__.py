"""Web security: Flask-Security login with mandatory TOTP, rate limits, idle timeout, headers, the form BSN guard."""
from datetime import timedelta

from flask import Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import Babel
from flask_security import SQLAlchemyUserDatastore, current_user, logout_user

from portal import bsn
from portal.extensions import db, limiter, security
from portal.models import Role, User
from portal.timeutil import nl_date, nl_datetime, nl_number, utcnow

babel = Babel()

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")

# Flask-Security endpoints that take a password or a code: rate-limited per client address.
RATE_LIMITED_ENDPOINTS = ("security.login", "security.two_factor_token_validation", "security.two_factor_setup")


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=lambda: "nl_NL")
    security.init_app(app, SQLAlchemyUserDatastore(db, User, Role))
    for endpoint in RATE_LIMITED_ENDPOINTS:
        view = app.view_functions[endpoint]
        app.view_functions[endpoint] = limiter.limit(lambda: app.config["LOGIN_RATE_LIMIT"], methods=["POST"])(view)

    app.jinja_env.filters["datum"] = nl_date
    app.jinja_env.filters["getal"] = nl_number
    app.jinja_env.filters["tijdstip"] = nl_datetime
    app.before_request(_bsn_in_request)
    app.before_request(_idle_timeout)
    bsn.mask_logs("werkzeug", "gunicorn.access", "gunicorn.error", app.logger.name)
    app.after_request(_security_headers)


def _bsn_in_request():
    """A page asked with a BSN in its query string (any name, every value of a repeated parameter) is refused
    before anything else runs: no redirect, no link and no form on the answer carries it (the access log masks
    it: bsn.LogMask). The API answers the same in its own format, after its token check. Flask-Security's forms
    (login, two-factor, password) are no PortalForm, so their posted fields other than passwords are checked here:
    a failed login would otherwise show the typed value again."""
    if request.blueprint == "api":
        return None
    posted = request.blueprint == "security" and request.method == "POST" and any(
        bsn.contains_bsn(value) for name, value in request.form.items(multi=True) if "password" not in name)
    if not posted and (not request.query_string or not bsn.query_holds_bsn(request.args)):
        return None
    message = ("Uw verzoek bevat een burgerservicenummer (BSN). Een BSN mag nooit in het portaal komen: "
               "gebruik alleen het traject-ID.")
    return render_template("errors/error.html", heading="Ongeldig verzoek", message=message), 400


def _idle_timeout():
    """End a web session after SESSION_IDLE_MINUTES without a request, enforced on the server side."""
    if request.blueprint == "api" or request.endpoint == "static":
        return None
    session.permanent = True
    now = utcnow().timestamp()
    idle = timedelta(minutes=float(current_app.config["SESSION_IDLE_MINUTES"])).total_seconds()
    last_seen = session.get("last_seen")
    session["last_seen"] = now
    if current_user.is_authenticated and last_seen is not None and now - last_seen > idle:
        logout_user()
        session.clear()
        flash("Uw sessie is verlopen omdat u een tijd niets heeft gedaan. Log opnieuw in.", "info")
        return redirect(url_for("security.login"))
    return None


def _security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if current_app.config.get("HSTS"):
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if response.mimetype == "text/html":
        headers["Cache-Control"] = "no-store"
    return response
