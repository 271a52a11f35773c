"""Operator pages: organisations, users, API tokens and the account audit trail. No trajectory content here
(scheiding van taken), and no acting as someone else: no passwords chosen for others, no tokens made for others."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_security import current_user
from sqlalchemy import select

from portal import access
from portal.beheer import audit, services
from portal.beheer.forms import (
    ActieForm,
    GebruikerForm,
    GebruikerWijzigenForm,
    OrganisatieForm,
    OrganisatieWijzigenForm,
)
from portal.codes import Rol
from portal.extensions import db
from portal.forms import run_service
from portal.models import ApiToken, Organisatie, User
from portal.timeutil import utcnow

bp = Blueprint("beheer", __name__, url_prefix="/beheer")
access.guard_blueprint(bp, Rol.beheerder)


def _actor() -> User:
    return current_user._get_current_object()


def _saved(form, action):
    """Run a service call inside a savepoint; show its error on the form, or commit. Truthy when it was saved."""
    result, status = run_service(form, action)
    return result if result is not None else status == 200


@bp.route("/organisaties", methods=["GET", "POST"])
def organisaties():
    form = OrganisatieForm()
    if form.validate_on_submit() and _saved(form, lambda: services.create_organisatie(
            form.code.data, form.type.data, form.naam.data, form.onderdelen.data, actor=_actor())):
        flash("De organisatie is geregistreerd.", "ok")
        return redirect(url_for("beheer.organisaties"))
    orgs = db.session.scalars(select(Organisatie).order_by(Organisatie.type, Organisatie.code)).all()
    return render_template("beheer/organisaties.html", form=form, organisaties=orgs), 422 if form.errors else 200


@bp.route("/organisaties/<int:org_id>", methods=["GET", "POST"])
def organisatie(org_id: int):
    """Change an organisation's name and (an aanbieder's) onderdelen; code and type stay."""
    org = access.get_or_404(Organisatie, org_id)
    form = OrganisatieWijzigenForm(data={"naam": org.naam, "onderdelen": [o.value for o in org.onderdelen]})
    if form.validate_on_submit():
        changes = _saved(form, lambda: services.wijzig_organisatie(org, form.naam.data, form.onderdelen.data
                                                                   if not org.is_gemeente else [], actor=_actor()))
        if changes or not form.errors:
            flash(f"{org.code} is gewijzigd." if changes else "Er is niets gewijzigd.", "ok" if changes else "info")
            return redirect(url_for("beheer.organisaties"))
    lopend = services.lopende_toewijzingen(org) if not org.is_gemeente else {}
    return render_template("beheer/organisatie.html", form=form, org=org, lopend=lopend), \
        422 if form.errors else 200


@bp.route("/gebruikers", methods=["GET", "POST"])
def gebruikers():
    """A new user gets an invitation by e-mail: a one-time link where she chooses her own password and then sets up
    two-factor login. No password is shown here, so the beheerder never knows one."""
    form = GebruikerForm()
    orgs = db.session.scalars(select(Organisatie).order_by(Organisatie.code)).all()
    form.org.choices = [(o.code, f"{o.code} — {o.naam}") for o in orgs]
    nieuw = None
    if form.validate_on_submit():
        created = _saved(form, lambda: services.invite_user(form.email.data, form.rol.data, form.org.data,
                                                            actor=_actor()))
        if created:
            nieuw = created
            form = GebruikerForm(formdata=None)
            form.org.choices = [(o.code, f"{o.code} — {o.naam}") for o in orgs]
    users = db.session.scalars(select(User).order_by(User.email)).all()
    return render_template("beheer/gebruikers.html", form=form, users=users, nieuw=nieuw,
                           actie=ActieForm()), 422 if form.errors else 200


def _org_choices() -> list[tuple[str, str]]:
    return [(o.code, f"{o.code} — {o.naam} ({o.type.value})") for o in services.alle_organisaties()]


@bp.route("/gebruikers/<int:user_id>", methods=["GET", "POST"])
def gebruiker(user_id: int):
    """Change a user's name, role and organisation. A new role or organisation ends her sessions and tokens."""
    user = access.get_or_404(User, user_id)
    form = GebruikerWijzigenForm(data={"naam": user.naam, "rol": user.rol.value if user.rol else None,
                                       "org": user.organisatie.code})
    form.org.choices = _org_choices()
    if form.validate_on_submit():
        changes = _saved(form, lambda: services.wijzig_gebruiker(user, form.naam.data, form.rol.data, form.org.data,
                                                                 actor=_actor()))
        if changes:
            flash(f"De gegevens van {user.email} zijn gewijzigd.", "ok")
            return redirect(url_for("beheer.gebruikers"))
        if not form.errors:
            flash("Er is niets gewijzigd.", "info")
            return redirect(url_for("beheer.gebruikers"))
    return render_template("beheer/gebruiker.html", form=form, user=user), 422 if form.errors else 200


