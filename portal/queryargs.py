"""Query-string arguments that pages share: a page number that is always a page a database can offset to, and the
whitelist of the keys a page passes on to its own links (an unknown key is ignored, never a 500)."""
from collections.abc import Iterable, Mapping

MAX_PAGINA = 1_000_000  # far beyond any real list; keeps OFFSET within a 64-bit integer on every database


def pagina(args: Mapping, name: str = "pagina") -> int:
    """The page number `name` asks for, clamped to 1..MAX_PAGINA; anything that is not a number is page 1."""
    value = str(args.get(name, "") or "").strip()
    if not (value.isascii() and value.isdigit()):
        return 1
    return MAX_PAGINA if len(value) > 7 else min(max(1, int(value)), MAX_PAGINA)


def aantal_paginas(totaal: int, per_pagina: int) -> int:
    """How many pages `totaal` rows make at `per_pagina` a page: at least one (an empty list is one empty page)."""
    return max(1, -(-totaal // per_pagina))


def alleen(args: Mapping, keys: Iterable[str]) -> dict[str, str]:
    """The non-empty arguments among `keys`: what a page may pass on to its own links (pagination, exports)."""
    wanted = set(keys)
    return {k: v for k, v in args.items() if k in wanted and v}
