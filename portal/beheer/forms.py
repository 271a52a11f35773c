"""Forms of the operator pages."""
from wtforms import EmailField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.codes import Onderdeel, OrganisatieType, Rol
from portal.forms import PortalForm


class OrganisatieForm(PortalForm):
    code = StringField("Code", validators=[DataRequired("Vul de code in.")],
                       description="Gemeente: CBS-code (GM0928). Aanbieder: een korte code, bijvoorbeeld TAALKR.")
    type = SelectField("Soort organisatie", choices=[(t.value, t.value.capitalize()) for t in OrganisatieType])
    naam = StringField("Naam", validators=[DataRequired("Vul de naam in.")])
    onderdelen = SelectMultipleField("Onderdelen (alleen aanbieder)",
                                     choices=[(o.value, o.value.upper()) for o in Onderdeel],
                                     option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                                     validators=[Optional()])
    submit = SubmitField("Organisatie registreren")


class GebruikerForm(PortalForm):
    email = EmailField("E-mailadres", validators=[DataRequired("Vul het e-mailadres in.")])
    rol = SelectField("Rol", choices=[(r.value, r.value) for r in Rol])
    org = SelectField("Organisatie")
    submit = SubmitField("Uitnodiging versturen")


class ActieForm(PortalForm):
    """An empty form for a POST button (CSRF only)."""

    submit = SubmitField("Bevestigen")
