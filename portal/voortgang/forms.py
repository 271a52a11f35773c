"""Forms of the voortgang pages: caseload filters, the gemeente's signal thresholds and marking a DUO registration."""
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from portal.codes import Doelgroep, Leerroute, TrajectStatus, choices
from portal.forms import DatumField, PortalForm
from portal.voortgang.services import GRENZEN
from portal.voortgang.signalen import LABELS as SIGNAAL_LABELS

SIGNAAL_KEUZES = [("", "Alle trajecten"), ("alle", "Met een open signaal"), ("te_laat", "Met een verlopen signaal")] + [
    (soort.value, label) for soort, label in SIGNAAL_LABELS.items()]


class CaseloadFilterForm(PortalForm):
    class Meta:
        csrf = False

    zoek = StringField("Zoek op traject-ID", validators=[Optional()])
    leerroute = SelectField("Leerroute", choices=choices(Leerroute, "Alle"), validators=[Optional()])
    doelgroep = SelectField("Doelgroep", choices=choices(Doelgroep, "Alle"), validators=[Optional()])
    aanbieder = SelectField("Aanbieder", choices=[("", "Alle")], validators=[Optional()])
    signaal = SelectField("Signaal", choices=SIGNAAL_KEUZES, validators=[Optional()])
    status = SelectField("Status", choices=choices(TrajectStatus, "Alle"), validators=[Optional()])
    sorteer = HiddenField()
    richting = HiddenField()

    def met_aanbieders(self, aanbieders: list[tuple[int, str]]) -> "CaseloadFilterForm":
        self.aanbieder.choices = [("", "Alle")] + [(str(i), naam) for i, naam in aanbieders]
        return self


def _drempel(label: str, name: str, description: str) -> IntegerField:
    low, high = GRENZEN[name]
    return IntegerField(label, description=description, validators=[
        InputRequired("Vul een geheel getal in."),
        NumberRange(low, high, f"Vul een geheel getal van {low} tot en met {high} in.")])


class InstellingenForm(PortalForm):
    verzuim_percentage = _drempel("Ongeoorloofd verzuim: percentage van de geplande uren", "verzuim_percentage",
                                  "Signaal bij dit percentage of meer.")
    verzuim_weken = _drempel("Ongeoorloofd verzuim: over de laatste … weken", "verzuim_weken",
                             "De periode waarover het percentage telt.")
    verzuim_aantal_keer = _drempel("Ongeoorloofd verzuim: aantal keer in een maand", "verzuim_aantal_keer",
                                   "Signaal bij dit aantal keer verzuim of meer in de laatste maand.")
    vertraagde_start_maanden = _drempel("Vertraagde start: maanden na de PIP-datum", "vertraagde_start_maanden",
                                        "Signaal als er dan nog geen inburgeringsaanbod is (asielstatushouders). "
                                        "De wet geeft 3 maanden; u kunt alleen strenger zijn.")
    afschalen_uren = _drempel("Afschalen mogelijk: taaluren aanwezig (B1-route)", "afschalen_uren",
                              "Signaal bij dit aantal uren of meer na de PIP-datum. De wet geeft 600 uur; "
                              "eerder afschalen mag niet.")
    geen_aanlevering_weken = _drempel("Geen aanlevering: weken zonder aanwezigheid", "geen_aanlevering_weken",
                                      "Voor een lopende toewijzing.")
    leerroute_wissel_weken = _drempel("Leerroute-wissel: weken voor het sluiten van de termijn",
                                      "leerroute_wissel_weken",
                                      "De termijn om van leerroute te wisselen is 18 maanden na de start van de "
                                      "inburgeringstermijn.")
    termijn_maanden = _drempel("Termijn in gevaar: maanden voor het einde van de termijn", "termijn_maanden",
                               "De inburgeringstermijn is 3 jaar, zoals DUO hem vaststelt of verlengt.")
    termijn_percentage = _drempel("Termijn in gevaar: percentage van de intensiteit", "termijn_percentage",
                                  "Signaal als de aanwezige taaluren onder dit percentage liggen.")
    submit = SubmitField("Instellingen opslaan")


class DuoRegistratieForm(PortalForm):
    datum = DatumField("Geregistreerd in het DUO-portaal op", validators=[DataRequired("Vul een geldige datum in.")])
    submit = SubmitField("DUO-registratie vastleggen")
