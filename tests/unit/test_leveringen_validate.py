"""Validating deliveries: every database-free rule of aanleverformaat v1, the BSN guard and the typed result."""
import calendar
import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from portal import bsn
from portal.leveringen import parse, validate
from portal.leveringen.report import Fout

TODAY = dt.date(2026, 6, 1)
VALID_BSN = "123456782"

VALID_ROW = {
    "aanwezigheid": {"traject_id": "T-0001", "onderdeel": "taal", "periode_start": "2026-03-01",
                     "periode_eind": "2026-03-31", "uren_gepland": "40", "uren_aanwezig": "30,5",
                     "uren_verzuim_geoorloofd": "2", "uren_verzuim_ongeoorloofd": "1", "verzuim_reden": "ziekte",
                     "aantal_keer_verzuim": "2"},
    "toets": {"traject_id": "T-0001", "datum": "2026-03-15", "vaardigheid": "lezen", "niveau": "A2",
              "resultaat": "behaald", "score": "78,5"},
    "afronding": {"traject_id": "T-0001", "onderdeel": "map", "datum": "2026-04-01", "status": "niet_afgerond",
                  "reden": "verhuisd", "verwijtbaar": "nee"},
}


def row(soort: str, **changes: str) -> dict:
    return {**VALID_ROW[soort], **changes}


def run(soort: str, *rows: dict) -> validate.Validated:
    """Validate rows delivered as a semicolon CSV (header = line 1, so row i is on line i + 1)."""
    header = list(rows[0])
    lines = [";".join(header)] + [";".join(r[name] for name in header) for r in rows]
    return validate.validate(parse.read_file("\n".join(lines).encode(), "levering.csv", soort), soort, TODAY)


def found(result: validate.Validated) -> set[tuple[int, str, str]]:
    return {(f.line, f.column, f.code) for f in result.errors}


# --- the happy path and the typed frame -------------------------------------------------------------------------


@pytest.mark.parametrize("soort", parse.SOORTEN)
def test_valid_row_of_each_soort_has_no_errors(soort):
    result = run(soort, row(soort))
    assert result.errors == []
    assert result.valid_mask.tolist() == [True]


def test_frame_holds_typed_values():
    result = run("aanwezigheid", row("aanwezigheid", traject_id=" t 0001 ", onderdeel="TAAL",
                                     periode_eind="31-3-2026", verzuim_reden="Ziekte"))
    record = result.frame.iloc[0]
    assert record["traject_id"] == "T0001"
    assert record["onderdeel"] == "taal" and record["verzuim_reden"] == "ziekte"
    assert record["periode_start"] == pd.Timestamp(2026, 3, 1)
    assert record["periode_eind"] == pd.Timestamp(2026, 3, 31)
    assert record["uren_aanwezig"] == 30.5
    assert record["aantal_keer_verzuim"] == 2
    assert pd.api.types.is_datetime64_any_dtype(result.frame["periode_start"])
    assert result.frame["uren_gepland"].dtype == np.float64
    assert str(result.frame["aantal_keer_verzuim"].dtype) == "Int64"


@pytest.mark.parametrize("soort", parse.SOORTEN)
def test_frame_has_every_column_of_the_soort_in_spec_order(soort):
    assert list(run(soort, row(soort)).frame.columns) == parse.columns(soort)


def test_traject_id_is_spelled_as_stored_so_variants_are_one_key():
    result = run("toets", row("toets", traject_id="abcd efgh j"), row("toets", traject_id=" ABCD-EFGH-J"))
    assert result.frame["traject_id"].tolist() == ["ABCD-EFGH-J", "ABCD-EFGH-J"]
    assert found(result) == {(3, "traject_id", "dubbele_regel")}


def test_niveau_is_canonical_upper_case():
    result = run("toets", row("toets", niveau="b1"))
    assert result.errors == []
    assert result.frame.loc[0, "niveau"] == "B1"


def test_absent_optional_column_is_an_empty_typed_column():
    rows = {k: v for k, v in row("toets").items() if k != "score"}
    result = run("toets", rows)
    assert result.errors == []
    assert result.frame["score"].isna().all()


