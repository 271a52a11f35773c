"""E-mail: Flask-Mailman over SMTP (MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS, MAIL_USERNAME, MAIL_PASSWORD,
MAIL_DEFAULT_SENDER); without MAIL_SERVER the messages are printed by the server (development).

Flask-Security sends its own messages (reset instructions, reset notice) through Flask-Mailman; the portal's own
messages (invitation, two-factor reset notice) go through the same `send_mail`, with templates under
templates/security/email/ in Dutch, plain text and HTML. A message names the account and links to a page; it never
holds a trajectory ID or any trajectory content."""
import smtplib
from contextlib import contextmanager, nullcontext

from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app, has_request_context
from flask_mailman import Mail
from flask_security.recoverable import generate_reset_link
from flask_security.utils import _td_format, send_mail

from portal.errors import ServiceError
from portal.models import User

mail = Mail()


def init_app(app: Flask) -> None:
    mail.init_app(app)


def normalized_email(email: str) -> str:
    """A deliverable address by its syntax (email-validator, no DNS lookup), lower-cased; `piet@vluchtw` is refused."""
    try:
        checked = validate_email((email or "").strip(), check_deliverability=False)
    except EmailNotValidError:
        raise ServiceError("email_ongeldig", "Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.",
                           "email") from None
    return checked.normalized.lower()


@contextmanager
def _sending():
    """A message that cannot be handed to the mail server fails the change it belongs to, with a clear message."""
    try:
        yield
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("e-mail not sent")
        raise ServiceError("mail_mislukt", "De e-mail kon niet worden verstuurd. Probeer het later opnieuw of "
                           "neem contact op met de technisch beheerder.", status=503) from None


def _link_context():
    """Links in a message are absolute: outside a request (the CLI) they are made for PORTAL_BASE_URL."""
    if has_request_context():
        return nullcontext()
    return current_app.test_request_context(base_url=current_app.config["PORTAL_BASE_URL"])


def send_invitation(user: User) -> None:
    """The one-time link of a new account: Flask-Security's reset link for a password nobody knows. The user
    chooses her password on it (the password policy applies) and then sets up two-factor login."""
    with _sending(), _link_context():
        link, _ = generate_reset_link(user)
        send_mail("Uitnodiging voor het Inburgeringsportaal", user.email, "security/email/uitnodiging", user=user,
                  reset_link=link, within=_td_format(current_app.config["SECURITY_RESET_PASSWORD_WITHIN"]))


def send_reset(user: User) -> None:
    """Flask-Security's reset instructions (as "Wachtwoord vergeten" sends them)."""
    from flask_security.recoverable import send_reset_password_instructions
    with _sending(), _link_context():
        send_reset_password_instructions(user)


def send_two_factor_reset_notice(user: User) -> None:
    with _sending(), _link_context():
        send_mail("Tweestapsverificatie opnieuw instellen", user.email, "security/email/tweestap_hersteld", user=user)
