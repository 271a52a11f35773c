"""Forms for creating trajectories, assigning aanbieders and entering deliveries; fields come from the models where
they fit."""
from typing import Any

import sqlalchemy as sa
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError
from wtforms_alchemy.generator import FormGenerator

from portal.codes import (
    AfrondingOnderdeel,
    Doelgroep,
    ExamenNiveau,
    Leerroute,
    Onderdeel,
    RedenEinde,
    TrajectStatus,
    choices,
    code_label,
)
from portal.forms import DatumField, ModelForm, PortalForm, datum_tekst, na_of_op
from portal.leveringen import kolommen as aanleverformaat
from portal.leveringen.parse import required_columns
from portal.leveringen.validate import natural_key_columns
from portal.models import Aanwezigheid, Afronding, Toets, Traject
from portal.trajecten import meldingen
from portal.trajecten.velden import VELD_LABELS

# Dutch names of the delivery columns (portal.leveringen.kolommen): the history on the trajectory page.
KOLOM_LABELS = aanleverformaat.labels()


class TrajectForm(ModelForm):
    class Meta:
        model = Traject
        only = ["doelgroep", "leerroute", "intensiteit_uren"]
        field_args = {
            "doelgroep": {"label": "Doelgroep", "choices": choices(Doelgroep)},
            "leerroute": {"label": "Leerroute", "choices": choices(Leerroute)},
            "intensiteit_uren": {"label": "Intensiteit (taaluren)",
                                 "description": "Verplicht voor de B1-route; de Z-route krijgt 800 uur; "
                                                "de onderwijsroute heeft geen intensiteit."},
        }

    pip_datum = DatumField("PIP-datum", validators=[DataRequired("Vul de PIP-datum in.")],
                           description="Start van de inburgeringstermijn (datum van het PIP).")
    datum_aanbod = DatumField("Datum inburgeringsaanbod", validators=[Optional()])
    submit = SubmitField("Traject aanmaken")


class ToewijzingForm(PortalForm):
    aanbieder = SelectField("Aanbieder", validators=[DataRequired("Kies een aanbieder.")])
    onderdeel = SelectField("Onderdeel", choices=choices(Onderdeel))
    startdatum = DatumField("Startdatum", validators=[DataRequired("Vul de startdatum in.")])
    submit = SubmitField("Aanbieder toewijzen")


class TrajectWijzigForm(PortalForm):
    """Every field a regisseur may change (interface.md v1.1), prefilled with the current values, and the reason.
    The fields take text: the service reads and checks every value, so the page gives the API's answers."""

    doelgroep = SelectField(VELD_LABELS["doelgroep"], choices=choices(Doelgroep), validate_choice=False)
    leerroute = SelectField(VELD_LABELS["leerroute"], choices=choices(Leerroute), validate_choice=False)
    niveau = SelectField(VELD_LABELS["niveau"], choices=choices(ExamenNiveau, "Geen (niet de B1-route)"),
                         validate_choice=False, validators=[Optional()],
                         description="Alleen op de B1-route: B1, of A2 na afschalen.")
    intensiteit_uren = StringField(VELD_LABELS["intensiteit_uren"], validators=[Optional()],
                                   description="Alleen voor asielstatushouders: verplicht op de B1-route, 800 op de "
                                               "Z-route, leeg op de onderwijsroute.")
    datum_aanbod = DatumField(VELD_LABELS["datum_aanbod"], validators=[Optional()],
                              description="Alleen voor asielstatushouders.")
    termijn_start = DatumField(VELD_LABELS["termijn_start"], validators=[Optional()],
                               description="Zoals DUO hem geeft; tot u die invult schat het portaal hem op de "
                                           "PIP-datum.")
    termijn_einde = DatumField(VELD_LABELS["termijn_einde"], validators=[Optional(), na_of_op("termijn_start")],
                               description="De einddatum van DUO (de eerste dag na de termijn).")
    verlengingsgrond = StringField(VELD_LABELS["verlengingsgrond"], validators=[Optional()],
                                   description="Code of tekst van DUO, als de termijn is verlengd.")
    status = SelectField(VELD_LABELS["status"], choices=choices(TrajectStatus), validate_choice=False)
    einde_plicht = DatumField(VELD_LABELS["einde_plicht"], validators=[Optional()],
                              description="Verplicht bij de status afgerond of beëindigd.")
    reden_einde = SelectField(VELD_LABELS["reden_einde"], choices=choices(RedenEinde, "Geen (traject loopt)"),
                              validate_choice=False, validators=[Optional()])
    reden = TextAreaField("Reden van de wijziging", description="Bijvoorbeeld: PIP gewijzigd op 12-03-2026, "
                                                                "afschalen naar A2.")
    submit = SubmitField("Wijziging opslaan")

    VELDEN = ("doelgroep", "leerroute", "niveau", "intensiteit_uren", "datum_aanbod", "termijn_start",
              "termijn_einde", "verlengingsgrond", "status", "einde_plicht", "reden_einde")

    @staticmethod
    def als_tekst(value) -> str:
        if value is None:
            return ""
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return str(getattr(value, "value", value))

    @classmethod
    def huidige(cls, traject) -> dict[str, str]:
        return {veld: cls.als_tekst(getattr(traject, veld)) for veld in cls.VELDEN}

    def gewijzigd(self, traject) -> dict[str, str | None]:
        """Only the fields the regisseur changed: the service then fills in what a change implies."""
        huidig = self.huidige(traject)
        result = {}
        for veld in self.VELDEN:
            data = getattr(self, veld).data
            value = data.isoformat() if hasattr(data, "isoformat") else (data or "").strip()
            if value != huidig[veld]:
                result[veld] = value or None
        return result


