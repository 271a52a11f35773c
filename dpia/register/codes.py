"""Code lists of the verwerkingsregister and the register's fields with their VAR names, defined once here: they
feed the model, the form, the completeness check, the pages and both exports."""
import enum
from dataclasses import dataclass


class Grondslag(str, enum.Enum):
    """AVG art. 6 lid 1, by its letter."""

    a = "a"
    b = "b"
    c = "c"
    d = "d"
    e = "e"
    f = "f"


GRONDSLAG_LABELS = {
    Grondslag.a: "a — toestemming van de betrokkene",
    Grondslag.b: "b — uitvoering van een overeenkomst",
    Grondslag.c: "c — wettelijke verplichting",
    Grondslag.d: "d — vitaal belang",
    Grondslag.e: "e — taak van algemeen belang of openbaar gezag",
    Grondslag.f: "f — gerechtvaardigd belang",
}


class Bestuursorgaan(str, enum.Enum):
    """The gemeentelijk bestuursorgaan that is verwerkingsverantwoordelijke for an activity."""

    college_van_burgemeester_en_wethouders = "college_van_burgemeester_en_wethouders"
    gemeenteraad = "gemeenteraad"
    burgemeester = "burgemeester"


BESTUURSORGAAN_LABELS = {
    Bestuursorgaan.college_van_burgemeester_en_wethouders: "College van burgemeester en wethouders",
    Bestuursorgaan.gemeenteraad: "Gemeenteraad",
    Bestuursorgaan.burgemeester: "Burgemeester",
}


class RegisterStatus(str, enum.Enum):
    draft = "draft"
    in_review = "in_review"
    vastgesteld = "vastgesteld"
    vervallen = "vervallen"


STATUS_LABELS = {
    RegisterStatus.draft: "Concept",
    RegisterStatus.in_review: "Ter beoordeling",
    RegisterStatus.vastgesteld: "Vastgesteld",
    RegisterStatus.vervallen: "Vervallen",
}
STATUS_BADGE = {RegisterStatus.draft: "info", RegisterStatus.in_review: "warning",
                RegisterStatus.vastgesteld: "ok", RegisterStatus.vervallen: "inactive"}

# The workflow: which status may follow which. A content change always makes a new draft (see services.wijzig).
OVERGANGEN = {
    RegisterStatus.draft: (RegisterStatus.in_review, RegisterStatus.vervallen),
    RegisterStatus.in_review: (RegisterStatus.vastgesteld, RegisterStatus.draft, RegisterStatus.vervallen),
    RegisterStatus.vastgesteld: (RegisterStatus.vervallen,),
    RegisterStatus.vervallen: (),
}
OVERGANG_LABELS = {
    RegisterStatus.in_review: "Ter beoordeling aanbieden",
    RegisterStatus.vastgesteld: "Vaststellen",
    RegisterStatus.draft: "Terug naar concept",
    RegisterStatus.vervallen: "Activiteit laten vervallen",
}


class BijzondereCategorie(str, enum.Enum):
    """The special categories of personal data of AVG art. 9 lid 1."""

    ras_of_etnische_afkomst = "ras_of_etnische_afkomst"
    politieke_opvattingen = "politieke_opvattingen"
    religieuze_of_levensbeschouwelijke_overtuigingen = "religieuze_of_levensbeschouwelijke_overtuigingen"
    lidmaatschap_vakbond = "lidmaatschap_vakbond"
    genetische_gegevens = "genetische_gegevens"
    biometrische_gegevens = "biometrische_gegevens"
    gezondheid = "gezondheid"
    seksueel_gedrag_of_gerichtheid = "seksueel_gedrag_of_gerichtheid"


BIJZONDERE_LABELS = {
    BijzondereCategorie.ras_of_etnische_afkomst: "Ras of etnische afkomst",
    BijzondereCategorie.politieke_opvattingen: "Politieke opvattingen",
    BijzondereCategorie.religieuze_of_levensbeschouwelijke_overtuigingen:
        "Religieuze of levensbeschouwelijke overtuigingen",
    BijzondereCategorie.lidmaatschap_vakbond: "Lidmaatschap van een vakbond",
    BijzondereCategorie.genetische_gegevens: "Genetische gegevens",
    BijzondereCategorie.biometrische_gegevens: "Biometrische gegevens (voor unieke identificatie)",
    BijzondereCategorie.gezondheid: "Gezondheid",
    BijzondereCategorie.seksueel_gedrag_of_gerichtheid: "Seksueel gedrag of seksuele gerichtheid",
}


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
