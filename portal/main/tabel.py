"""The body rows of the `data_table` macro (templates/macros/ui.html), written in Python: a list page renders 50 rows
of 6-7 cells, and Jinja's per-cell loop (loop context, a class built per cell, a macro frame) cost ~1 ms of such a
page. The HTML is the macro's byte for byte (tests/unit/test_tabel.py)."""
import functools
import re
from collections.abc import Iterable

from flask import get_template_attribute
from markupsafe import Markup, escape

_CEL = "utrecht-table__cell"
_NUMERIEK = " utrecht-table__cell--numeric-column"
_TE_ESCAPEN = re.compile(r"[&<>\"']")  # what escape() changes: plain text without these is written as it is


def tabel_rijen(rows: Iterable[Iterable], numeric=(), row_headers: bool = False) -> Markup:
    """The <tr> of each row, each cell autoescaped as `{{ cell }}` would be (None renders as nothing; Markup, such as
    a link or a badge, as it is); `numeric`: column indexes aligned as numbers; `row_headers`: the first cell of each
    row is a <th scope="row">."""
    classes: list[str] = []
    parts: list[str] = []
    for row in rows:
        parts.append('\n    <tr class="utrecht-table__row">')
        for i, cell in enumerate(row):
            while len(classes) <= i:
                classes.append(_CEL + (_NUMERIEK if len(classes) in numeric else ""))
            # most cells are plain text (dates, hours, labels: a trajectory page has thousands): escape() only where
            # it changes something (the same HTML, at a fifth of the cost)
            text = "" if cell is None else (cell if type(cell) is str and not _TE_ESCAPEN.search(cell)
                                            else escape(cell))
            if row_headers and i == 0:
                parts.append(f'\n      <th class="utrecht-table__header-cell {classes[i]}" scope="row">{text}</th>')
            else:
                parts.append(f'\n      <td class="{classes[i]}">{text}</td>')
        parts.append("\n    </tr>")
    return Markup("".join(parts))


@functools.lru_cache(maxsize=256)
def badge(tekst: str, soort: str) -> Markup:
    """ui.html's `badge` macro for a table cell, rendered once per (text, kind) in the process: it depends on
    nothing else, and a 50-row table would otherwise call the macro 50 times."""
    return Markup(get_template_attribute("macros/ui.html", "badge")(tekst, soort))
