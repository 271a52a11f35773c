"""Forms of the verwerkingsstop pages."""
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Optional

from dpia.verwerkingsstop.services import STOPBAAR
from portal.codes import choices
from portal.forms import DatumField, PortalForm


class StopForm(PortalForm):
    activiteit = SelectField("Verwerkingsactiviteit", choices=[("", "Kies een activiteit"),
                                                               *choices(STOPBAAR)],
                             validators=[DataRequired("Kies de activiteit die u stopzet.")],
                             description="Voortgangsrapportage: de aanbieders leveren aan en zien hun trajecten. "
                                         "Signalering en regie: de regisseurs van de gemeente. Verzoeken van "
                                         "betrokkenen: uw eigen acties op trajecten.")
    reden = TextAreaField("Reden", validators=[DataRequired("Vul de reden van de verwerkingsstop in.")],
                          description="Wie geweigerd wordt, ziet deze reden. Noem de aanleiding, bijvoorbeeld het "
                                      "bericht van SZW of de AP, en tot wanneer de stop naar verwachting duurt.")
    submit = SubmitField("Verwerking nu stopzetten")
    # The answer on the confirmation that says what will stop: only then does the stop start.
    bevestigen = SubmitField("Ja, stopzetten")


class OpheffenForm(PortalForm):
    reden = TextAreaField("Toelichting bij het opheffen", validators=[Optional()])
    submit = SubmitField("Verwerkingsstop opheffen")


class RapportForm(PortalForm):
    class Meta:
        csrf = False

    van = DatumField("Van", validators=[DataRequired("Vul een geldige begindatum in.")])
    tot = DatumField("Tot en met", validators=[DataRequired("Vul een geldige einddatum in.")])
    submit = SubmitField("Toon")
