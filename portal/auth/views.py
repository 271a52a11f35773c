"""The user's own account pages: "Mijn API-tokens". A token is made here only by its own user, after a fresh
two-factor code typed into the same form; it is shown once, on the response page, never in a cookie."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_security import current_user

from portal.auth.forms import EigenTokenForm
from portal.beheer import services
from portal.beheer.forms import ActieForm
from portal.forms import run_service
from portal.timeutil import utcnow

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.before_request
def _logged_in():
    if not current_user.is_authenticated:
        abort(401)


@bp.route("/tokens", methods=["GET", "POST"])
def tokens():
    from portal.auth.security import verify_code
    form = EigenTokenForm()
    plain = None
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if not verify_code(user, form.code.data):
            form.code.errors = [*form.code.errors, "Deze code klopt niet. Vul de code in die uw app nu toont."]
        else:
            created, _ = run_service(form, lambda: services.create_token(user, form.naam.data, form.dagen.data,
                                                                          actor=user))
            if created:
                plain = created[1]
                form = EigenTokenForm(formdata=None)
    form.code.raw_data, form.code.data = [], ""  # a code is never shown again
    return render_template("account/tokens.html", form=form, tokens=services.eigen_tokens(current_user), plain=plain,
                           nu=utcnow(), actie=ActieForm()), 422 if form.errors else 200


@bp.post("/tokens/<int:eigen_token_id>/intrekken")
def intrekken(eigen_token_id: int):
    token = services.eigen_token(current_user, eigen_token_id)
    if token is None:
        abort(404)
    if ActieForm().validate_on_submit():
        services.revoke_token(token, actor=current_user._get_current_object())
        flash(f"Token {token.prefix}… is ingetrokken.", "ok")
    return redirect(url_for("account.tokens"))