class ToewijzingEindeForm(PortalForm):
    id_prefix = "einde"  # beside ToewijzingForm on the trajectory page
    onderdeel = SelectField("Onderdeel", choices=choices(Onderdeel))
    einddatum = DatumField("Einddatum", validators=[DataRequired("Vul de einddatum in.")])
    reden = StringField("Reden", description="Bijvoorbeeld: onderdeel afgerond, andere aanbieder, verhuisd.")
    submit = SubmitField("Toewijzing beëindigen")


class FilterForm(PortalForm):
    class Meta:
        csrf = False

    zoek = StringField("Zoek op traject-ID", validators=[Optional()])
    leerroute = SelectField("Leerroute", choices=choices(Leerroute, "Alle"), validators=[Optional()])
    doelgroep = SelectField("Doelgroep", choices=choices(Doelgroep, "Alle"), validators=[Optional()])
    status = SelectField("Status", choices=choices(TrajectStatus, "Alle"), validators=[Optional()])


# --- entering deliveries one at a time --------------------------------------------------------------------------


class GetalField(StringField):
    """A number as typed, decimal comma allowed; the import service reads and checks it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(*args, **kwargs)


class _LeveringFormGenerator(FormGenerator):
    """Fields for delivery columns that take the text a person types. The form reads only what a person types
    differently from a file (a date as dd-mm-jjjj, an impossible date, an end before the start); every rule of
    aanleverformaat v1 is the import service's, whose errors the form puts on its fields in the form's words."""

    def get_field_class(self, column):
        if isinstance(column.type, sa.Enum):
            return SelectField
        if isinstance(column.type, sa.Date):
            return DatumField
        if isinstance(column.type, (sa.Numeric, sa.Integer)):
            return GetalField
        return super().get_field_class(column)

    def create_validators(self, prop, column):
        return []

    def type_specific_parameters(self, column):
        if isinstance(column.type, sa.Enum):
            # The delivery models' Enum columns are all made from code lists (portal.codes.Code): enum_class is set.
            return {"choices": choices(column.type.enum_class, "Kies…"),  # type: ignore[arg-type]
                    "coerce": str, "validate_choice": False}
        return {}


class LeveringForm(ModelForm):
    """One row of a delivery soort; `rij` turns it into the JSON row the import service takes."""

    soort: str

    class Meta:
        form_generator = _LeveringFormGenerator

    submit = SubmitField("Opslaan")
    # The answer to "Overschrijven?" when the record's key is already stored: only then is it replaced.
    overschrijven = SubmitField("Ja, overschrijven")

    @classmethod
    def kolommen(cls) -> list[str]:
        return list(cls.Meta.only)  # type: ignore[attr-defined]  # each soort's form sets Meta.only

    @classmethod
    def sleutel(cls) -> list[str]:
        """The fields of the natural key: changing one of them makes a new record instead of a correction."""
        return [c for c in natural_key_columns(cls.soort) if c in cls.Meta.only]  # type: ignore[attr-defined]

    # Columns a file must hold that a person may leave empty in the form: an empty hours field is 0 hours.
    LEEG_IS_NUL = frozenset(k.naam for k in aanleverformaat.alle() if k.leeg_is_nul)
    # Columns required only in a situation their description names: no "(optioneel)" mark, no mark of required.
    SOMS_VERPLICHT = frozenset(k.naam for k in aanleverformaat.alle() if k.voorwaardelijk)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required = set(required_columns(self.soort)) - self.LEEG_IS_NUL
        for name in self.kolommen():
            if name not in required and name not in self.SOMS_VERPLICHT:
                self[name].flags.optional = True

    @classmethod
    def waarden(cls, record) -> dict:
        """A stored record as the form shows it: dates as dd-mm-jjjj, numbers with a decimal comma."""
        data = {}
        for name in cls.kolommen():
            value = getattr(record, name)
            if value is None:
                data[name] = ""
            elif hasattr(value, "isoformat"):
                data[name] = datum_tekst(value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                data[name] = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
            else:
                data[name] = getattr(value, "value", value)
        return data

    @classmethod
    def overzicht(cls, record) -> list[tuple[str, str]]:
        """A stored record as (label, value) pairs for the page: what an overwrite would replace."""
        return [(KOLOM_LABELS[name], code_label(value)) for name, value in cls.waarden(record).items() if value != ""]

    def rij(self, traject_id: str) -> dict:
        """The delivery row this form holds, keyed by the column names of aanleverformaat v1. A field that has its
        own error already goes empty, so the import service reports only what the form could not see (and never
        gets a value the BSN guard refused)."""
        row = {"traject_id": traject_id}
        for name in self.kolommen():
            field = self[name]
            data = None if field.errors else field.data
            if hasattr(data, "isoformat"):
                data = data.isoformat()  # type: ignore[union-attr]  # hasattr: not None
            text = "" if data is None else str(data).strip()
            row[name] = "0" if text == "" and name in self.LEEG_IS_NUL else text
        return row

    def zelfde_sleutel(self, records) -> Any | None:
        """The stored record whose natural key this form's values repeat (storing would overwrite it), or None."""
        def key(value):
            return getattr(value, "value", value)

        wanted = [key(self[name].data) for name in self.sleutel()]
        return next((r for r in records if [key(getattr(r, name)) for name in self.sleutel()] == wanted), None)

    def toon_fouten(self, fouten) -> None:
        """Put each error of the import report on the field of its column, in the form's words; others (the
        trajectory, the whole record) on the form. A field that has its own error keeps just that."""
        labels = {name: self[name].label.text for name in self.kolommen()}
        eigen = {name for name in self.kolommen() if self[name].errors}
        for fout in fouten:
            if fout.column in eigen:
                continue
            message = meldingen.formulier_melding(fout, labels, self.soort)
            if fout.column in labels:
                field = self[fout.column]
                field.errors = list(field.errors)
                target = field.errors
            else:
                target = self.form_errors
            if message not in target:
                target.append(message)