def test_natural_key_columns_per_soort():
    assert validate.natural_key_columns("aanwezigheid") == ["traject_id", "onderdeel", "periode_start",
                                                            "periode_eind"]
    assert validate.natural_key_columns("toets") == ["traject_id", "datum", "vaardigheid"]
    assert validate.natural_key_columns("afronding") == ["traject_id", "onderdeel"]


def test_fout_as_dict_has_the_report_keys():
    assert Fout(3, "datum", "verplicht", "Vul datum in.").as_dict() == {
        "line": 3, "column": "datum", "code": "verplicht", "message": "Vul datum in."}


# --- verplicht -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("column", parse.required_columns("toets"))
def test_empty_required_cell_is_verplicht(column):
    result = run("toets", row("toets", **{column: ""}))
    assert found(result) == {(2, column, "verplicht")}


def test_empty_optional_cell_is_fine():
    assert run("toets", row("toets", score="")).errors == []


def test_every_problem_of_a_row_is_reported_not_only_the_first():
    result = run("toets", row("toets", traject_id="", datum="gisteren", vaardigheid="rekenen", score="101"))
    assert found(result) == {(2, "traject_id", "verplicht"), (2, "datum", "datum_ongeldig"),
                             (2, "vaardigheid", "waarde_onbekend"), (2, "score", "getal_ongeldig")}


# --- dates ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2026-03-05", "05-03-2026", "5-3-2026", "05-3-2026"])
def test_iso_and_dutch_dates_are_accepted(text):
    result = run("toets", row("toets", datum=text))
    assert result.errors == []
    assert result.frame.loc[0, "datum"] == pd.Timestamp(2026, 3, 5)


@pytest.mark.parametrize("text", ["2026-02-30", "31-04-2026", "2026-13-01", "2026/03/05", "2026-3-5",
                                  "5 maart 2026", "05-03-26", "20260305"])
def test_malformed_or_impossible_date_is_datum_ongeldig(text):
    assert found(run("toets", row("toets", datum=text))) == {(2, "datum", "datum_ongeldig")}


def test_leap_day_is_valid_only_in_a_leap_year():
    assert run("toets", row("toets", datum="29-02-2024")).errors == []
    assert found(run("toets", row("toets", datum="29-02-2025"))) == {(2, "datum", "datum_ongeldig")}


def test_date_before_2022_is_datum_ongeldig_saying_why():
    result = run("toets", row("toets", datum="31-12-2021"))
    assert found(result) == {(2, "datum", "datum_ongeldig")}
    assert "2022" in result.errors[0].message


def test_first_of_january_2022_is_accepted():
    assert run("toets", row("toets", datum="2022-01-01")).errors == []


def test_date_after_today_is_datum_in_toekomst():
    assert found(run("toets", row("toets", datum="2026-06-02"))) == {(2, "datum", "datum_in_toekomst")}
    assert found(run("toets", row("toets", datum="01-01-9999"))) == {(2, "datum", "datum_in_toekomst")}


def test_today_itself_is_not_in_the_future():
    assert run("toets", row("toets", datum=TODAY.isoformat())).errors == []


# --- numbers -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [("12,5", 12.5), ("12.5", 12.5), ("0", 0.0), ("7,25", 7.25),
                                             ("100", 100.0)])
def test_number_with_decimal_comma_or_point_is_accepted(text, value):
    result = run("toets", row("toets", score=text))
    assert result.errors == []
    assert result.frame.loc[0, "score"] == value


@pytest.mark.parametrize("text", ["-1", "12,555", "1.000,5", "1,000.5", "1 000", "abc", "12,", "+3", "1e3"])
def test_invalid_number_is_getal_ongeldig(text):
    assert found(run("aanwezigheid", row("aanwezigheid", uren_gepland=text))) == {
        (2, "uren_gepland", "getal_ongeldig")}


