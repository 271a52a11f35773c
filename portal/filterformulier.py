"""A page's GET filter form rendered once per state instead of on every request: WTForms renders each attribute
through `Markup.format` and the `form_field` macro around it (8 fields are ~1 ms of a 10 ms page). A filter form has
no CSRF token and nothing per user, so its HTML is a function of its fields' state alone: the values chosen (raw
data), the values read from them, their errors and choices. That state is the key; the HTML is the same, byte for
byte."""
import threading
from collections import OrderedDict

from flask import get_template_attribute, render_template
from markupsafe import Markup
from wtforms import Form, HiddenField, StringField

_GROOTTE = 256
_lock = threading.Lock()
_html: OrderedDict = OrderedDict()


def _veld_staat(field) -> tuple:
    """What the `form_field` macro reads of a field: also its label, description, flags and attributes, which a form
    may set per instance (e.g. a field made optional in its form's __init__)."""
    return (field.id, field.name, tuple(field.raw_data or ()), repr(field.data), tuple(map(str, field.errors)),
            tuple(map(tuple, field.choices)) if getattr(field, "choices", None) is not None else None,
            str(field.label.text), str(field.description), tuple(sorted(vars(field.flags).items())),
            repr(sorted((field.render_kw or {}).items())))


def _staat(form: Form) -> tuple:
    return tuple(_veld_staat(field) for field in form)


def _bewaard(key, maak) -> Markup:
    with _lock:
        html = _html.get(key)
        if html is not None:
            _html.move_to_end(key)
            return html
    html = Markup(maak())
    with _lock:
        _html[key] = html
        while len(_html) > _GROOTTE:
            _html.popitem(last=False)
    return html


def _getypt(form: Form) -> bool:
    """Whether text was typed into the form (a hidden field's value comes from a link: a sort order)."""
    return any(field.raw_data and any(field.raw_data) for field in form
               if isinstance(field, StringField) and not isinstance(field, HiddenField))


def filter_html(template: str, form: Form, **context) -> Markup:
    """`template` (a partial that renders `form`, with `context` as plain hashable values) rendered once per state
    of the form and context; at most _GROOTTE kept per process. A form with typed text (a search, a date) is
    rendered every time: what people type is not kept in the process's memory."""
    if _getypt(form):
        return Markup(render_template(template, form=form, **context))
    key = (template, type(form), _staat(form), tuple(sorted(context.items())))
    return _bewaard(key, lambda: render_template(template, form=form, **context))


def veld_html(field) -> Markup:
    """`form_field(field)` of macros/ui.html, rendered once per state of the field (its form's class, id, what was
    chosen, read, its errors and choices) as long as nothing was typed into it; the CSRF token is never one of these
    fields (the templates render it with `hidden_tag`). For the fields of a page's POST forms shown on a GET."""
    maak = lambda: get_template_attribute("macros/ui.html", "form_field")(field)  # noqa: E731
    if isinstance(field, StringField) and field.raw_data and any(field.raw_data):
        return Markup(maak())
    return _bewaard(("veld", type(field._form), _veld_staat(field)), maak)


def html_bewaard(key: tuple, maak) -> Markup:
    """`maak()` rendered once per `key` (which must hold everything the HTML depends on), kept with the forms."""
    return _bewaard(key, maak)


def vergeten() -> None:
    """Drop the kept forms (tests)."""
    with _lock:
        _html.clear()
