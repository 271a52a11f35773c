"""The log viewer's filter form (GET, no CSRF: it changes nothing)."""
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Optional

from dpia import activiteiten
from portal.codes import Actie
from portal.forms import DatumField, PortalForm

ACTIE_LABELS = {Actie.lezen: "Lezen", Actie.aanmaken: "Aanmaken", Actie.aanleveren: "Aanleveren",
                Actie.wijzigen: "Wijzigen", Actie.exporteren: "Exporteren", Actie.beperken: "Beperken",
                Actie.wissen: "Wissen"}


class LogFilterForm(PortalForm):
    class Meta:
        csrf = False

    traject_id = StringField("Traject-ID", validators=[Optional()])
    gebruiker = StringField("Gebruiker (e-mail)", validators=[Optional()])
    organisatie = SelectField("Organisatie", validators=[Optional()])
    activiteit = SelectField("Activiteit", choices=[("", "Alle"), *activiteiten.choices()], validators=[Optional()])
    actie = SelectField("Actie", choices=[("", "Alle"), *((a.value, label) for a, label in ACTIE_LABELS.items())],
                        validators=[Optional()])
    van = DatumField("Van", validators=[Optional()])
    tot = DatumField("Tot en met", validators=[Optional()])
    weigeringen = BooleanField("Alleen geweigerde pogingen (verwerkingsstop)")
