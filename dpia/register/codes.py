"""Code lists of the verwerkingsregister and the register's fields with their VAR names, defined once here: they
feed the model, the form, the completeness check, the pages and both exports."""
from dataclasses import dataclass

from portal.codes import Code


class Grondslag(Code):
    """AVG art. 6 lid 1, by its letter."""

    a = "a", "a — toestemming van de betrokkene"
    b = "b", "b — uitvoering van een overeenkomst"
    c = "c", "c — wettelijke verplichting"
    d = "d", "d — vitaal belang"
    e = "e", "e — taak van algemeen belang of openbaar gezag"
    f = "f", "f — gerechtvaardigd belang"


class Bestuursorgaan(Code):
    """The gemeentelijk bestuursorgaan that is verwerkingsverantwoordelijke for an activity."""

    college_van_burgemeester_en_wethouders = ("college_van_burgemeester_en_wethouders",
                                              "College van burgemeester en wethouders")
    gemeenteraad = "gemeenteraad", "Gemeenteraad"
    burgemeester = "burgemeester", "Burgemeester"


class RegisterStatus(Code):
    draft = "draft", "Concept"
    in_review = "in_review", "Ter beoordeling"
    vastgesteld = "vastgesteld", "Vastgesteld"
    vervallen = "vervallen", "Vervallen"


STATUS_BADGE = {RegisterStatus.draft: "info", RegisterStatus.in_review: "warning",
                RegisterStatus.vastgesteld: "ok", RegisterStatus.vervallen: "inactive"}

# The workflow: which status may follow which. A content change always makes a new draft (see services.wijzig).
OVERGANGEN = {
    RegisterStatus.draft: (RegisterStatus.in_review, RegisterStatus.vervallen),
    RegisterStatus.in_review: (RegisterStatus.vastgesteld, RegisterStatus.draft, RegisterStatus.vervallen),
    RegisterStatus.vastgesteld: (RegisterStatus.vervallen,),
    RegisterStatus.vervallen: (),
}
# What the button that moves an activity to a status says (an action, not the status's own label).
OVERGANG_LABELS = {
    RegisterStatus.in_review: "Ter beoordeling aanbieden",
    RegisterStatus.vastgesteld: "Vaststellen",
    RegisterStatus.draft: "Terug naar concept",
    RegisterStatus.vervallen: "Activiteit laten vervallen",
}


class BijzondereCategorie(Code):
    """The special categories of personal data of AVG art. 9 lid 1."""

    ras_of_etnische_afkomst = "ras_of_etnische_afkomst", "Ras of etnische afkomst"
    politieke_opvattingen = "politieke_opvattingen", "Politieke opvattingen"
    religieuze_of_levensbeschouwelijke_overtuigingen = ("religieuze_of_levensbeschouwelijke_overtuigingen",
                                                        "Religieuze of levensbeschouwelijke overtuigingen")
    lidmaatschap_vakbond = "lidmaatschap_vakbond", "Lidmaatschap van een vakbond"
    genetische_gegevens = "genetische_gegevens", "Genetische gegevens"
    biometrische_gegevens = "biometrische_gegevens", "Biometrische gegevens (voor unieke identificatie)"
    gezondheid = "gezondheid", "Gezondheid"
    seksueel_gedrag_of_gerichtheid = "seksueel_gedrag_of_gerichtheid", "Seksueel gedrag of seksuele gerichtheid"


@dataclass(frozen=True)
class Veld:
    """One art. 30 field of a version: its column, its key in the VAR-style JSON, its Dutch label, and whether
    an activity is complete without it (`verplicht`: always; `voorwaarde`: only when that column is set)."""

    kolom: str
    var: str
    label: str
    verplicht: bool = True
    voorwaarde: str | None = None
    lijst: bool = False  # one item per line in the stored text; a list in JSON


VELDEN = (
    Veld("naam", "naam", "Naam"),
    Veld("doel", "doel", "Doel van de verwerking"),
    Veld("grondslag", "grondslag", "Grondslag (AVG art. 6 lid 1)"),
    Veld("grondslag_artikel", "grondslagArtikel", "Wettelijk artikel"),
    Veld("verantwoordelijke_bestuursorgaan", "verantwoordelijkeBestuursorgaan", "Verantwoordelijk bestuursorgaan"),
    Veld("categorieen_betrokkenen", "categorieenBetrokkenen", "Categorieën betrokkenen", lijst=True),
    Veld("categorieen_persoonsgegevens", "categorieenPersoonsgegevens", "Categorieën persoonsgegevens", lijst=True),
    Veld("bijzondere_categorieen", "bijzondereCategorieen", "Bijzondere categorieën (AVG art. 9)", verplicht=False),
    Veld("uitzondering_art9", "uitzonderingArt9", "Uitzondering op het verbod (AVG art. 9 lid 2)", verplicht=False,
         voorwaarde="bijzondere_categorieen"),
    Veld("ontvangers", "ontvangers", "Ontvangers", lijst=True),
    Veld("verwerkers", "verwerkers", "Verwerkers", verplicht=False, lijst=True),
    Veld("doorgifte_buiten_eer", "doorgifteBuitenEer", "Doorgifte buiten de EER", verplicht=False),
    Veld("doorgifte_waarborgen", "doorgifteWaarborgen", "Waarborgen bij doorgifte", verplicht=False,
         voorwaarde="doorgifte_buiten_eer"),
    Veld("bewaartermijn", "bewaartermijn", "Bewaartermijn"),
    Veld("bewaartermijn_jaren", "bewaartermijnJaren", "Bewaartermijn in jaren"),
    Veld("beveiligingsmaatregelen", "beveiligingsmaatregelen", "Beveiligingsmaatregelen"),
    Veld("eigenaar", "eigenaar", "Eigenaar"),
    Veld("dpia", "dpia", "DPIA", verplicht=False),
)
VELD = {veld.kolom: veld for veld in VELDEN}