def test_negative_number_message_asks_for_zero_or_more():
    result = run("aanwezigheid", row("aanwezigheid", uren_aanwezig="-2"))
    assert "negatief" in result.errors[0].message


def test_three_decimals_message_asks_to_round():
    result = run("aanwezigheid", row("aanwezigheid", uren_aanwezig="2,125"))
    assert "2 decimalen" in result.errors[0].message


def test_score_above_100_is_getal_ongeldig():
    assert found(run("toets", row("toets", score="100,5"))) == {(2, "score", "getal_ongeldig")}


@pytest.mark.parametrize("text", ["2,5", "-1", "twee", "1.000"])
def test_aantal_keer_verzuim_must_be_a_whole_number(text):
    result = run("aanwezigheid", row("aanwezigheid", aantal_keer_verzuim=text))
    assert found(result) == {(2, "aantal_keer_verzuim", "getal_ongeldig")}


def test_aantal_keer_verzuim_with_zero_decimals_is_whole():
    result = run("aanwezigheid", row("aanwezigheid", aantal_keer_verzuim="3,0"))
    assert result.errors == []
    assert result.frame.loc[0, "aantal_keer_verzuim"] == 3


# --- codes ---------------------------------------------------------------------------------------------------------


def test_unknown_code_is_waarde_onbekend_and_the_message_lists_the_allowed_values():
    result = run("afronding", row("afronding", status="klaar"))
    assert found(result) == {(2, "status", "waarde_onbekend")}
    assert "afgerond, niet_afgerond, voortijdig_beeindigd" in result.errors[0].message


def test_codes_are_case_insensitive():
    result = run("toets", row("toets", vaardigheid="Lezen", resultaat="NIET_BEHAALD"))
    assert result.errors == []
    assert result.frame.loc[0, "resultaat"] == "niet_behaald"


def test_onderdeel_code_lists_differ_per_soort():
    assert run("afronding", row("afronding", onderdeel="taalschakeltraject", status="afgerond", reden="",
                                verwijtbaar="")).errors == []
    assert found(run("aanwezigheid", row("aanwezigheid", onderdeel="taalschakeltraject"))) == {
        (2, "onderdeel", "waarde_onbekend")}


# --- rules across columns ------------------------------------------------------------------------------------------


def test_periode_eind_before_periode_start_is_periode_ongeldig():
    result = run("aanwezigheid", row("aanwezigheid", periode_start="2026-03-31", periode_eind="2026-03-01"))
    assert found(result) == {(2, "periode_eind", "periode_ongeldig")}


def test_period_of_31_days_is_accepted_and_32_days_is_periode_ongeldig():
    assert run("aanwezigheid", row("aanwezigheid", periode_start="2026-01-01", periode_eind="2026-01-31")).errors == []
    result = run("aanwezigheid", row("aanwezigheid", periode_start="2026-01-01", periode_eind="2026-02-01"))
    assert found(result) == {(2, "periode_eind", "periode_ongeldig")}
    assert "32 dagen" in result.errors[0].message


def test_single_day_period_is_accepted():
    assert run("aanwezigheid", row("aanwezigheid", periode_start="2026-03-01", periode_eind="2026-03-01",
                                   uren_gepland="8", uren_aanwezig="6", uren_verzuim_geoorloofd="1",
                                   uren_verzuim_ongeoorloofd="1")).errors == []


def test_hours_spent_above_planned_is_uren_ongeldig():
    result = run("aanwezigheid", row("aanwezigheid", uren_gepland="10", uren_aanwezig="8",
                                     uren_verzuim_geoorloofd="1,5", uren_verzuim_ongeoorloofd="1"))
    assert found(result) == {(2, "uren_gepland", "uren_ongeldig")}
    assert "10,5" in result.errors[0].message


def test_hours_spent_equal_to_planned_is_accepted_without_float_error():
    assert run("aanwezigheid", row("aanwezigheid", uren_gepland="0,3", uren_aanwezig="0,1",
                                   uren_verzuim_geoorloofd="0,2", uren_verzuim_ongeoorloofd="0")).errors == []


