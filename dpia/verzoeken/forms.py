"""Forms of the request pages; choices come from the code lists in codes.py."""
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from dpia.verzoeken.codes import IdentiteitMethode, Kanaal, VerzoekType, WisGrond
from portal.codes import choices
from portal.forms import DatumField, PortalForm, TrajectIds

DATUM = "Vul een geldige datum in (dd-mm-jjjj)."


class VerzoekForm(PortalForm):
    type = SelectField("Soort verzoek", choices=[("", "Kies een soort"), *choices(VerzoekType)],
                       validators=[DataRequired("Kies de soort verzoek.")])
    ontvangen = DatumField("Ontvangen op", validators=[DataRequired(DATUM)],
                          description="De termijn van één kalendermaand (AVG art. 12 lid 3) loopt vanaf deze dag.")
    kanaal = SelectField("Ontvangen via", choices=[("", "Onbekend"), *choices(Kanaal)], validators=[Optional()])
    traject_ids = TextAreaField("Traject-ID's", validators=[DataRequired("Vul minstens één traject-ID in."),
                                                            TrajectIds()],
                                description="Alleen trajecten van uw gemeente; één per regel of gescheiden door "
                                            "komma's. Zoek het ID op in uw eigen klantsysteem; vul nooit een BSN in.")
    identiteit_methode = SelectField("Identiteit gecontroleerd via", validators=[Optional()],
                                     choices=[("", "Nog niet gecontroleerd"), *choices(IdentiteitMethode)])
    identiteit_door = StringField("Gecontroleerd door", validators=[Optional(), Length(max=255)],
                                  description="Leeg: uzelf.")
    identiteit_op = DatumField("Gecontroleerd op", validators=[Optional()])
    notities = TextAreaField("Notities", validators=[Optional()])
    submit = SubmitField("Verzoek registreren")


class IdentiteitForm(PortalForm):
    methode = SelectField("Identiteit gecontroleerd via", choices=[("", "Kies"), *choices(IdentiteitMethode)],
                          validators=[DataRequired("Kies hoe de identiteit is gecontroleerd.")])
    door = StringField("Gecontroleerd door", validators=[Optional(), Length(max=255)], description="Leeg: uzelf.")
    op = DatumField("Gecontroleerd op", validators=[Optional()], description="Leeg: vandaag.")
    submit = SubmitField("Identiteitscontrole vastleggen")


class StatusForm(PortalForm):
    status = SelectField("Nieuwe status", validators=[DataRequired("Kies een status.")])
    toelichting = TextAreaField("Toelichting", validators=[Optional()])
    submit = SubmitField("Status wijzigen")


class VerlengForm(PortalForm):
    reden = TextAreaField("Reden van de verlenging", validators=[Optional()],
                          description="De verzoeker moet deze reden binnen de eerste maand krijgen.")
    submit = SubmitField("Termijn met twee maanden verlengen")


class WisForm(PortalForm):
    grond = SelectField("Grond", choices=[("", "Kies de grond"), *choices(WisGrond)], validators=[Optional()])
    submit = SubmitField("Trajecten wissen")


class ActieForm(PortalForm):
    """Only the CSRF token: beperken and opheffen need nothing else."""


class RectificatieForm(PortalForm):
    """One field of the record chosen on the rectificatie page; the choice travels in hidden fields and the service
    checks that it belongs to the request."""

    traject_id = HiddenField()
    soort = HiddenField()
    record_id = HiddenField()
    veld = SelectField("Veld", validators=[DataRequired("Kies het veld dat u wilt rectificeren.")])
    waarde = StringField("Nieuwe waarde", validators=[Optional(), Length(max=100)],
                         description="Datums als dd-mm-jjjj, uren met een komma. Leeg maakt een niet-verplicht "
                                     "veld leeg.")
    submit = SubmitField("Rectificeren")


class DocumentForm(PortalForm):
    bestand = FileField("Document", description="Bijvoorbeeld het verzoek als PDF (max. 10 MB).")
    submit = SubmitField("Document toevoegen")


class BriefForm(PortalForm):
    tekst = TextAreaField("Tekst van de brief", validators=[DataRequired("De brief is leeg.")])
    submit = SubmitField("Concept opslaan")
