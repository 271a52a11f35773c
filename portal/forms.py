"""Form base classes and the fields every form shares: the BSN guard runs on every field, a date is typed as
dd-mm-jjjj whatever the browser's locale, and each message names the field by its label."""
import datetime as dt
import functools
import re
from typing import TYPE_CHECKING

from babel import support
from flask import abort, current_app, flash, has_request_context
from flask_babel import get_locale
from flask_wtf import FlaskForm
from flask_wtf import i18n as flask_wtf_i18n
from wtforms import FileField, PasswordField, StringField, SubmitField
from wtforms.fields import HiddenField
from wtforms.i18n import messages_path
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import TextInput
from wtforms_alchemy import model_form_factory

from portal import bsn
from portal.errors import ServiceError
from portal.extensions import db
from portal.trajecten import ids


def veldnaam(label: str) -> str:
    """A label as it reads inside a sentence: its first letter lower-case unless the word is an abbreviation
    (PIP-datum, MAP), any explanation in brackets left out."""
    naam = re.sub(r"\s*\(.*\)\s*$", "", label).strip() or label
    first = naam.split(" ", 1)[0]
    if len(first) > 1 and (first[:2].isupper() or "-" in first and first.split("-")[0].isupper()):
        return naam
    return naam[:1].lower() + naam[1:]


BESTANDSNAAM_BSN = "De bestandsnaam bevat een BSN: geef het bestand een andere naam en kies het opnieuw."


def bsn_melding(label: str) -> str:
    """The BSN guard's refusal as a form says it: the field by name, never the value."""
    return f"{label} bevat een nummer dat op een BSN lijkt; laat het weg."


# --- dates --------------------------------------------------------------------------------------------------------

_DATUM = re.compile(r"^(?:(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4})"
                    r"|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2}))$")


class DatumFout(ValueError):
    """A typed date that is no date; the message says what to change."""


def lees_datum(text: str | None, label: str = "de datum") -> dt.date | None:
    """A date typed as dd-mm-jjjj, d-m-jjjj or ISO jjjj-mm-dd; None for empty text. A date that does not exist
    (31-02-2026) is told apart from one written in another format."""
    text = (text or "").strip()
    if not text:
        return None
    match = _DATUM.match(text)
    if not match:
        raise DatumFout(f"Vul {veldnaam(label)} in als dd-mm-jjjj, bijvoorbeeld 31-03-2026.")
    year, month, day = (int(match["y"] or match["iy"]), int(match["m"] or match["im"]), int(match["d"] or match["id"]))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DatumFout(f"{day:02d}-{month:02d}-{year:04d} bestaat niet. Controleer dag en maand.") from None


def datum_tekst(value: dt.date | None) -> str:
    return "" if value is None else f"{value:%d-%m-%Y}"


class DatumField(StringField):
    """The one date field of the portal and the privacy module: a text input (so no browser locale decides what is
    typed) that takes dd-mm-jjjj, d-m-jjjj and ISO jjjj-mm-dd; `data` is a `datetime.date` or None."""

    widget = TextInput()
    HINT = "Schrijf de datum als dd-mm-jjjj."
    data: dt.date | None  # type: ignore[assignment]  # a text input whose data is a date, not the str of StringField

    def __init__(self, label=None, validators=None, description="", **kwargs):
        render_kw = {"inputmode": "numeric", "placeholder": "dd-mm-jjjj", "autocomplete": "off",
                     **(kwargs.pop("render_kw", None) or {})}
        description = f"{description} {self.HINT}" if description else self.HINT
        super().__init__(label, validators, description=description, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist):
        self.raw_data = valuelist
        text = valuelist[0] if valuelist else ""
        self.data = None
        try:
            self.data = lees_datum(text, self.label.text)
        except DatumFout as fout:
            raise ValueError(str(fout)) from None

    def process_data(self, value):
        if isinstance(value, str):
            try:
                value = lees_datum(value, self.label.text)
            except DatumFout:
                value = None
        self.data = value

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return datum_tekst(self.data) if isinstance(self.data, dt.date) else ""

    def pre_validate(self, form):
        # A typing error keeps its own message: a required-validator after it would replace it with "vul in".
        if self.process_errors:
            raise StopValidation()


def na_of_op(begin_veld: str, message: str | None = None):
    """A validator for the end of a date range: not before the date in `begin_veld`."""

    def check(form, field):
        begin = getattr(form, begin_veld)
        if isinstance(field.data, dt.date) and isinstance(begin.data, dt.date) and field.data < begin.data:
            raise ValidationError(message or f"{field.label.text} ligt voor {veldnaam(begin.label.text)}: "
                                             "de einddatum kan niet voor de begindatum liggen.")

    return check