def _bevestigen(user_id: int, active: bool):
    """GET shows what blocking or unblocking does; POST (with CSRF) does it."""
    user = access.get_or_404(User, user_id)
    form = ActieForm()
    if form.validate_on_submit():
        if _saved(None, lambda: services.set_active(user, active, actor=_actor()) is not None):
            flash(f"{user.email} is {'weer actief' if active else 'geblokkeerd'}.", "ok")
        return redirect(url_for("beheer.gebruikers"))
    tokens = sum(1 for t in services.eigen_tokens(user) if t.revoked_at is None and not t.expired(utcnow()))
    return render_template("beheer/blokkeren.html", user=user, active=active, form=form, tokens=tokens)


@bp.route("/gebruikers/<int:user_id>/blokkeren", methods=["GET", "POST"])
def blokkeren(user_id: int):
    return _bevestigen(user_id, active=False)


@bp.route("/gebruikers/<int:user_id>/deblokkeren", methods=["GET", "POST"])
def deblokkeren(user_id: int):
    return _bevestigen(user_id, active=True)


@bp.post("/gebruikers/<int:user_id>/tweestap-herstellen")
def tweestap_herstellen(user_id: int):
    """Lost authenticator: the user sets up two-factor login again at her next login."""
    form = ActieForm()
    user = access.get_or_404(User, user_id)
    if form.validate_on_submit() and _saved(None, lambda: services.reset_two_factor(user, actor=_actor())):
        flash(f"De tweestapsverificatie van {user.email} is gewist; bij de volgende login koppelt zij of hij de "
              "authenticator-app opnieuw.", "ok")
    return redirect(url_for("beheer.gebruikers"))


@bp.post("/gebruikers/<int:user_id>/wachtwoord-herstellen")
def wachtwoord_herstellen(user_id: int):
    """Send the user a one-time link to choose a new password (the beheerder never sees it)."""
    form = ActieForm()
    user = access.get_or_404(User, user_id)
    if form.validate_on_submit() and _saved(None, lambda: services.send_password_reset(user, actor=_actor())):
        flash(f"{user.email} heeft een e-mail gekregen met een link om een nieuw wachtwoord te kiezen.", "ok")
    return redirect(url_for("beheer.gebruikers"))


@bp.get("/tokens")
def tokens():
    """Every token with its name, user, creator and expiry; the beheerder can revoke them, not make them."""
    all_tokens = db.session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc())).all()
    return render_template("beheer/tokens.html", tokens=all_tokens, nu=utcnow(), actie=ActieForm())


@bp.post("/tokens/<int:token_id>/intrekken")
def intrekken(token_id: int):
    form = ActieForm()
    token = access.get_or_404(ApiToken, token_id)
    if form.validate_on_submit():
        services.revoke_token(token, actor=_actor())
        flash(f"Token {token.prefix}… is ingetrokken.", "ok")
    return redirect(url_for("beheer.tokens"))


@bp.get("/logboek")
def logboek():
    """The account audit trail: every change to accounts, organisations and tokens, with its actor."""
    return render_template("beheer/logboek.html", entries=audit.recent())