def test_uren_message_never_forms_a_bsn_from_the_sum():
    result = run("aanwezigheid", row("aanwezigheid", uren_gepland="1", uren_aanwezig="123456700",
                                     uren_verzuim_geoorloofd="82", uren_verzuim_ongeoorloofd="0"))
    assert found(result) == {(2, "uren_gepland", "uren_ongeldig")}
    assert not bsn.contains_bsn(result.errors[0].message)


@pytest.mark.parametrize("column", ["uren_verzuim_geoorloofd", "uren_verzuim_ongeoorloofd"])
def test_verzuim_reden_is_verplicht_when_there_is_verzuim(column):
    changes = {"uren_verzuim_geoorloofd": "0", "uren_verzuim_ongeoorloofd": "0", column: "2", "verzuim_reden": ""}
    assert found(run("aanwezigheid", row("aanwezigheid", **changes))) == {(2, "verzuim_reden", "verplicht")}


def test_verzuim_reden_may_be_empty_without_verzuim():
    assert run("aanwezigheid", row("aanwezigheid", uren_verzuim_geoorloofd="0", uren_verzuim_ongeoorloofd="0,00",
                                   verzuim_reden="")).errors == []


def test_verzuim_reden_column_left_out_is_verplicht_for_rows_with_verzuim():
    rows = {k: v for k, v in row("aanwezigheid").items() if k != "verzuim_reden"}
    assert found(run("aanwezigheid", rows)) == {(2, "verzuim_reden", "verplicht")}


@pytest.mark.parametrize("status", ["niet_afgerond", "voortijdig_beeindigd"])
def test_reden_and_verwijtbaar_are_verplicht_unless_afgerond(status):
    result = run("afronding", row("afronding", status=status, reden="", verwijtbaar=""))
    assert found(result) == {(2, "reden", "verplicht"), (2, "verwijtbaar", "verplicht")}


def test_afgerond_needs_no_reden_or_verwijtbaar():
    assert run("afronding", row("afronding", status="afgerond", reden="", verwijtbaar="")).errors == []


# --- rows against rows ---------------------------------------------------------------------------------------------


def test_second_row_with_the_same_natural_key_is_dubbele_regel_naming_the_first():
    first = row("aanwezigheid")
    again = row("aanwezigheid", traject_id="t-0001 ", onderdeel="Taal", periode_start="1-3-2026",
                uren_aanwezig="20")
    result = run("aanwezigheid", first, row("aanwezigheid", traject_id="T-0002"), again)
    assert found(result) == {(4, "traject_id", "dubbele_regel")}
    assert "regel 2" in result.errors[0].message
    assert result.valid_mask.tolist() == [True, True, False]


def test_toets_natural_key_is_traject_datum_and_vaardigheid():
    result = run("toets", row("toets"), row("toets", niveau="B1"), row("toets", vaardigheid="spreken"))
    assert found(result) == {(3, "traject_id", "dubbele_regel")}


def test_afronding_natural_key_is_traject_and_onderdeel():
    result = run("afronding", row("afronding"), row("afronding", datum="2026-04-02"), row("afronding", onderdeel="pvt"))
    assert found(result) == {(3, "traject_id", "dubbele_regel")}


def test_rows_with_an_invalid_key_part_are_not_compared_for_duplicates():
    result = run("toets", row("toets", datum="x"), row("toets", datum="x"))
    assert {code for _, _, code in found(result)} == {"datum_ongeldig"}


def test_overlapping_periods_of_the_same_traject_and_onderdeel_are_overlap_on_both_rows():
    result = run("aanwezigheid",
                 row("aanwezigheid", periode_start="2026-03-15", periode_eind="2026-04-10"),
                 row("aanwezigheid", periode_start="2026-03-01", periode_eind="2026-03-31"))
    assert found(result) == {(2, "periode_start", "overlap"), (3, "periode_start", "overlap")}
    messages = {f.line: f.message for f in result.errors}
    assert "regel 3" in messages[2] and "regel 2" in messages[3]


