"""The log viewer's filter form (GET, no CSRF: it changes nothing)."""
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Optional

from portal.codes import Actie, Activiteit, choices
from portal.forms import DatumField, PortalForm


class LogFilterForm(PortalForm):
    class Meta:
        csrf = False

    traject_id = StringField("Traject-ID", validators=[Optional()])
    gebruiker = StringField("Gebruiker (e-mail)", validators=[Optional()])
    organisatie = SelectField("Organisatie", validators=[Optional()])
    activiteit = SelectField("Activiteit", choices=choices(Activiteit, "Alle"), validators=[Optional()])
    actie = SelectField("Actie", choices=choices(Actie, "Alle"),
                        validators=[Optional()])
    van = DatumField("Van", validators=[Optional()])
    tot = DatumField("Tot en met", validators=[Optional()])
    weigeringen = BooleanField("Alleen geweigerde pogingen (verwerkingsstop)")
