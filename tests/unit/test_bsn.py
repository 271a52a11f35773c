"""The BSN guard itself: every elfproef-valid 9-digit number, in any formatting, is found; others are not."""
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal import bsn
from tests.helpers.bsn import INVISIBLE, SEPARATORS, disguised_bsn, formatted_bsn, valid_bsn

# The guard's regexes and pandas make an example slow under load (the 200 ms default deadline was hit once on a
# busy machine): these properties are about what is found, not how fast, so they run without a deadline.
no_deadline = settings(deadline=None)


@no_deadline
@given(formatted_bsn(), st.text(alphabet="abc xyz;:", max_size=5), st.text(alphabet="abc xyz;:", max_size=5))
def test_a_valid_bsn_in_any_formatting_and_context_is_found(value, before, after):
    assert bsn.elfproef(value.replace(" ", "").replace(".", "").replace("-", ""))
    assert bsn.contains_bsn(f"{before}{value}{after}")
    assert bsn.scan({"veld": [1, {"diep": f"{before}{value}"}]})


@no_deadline
@given(st.integers(100_000_000, 999_999_999))
def test_nine_digits_are_flagged_exactly_when_the_elfproef_holds(number):
    assert bsn.contains_bsn(str(number)) == bsn.elfproef(str(number))


def test_longer_digit_runs_dates_and_amounts_are_not_a_bsn():
    for value in ("1234567890", "2026-01-05", "12,5", "0612345678", "", None, 12.5):
        assert not bsn.contains_bsn(value)


def test_the_vectorised_guard_agrees_with_the_scalar_one():
    import pandas as pd
    values = ["111222333", "111 222 333", "abc", "123456789", "12,5", "1112.22.333"]
    mask = bsn.contains_bsn_series(pd.Series(values, dtype="string"))
    assert mask.tolist() == [bsn.contains_bsn(v) for v in values]


# --- formatting that must not hide a BSN (issue 13) --------------------------------------------------------------


@no_deadline
@given(disguised_bsn(), st.text(alphabet="abc xyz;:", max_size=5), st.text(alphabet="abc xyz;:", max_size=5))
def test_a_bsn_behind_any_separator_or_digit_form_is_found(value, before, after):
    text = f"{before}{value}{after}"
    assert bsn.contains_bsn(text)
    assert bsn.scan({"k": [text]}) and bsn.scan({text: 1})
    assert bsn.contains_bsn_series(pd.Series(["x", text], dtype="string")).tolist() == [False, True]
    masked = bsn.mask(text)
    assert bsn.MASK in masked and not bsn.contains_bsn(masked)


@no_deadline
@given(valid_bsn, st.sampled_from(SEPARATORS + INVISIBLE))
def test_every_separator_class_between_every_digit_is_read_through(digits, separator):
    assert bsn.contains_bsn(separator.join(digits))
    assert bsn.contains_bsn(" ".join([digits[:3], digits[3:6], digits[6:]]).replace(" ", separator))


@no_deadline
@given(valid_bsn)
def test_four_separators_a_letter_a_symbol_or_a_list_separator_break_the_number(digits):
    for joint in ("    ", "a", "+", "|", "=", "€", ", ", "; ", ". ", "--", " -"):
        assert not bsn.contains_bsn(digits[:4] + joint + digits[4:])


@no_deadline
@given(valid_bsn, st.integers(0, 9))
def test_a_bsn_next_to_other_numbers_is_still_found(digits, other):
    for text in (f"{other} {digits}", f"{digits} {other}", f"{other}-{digits}-{other}", f"tel 06 {digits}, 12"):
        assert bsn.contains_bsn(text)
    assert not bsn.contains_bsn(f"{other}{digits}")  # ten digits in one run: not a BSN


def test_legitimate_values_of_the_portal_are_not_taken_for_a_bsn():
    from portal.trajecten.ids import new_traject_id
    values = ["2026-01-15", "15-01-2026", "2026-01-15 t/m 2026-12-31", "09:30-17:00", "12,5", "7.5", "0612345678",
              "06-12345678", "+31 6 1234 5678", "GM0928", "1.000.000", "€ 1.234,56", "100", "2026",
              "01-01-2026 tot 31-12-2026", "score 8,5 op 12-03-2026", "NL91 ABNA 0417 1643 00"]
    values += [new_traject_id() for _ in range(2000)]
    values += [f"{new_traject_id()} {new_traject_id()}" for _ in range(500)]
    assert [v for v in values if bsn.contains_bsn(v)] == []
    assert not bsn.contains_bsn_series(pd.Series(values, dtype="string")).any()


def test_the_portals_own_texts_pass_the_guard():
    """The standard register, the model DPIA and every other text constant of the code (e.g. a list of BIO controls,
    `9.1.1, 9.2.1, 9.2.2, ...`) is never taken for a BSN: a form that shows it must be able to save it unchanged."""
    import ast
    import pathlib
    root = pathlib.Path(__file__).resolve().parents[2]
    flagged = []
    for path in [*root.joinpath("dpia").rglob("*.py"), *root.joinpath("portal").rglob("*.py")]:
        if path.name == "bsn.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and bsn.contains_bsn(node.value):
                flagged.append(f"{path.relative_to(root)}: {node.value[:60]}")
    assert flagged == []


def test_mask_hides_every_bsn_and_leaves_other_text_alone():
    assert bsn.mask("traject A123-4567-8 op 2026-01-15") == "traject A123-4567-8 op 2026-01-15"
    assert bsn.mask("bsn 111 222 333 en 123456782.") == f"bsn {bsn.MASK} en {bsn.MASK}."
    assert bsn.mask("１１１２２２３３３") == bsn.MASK


def test_a_structure_nested_deeper_than_the_cap_is_refused_without_recursion():
    deep: object = "x"
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(bsn.TooDeep):
        bsn.scan(deep)
    shallow: object = {"a": "111222333"}
    for _ in range(bsn.MAX_DEPTH - 1):
        shallow = [shallow]
    assert bsn.scan(shallow)


def test_the_log_filter_masks_a_bsn_in_a_logged_request_line():
    import logging
    for url in ("/trajecten/?zoek=111222333", "/trajecten/?zoek=111%20222%20333&x=1", "/x?a=1&zoek=111+222+333",
                "/x?zoek=%EF%BC%91%EF%BC%91%EF%BC%91222333"):
        record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '%s - - "%s" %s -',
                                   ("127.0.0.1", f"GET {url} HTTP/1.1", "400"), None)
        bsn.LogMask().filter(record)
        line = record.getMessage()
        assert "111" not in line and "GET /" in line and "HTTP/1.1" in line and "400" in line
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "GET %s", ("/trajecten/?zoek=2026",), None)
    bsn.LogMask().filter(record)
    assert record.getMessage() == "GET /trajecten/?zoek=2026"
