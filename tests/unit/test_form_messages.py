"""Form messages speak the form: dates typed as dd-mm-jjjj, an impossible date by name, a mistyped trajectory ID by
its check character, and the delivery rules' errors by the field's label instead of the file's column words."""
import datetime as dt
import re

import pytest

from portal.forms import DatumFout, bsn_melding, lees_datum, traject_id_melding, veldnaam
from portal.leveringen.parse import rows_from_json
from portal.leveringen.validate import validate
from portal.trajecten.forms import KOLOM_LABELS
from portal.trajecten.ids import ALPHABET, new_traject_id
from portal.trajecten.meldingen import formulier_melding

TODAY = dt.date(2026, 6, 15)
FILE_WORDS = re.compile(r"\b(kolom|cel|regel|bestand)\b|[a-z]+_[a-z_]+")


@pytest.mark.parametrize("text", ["05-03-2026", "5-3-2026", "2026-03-05", " 05-03-2026 "])
def test_a_date_is_read_as_dd_mm_jjjj_d_m_jjjj_or_iso(text):
    assert lees_datum(text) == dt.date(2026, 3, 5)


def test_an_empty_date_is_none():
    assert lees_datum("") is None and lees_datum(None) is None


@pytest.mark.parametrize("text", ["31-02-2026", "2026-02-31", "31-2-2026"])
def test_an_impossible_date_says_it_does_not_exist_instead_of_blaming_its_format(text):
    with pytest.raises(DatumFout) as fout:
        lees_datum(text, "Begin periode")
    assert str(fout.value).startswith("31-02-2026 bestaat niet")


def test_29_february_exists_only_in_a_leap_year():
    assert lees_datum("29-02-2028") == dt.date(2028, 2, 29)
    with pytest.raises(DatumFout, match="29-02-2026 bestaat niet"):
        lees_datum("29-02-2026")


@pytest.mark.parametrize("text", ["5 maart 2026", "03/05/26", "20260305", "2026-3"])
def test_a_date_in_another_format_asks_for_dd_mm_jjjj_by_the_fields_name(text):
    with pytest.raises(DatumFout) as fout:
        lees_datum(text, "Begin periode")
    assert str(fout.value) == "Vul begin periode in als dd-mm-jjjj, bijvoorbeeld 31-03-2026."


def test_a_label_keeps_its_abbreviation_inside_a_sentence():
    assert veldnaam("PIP-datum") == "PIP-datum"
    assert veldnaam("Score (0–100)") == "score"
    assert veldnaam("Einde periode") == "einde periode"


def test_a_wrong_check_character_is_called_a_typing_error():
    traject_id = new_traject_id()
    wrong = ALPHABET[(ALPHABET.index(traject_id[-1]) + 1) % len(ALPHABET)]
    assert traject_id_melding(traject_id) is None
    assert traject_id_melding(traject_id[:-1] + wrong) == \
        f"{traject_id[:-1] + wrong}: controleteken klopt niet — typefout?"
    assert traject_id_melding(traject_id.lower().replace("-", " ")) is None


def test_something_that_is_no_trajectory_id_is_told_its_shape():
    assert traject_id_melding("12345") == "12345 is geen traject-ID: een traject-ID ziet eruit als ABCD-EFGH-K."


def test_the_bsn_refusal_names_the_field_and_never_the_value():
    assert bsn_melding("Opmerking") == "Opmerking bevat een nummer dat op een BSN lijkt; laat het weg."


def _form_messages(soort, row):
    """Run the real validation of the upload path over one row and say each error as the form says it."""
    checked = validate(rows_from_json([{"traject_id": new_traject_id(), **row}], soort), soort, TODAY)
    labels = {name: KOLOM_LABELS[name] for name in KOLOM_LABELS}
    return {(f.column, f.code): (f.message, formulier_melding(f, labels, soort)) for f in checked.errors}


PERIODE = {"onderdeel": "taal", "periode_start": "2026-05-01", "periode_eind": "2026-05-31", "uren_gepland": "40",
           "uren_aanwezig": "30", "uren_verzuim_geoorloofd": "0", "uren_verzuim_ongeoorloofd": "0",
           "verzuim_reden": "", "aantal_keer_verzuim": ""}
