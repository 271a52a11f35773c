"""The data_table macro's rows, rendered in Python (portal/main/tabel.py), give the HTML the Jinja loop gave."""
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from portal.main.tabel import tabel_rijen

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
TABEL = ('{% from "macros/ui.html" import data_table %}'
         '{{ data_table(headers, rows, caption="T", row_headers=row_headers, numeric=numeric, empty="Niets <hier>") }}')


def _render(headers, rows, row_headers=False, numeric=()) -> str:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    env.globals["tabel_rijen"] = tabel_rijen
    html = env.from_string(TABEL).render(headers=headers, rows=rows, row_headers=row_headers, numeric=numeric)
    return html[html.index("<tbody"):html.index("</tbody>") + len("</tbody>")]


def test_a_table_escapes_text_keeps_markup_leaves_none_empty_and_marks_numeric_columns():
    html = _render(["Naam", "Link", "Uren"], [["a<b & 'c'", Markup('<a href="/x">x</a>'), 3],
                                              ("", None, 2.5)], numeric=(2,))
    assert html == (
        '<tbody class="utrecht-table__body">'
        '\n    <tr class="utrecht-table__row">'
        '\n      <td class="utrecht-table__cell">a&lt;b &amp; &#39;c&#39;</td>'
        '\n      <td class="utrecht-table__cell"><a href="/x">x</a></td>'
        '\n      <td class="utrecht-table__cell utrecht-table__cell--numeric-column">3</td>'
        '\n    </tr>'
        '\n    <tr class="utrecht-table__row">'
        '\n      <td class="utrecht-table__cell"></td>'
        '\n      <td class="utrecht-table__cell"></td>'
        '\n      <td class="utrecht-table__cell utrecht-table__cell--numeric-column">2.5</td>'
        '\n    </tr>'
        '\n  </tbody>')


def test_row_headers_make_the_first_cell_of_each_row_a_th():
    html = _render(["Traject", "Aantal"], iter([["T1", 0]]), row_headers=True, numeric=(0, 1))
    assert html == (
        '<tbody class="utrecht-table__body">'
        '\n    <tr class="utrecht-table__row">'
        '\n      <th class="utrecht-table__header-cell utrecht-table__cell utrecht-table__cell--numeric-column"'
        ' scope="row">T1</th>'
        '\n      <td class="utrecht-table__cell utrecht-table__cell--numeric-column">0</td>'
        '\n    </tr>'
        '\n  </tbody>')


def test_an_empty_table_says_so_across_all_columns():
    assert _render(["A", "B", "C"], []) == (
        '<tbody class="utrecht-table__body">'
        '\n    <tr class="utrecht-table__row">'
        '\n      <td class="utrecht-table__cell" colspan="3">Niets &lt;hier&gt;</td>'
        '\n    </tr>'
        '\n  </tbody>')


def test_plain_text_is_written_as_it_is_and_a_quote_alone_is_still_escaped():
    html = _render(["A", "B", "C"], [["12-03-2027", "it's \"x\"", "3,5 uur"]])
    assert '<td class="utrecht-table__cell">12-03-2027</td>' in html
    assert '<td class="utrecht-table__cell">it&#39;s &#34;x&#34;</td>' in html
    assert '<td class="utrecht-table__cell">3,5 uur</td>' in html
