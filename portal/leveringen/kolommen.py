"""THE definition of aanleverformaat v1's columns: per soort, each column once, with everything the portal says of it.

Parsing (the header: `parse.COLUMNS`), validation (kinds and natural keys), storage (what a correction changes), the
templates (toelichting, code lists, verplicht, example row), the entry forms (labels, hints, empty choices), the form
messages, the register's schema coverage and docs/aanleverformaat.md all read this module; none of them names a
column's facts again. The models keep their mapped columns (SQLAlchemy needs them); a test holds each column here to
a model column of a compatible type.

To add a column: one `Kolom` below, the mapped column on the model with its migration, then
`scripts/aanleverformaat.py` to render the document again.

Imports nothing but the code lists, so `portal.leveringen.parse` stays importable without Flask."""
from __future__ import annotations

from dataclasses import dataclass

from portal import codes

SOORTEN = ("aanwezigheid", "toets", "afronding")

# What a column of each kind holds, as the templates and the document say it; a code column names its code list.
INHOUD = {"id": "traject-ID (XXXX-XXXX-X)", "date": "datum (DD-MM-JJJJ of JJJJ-MM-DD)",
          "hours": "getal, 0 of meer, ten hoogste 2 decimalen", "score": "getal van 0 tot en met 100",
          "count": "heel getal, 0 of meer"}
_SOORT_UITLEG = {
    "aanwezigheid": "aanwezigheid en verzuim per periode",
    "toets": "een tussentijdse toets",
    "afronding": "de afronding (of beëindiging) van een onderdeel",
}


@dataclass(frozen=True)
class Kolom:
    """One delivery column. `kind` is "id", "date", "hours", "score", "count" or the code list (an enum of
    portal.codes). `verplicht` is "ja", "nee" or "ja, als …": a conditionally required column may be left out of the
    header, and validation reports the rows that need it (`verplicht`)."""

    naam: str
    kind: str | type[codes.Code]
    verplicht: str
    label: str  # the Dutch name forms, error messages on forms and the trajectory's history use
    toelichting: str  # the template's and the document's explanation
    sleutel: bool = False  # part of the natural key: a row with a stored key corrects that record
    voorbeeld: object = None  # the template's example row; a date column: "begin" or "einde" of the previous month
    invoer_label: str | None = None  # the entry form's label, where it says more than `label`
    invoer_uitleg: str | None = None  # the entry form's hint under the field
    leeg_keuze: str = "Kies…"  # a code column's empty choice on the entry form
    leeg_is_nul: bool = False  # an empty field on the entry form is 0 (a file must hold the column)

    @property
    def in_kopregel(self) -> bool:
        """The header must hold it."""
        return self.verplicht == "ja"

    @property
    def voorwaardelijk(self) -> bool:
        """Required only in a situation `verplicht` names ("ja, als …")."""
        return self.verplicht.startswith("ja, als ")

    @property
    def correctie(self) -> bool:
        """A changed value for a stored key is a correction of the record (a new version; the old one is kept)."""
        return not self.sleutel

    @property
    def codes(self) -> list[str] | None:
        """The allowed values of a code column in code-list order; None for other columns."""
        return codes.values(self.kind) if isinstance(self.kind, type) else None

    @property
    def inhoud(self) -> str:
        return "code uit de lijst" if isinstance(self.kind, type) else INHOUD[self.kind]

    @property
    def formulier_label(self) -> str:
        return self.invoer_label or self.label


_TRAJECT_ID = "Het traject-ID uit het portaal"
_NIET_AFGEROND = "ja, als status niet afgerond is"