# --- trajectory ids -----------------------------------------------------------------------------------------------


def traject_id_melding(value: str) -> str | None:
    """Why a typed trajectory ID cannot be one, or None: its format, or a check character that does not fit (the ID
    then holds a typing error)."""
    candidate = ids.normalise(value)
    if not ids.PATTERN.match(candidate):
        return f"{value.strip()} is geen traject-ID: een traject-ID ziet eruit als ABCD-EFGH-K."
    if not ids.is_valid(candidate):
        return f"{candidate}: controleteken klopt niet — typefout?"
    return None


class TrajectIds:
    """A validator for a field of one or more trajectory IDs (separated by spaces, commas or new lines)."""

    def __call__(self, form, field):
        messages = [m for m in (traject_id_melding(v) for v in re.split(r"[\s,;]+", field.data or "") if v) if m]
        if messages:
            field.errors.extend(messages[:-1])
            raise ValidationError(messages[-1])


@functools.lru_cache(maxsize=8)
def _wtforms_catalogus(locale: str) -> support.NullTranslations:
    """WTForms' message catalog for a locale (static files of the installed WTForms)."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class PortalForm(FlaskForm):
    """A FlaskForm (CSRF) whose text input is refused when it holds a BSN. The value is wiped so the page
    never echoes it back."""

    # A form that shares a page with another one of the same field names sets this: its fields' ids (not their
    # names) then start with it.
    id_prefix: str | None = None

    class Meta:
        def get_translations(self, form):
            """WTForms' own messages in the request's locale, as Flask-WTF gives them, with the catalog read once per
            process and locale: Flask-WTF reads the .mo file again in every request that validates a form (~0.3 ms
            of a list page with its filter form)."""
            vertalingen = super().get_translations(form)  # type: ignore[misc]  # FlaskForm.Meta's, in WTForms' merge
            if (vertalingen is not flask_wtf_i18n.translations or not has_request_context()
                    or "babel" not in current_app.extensions):
                return vertalingen
            return _wtforms_catalogus(str(get_locale()))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Several forms on one page (one per table row, even) must not repeat an id: hidden fields (the CSRF
        # token) need none and get none (WTForms leaves out an id of False); a submit button carries the form's
        # class name in its id. Names, which the server reads, stay.
        prefix = type(self).__name__.lower()
        for field in self:
            if isinstance(field, HiddenField):
                field.id = False  # type: ignore[assignment]  # WTForms renders no id for False (its stubs say str)
            elif isinstance(field, SubmitField) and not field.id.startswith(prefix):
                field.id = f"{prefix}-{field.id}"
            elif self.id_prefix and not field.id.startswith(self.id_prefix):
                field.id = field.label.field_id = f"{self.id_prefix}-{field.id}"

    def validate(self, extra_validators=None) -> bool:
        """Every field is checked, so the page lists all errors at once; a field that holds a BSN is wiped and gets
        only the guard's refusal, by name."""
        guarded = []
        for field in self:
            if isinstance(field, (PasswordField, HiddenField)):
                continue
            if any(bsn.contains_bsn(raw) for raw in (field.raw_data or [])):
                field.raw_data, field.data = [], None
                field.process_errors = []
                guarded.append(field)
        valid = super().validate(extra_validators=extra_validators)
        for field in guarded:
            field.errors = [BESTANDSNAAM_BSN if isinstance(field, FileField) else bsn_melding(field.label.text)]
        return valid and not guarded

    def apply_service_error(self, error) -> None:
        """Show a ServiceError on the field it names, or on the form."""
        field = getattr(self, error.field, None) if error.field else None
        if field is not None:
            field.errors = [*field.errors, error.message]
        else:
            self.form_errors.append(error.message)


if TYPE_CHECKING:  # wtforms_alchemy has no types; the factory returns a subclass of the form it is given
    _ModelFormBase = PortalForm
else:
    _ModelFormBase = model_form_factory(PortalForm)


class ModelForm(_ModelFormBase):
    """WTForms-Alchemy model form on top of PortalForm."""

    @classmethod
    def get_session(cls):
        return db.session


def run_service(form, action, *, fout: str = ""):
    """Run a service call of a form post in a savepoint (the request's edge commits, portal/eenheid.py). A
    ServiceError goes onto the form (or is flashed, after `fout`, when there is none) and rolls back only the
    savepoint, so what the request did before stays (a logged read); a 404 aborts. Returns (result, status)."""
    try:
        with db.session.begin_nested():
            result = action()
    except ServiceError as error:
        db.session.expire_all()  # what the page shows next is read again, not what the undone call left loaded
        if error.status == 404:
            abort(404)
        if form is None:
            flash(fout + error.message, "error")
        else:
            form.apply_service_error(error)
        return None, error.status
    return result, 200
