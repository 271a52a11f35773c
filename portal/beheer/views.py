"""Operator pages: organisations, users and API tokens. No trajectory content here (scheiding van taken)."""
from flask import Blueprint, flash, redirect, render_template, url_for
from sqlalchemy import select

from portal import access
from portal.beheer import services
from portal.beheer.forms import ActieForm, GebruikerForm, OrganisatieForm, TokenForm
from portal.codes import Rol
from portal.extensions import db
from portal.forms import run_service
from portal.models import ApiToken, Organisatie, User

bp = Blueprint("beheer", __name__, url_prefix="/beheer")
access.guard_blueprint(bp, Rol.beheerder)


def _saved(form, action):
    """Run a service call inside a savepoint; show its error on the form, or commit. Truthy when it was saved."""
    result, status = run_service(form, action)
    return result if result is not None else status == 200


@bp.route("/organisaties", methods=["GET", "POST"])
def organisaties():
    form = OrganisatieForm()
    if form.validate_on_submit() and _saved(form, lambda: services.create_organisatie(
            form.code.data, form.type.data, form.naam.data, form.onderdelen.data)):
        flash("De organisatie is geregistreerd.", "ok")
        return redirect(url_for("beheer.organisaties"))
    orgs = db.session.scalars(select(Organisatie).order_by(Organisatie.type, Organisatie.code)).all()
    return render_template("beheer/organisaties.html", form=form, organisaties=orgs), 422 if form.errors else 200


@bp.route("/gebruikers", methods=["GET", "POST"])
def gebruikers():
    form = GebruikerForm()
    orgs = db.session.scalars(select(Organisatie).order_by(Organisatie.code)).all()
    form.org.choices = [(o.code, f"{o.code} — {o.naam}") for o in orgs]
    if form.validate_on_submit():
        created = _saved(form, lambda: services.create_user(form.email.data, form.rol.data, form.org.data,
                                                            form.password.data or None))
        if created:
            _, generated = created
            message = "De gebruiker is aangemaakt; bij de eerste keer inloggen stelt hij tweestapsverificatie in."
            if generated:
                message += f" Beginwachtwoord (wordt één keer getoond): {generated}"
            flash(message, "ok")
            return redirect(url_for("beheer.gebruikers"))
    users = db.session.scalars(select(User).order_by(User.email)).all()
    return render_template("beheer/gebruikers.html", form=form, users=users,
                           actie=ActieForm()), 422 if form.errors else 200


@bp.post("/gebruikers/<int:user_id>/blokkeren")
def blokkeren(user_id: int):
    form = ActieForm()
    user = db.get_or_404(User, user_id)
    if form.validate_on_submit():
        user.active = not user.active
        db.session.commit()
        flash(f"{user.email} is {'weer actief' if user.active else 'geblokkeerd'}.", "ok")
    return redirect(url_for("beheer.gebruikers"))


@bp.route("/tokens", methods=["GET", "POST"])
def tokens():
    form = TokenForm()
    api_users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.email)).all()
    form.email.choices = [(u.email, u.email) for u in api_users]
    plain = None
    if form.validate_on_submit():
        user = next((u for u in api_users if u.email == form.email.data), None)
        created = user and _saved(form, lambda: services.create_token(user))
        if created:
            plain = created[1]
    all_tokens = db.session.scalars(select(ApiToken).order_by(ApiToken.created_at.desc())).all()
    return render_template("beheer/tokens.html", form=form, tokens=all_tokens, plain=plain, actie=ActieForm())


@bp.post("/tokens/<int:token_id>/intrekken")
def intrekken(token_id: int):
    form = ActieForm()
    token = db.get_or_404(ApiToken, token_id)
    if form.validate_on_submit():
        services.revoke_token(token)
        db.session.commit()
        flash(f"Token {token.prefix}… is ingetrokken.", "ok")
    return redirect(url_for("beheer.tokens"))
