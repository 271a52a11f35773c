"""Rate limits of password and code entry that fit an office behind one address: failed attempts count per
account, every post counts per client address (a much higher ceiling), and a refusal says how long to wait.

Both counters live in Flask-Limiter's storage (RATELIMIT_STORAGE_URI: redis in production, so every worker
counts the same attempts).

- Per account (ACCOUNT_RATE_LIMIT, default 10 per 15 minutes): a post of the login form, the two-factor code,
  /verify or /change that is answered without a redirect (a refused password or code) counts against the
  account it names: the normalised e-mail address typed at login (an unknown address counts too, so the answer
  never tells whether an account exists), or the signed-in / half-signed-in user. Once the limit is reached every
  attempt on that account is refused, a correct one too, until the window ends. The key is an HMAC of the
  address, so the store never holds e-mail addresses.
- Per address (LOGIN_RATE_LIMIT, default 600 per hour): every post to those views, "Wachtwoord vergeten", the
  reset link and the own-token form, counted together per client address (one login is two posts).
"""
import functools
import hashlib
import hmac
import math
import time

from flask import Flask, current_app, request, session
from flask_security import current_user
from limits import parse

from portal.extensions import limiter, security

ADDRESS_SCOPE = "aanmelden"
ACCOUNT_SCOPE = "aanmelden-account"

# Views that take the account's password or code, and where to find the account they are about.
ACCOUNT_LIMITED_ENDPOINTS = ("security.login", "security.two_factor_token_validation", "security.verify",
                             "security.change_password")


def init_app(app: Flask, endpoints: tuple[str, ...]) -> None:
    """Put the per-address ceiling on `endpoints` (POST only) and the per-account count on the password and code
    views among them."""
    address_limit = limiter.shared_limit(lambda: app.config["LOGIN_RATE_LIMIT"], scope=ADDRESS_SCOPE,
                                         methods=["POST"])
    for endpoint in endpoints:
        view = app.view_functions[endpoint]
        if endpoint in ACCOUNT_LIMITED_ENDPOINTS:
            view = _count_failures(view)
        app.view_functions[endpoint] = address_limit(view)  # type: ignore[assignment]  # the same view, limited


def _account_item():
    return parse(current_app.config["ACCOUNT_RATE_LIMIT"])


def account_key(email: str) -> str:
    """The counter's key for an account: an HMAC of the normalised address (the store never sees the address)."""
    from portal.errors import ServiceError
    from portal.mail import normalized_email
    try:
        email = normalized_email(email)
    except ServiceError:  # an address that is no address still counts, as typed
        email = (email or "").strip().lower()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), email.encode(), hashlib.sha256).hexdigest()[:32]


def _account_of_request() -> str | None:
    """The account a password or code post is about, or None when it names none."""
    if request.endpoint == "security.login":
        body = request.get_json(silent=True) if request.is_json else request.form
        email = str((body.get("email") if hasattr(body, "get") else None) or "").strip()  # type: ignore[union-attr]
        return account_key(email) if email else None
    if current_user.is_authenticated:
        return account_key(current_user.email)
    if request.endpoint == "security.two_factor_token_validation" and session.get("tf_user_id"):
        user = security.datastore.find_user(fs_uniquifier=session["tf_user_id"])
        return account_key(user.email) if user is not None else None
    return None


def account_wait(key: str) -> int | None:
    """Seconds until the account may try again, or None when it may try now."""
    item = _account_item()
    if limiter.limiter.test(item, ACCOUNT_SCOPE, key):
        return None
    reset_at, _ = limiter.limiter.get_window_stats(item, ACCOUNT_SCOPE, key)
    return max(1, math.ceil(reset_at - time.time()))


def _count_failures(view):
    @functools.wraps(view)
    def limited(*args, **kwargs):
        key = _account_of_request() if request.method == "POST" else None
        if key is None:
            return view(*args, **kwargs)
        wait = account_wait(key)
        if wait is not None:
            return too_many(wait, account=True)
        response = current_app.make_response(view(*args, **kwargs))
        # Refused: a form answers with the form again (a success redirects); JSON answers with an error status.
        if response.status_code >= 400 if request.is_json else not 300 <= response.status_code < 400:
            limiter.limiter.hit(_account_item(), ACCOUNT_SCOPE, key)
        return response

    return limited


def address_wait() -> int:
    """Seconds until the client address may post again, from the limit Flask-Limiter found breached."""
    breached = limiter.current_limit
    if breached is None:
        return 60
    return max(1, math.ceil(breached.window[0] - time.time()))  # not reset_at: that adds a second


def wait_text(seconds: int) -> str:
    """"Probeer het over 12 minuten opnieuw." — minutes rounded up, so the user never comes back too early."""
    minutes = max(1, math.ceil(seconds / 60))
    return f"Probeer het over {minutes} {'minuut' if minutes == 1 else 'minuten'} opnieuw."


def message(seconds: int, account: bool) -> str:
    if account:
        return ("Er is te vaak een verkeerd wachtwoord of een verkeerde code ingevoerd voor dit account. "
                + wait_text(seconds))
    return "Vanaf uw netwerkadres zijn te veel pogingen gedaan. " + wait_text(seconds)


def too_many(seconds: int, account: bool):
    """The 429 page with the real wait, and Retry-After in seconds."""
    from flask import render_template
    body = render_template("errors/error.html", heading="Te veel pogingen", message=message(seconds, account))
    return body, 429, {"Retry-After": str(seconds)}