EXPECTED = [
    ("aanwezigheid", {"uren_gepland": ""}, ("uren_gepland", "verplicht"), "Vul uren gepland in."),
    ("aanwezigheid", {"uren_verzuim_ongeoorloofd": "4"}, ("verzuim_reden", "verplicht"),
     "Kies een reden verzuim: die is verplicht als er uren verzuim zijn."),
    ("aanwezigheid", {"uren_aanwezig": "-1"}, ("uren_aanwezig", "getal_ongeldig"),
     "Uren aanwezig mag niet negatief zijn: vul 0 of meer in."),
    ("aanwezigheid", {"uren_aanwezig": "1,234"}, ("uren_aanwezig", "getal_ongeldig"),
     "Uren aanwezig heeft meer dan 2 cijfers achter de komma: rond af, bijvoorbeeld 12,25."),
    ("aanwezigheid", {"uren_aanwezig": "dertig"}, ("uren_aanwezig", "getal_ongeldig"),
     "Vul uren aanwezig in als getal, bijvoorbeeld 12 of 12,5."),
    ("aanwezigheid", {"aantal_keer_verzuim": "1,5"}, ("aantal_keer_verzuim", "getal_ongeldig"),
     "Vul bij aantal keer verzuim een heel getal in, bijvoorbeeld 2."),
    ("aanwezigheid", {"uren_aanwezig": "50"}, ("uren_gepland", "uren_ongeldig"),
     "Aanwezig en verzuim zijn samen 50 uur, meer dan de 40 uur gepland. Corrigeer de uren."),
    ("aanwezigheid", {"periode_start": "2026-05-30", "periode_eind": "2026-05-31", "uren_gepland": "49",
                      "uren_aanwezig": "0"}, ("uren_gepland", "uren_ongeldig"),
     "Uren gepland is 49 uur in 2 dag(en): meer dan 24 uur per dag. Corrigeer de uren."),
    ("aanwezigheid", {"periode_eind": "2026-04-30"}, ("periode_eind", "periode_ongeldig"),
     "Einde periode ligt voor begin periode. Controleer beide datums."),
    ("aanwezigheid", {"periode_start": "2021-05-01", "periode_eind": "2021-05-31"},
     ("periode_start", "datum_ongeldig"),
     "Begin periode ligt voor 01-01-2022: gegevens van voor 2022 worden niet aangenomen. Staan dag en jaar goed?"),
    ("aanwezigheid", {"periode_start": "2026-07-01", "periode_eind": "2026-07-31"},
     ("periode_eind", "datum_in_toekomst"),
     "Einde periode ligt in de toekomst. Vul alleen in wat al gebeurd is; staan dag en maand niet omgewisseld?"),
]


@pytest.mark.parametrize("soort, change, key, expected", EXPECTED)
def test_a_delivery_rules_error_is_said_by_the_fields_label_in_the_form(soort, change, key, expected):
    messages = _form_messages(soort, {**PERIODE, **change})
    file_message, form_message = messages[key]
    assert form_message == expected
    assert not FILE_WORDS.search(form_message), form_message
    assert file_message != form_message or not FILE_WORDS.search(file_message)


def test_an_afronding_without_reden_asks_for_it_by_label_and_one_with_reden_too_many_says_leave_it_empty():
    base = {"onderdeel": "taal", "datum": "2026-06-01", "reden": "", "verwijtbaar": ""}
    messages = _form_messages("afronding", {**base, "status": "niet_afgerond"})
    assert messages[("reden", "verplicht")][1] == "Kies reden: verplicht als de status niet ‘afgerond’ is."
    messages = _form_messages("afronding", {**base, "status": "afgerond", "verwijtbaar": "nee"})
    assert messages[("verwijtbaar", "reden_niet_toegestaan")][1] == \
        "Laat verwijtbaar leeg: een afgerond onderdeel heeft geen verwijtbaar."


def test_a_bsn_in_a_delivery_field_is_refused_by_the_fields_label():
    messages = _form_messages("aanwezigheid", {**PERIODE, "aantal_keer_verzuim": "123456782"})
    file_message, form_message = messages[("aantal_keer_verzuim", "bsn_niet_toegestaan")]
    assert "cel" in file_message
    assert form_message == "Aantal keer verzuim bevat een nummer dat op een BSN lijkt; laat het weg."