def test_a_period_sharing_only_its_last_day_overlaps():
    result = run("aanwezigheid", row("aanwezigheid", periode_start="2026-03-01", periode_eind="2026-03-31"),
                 row("aanwezigheid", periode_start="2026-03-31", periode_eind="2026-04-15"))
    assert {code for _, _, code in found(result)} == {"overlap"}


def test_a_period_inside_a_longer_one_found_after_a_later_period_overlaps():
    result = run("aanwezigheid",
                 row("aanwezigheid", periode_start="2026-03-01", periode_eind="2026-03-31"),
                 row("aanwezigheid", periode_start="2026-03-05", periode_eind="2026-03-06"),
                 row("aanwezigheid", periode_start="2026-03-20", periode_eind="2026-03-21"))
    assert found(result) == {(2, "periode_start", "overlap"), (3, "periode_start", "overlap"),
                             (4, "periode_start", "overlap")}


def test_adjacent_periods_and_other_onderdelen_or_trajecten_do_not_overlap():
    result = run("aanwezigheid",
                 row("aanwezigheid", periode_start="2026-03-01", periode_eind="2026-03-31"),
                 row("aanwezigheid", periode_start="2026-04-01", periode_eind="2026-04-30"),
                 row("aanwezigheid", onderdeel="map", periode_start="2026-03-10", periode_eind="2026-04-09"),
                 row("aanwezigheid", traject_id="T-0002", periode_start="2026-03-10", periode_eind="2026-04-09"))
    assert result.errors == []


def test_same_bounds_twice_is_dubbele_regel_not_overlap():
    result = run("aanwezigheid", row("aanwezigheid"), row("aanwezigheid"))
    assert found(result) == {(3, "traject_id", "dubbele_regel")}


# --- the BSN guard -------------------------------------------------------------------------------------------------


def test_bsn_cell_gets_only_the_bsn_error_and_its_value_is_kept_nowhere():
    result = run("toets", row("toets", datum=VALID_BSN))
    assert [(f.line, f.column, f.code, f.message) for f in result.errors] == [(2, "datum", bsn.CODE, bsn.MESSAGE)]
    assert pd.isna(result.frame.loc[0, "datum"])
    assert result.masked.loc[0, "datum"] == bsn.MASK
    assert result.valid_mask.tolist() == [False]


@pytest.mark.parametrize("text", ["123.456.782", "123 456 782", "1234-56-782", "bsn 123456782 gezien"])
def test_bsn_with_separators_or_surrounding_text_is_detected(text):
    assert found(run("toets", row("toets", vaardigheid=text))) == {(2, "vaardigheid", bsn.CODE)}


def test_bsn_in_a_code_column_with_verzuim_is_not_also_verplicht():
    result = run("aanwezigheid", row("aanwezigheid", verzuim_reden=VALID_BSN))
    assert found(result) == {(2, "verzuim_reden", bsn.CODE)}


def test_nine_digits_failing_the_elfproef_are_no_bsn():
    assert found(run("toets", row("toets", traject_id="123456789"))) == set()


def test_bsn_in_an_xlsx_number_cell_is_detected():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("toets")
    header = list(VALID_ROW["toets"])
    sheet.write_row(0, 0, header)
    sheet.write_row(1, 0, [VALID_ROW["toets"][name] for name in header])
    sheet.write_number(1, header.index("score"), 123456782)
    date_format = book.add_format({"num_format": "d-m-yyyy"})
    sheet.write_datetime(1, header.index("datum"), dt.datetime(2026, 3, 15), date_format)
    book.close()
    result = validate.validate(parse.read_file(buffer.getvalue(), "toets.xlsx", "toets"), "toets", TODAY)
    assert found(result) == {(2, "score", bsn.CODE)}


def test_bsn_errors_found_while_parsing_make_the_row_invalid():
    rows = [row("toets"), row("toets", traject_id="T-0002")]
    text = ";".join(list(rows[0]) + ["fouten"]) + "\n" + "\n".join(
        ";".join(list(r.values()) + [f]) for r, f in zip(rows, ["", VALID_BSN], strict=True))
    result = validate.validate(parse.read_file(text.encode(), "toets.csv", "toets"), "toets", TODAY)
    assert found(result) == {(3, "fouten", bsn.CODE)}
    assert result.valid_mask.tolist() == [True, False]


