"""The user's "Meldingen" page (account menu, every role): which categories the daily digest carries, and the
latest digests with their status. Thin: services.py and verzending.py do the work."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_security import current_user

from portal.forms import run_service
from portal.meldingen import services, verzending
from portal.meldingen.forms import VoorkeurenForm

bp = Blueprint("meldingen", __name__, url_prefix="/account/meldingen")


@bp.before_request
def _logged_in():
    if not current_user.is_authenticated:
        abort(401)


@bp.route("/", methods=["GET", "POST"])
def instellingen():
    eigen = services.categorieen(current_user.rol)
    uit = services.afgemeld(current_user)
    form = VoorkeurenForm(data={"categorieen": [c.code for c in eigen if c.code not in uit]}
                          if request.method == "GET" else None).met_keuzes(eigen)
    if form.validate_on_submit():
        _, status = run_service(form, lambda: services.voorkeuren_opslaan(current_user, form.categorieen.data or []))
        if status == 200:
            flash("Uw keuze is opgeslagen.", "ok")
            return redirect(url_for("meldingen.instellingen"))
    return render_template("meldingen/instellingen.html", form=form, categorieen=eigen,
                           digests=verzending.recente(current_user), labels=services.PER_CODE), \
        422 if form.errors else 200