KOLOMMEN: dict[str, tuple[Kolom, ...]] = {
    "aanwezigheid": (
        Kolom("traject_id", "id", "ja", "Traject-ID",
              f"{_TRAJECT_ID}, bijvoorbeeld ABCD-1234-X. U moet voor dit onderdeel aan het traject zijn toegewezen.",
              sleutel=True),
        Kolom("onderdeel", codes.Onderdeel, "ja", "Onderdeel", "Het onderdeel waarover u aanwezigheid levert.",
              sleutel=True, voorbeeld="taal"),
        Kolom("periode_start", "date", "ja", "Begin periode", "Eerste dag van de periode.", sleutel=True,
              voorbeeld="begin"),
        Kolom("periode_eind", "date", "ja", "Einde periode",
              "Laatste dag van de periode: niet voor periode_start, de periode is ten hoogste 31 dagen (bijvoorbeeld "
              "een kalendermaand). Periodes van hetzelfde traject en onderdeel mogen elkaar niet overlappen; lever "
              "dezelfde grenzen om een periode te corrigeren.", sleutel=True, voorbeeld="einde",
              invoer_uitleg="Ten hoogste 31 dagen, bijvoorbeeld één kalendermaand."),
        Kolom("uren_gepland", "hours", "ja", "Uren gepland", "Geplande uren in de periode (0 of meer).",
              voorbeeld=48.0, invoer_uitleg="Uren les of begeleiding in deze periode, bijvoorbeeld 40 of 12,5."),
        Kolom("uren_aanwezig", "hours", "ja", "Uren aanwezig",
              "Uren aanwezig. Aanwezig + geoorloofd + ongeoorloofd verzuim is niet meer dan gepland.",
              voorbeeld=42.5),
        Kolom("uren_verzuim_geoorloofd", "hours", "ja", "Uren verzuim geoorloofd",
              "Uren afwezig met een geldige reden (0 of meer).", voorbeeld=3.5, invoer_uitleg="Leeg is 0.",
              leeg_is_nul=True),
        Kolom("uren_verzuim_ongeoorloofd", "hours", "ja", "Uren verzuim ongeoorloofd",
              "Uren afwezig zonder geldige reden (0 of meer).", voorbeeld=2.0,
              invoer_uitleg="Leeg is 0. Aanwezig en verzuim samen zijn niet meer dan gepland.", leeg_is_nul=True),
        Kolom("verzuim_reden", codes.VerzuimReden, "ja, als er verzuim is", "Reden verzuim",
              "Verplicht als er uren verzuim (geoorloofd of ongeoorloofd) zijn.", voorbeeld="ziekte",
              invoer_uitleg="Verplicht als er uren verzuim zijn.", leeg_keuze="Geen verzuim"),
        Kolom("aantal_keer_verzuim", "count", "nee", "Aantal keer verzuim",
              "Niet verplicht: hoe vaak de deelnemer afwezig was, een heel getal van 0 of meer.", voorbeeld=2,
              invoer_uitleg="Hoe vaak de deelnemer afwezig was."),
    ),
    "toets": (
        Kolom("traject_id", "id", "ja", "Traject-ID",
              f"{_TRAJECT_ID}. U moet voor taal aan het traject zijn toegewezen.", sleutel=True),
        Kolom("datum", "date", "ja", "Datum", "Datum van de toets.", sleutel=True, voorbeeld="einde",
              invoer_label="Datum toets"),
        Kolom("vaardigheid", codes.Vaardigheid, "ja", "Vaardigheid", "De getoetste vaardigheid.", sleutel=True,
              voorbeeld="lezen"),
        Kolom("niveau", codes.Niveau, "ja", "Niveau", "Het getoetste niveau.", voorbeeld="A2"),
        Kolom("resultaat", codes.ToetsResultaat, "ja", "Resultaat", "Het resultaat van de toets.",
              voorbeeld="behaald"),
        Kolom("score", "score", "nee", "Score", "Niet verplicht: de score, een getal van 0 tot en met 100.",
              voorbeeld=78.0, invoer_label="Score (0–100)"),
    ),
    "afronding": (
        Kolom("traject_id", "id", "ja", "Traject-ID",
              f"{_TRAJECT_ID}. U moet voor het onderdeel aan het traject zijn toegewezen (taalschakeltraject telt "
              "als taal).", sleutel=True),
        Kolom("onderdeel", codes.AfrondingOnderdeel, "ja", "Onderdeel", "Het onderdeel dat is afgerond of beëindigd.",
              sleutel=True, voorbeeld="taal"),
        Kolom("datum", "date", "ja", "Datum",
              "Datum van afronding (MAP: datum eindgesprek; PVT: datum ondertekening).", voorbeeld="einde",
              invoer_label="Datum afronding",
              invoer_uitleg="MAP: datum van het eindgesprek; PVT: datum van ondertekening."),
        Kolom("status", codes.AfrondingStatus, "ja", "Status",
              "Afgerond, niet afgerond of voortijdig beëindigd. Een afgeronde MAP of PVT start de termijn van de "
              "gemeente voor de registratie bij DUO.", voorbeeld="niet_afgerond"),
        Kolom("reden", codes.AfrondingReden, _NIET_AFGEROND, "Reden", "Verplicht als de status niet afgerond is.",
              voorbeeld="werk", invoer_uitleg="Verplicht als de status niet ‘afgerond’ is.",
              leeg_keuze="Geen (afgerond)"),
        Kolom("verwijtbaar", codes.Verwijtbaar, _NIET_AFGEROND, "Verwijtbaar",
              "Verplicht als de status niet afgerond is: is het niet afronden de deelnemer te verwijten?",
              voorbeeld="nee", invoer_uitleg="Verplicht als de status niet ‘afgerond’ is.",
              leeg_keuze="Geen (afgerond)"),
    ),
}


def kolommen(soort: str) -> tuple[Kolom, ...]:
    """The columns of a soort in spec order; ValueError for an unknown soort."""
    try:
        return KOLOMMEN[soort]
    except KeyError:
        raise ValueError(f"unknown soort {soort!r}; expected one of {', '.join(SOORTEN)}") from None


def alle() -> list[Kolom]:
    """Every column of every soort (a name that two soorten share comes twice)."""
    return [k for soort in SOORTEN for k in KOLOMMEN[soort]]


def kolom(soort: str, naam: str) -> Kolom:
    return next(k for k in kolommen(soort) if k.naam == naam)


def namen(soort: str) -> list[str]:
    return [k.naam for k in kolommen(soort)]


def sleutel(soort: str) -> list[str]:
    """The natural key's columns in spec order."""
    return [k.naam for k in kolommen(soort) if k.sleutel]


def correctie_kolommen(soort: str) -> list[str]:
    """The columns whose changed value for a stored key is a correction: what a correction may change."""
    return [k.naam for k in kolommen(soort) if k.correctie]


def labels() -> dict[str, str]:
    """Every column name with its Dutch label (a name that two soorten share has one label)."""
    return {k.naam: k.label for k in alle()}


def code_labels(kolom: Kolom) -> list[tuple[str, str]]:
    """(value, Dutch label) of a code column's codes in code-list order; empty for other columns. The one place
    this module reads the code labels."""
    return [(value, codes.code_label(value)) for value in kolom.codes or []]


def soort_label(soort: str) -> str:
    return codes.Soort.van(soort).label


def soort_uitleg(soort: str) -> str:
    return _SOORT_UITLEG[soort]
