"""Forms of the user's own account pages."""
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from portal.beheer.services import TOKEN_DAGEN
from portal.forms import PortalForm


class EigenTokenForm(PortalForm):
    naam = StringField("Naam", validators=[DataRequired("Geef het token een naam."), Length(max=80)],
                       description="Waarvoor u het token gebruikt, bijvoorbeeld de koppeling met uw leerlingsysteem.")
    dagen = SelectField("Geldig", coerce=int, default=90,
                        choices=[(d, f"{d} dagen") for d in TOKEN_DAGEN])
    code = StringField("Authenticatiecode", validators=[DataRequired("Vul de code uit uw authenticator-app in.")],
                       description="De code van 6 cijfers die uw authenticator-app nu toont.")
    submit = SubmitField("API-token maken")