def valid_bsns() -> st.SearchStrategy[str]:
    """Nine digits passing the elfproef: eight random digits and the check digit that completes them."""
    def complete(first_eight: list[int]) -> str:
        check = sum(d * w for d, w in zip(first_eight, range(9, 1, -1), strict=True)) % 11
        assume(check < 10 and (any(first_eight) or check))
        return "".join(map(str, first_eight)) + str(check)
    return st.lists(st.integers(0, 9), min_size=8, max_size=8).map(complete)


def formatted(number: str, separators: list[str]) -> str:
    return "".join(digit + separator for digit, separator in zip(number, separators + [""], strict=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(soort=st.sampled_from(parse.SOORTEN), data=st.data(), number=valid_bsns(),
       separators=st.lists(st.sampled_from(["", "", "", " ", ".", "-"]), min_size=8, max_size=8),
       surround=st.sampled_from([("", ""), ("bsn ", ""), ("", " (burger)")]),
       via=st.sampled_from(["csv", "json"]))
def test_property_a_bsn_in_any_cell_is_reported_and_never_echoed(soort, data, number, separators, surround, via):
    assert bsn.elfproef(number)
    column = data.draw(st.sampled_from(parse.columns(soort) + ["fouten", "opmerking"]), label="column")
    cell = surround[0] + formatted(number, separators) + surround[1]
    record = {**VALID_ROW[soort], column: cell}
    if via == "json":
        parsed = parse.rows_from_json([VALID_ROW[soort], record])
    else:
        header = list(record)
        text = "\n".join([";".join(header), ";".join(VALID_ROW[soort].get(name, "") for name in header),
                          ";".join(record[name] for name in header)])
        parsed = parse.read_file(text.encode(), "levering.csv", soort)
    result = validate.validate(parsed, soort, TODAY)
    line = 2 if via == "json" else 3

    bsn_errors = [(f.line, f.column) for f in result.errors if f.code == bsn.CODE]
    assert bsn_errors == [(line, column)]
    assert [f.code for f in result.errors if f.line == line and f.column == column] == [bsn.CODE]
    for fout in result.errors:
        assert number not in fout.message and cell not in fout.message and not bsn.contains_bsn(fout.message)
        assert not bsn.contains_bsn(fout.column)
    assert not result.valid_mask[line - (1 if via == "json" else 2)]
    assert not result.masked.map(bsn.contains_bsn).any().any()
    assert not result.frame.astype(str).map(bsn.contains_bsn).any().any()


# --- the report as a whole -----------------------------------------------------------------------------------------


def test_errors_are_sorted_by_line_then_column():
    result = run("toets", row("toets", score="x", datum=""), row("toets", traject_id="", niveau="C1"),
                 row("toets", vaardigheid="?"))
    keys = [(f.line, f.column) for f in result.errors]
    assert keys == sorted(keys)
    assert keys == [(2, "datum"), (2, "score"), (3, "niveau"), (3, "traject_id"), (4, "vaardigheid")]


def test_valid_mask_marks_exactly_the_rows_without_errors():
    result = run("toets", row("toets"), row("toets", traject_id="T-2", score="x"), row("toets", traject_id="T-3"))
    assert result.valid_mask.tolist() == [True, False, True]
    assert result.lines.tolist() == [2, 3, 4]


def test_file_error_makes_every_row_invalid_but_rows_are_still_checked():
    text = "traject_id;datum;vaardigheid;niveau;resultaat;opmerking\nT-1;2026-03-15;lezen;A2;behaald;x\n" \
           "T-2;gisteren;lezen;A2;behaald;y\n"
    result = validate.validate(parse.read_file(text.encode(), "toets.csv", "toets"), "toets", TODAY)
    assert found(result) == {(1, "opmerking", "kolom_onbekend"), (3, "datum", "datum_ongeldig")}
    assert result.file_rejected
    assert result.valid_mask.tolist() == [False, False]


def test_missing_required_column_is_not_also_verplicht_on_every_row():
    text = "traject_id;datum;vaardigheid;niveau\nT-1;2026-03-15;lezen;A2\n"
    result = validate.validate(parse.read_file(text.encode(), "toets.csv", "toets"), "toets", TODAY)
    assert found(result) == {(1, "resultaat", "kolom_ontbreekt")}


def test_json_rows_validate_like_a_file_with_their_index_as_line():
    rows = [row("toets"), row("toets", traject_id="T-2", score=101)]
    result = validate.validate(parse.rows_from_json(rows), "toets", TODAY)
    assert found(result) == {(2, "score", "getal_ongeldig")}


def test_json_rows_with_unknown_keys_are_checked_against_the_soort():
    result = validate.validate(parse.rows_from_json([{**row("toets"), "extra": "x"}]), "toets", TODAY)
    assert found(result) == {(0, "extra", "kolom_onbekend")}
    assert result.file_rejected


def test_validating_against_another_soort_than_parsed_is_a_programming_error():
    parsed = parse.read_file(b"traject_id;datum;vaardigheid;niveau;resultaat\n", "toets.csv", "toets")
    with pytest.raises(ValueError):
        validate.validate(parsed, "afronding", TODAY)


def test_every_message_is_dutch_text_that_names_what_to_change():
    result = run("aanwezigheid", row("aanwezigheid", traject_id="", onderdeel="x", periode_start="2021-01-01",
                                     periode_eind="2026-07-01", uren_gepland="-1", aantal_keer_verzuim="1,5"))
    assert len(result.errors) == 6
    assert all(f.message and f.message[-1] in ".)" for f in result.errors)


# --- speed ---------------------------------------------------------------------------------------------------------


def aanwezigheid_file(rows: int) -> bytes:
    months = [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 6)]
    lines = [";".join(VALID_ROW["aanwezigheid"])]
    for i in range(rows):
        year, month = months[i % len(months)]
        last = calendar.monthrange(year, month)[1]
        lines.append(f"T-{i // len(months):06d};taal;{year}-{month:02d}-01;{last}-{month}-{year};40;"
                     f"{20 + i % 14},5;{i % 3};1;ziekte;{1 + i % 3}")
    return "\n".join(lines).encode()


def test_100000_valid_aanwezigheid_rows_validate_without_errors():
    parsed = parse.read_file(aanwezigheid_file(100_000), "groot.csv", "aanwezigheid")
    result = validate.validate(parsed, "aanwezigheid", TODAY)
    assert result.errors == [] and result.valid_mask.all()


# --- v1.1 ---------------------------------------------------------------------------------------------------------


def test_more_than_24_planned_hours_per_calendar_day_is_uren_ongeldig():
    base = dict(uren_aanwezig="0", uren_verzuim_geoorloofd="0", uren_verzuim_ongeoorloofd="0", verzuim_reden="")
    ok = run("aanwezigheid", row("aanwezigheid", periode_start="2026-03-01", periode_eind="2026-03-02",
                                 uren_gepland="48", **base))
    assert ok.errors == []
    over = run("aanwezigheid", row("aanwezigheid", periode_start="2026-03-01", periode_eind="2026-03-02",
                                   uren_gepland="48.01", **base))
    assert found(over) == {(2, "uren_gepland", "uren_ongeldig")}
    assert "meer dan 24 uur per dag" in over.errors[0].message


def test_an_afgerond_onderdeel_with_a_reden_or_verwijtbaar_is_reden_niet_toegestaan():
    result = run("afronding", row("afronding", status="afgerond", reden="werk", verwijtbaar=""),
                 row("afronding", traject_id="T-0002", status="afgerond", reden="", verwijtbaar="nee"))
    assert found(result) == {(2, "reden", "reden_niet_toegestaan"), (3, "verwijtbaar", "reden_niet_toegestaan")}
