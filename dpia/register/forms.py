"""Forms of the register: the art. 30 fields come from the ActiviteitVersie model (WTForms-Alchemy); the rules are
the service's, so a form shows exactly the errors the API gives."""
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from dpia.register.codes import (
    OVERGANG_LABELS,
    VELD,
    Bestuursorgaan,
    BijzondereCategorie,
    Grondslag,
)
from dpia.register.models import ActiviteitVersie
from portal.codes import choices
from portal.forms import ModelForm, PortalForm

_LIJST = "Eén per regel."


class ActiviteitForm(ModelForm):
    """The content of a new version. Every field is optional here: a draft may be incomplete; completeness is
    asked when the activity goes to review. The text fields come from the model; the code lists are declared."""

    class Meta:
        model = ActiviteitVersie
        only = ["naam", "doel", "grondslag", "grondslag_artikel", "verantwoordelijke_bestuursorgaan",
                "categorieen_betrokkenen", "categorieen_persoonsgegevens", "uitzondering_art9", "ontvangers",
                "verwerkers", "doorgifte_buiten_eer", "doorgifte_waarborgen", "bewaartermijn", "bewaartermijn_jaren",
                "beveiligingsmaatregelen", "eigenaar", "dpia"]
        field_args = {
            "naam": {"label": VELD["naam"].label},
            "doel": {"label": VELD["doel"].label, "description": "Waarvoor de gegevens worden verwerkt."},
            "grondslag_artikel": {"label": VELD["grondslag_artikel"].label,
                                  "description": "Bijvoorbeeld: art. 6 lid 1 sub e AVG jo. art. 14 Wet inburgering "
                                                 "2021."},
            "categorieen_betrokkenen": {"label": VELD["categorieen_betrokkenen"].label, "description": _LIJST},
            "categorieen_persoonsgegevens": {"label": VELD["categorieen_persoonsgegevens"].label,
                                             "description": _LIJST},
            "uitzondering_art9": {"label": VELD["uitzondering_art9"].label,
                                  "description": "Verplicht als u een bijzondere categorie aanvinkt: de grond uit "
                                                 "art. 9 lid 2 AVG met het wetsartikel."},
            "ontvangers": {"label": VELD["ontvangers"].label, "description": _LIJST},
            "verwerkers": {"label": VELD["verwerkers"].label, "description": _LIJST},
            "doorgifte_buiten_eer": {"label": "Gegevens gaan naar een land buiten de EER"},
            "doorgifte_waarborgen": {"label": VELD["doorgifte_waarborgen"].label,
                                     "description": "Verplicht bij doorgifte: welk land en welke waarborg "
                                                    "(AVG art. 44 tot en met 49)."},
            "bewaartermijn": {"label": VELD["bewaartermijn"].label,
                              "description": "De termijn en de bron (wet, selectielijst)."},
            "bewaartermijn_jaren": {"label": VELD["bewaartermijn_jaren"].label,
                                    "description": "Hele jaren na het einde van het traject (of account, of "
                                                   "verzoek); hiermee rekent het portaal bij het opschonen."},
            "beveiligingsmaatregelen": {"label": VELD["beveiligingsmaatregelen"].label, "description": _LIJST},
            "eigenaar": {"label": VELD["eigenaar"].label, "description": "Functie of afdeling die verantwoordelijk "
                                                                         "is voor het proces."},
            "dpia": {"label": VELD["dpia"].label, "description": "Verwijzing naar de DPIA, als die er is."},
        }

    # The code lists as plain selects (the service checks the value and refuses ground f with its reason).
    grondslag = SelectField(VELD["grondslag"].label, choices=choices(Grondslag, "Kies…"),
                            validate_choice=False, validators=[Optional()],
                            description="Grondslag f geldt niet voor een overheidsorgaan bij zijn publieke taak.")
    verantwoordelijke_bestuursorgaan = SelectField(
        VELD["verantwoordelijke_bestuursorgaan"].label, choices=choices(Bestuursorgaan, "Kies…"),
        validate_choice=False, validators=[Optional()])
    bijzondere_categorieen = SelectMultipleField(
        VELD["bijzondere_categorieen"].label, choices=choices(BijzondereCategorie),
        option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False), validators=[Optional()])
    basis_versie = HiddenField()
    submit = SubmitField("Opslaan als nieuwe versie")

    def waarden(self) -> dict:
        """The content for the service: every art. 30 field of the form."""
        return {name: getattr(self, name).data for name in [*self.Meta.only, "bijzondere_categorieen"]}


class StatusForm(PortalForm):
    status = SelectField("Nieuwe status", choices=[(s.value, label) for s, label in OVERGANG_LABELS.items()])
    basis_versie = HiddenField()


class DekkingFilterForm(PortalForm):
    """The dekking page's filter: a GET form, so it works without JavaScript and its result can be linked."""

    class Meta:
        csrf = False

    zoek = StringField("Zoek op tabel, kolom of verwerkingsactiviteit", validators=[Optional()])
    niet_gedekt = BooleanField("Alleen gegevens die niet gedekt zijn")
