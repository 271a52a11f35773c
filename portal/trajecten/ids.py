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
