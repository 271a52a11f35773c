"""Pages for trajectories: list (scoped), create, detail with assignments. Thin: access.py and services do the work."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_security import current_user

from portal import access
from portal.codes import Rol
from portal.errors import ServiceError
from portal.extensions import db
from portal.trajecten import services
from portal.trajecten.forms import LABELS, FilterForm, ToewijzingForm, TrajectForm

bp = Blueprint("trajecten", __name__, url_prefix="/trajecten")
access.guard_blueprint(bp, Rol.regisseur, Rol.aanbieder)


@bp.get("/")
def lijst():
    form = FilterForm(request.args)
    filters = {}
    if form.validate():
        filters = {name: getattr(form, name).data for name in ("leerroute", "doelgroep", "status")}
    page = access.list_trajecten(current_user, zoek=form.zoek.data if not form.zoek.errors else None,
                                 filters=filters, page=request.args.get("pagina", 1, type=int),
                                 per_page=current_app.config["PAGE_SIZE"])
    db.session.commit()
    return render_template("trajecten/lijst.html", form=form, page=page, labels=LABELS)


@bp.route("/nieuw", methods=["GET", "POST"])
def nieuw():
    if current_user.rol is not Rol.regisseur:
        abort(403)
    form = TrajectForm()
    if form.validate_on_submit():
        try:
            with db.session.begin_nested():
                traject = services.create_traject(current_user, services.NieuwTraject(
                    doelgroep=form.doelgroep.data, leerroute=form.leerroute.data, pip_datum=form.pip_datum.data,
                    intensiteit_uren=form.intensiteit_uren.data, datum_aanbod=form.datum_aanbod.data))
        except ServiceError as error:
            form.apply_service_error(error)
        else:
            db.session.commit()
            flash(f"Traject {traject.id} is aangemaakt. Noteer dit ID in uw eigen cliëntsysteem.", "ok")
            return redirect(url_for("trajecten.detail", traject_id=traject.id))
    return render_template("trajecten/nieuw.html", form=form), 422 if form.errors else 200


@bp.route("/<traject_id>", methods=["GET", "POST"])
def detail(traject_id: str):
    traject = access.get_traject(current_user, traject_id)
    form = None
    if current_user.rol is Rol.regisseur:
        form = ToewijzingForm()
        form.aanbieder.choices = [("", "Kies een aanbieder")] + [
            (a.code, f"{a.naam} ({', '.join(o.value for o in a.onderdelen)})") for a in access.aanbieders()]
        if form.validate_on_submit():
            try:
                with db.session.begin_nested():
                    services.toewijzen(current_user, traject, form.aanbieder.data, form.onderdeel.data,
                                       form.startdatum.data)
            except ServiceError as error:
                form.apply_service_error(error)
            else:
                db.session.commit()
                flash("De aanbieder is toegewezen.", "ok")
                return redirect(url_for("trajecten.detail", traject_id=traject.id))
    elif request.method == "POST":
        abort(403)
    toewijzingen = access.zichtbare_toewijzingen(current_user, traject)
    db.session.commit()
    status = 422 if form is not None and form.errors else 200
    return render_template("trajecten/detail.html", traject=traject, toewijzingen=toewijzingen, form=form,
                           labels=LABELS), status
