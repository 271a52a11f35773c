"""Forms of the upload pages: the upload itself and the button that delivers only the good rows."""
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SubmitField
from wtforms.validators import AnyOf

from portal.codes import Soort
from portal.forms import PortalForm
from portal.leveringen.parse import SOORTEN

KIES_SOORT = "Kies de soort aanlevering: aanwezigheid, toets of afronding."


class UploadForm(PortalForm):
    soort = SelectField("Soort aanlevering",
                        choices=[("", "Kies een soort"), *((s.value, s.omschrijving) for s in Soort)],
                        validators=[AnyOf(SOORTEN, message=KIES_SOORT)], validate_choice=False)
    bestand = FileField("Bestand",
                        validators=[FileRequired("Kies een bestand (CSV of spreadsheet) om aan te leveren.")],
                        description="CSV (gescheiden door puntkomma, komma of tab) of spreadsheet (.ods of .xlsx); "
                                    "ten hoogste 50 MB en 200.000 regels.")
    submit = SubmitField("Aanleveren")


class GoedeRegelsForm(PortalForm):
    """The button after a rejected upload (CSRF only)."""

    submit = SubmitField("Alleen de goede regels aanleveren")
