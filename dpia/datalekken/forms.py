"""Forms of the datalekken pages. Times are entered as Dutch local time (datetime-local)."""
from wtforms import BooleanField, DateTimeLocalField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from dpia.datalekken.codes import Informeren, Soort
from dpia.datalekken.services import DatalekGegevens
from dpia.verwerkingsstop.services import STOPBAAR
from portal.codes import Activiteit, choices
from portal.forms import DatumField, PortalForm

TIJD = "Datum en tijd, Nederlandse tijd."


class DatalekForm(PortalForm):
    titel = StringField("Korte omschrijving", validators=[DataRequired("Vul een korte omschrijving van het datalek "
                                                                       "in."), Length(max=200)])
    omschrijving = TextAreaField("Wat is er gebeurd?", validators=[DataRequired("Beschrijf wat er is gebeurd.")],
                                 description="Aard van de inbreuk, welke gegevens, hoeveel betrokkenen, de oorzaak. "
                                             "Nooit een BSN of naam.")
    soort = SelectField("Soort inbreuk", choices=[("", "Kies de soort"), *choices(Soort)],
                        validators=[Optional()])
    ontdekt_op = DateTimeLocalField("Ontdekt op", validators=[DataRequired("Vul in wanneer het datalek is ontdekt "
                                                                           "(datum en tijd).")],
                                    description=TIJD + " De meldtermijn van 72 uur begint op dit moment.")
    gemeld_intern_op = DateTimeLocalField("Intern gemeld bij de privacy officer op", validators=[Optional()],
                                          description=TIJD)
    gemeld_ap = BooleanField("Gemeld bij de Autoriteit Persoonsgegevens")
    gemeld_ap_op = DateTimeLocalField("Gemeld bij de AP op", validators=[Optional()], description=TIJD)
    ap_kenmerk = StringField("Meldnummer van de AP", validators=[Optional(), Length(max=60)])
    niet_melden_reden = TextAreaField("Waarom niet gemeld bij de AP", validators=[Optional()],
                                      description="Alleen als het lek waarschijnlijk geen risico voor betrokkenen "
                                                  "oplevert (art. 33 lid 1); leg de afweging vast (lid 5).")
    betrokkenen_informeren = SelectField("Betrokkenen informeren (art. 34)", choices=choices(Informeren),
                                         validators=[Optional()])
    betrokkenen_reden = TextAreaField("Reden van het besluit over informeren", validators=[Optional()])
    betrokkenen_geinformeerd_op = DatumField("Betrokkenen geïnformeerd op", validators=[Optional()])
    maatregelen = TextAreaField("Genomen maatregelen", validators=[Optional()],
                                description="Om de gevolgen te beperken en herhaling te voorkomen.")
    submit = SubmitField("Datalek opslaan")

    def gegevens(self) -> DatalekGegevens:
        return DatalekGegevens(**{veld: self[veld].data for veld in DatalekGegevens.__dataclass_fields__})

    @classmethod
    def van(cls, g: DatalekGegevens) -> "DatalekForm":
        return cls(data=dict(g.__dict__))


class SelectieForm(PortalForm):
    van = DatumField("Periode van", validators=[DataRequired("Vul een geldige begindatum in.")])
    tot = DatumField("Periode tot en met", validators=[DataRequired("Vul een geldige einddatum in.")])
    aanbieder = SelectField("Aanbieder", validators=[Optional()])
    batch = SelectField("Aanlevering (uploadbatch)", coerce=lambda v: int(v) if v not in (None, "") else None,
                        validators=[Optional()])
    activiteit = SelectField("Verwerkingsactiviteit", choices=choices(Activiteit, "Alle activiteiten"),
                             validators=[Optional()])
    submit = SubmitField("Getroffen trajecten vaststellen")


class StopForm(PortalForm):
    activiteit = SelectField("Verwerkingsactiviteit", choices=choices(STOPBAAR, "Kies een activiteit"),
                             validators=[DataRequired("Kies de activiteit die u stopzet.")],
                             id="stop-activiteit")  # the page's selection form has an `activiteit` too
    reden = TextAreaField("Toelichting", validators=[Optional()],
                          description="De reden van de stop noemt dit datalek; vul aan wat wie geweigerd wordt "
                                      "moet weten.")
    submit = SubmitField("Verwerking stopzetten")
