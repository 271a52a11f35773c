"""Forms of the DPIA pages. Code lists come from dpia.beoordelingen.codes; the questions of parts 1 and 2 from
the template."""
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from dpia.beoordelingen import sjabloon
from dpia.beoordelingen.codes import Beoordeling, FgOordeel, Niveau
from portal.codes import choices
from portal.forms import DatumField, PortalForm

NIVEAU_KEUZES = [("", "Nog niet geschat"), *choices(Niveau)]


def _vinkjes(label: str, **kwargs) -> SelectMultipleField:
    return SelectMultipleField(label, coerce=int, option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                               validators=[Optional()], **kwargs)


class DpiaForm(PortalForm):
    titel = StringField("Titel", validators=[DataRequired("Vul de titel van de DPIA in."), Length(max=200)],
                        description="Bijvoorbeeld: DPIA Inburgeringsportaal 2026.")
    activiteiten = _vinkjes("Verwerkingsactiviteiten uit het register",
                            description="De verwerkingen waarover deze DPIA gaat.")
    submit = SubmitField("DPIA starten")


def antwoorden_form(deel: sjabloon.Deel, dpia, formdata=None) -> PortalForm:
    """A form with one text area per question of a part, filled with the DPIA's answers."""

    class AntwoordenForm(PortalForm):
        submit = SubmitField("Antwoorden opslaan")

    for sectie in deel.secties:
        for vraag in sectie.vragen:
            beschrijving = vraag.hulp
            if vraag.soort == "lijst":
                beschrijving = (beschrijving + " " if beschrijving else "") + "Eén per regel."
            setattr(AntwoordenForm, vraag.sleutel, TextAreaField(vraag.tekst, validators=[Optional()],
                                                                  description=beschrijving))
    data = {a.sleutel: a.tekst or "" for a in dpia.antwoorden}
    return AntwoordenForm(formdata=formdata, data=data)


class MaatregelForm(PortalForm):
    code = StringField("Code (BIO / ISO 27002)", validators=[Optional(), Length(max=20)],
                       description="Bijvoorbeeld 12.4.1. Leeg laten voor een algemene maatregel.")
    naam = StringField("Maatregel", validators=[DataRequired("Vul de naam van de maatregel in."), Length(max=200)])
    beschrijving = TextAreaField("Beschrijving", validators=[Optional()])
    submit = SubmitField("Maatregel toevoegen")


class RisicoForm(PortalForm):
    naam = StringField("Risico", validators=[DataRequired("Vul de naam van het risico in."), Length(max=200)])
    gevolgen = TextAreaField(sjabloon.RISICO_VRAGEN["gevolgen"], validators=[Optional()],
                             description="Eén gevolg per regel.")
    dreigingen = TextAreaField(sjabloon.RISICO_VRAGEN["dreigingen"], validators=[Optional()],
                               description="Eén dreiging per regel.")
    bronnen = TextAreaField(sjabloon.RISICO_VRAGEN["bronnen"], validators=[Optional()],
                            description="Eén bron per regel.")
    maatregelen = _vinkjes(sjabloon.RISICO_VRAGEN["maatregelen"])
    ernst = SelectField("Ernst", choices=NIVEAU_KEUZES, validators=[Optional()],
                        description=sjabloon.RISICO_VRAGEN["ernst"])
    ernst_toelichting = TextAreaField("Toelichting bij de ernst", validators=[Optional()])
    waarschijnlijkheid = SelectField("Waarschijnlijkheid", choices=NIVEAU_KEUZES, validators=[Optional()],
                                     description=sjabloon.RISICO_VRAGEN["waarschijnlijkheid"])
    waarschijnlijkheid_toelichting = TextAreaField("Toelichting bij de waarschijnlijkheid", validators=[Optional()])
    ernst_na = SelectField("Ernst na het actieplan", choices=NIVEAU_KEUZES, validators=[Optional()])
    waarschijnlijkheid_na = SelectField("Waarschijnlijkheid na het actieplan", choices=NIVEAU_KEUZES,
                                        validators=[Optional()])
    submit = SubmitField("Risico opslaan")


class BeoordelingForm(PortalForm):
    beoordeling = RadioField("Beoordeling", choices=choices(Beoordeling),
                             validators=[DataRequired("Kies Acceptabel, Te verbeteren of Te corrigeren.")])
    toelichting = TextAreaField("Toelichting", validators=[Optional()],
                                description="Verplicht bij Te verbeteren en Te corrigeren.")
    eigenaar = StringField("Eigenaar van de actie", validators=[Optional(), Length(max=200)],
                           description="Bij Te verbeteren: wie de verbetering uitvoert. Het wordt een actie in het "
                                       "actieplan.")
    deadline = DatumField("Uiterste datum", validators=[Optional()])
    submit = SubmitField("Beoordeling opslaan")


class ActieForm(PortalForm):
    onderwerp = StringField("Onderwerp", validators=[DataRequired("Vul in waar de actie over gaat."),
                                                     Length(max=300)])
    omschrijving = TextAreaField("Actie", validators=[DataRequired("Beschrijf de actie.")])
    eigenaar = StringField("Eigenaar", validators=[DataRequired("Vul in wie de actie uitvoert."), Length(max=200)])
    deadline = DatumField("Uiterste datum", validators=[DataRequired("Vul een geldige uiterste datum in.")])
    submit = SubmitField("Actie toevoegen")


class ValidatieForm(PortalForm):
    auteur = StringField("Auteur", validators=[Optional(), Length(max=200)])
    beoordelaar = StringField("Beoordelaar", validators=[Optional(), Length(max=200)])
    validator = StringField("Validator", validators=[Optional(), Length(max=200)])
    fg_naam = StringField("Naam FG", validators=[Optional(), Length(max=200)])
    fg_advies = TextAreaField("Advies van de FG", validators=[Optional()])
    fg_oordeel = SelectField("Oordeel van de FG", choices=[("", "Nog geen oordeel"), *choices(FgOordeel)],
                             validators=[Optional()])
    betrokkenen_gevraagd = BooleanField("De mening van betrokkenen is gevraagd")
    betrokkenen_mening = TextAreaField("Mening van betrokkenen", validators=[Optional()],
                                       description="Of: waarom hun mening niet is gevraagd.")
    submit = SubmitField("Gegevens opslaan")


class BesluitForm(PortalForm):
    reden = TextAreaField("Reden van afwijzing", validators=[Optional()],
                          description="Alleen bij afwijzen; verplicht.")
    valideren = SubmitField("DPIA valideren")
    afwijzen = SubmitField("DPIA afwijzen")
