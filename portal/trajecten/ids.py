"""Pseudonymous trajectory IDs: random, not derived from anything, with a Luhn mod 32 check character.

Format `XXXX-XXXX-C` over Crockford's base-32 alphabet (no I, L, O, U). The first character is always a letter,
so an ID is never all digits and can never be mistaken for a BSN. The check character catches every single
mistyped character and every swap of two adjacent characters.
"""
import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LETTERS = "ABCDEFGHJKMNPQRSTVWXYZ"
_N = len(ALPHABET)
PATTERN = re.compile(rf"^[{LETTERS}][{ALPHABET}]{{3}}-[{ALPHABET}]{{4}}-[{ALPHABET}]$")


def check_character(payload: str) -> str:
    """Luhn mod N (N = 32) over the payload's code points."""
    factor, total = 2, 0
    for char in reversed(payload):
        addend = factor * ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // _N + addend % _N
    return ALPHABET[(_N - total % _N) % _N]


def new_traject_id() -> str:
    payload = secrets.choice(LETTERS) + "".join(secrets.choice(ALPHABET) for _ in range(7))
    return f"{payload[:4]}-{payload[4:]}-{check_character(payload)}"


def normalise(value: str) -> str:
    """Upper-case, surrounding spaces and inner spaces removed, dashes put where they belong."""
    compact = re.sub(r"[\s\-]", "", str(value)).upper()
    if len(compact) != 9:
        return compact
    return f"{compact[:4]}-{compact[4:8]}-{compact[8]}"


def is_valid(value: str) -> bool:
    candidate = normalise(value)
    if not PATTERN.match(candidate):
        return False
    payload = candidate[:4] + candidate[5:9]
    return check_character(payload) == candidate[-1]
