"""BSN values for property tests (hypothesis strategies): valid BSNs, formatted with separators, and disguised
behind any separator, invisible character or Unicode digit form."""
from hypothesis import strategies as st


def _digits_passing_elfproef(draw_digits: list[int]) -> str:
    """Complete 8 drawn digits with the 9th that makes the elfproef hold (None when no digit can)."""
    partial = sum(d * w for d, w in zip(draw_digits, (9, 8, 7, 6, 5, 4, 3, 2), strict=True))
    last = partial % 11
    return "".join(map(str, draw_digits)) + str(last) if last < 10 else None


valid_bsn = st.lists(st.integers(0, 9), min_size=8, max_size=8).map(_digits_passing_elfproef).filter(
    lambda v: v is not None and v != "000000000")
separator = st.sampled_from(["", " ", ".", "-"])


@st.composite
def formatted_bsn(draw):
    digits = draw(valid_bsn)
    return "".join(d + (draw(separator) if i < 8 else "") for i, d in enumerate(digits))


# Every class of separator the attack used, and more: one to three of them between two digits are read as nothing.
SEPARATORS = [" ", "\u00a0", "\t", "\n", "\r\n", "  ", "   ", " - ", "/", "_", ",", ".", "-", "\u2013", "\u2014",
              "\u2009", "\u202f", "\u3000", "\uff0c", "\uff0e", ":", "'", "\u00b7", " / ", "\u00a0\u2013\u00a0"]
# Invisible characters are dropped whatever their number.
INVISIBLE = ["\u200b", "\u00ad", "\ufeff", "\u200b\u200b\u200b\u200b\u200b"]
# The digit forms of Unicode that mean 0-9: ASCII, full-width, Arabic-Indic, Extended Arabic-Indic, Devanagari,
# Bengali, Thai, mathematical bold and monospace, and (after NFKC) superscript, subscript and circled digits.
ZEROS = [0x30, 0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0x1D7CE, 0x1D7F6]
NFKC_DIGITS = ["⁰¹²³⁴⁵⁶⁷⁸⁹", "₀₁₂₃₄₅₆₇₈₉", "⓪①②③④⑤⑥⑦⑧⑨"]


def _digit_form(draw, digits: str) -> str:
    if draw(st.booleans()):
        zero = draw(st.sampled_from(ZEROS))
        return "".join(chr(zero + int(d)) for d in digits)
    table = draw(st.sampled_from(NFKC_DIGITS))
    return "".join(table[int(d)] for d in digits)


@st.composite
def disguised_bsn(draw):
    """A valid BSN in any Unicode digit form (per digit), with any separator or invisible character between digits."""
    digits = draw(valid_bsn)
    out = []
    for i, d in enumerate(digits):
        out.append(_digit_form(draw, d) if draw(st.booleans()) else d)
        if i < 8:
            out.append(draw(st.sampled_from(["", "", *SEPARATORS, *INVISIBLE])))
    return "".join(out)
