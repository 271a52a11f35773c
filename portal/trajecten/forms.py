"""Forms for creating trajectories and assigning aanbieders; fields come from the models where they fit."""
from wtforms import DateField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Optional

from portal.codes import Doelgroep, Leerroute, Onderdeel, TrajectStatus
from portal.forms import ModelForm, PortalForm
from portal.models import Traject

LABELS = {
    Doelgroep.asielstatushouder: "Asielstatushouder", Doelgroep.gezinsmigrant: "Gezinsmigrant",
    Doelgroep.overige_migrant: "Overige migrant", Leerroute.b1: "B1-route", Leerroute.onderwijsroute: "Onderwijsroute",
    Leerroute.z_route: "Z-route", Onderdeel.taal: "Taal", Onderdeel.map: "MAP", Onderdeel.pvt: "PVT",
    TrajectStatus.actief: "Actief", TrajectStatus.afgerond: "Afgerond", TrajectStatus.beeindigd: "Beëindigd",
}


def choices(enum_cls, empty: str | None = None) -> list[tuple[str, str]]:
    options = [(m.value, LABELS.get(m, m.value)) for m in enum_cls]
    return [("", empty), *options] if empty is not None else options


class TrajectForm(ModelForm):
    class Meta:
        model = Traject
        only = ["doelgroep", "leerroute", "pip_datum", "intensiteit_uren", "datum_aanbod"]
        field_args = {
            "doelgroep": {"label": "Doelgroep", "choices": choices(Doelgroep)},
            "leerroute": {"label": "Leerroute", "choices": choices(Leerroute)},
            "pip_datum": {"label": "PIP-datum",
                          "description": "Start van de inburgeringstermijn (datum van het PIP)."},
            "intensiteit_uren": {"label": "Intensiteit (taaluren)",
                                 "description": "Verplicht voor de B1-route; de Z-route krijgt 800 uur; "
                                                "de onderwijsroute heeft geen intensiteit."},
            "datum_aanbod": {"label": "Datum inburgeringsaanbod"},
        }

    submit = SubmitField("Traject aanmaken")


class ToewijzingForm(PortalForm):
    aanbieder = SelectField("Aanbieder", validators=[DataRequired("Kies een aanbieder.")])
    onderdeel = SelectField("Onderdeel", choices=choices(Onderdeel))
    startdatum = DateField("Startdatum", validators=[DataRequired("Vul een geldige startdatum in.")])
    submit = SubmitField("Aanbieder toewijzen")


class FilterForm(PortalForm):
    class Meta:
        csrf = False

    zoek = StringField("Zoek op traject-ID", validators=[Optional()])
    leerroute = SelectField("Leerroute", choices=choices(Leerroute, "Alle"), validators=[Optional()])
    doelgroep = SelectField("Doelgroep", choices=choices(Doelgroep, "Alle"), validators=[Optional()])
    status = SelectField("Status", choices=choices(TrajectStatus, "Alle"), validators=[Optional()])