def _velden(soort: str) -> tuple[list[str], dict[str, dict]]:
    """`Meta.only` and `Meta.field_args` of a delivery soort's form, from the one definition of its columns
    (portal.leveringen.kolommen): every column but the trajectory's (the form takes it from its page), in spec
    order, with its label, hint and code list."""
    only: list[str] = []
    field_args: dict[str, dict[str, Any]] = {}
    for kolom in aanleverformaat.kolommen(soort):
        if kolom.kind == "id":
            continue
        only.append(kolom.naam)
        field_args[kolom.naam] = {"label": kolom.formulier_label}
        if kolom.invoer_uitleg:
            field_args[kolom.naam]["description"] = kolom.invoer_uitleg
        if isinstance(kolom.kind, type):  # a code column (its `codes` are the list's values)
            field_args[kolom.naam]["choices"] = choices(kolom.kind, kolom.leeg_keuze)
    return only, field_args


class AanwezigheidForm(LeveringForm):
    soort = "aanwezigheid"

    class Meta:
        model = Aanwezigheid
        only, field_args = _velden("aanwezigheid")

    def validate_periode_eind(self, field):
        if field.data and self.periode_start.data and field.data < self.periode_start.data:
            raise ValidationError("Einde periode ligt voor begin periode. Controleer beide datums.")


class ToetsForm(LeveringForm):
    soort = "toets"

    class Meta:
        model = Toets
        only, field_args = _velden("toets")


class AfrondingForm(LeveringForm):
    soort = "afronding"

    class Meta:
        model = Afronding
        only, field_args = _velden("afronding")


LEVERING_FORMS: dict[str, type[LeveringForm]] = {"aanwezigheid": AanwezigheidForm, "toets": ToetsForm,
                                                 "afronding": AfrondingForm}


def invoer_onderdelen(soort: str, toegewezen) -> list[str]:
    """The onderdelen an aanbieder may enter for this soort, given its assignments on the trajectory (the import
    service holds the same rule: toets belongs to taal, taalschakeltraject counts as taal). Empty: no form."""
    toegewezen = {getattr(o, "value", o) for o in toegewezen}
    if soort == "toets":
        return ["taal"] if "taal" in toegewezen else []
    allowed = [o.value for o in Onderdeel if o.value in toegewezen]
    if soort == "afronding" and "taal" in toegewezen:
        allowed.append(AfrondingOnderdeel.taalschakeltraject.value)
    return allowed
