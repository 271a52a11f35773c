"""Forms of the operator pages."""
from wtforms import EmailField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional
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


class GebruikerWijzigenForm(PortalForm):
    naam = StringField("Naam", validators=[Optional(), Length(max=120, message="Een naam is hoogstens 120 tekens.")])
    rol = SelectField("Rol", choices=[(r.value, r.value) for r in Rol],
                      description="Aanbieder hoort bij een aanbieder; regisseur en privacy bij een gemeente.")
    org = SelectField("Organisatie")
    submit = SubmitField("Wijzigingen opslaan")


class OrganisatieWijzigenForm(PortalForm):
    naam = StringField("Naam", validators=[DataRequired("Vul de naam in."),
                                           Length(max=200, message="Een naam is hoogstens 200 tekens.")])
    onderdelen = SelectMultipleField("Onderdelen", choices=[(o.value, o.value.upper()) for o in Onderdeel],
                                     option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                                     validators=[Optional()],
                                     description="Een onderdeel met lopende toewijzingen kan niet weg.")
    submit = SubmitField("Wijzigingen opslaan")
