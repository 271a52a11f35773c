"""Pages of the datalekken register (on the privacy blueprint): the list with each leak's 72-hour countdown, record
and change a leak, fix its affected trajectories (with a CSV export), and halt a processing because of it. Thin: the
services decide."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_security import current_user

from dpia.datalekken import services
from dpia.datalekken.codes import Informeren, Soort
from dpia.datalekken.forms import DatalekForm, SelectieForm, StopForm
from dpia.datalekken.services import DatalekGegevens, Selectie
from portal.codes import labels
from portal.downloads import attachment
from portal.forms import run_service
from portal.spreadsheet import csv_bytes
from portal.timeutil import nl_datetime as lokaal

# The datalekken pages, nested under the guarded `privacy` blueprint (dpia/views.py): privacy.datalekken.*
bp = Blueprint("datalekken", __name__)


def _context(**extra) -> dict:
    return {"lokaal": lokaal, "termijn": services.termijn, "nu": services.nu(), "soort_labels": labels(Soort),
            "informeren_labels": labels(Informeren), **extra}


@bp.get("/datalekken")
def datalekken():
    return render_template("privacy/datalek_lijst.html", datalekken=services.lijst(current_user), **_context())


@bp.route("/datalekken/nieuw", methods=["GET", "POST"])
def datalek_nieuw():
    form = DatalekForm.van(DatalekGegevens(titel="", omschrijving="", ontdekt_op=services.lokaal(services.nu())
                                           .replace(second=0, microsecond=0)))
    status = 200
    if form.validate_on_submit():
        datalek, status = run_service(form, lambda: services.registreer(current_user, form.gegevens()))
        if datalek:
            flash(f"Het datalek is vastgelegd. Melden bij de AP uiterlijk {lokaal(datalek.deadline)}.", "ok")
            return redirect(url_for("privacy.datalekken.datalek_detail", datalek_id=datalek.id))
    elif form.errors:
        status = 422
    return render_template("privacy/datalek_form.html", form=form, datalek=None, titel="Datalek vastleggen",
                           **_context()), status


@bp.route("/datalekken/<int:datalek_id>/bewerken", methods=["GET", "POST"])
def datalek_bewerken(datalek_id: int):
    datalek = services.eigen_datalek(current_user, datalek_id)
    form = DatalekForm.van(services.gegevens(datalek))
    status = 200
    if form.validate_on_submit():
        ok, status = run_service(form, lambda: services.wijzig(current_user, datalek, form.gegevens()))
        if ok:
            flash("De wijzigingen zijn opgeslagen.", "ok")
            return redirect(url_for("privacy.datalekken.datalek_detail", datalek_id=datalek.id))
    elif form.errors:
        status = 422
    return render_template("privacy/datalek_form.html", form=form, datalek=datalek,
                           titel=f"Datalek #{datalek.id} wijzigen", **_context()), status


def _selectie_form(datalek):
    s = services.standaard_selectie(datalek)
    form = SelectieForm(data={"van": s.van, "tot": s.tot, "aanbieder": s.aanbieder or "", "batch": s.batch_id,
                              "activiteit": s.activiteit or ""})
    form.aanbieder.choices = [("", "Alle aanbieders")] + [(a.code, f"{a.naam} ({a.code})")
                                                           for a in services.aanbieders()]
    form.batch.choices = [("", "Alle aanleveringen")] + [
        (b.id, f"#{b.id} {b.aanbieder.naam}, {lokaal(b.ontvangen_op)}, {b.bestandsnaam or b.kanaal}")
        for b in services.batches(current_user)]
    return form


def _detail(datalek, selectie_form=None, stop_form=None, status=200):
    return render_template("privacy/datalek_detail.html", datalek=datalek,
                           selectie=selectie_form or _selectie_form(datalek), stop=stop_form or StopForm(),
                           **_context()), status


@bp.get("/datalekken/<int:datalek_id>")
def datalek_detail(datalek_id: int):
    return _detail(services.eigen_datalek(current_user, datalek_id))


@bp.post("/datalekken/<int:datalek_id>/trajecten")
def datalek_trajecten(datalek_id: int):
    datalek = services.eigen_datalek(current_user, datalek_id)
    form = _selectie_form(datalek)
    if not form.validate_on_submit():
        return _detail(datalek, selectie_form=form, status=422)
    selectie = Selectie(form.van.data, form.tot.data, form.aanbieder.data or None, form.batch.data,
                        form.activiteit.data or None)
    trajecten, status = run_service(form, lambda: services.bewaar_selectie(current_user, datalek, selectie))
    if trajecten is None:
        return _detail(datalek, selectie_form=form, status=status)
    flash(f"{len(trajecten)} getroffen trajecten vastgesteld.", "ok")
    return redirect(url_for("privacy.datalekken.datalek_detail", datalek_id=datalek.id) + "#trajecten")


@bp.get("/datalekken/<int:datalek_id>/trajecten.csv")
def datalek_trajecten_csv(datalek_id: int):
    datalek = services.eigen_datalek(current_user, datalek_id)
    services.log_export(current_user, datalek)
    rows: list[list[object]] = [["traject_id", "organisaties", "verwerkingen"]]
    rows += [[t.traject_id, t.organisaties, t.verwerkingen] for t in datalek.trajecten]
    return attachment(csv_bytes(rows), f"datalek-{datalek.id}-trajecten.csv")


@bp.post("/datalekken/<int:datalek_id>/verwerkingsstop")
def datalek_verwerkingsstop(datalek_id: int):
    datalek = services.eigen_datalek(current_user, datalek_id)
    form = StopForm()
    if not form.validate_on_submit():
        return _detail(datalek, stop_form=form, status=422)
    stop, status = run_service(form, lambda: services.stop_verwerking(current_user, datalek, form.activiteit.data,
                                                                    form.reden.data))
    if stop is None:
        return _detail(datalek, stop_form=form, status=status)
    flash(f"De verwerking '{stop.activiteit_label}' is stopgezet vanwege dit datalek.", "ok")
    return redirect(url_for("privacy.datalekken.datalek_detail", datalek_id=datalek.id))
