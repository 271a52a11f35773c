"""The aanbieder's upload pages: upload a file, see its outcome per row, download the report, deliver only the good
rows, the upload history and the templates. Thin: the import service decides, access.py scopes, export.py writes."""

from flask import Blueprint, redirect, render_template, url_for
from flask_security import current_user

from portal import access, spreadsheet
from portal.codes import Actie, Rol, Soort
from portal.downloads import attachment
from portal.errors import ServiceError
from portal.extensions import db
from portal.leveringen import export
from portal.leveringen.forms import GoedeRegelsForm, UploadForm
from portal.leveringen.service import Aanlevering, importeer, lever_goede_regels
from portal.timeutil import today

bp = Blueprint("leveringen", __name__, url_prefix="/aanleveren")
access.guard_blueprint(bp, Rol.aanbieder)

HISTORY_SHOWN = 100
_SOORTEN = {soort.value: soort.omschrijving for soort in Soort}  # the upload's soort, as the aanbieder chose it
ROWS_SHOWN = 500
ERRORS_SHOWN = 1_000
STATUS = {"accepted": ("geaccepteerd", "ok"), "rejected": ("afgewezen", "error"),
          "partial": ("gedeeltelijk", "warning")}
KANAAL = {"upload": "Upload", "api": "API", "cli": "Opdrachtregel", "formulier": "Formulier"}


@bp.route("/", methods=["GET", "POST"])
def upload():
    form = UploadForm()
    refused = None
    if form.validate_on_submit():
        bestand = form.bestand.data
        aanlevering = Aanlevering(data=bestand.read(), bestandsnaam=_upload_name(bestand.filename))
        try:
            with db.session.begin_nested():
                rapport, _ = importeer(current_user, current_user.organisatie, form.soort.data, aanlevering,
                                       kanaal="upload")
        except ServiceError as error:
            if error.field:
                form.apply_service_error(error)
            else:
                refused = error
        else:
            return redirect(url_for("leveringen.resultaat", batch_id=rapport.batch_id), 303)
    status = refused.status if refused else 422 if form.errors else 200
    return render_template("leveringen/upload.html", form=form, refused=refused, soorten=_SOORTEN), status


@bp.get("/<int:batch_id>")
def resultaat(batch_id: int):
    batch = access.get_eigen_batch(current_user, batch_id)
    return _resultaat(batch)


@bp.post("/<int:batch_id>/goede-regels")
def goede_regels(batch_id: int):
    batch = access.get_eigen_batch(current_user, batch_id)
    form = GoedeRegelsForm()
    if not form.validate_on_submit():
        return _resultaat(batch, refused=ServiceError("ongeldig_verzoek", "Het formulier is verlopen. Laad de "
                                                      "pagina opnieuw en probeer het nog eens.", status=400))
    try:
        with db.session.begin_nested():
            rapport = lever_goede_regels(current_user, batch)
    except ServiceError as error:
        db.session.refresh(batch)
        return _resultaat(batch, refused=error)
    return redirect(url_for("leveringen.resultaat", batch_id=rapport.batch_id), 303)


@bp.get("/<int:batch_id>/rapport.<any(csv, xlsx, ods):formaat>")
def rapport(batch_id: int, formaat: str):
    batch = access.get_eigen_batch(current_user, batch_id)
    kept = export.bewaard(batch)
    if kept is None:
        return _resultaat(batch, refused=ServiceError(
            "niet_beschikbaar", "Van deze aanlevering zijn geen regels bewaard, dus er is geen foutenrapport om "
                                "te downloaden.", status=404))
    body = export.RAPPORTEN[formaat](kept, batch.soort)
    export.log_processing(current_user, kept.traject_ids(), Actie.exporteren)
    return _download(body, f"foutenrapport-{batch.id}-{batch.soort}.{formaat}")


@bp.get("/historie")
def historie():
    batches = access.eigen_batches(current_user, limit=HISTORY_SHOWN)
    return render_template("leveringen/historie.html", batches=batches, status=STATUS, kanaal=KANAAL,
                           limit=HISTORY_SHOWN)


@bp.get("/sjabloon/<any(aanwezigheid, toets, afronding):soort>.<any(csv, xlsx, ods):formaat>")
def sjabloon(soort: str, formaat: str):
    return _download(export.SJABLONEN[formaat](soort, today()), f"sjabloon-{soort}.{formaat}")


@bp.get("/sjabloon/mijn-trajecten.<any(csv, xlsx, ods):formaat>")
def ingevuld_sjabloon(formaat: str):
    """The aanwezigheid template prefilled with the aanbieder's trajectories and their coming period ("Mijn
    trajecten"); reading them is logged as the list page logs it."""
    dag = today()
    body = export.SJABLONEN[formaat]("aanwezigheid", dag, export.ingevulde_regels(current_user, dag))
    return _download(body, f"aanwezigheid-{dag.isoformat()}.{formaat}")


def _download(body: bytes, filename: str):
    return attachment(body, filename, spreadsheet.ODS_MIMETYPE if filename.endswith(".ods") else None)


def _resultaat(batch, refused: ServiceError | None = None):
    kept = export.bewaard(batch)
    regels, verborgen = kept.voor_pagina(ROWS_SHOWN) if kept else ([], 0)
    if kept and regels:
        export.log_processing(current_user, kept.traject_ids(regels), Actie.lezen)
    return render_template("leveringen/resultaat.html", batch=batch, kept=kept, regels=regels, verborgen=verborgen,
                           goede=kept.goede_regels() if kept else 0, errors=batch.errors[:ERRORS_SHOWN],
                           form=GoedeRegelsForm(), refused=refused, status=STATUS, kanaal=KANAAL,
                           soorten=_SOORTEN), \
        refused.status if refused else 200




def _upload_name(name: str | None) -> str:
    """The file's own name, without the folder path some browsers send (the import service shortens it and masks a
    BSN: Aanlevering.veilige_naam)."""
    return (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "aanlevering.csv"
