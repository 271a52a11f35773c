"""Form base classes: every form of the portal runs the BSN guard on its fields before its own validators."""
from flask import abort, flash
from flask_wtf import FlaskForm
from wtforms import PasswordField, SubmitField
from wtforms.fields import HiddenField
from wtforms_alchemy import model_form_factory

from portal import bsn
from portal.errors import ServiceError
from portal.extensions import db


class PortalForm(FlaskForm):
    """A FlaskForm (CSRF) whose text input is refused when it holds a BSN. The value is wiped so the page
    never echoes it back."""

    # A form that shares a page with another one of the same field names sets this: its fields' ids (not their
    # names) then start with it.
    id_prefix: str | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Several forms on one page (one per table row, even) must not repeat an id: hidden fields (the CSRF
        # token) need none and get none (WTForms leaves out an id of False); a submit button carries the form's
        # class name in its id. Names, which the server reads, stay.
        prefix = type(self).__name__.lower()
        for field in self:
            if isinstance(field, HiddenField):
                field.id = False
            elif isinstance(field, SubmitField) and not field.id.startswith(prefix):
                field.id = f"{prefix}-{field.id}"
            elif self.id_prefix and not field.id.startswith(self.id_prefix):
                field.id = field.label.field_id = f"{self.id_prefix}-{field.id}"

    def validate(self, extra_validators=None) -> bool:
        guarded = True
        for field in self:
            if isinstance(field, (PasswordField, HiddenField)):
                continue
            if any(bsn.contains_bsn(raw) for raw in (field.raw_data or [])):
                field.raw_data, field.data = [], None
                field.errors = [bsn.MESSAGE]
                guarded = False
        if not guarded:
            return False
        return super().validate(extra_validators=extra_validators)

    def apply_service_error(self, error) -> None:
        """Show a ServiceError on the field it names, or on the form."""
        field = getattr(self, error.field, None) if error.field else None
        if field is not None:
            field.errors = [*field.errors, error.message]
        else:
            self.form_errors.append(error.message)


_ModelFormBase = model_form_factory(PortalForm)


class ModelForm(_ModelFormBase):
    """WTForms-Alchemy model form on top of PortalForm."""

    @classmethod
    def get_session(cls):
        return db.session


def run_service(form, action):
    """Run a service call of a form post in a savepoint and commit it. A ServiceError goes onto the form (or is
    flashed when there is none) and rolls back only the savepoint; a 404 aborts. Returns (result, status)."""
    try:
        with db.session.begin_nested():
            result = action()
    except ServiceError as error:
        if error.status == 404:
            abort(404)
        if form is None:
            flash(error.message, "error")
        else:
            form.apply_service_error(error)
        return None, error.status
    db.session.commit()
    return result, 200
