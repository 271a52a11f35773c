"""Pseudonymous trajectory IDs: random, not derived from anything, with a check character.

Format `XXXX-XXXX-C` over a 31-symbol alphabet (Crockford's base 32 without Z: no I, L, O, U, Z). The first
character is always a letter, so an ID is never all digits and can never be mistaken for a BSN.
The check character makes the weighted sum (weights 1..9) vanish modulo the prime 31; because every weight and
every difference of weights is invertible modulo 31, it catches every single mistyped character and every swap
of two adjacent characters.
"""
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXY"
LETTERS = "ABCDEFGHJKMNPQRSTVWXY"
_N = len(ALPHABET)  # 31, a prime
PATTERN = re.compile(rf"^[{LETTERS}][{ALPHABET}]{{3}}-[{ALPHABET}]{{4}}-[{ALPHABET}]$")


def _weighted_sum(symbols: str) -> int:
    return sum(weight * ALPHABET.index(char) for weight, char in enumerate(symbols, start=1)) % _N


def check_character(payload: str) -> str:
    """The symbol that, in position 9, makes the weighted sum 0 modulo 31."""
    partial = _weighted_sum(payload)
    return next(c for c in ALPHABET if (partial + 9 * ALPHABET.index(c)) % _N == 0)


def new_traject_id() -> str:
    payload = secrets.choice(LETTERS) + "".join(secrets.choice(ALPHABET) for _ in range(7))
    return f"{payload[:4]}-{payload[4:]}-{check_character(payload)}"


def normalise(value: str) -> str:
    """Upper-case, spaces removed, dashes put where they belong."""
    compact = re.sub(r"[\s\-]", "", str(value)).upper()
    if len(compact) != 9:
        return compact
    return f"{compact[:4]}-{compact[4:8]}-{compact[8]}"


def is_valid(value: str) -> bool:
    candidate = normalise(value)
    return bool(PATTERN.match(candidate)) and _weighted_sum(candidate.replace("-", "")) == 0


# Crockford's reading of the letters the alphabet leaves out because they look like digits: an O typed for a zero
# and an I or L typed for a one still find the ID. U and Z stand for nothing and stay (they match no ID).
_VERWARD = str.maketrans("OIL", "011")


def compact(value: str) -> str:
    """A typed ID or part of one as a search compares it: upper case, without spaces and dashes, O read as 0 and
    I and L as 1 (so "abcd efgh", "ABCD-EFGH" and "abcdefgh" are the same search)."""
    return re.sub(r"[\s\-]", "", str(value)).upper().translate(_VERWARD)


def controleteken_fout(value: str) -> bool:
    """True when `value` has the shape of a whole ID (nine symbols of the alphabet, the first a letter) but its
    check character does not fit: a typing error, which no search can find."""
    symbols = compact(value)
    return (len(symbols) == 9 and symbols[0] in LETTERS and all(c in ALPHABET for c in symbols)
            and _weighted_sum(symbols) != 0)


def verbeteringen(value: str) -> list[str]:
    """The valid IDs one typing error away from `value`: one symbol mistyped (for each position exactly one symbol
    makes the check fit) or two adjacent symbols swapped. These are the errors the check character is built to
    catch; which of them exist is for the caller to ask."""
    symbols = compact(value)
    if len(symbols) != 9 or not all(c in ALPHABET for c in symbols):
        return []
    found = []
    for i in range(9):
        for c in ALPHABET:
            if c != symbols[i]:
                found.append(symbols[:i] + c + symbols[i + 1:])
    for i in range(8):
        if symbols[i] != symbols[i + 1]:
            found.append(symbols[:i] + symbols[i + 1] + symbols[i] + symbols[i + 2:])
    valid = (normalise(s) for s in found)
    return sorted({s for s in valid if is_valid(s)})
