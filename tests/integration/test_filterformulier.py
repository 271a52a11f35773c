"""A form field kept rendered (portal.filterformulier.veld_html) is shown again only for the same state: what the
`form_field` macro reads of a field, including what a form sets per instance (flags, label, attributes)."""
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from portal import filterformulier


class _Keuze(FlaskForm):
    class Meta:
        csrf = False

    soort = SelectField("Soort", choices=[("a", "A"), ("b", "B")])
    code = StringField("Code")


def _fresh(make) -> str:
    """The field rendered with nothing kept."""
    filterformulier.vergeten()
    return str(filterformulier.veld_html(make().soort))


def test_a_kept_field_is_rendered_again_when_its_form_changed_its_flags_label_or_attributes(app, ctx):
    with app.test_request_context():
        def plain():
            return _Keuze(formdata=None)

        def required():
            form = _Keuze(formdata=None)
            form.soort.flags.required = True
            return form

        def relabelled():
            form = _Keuze(formdata=None)
            form.soort.label.text = "Onderdeel"
            return form

        def attributes():
            form = _Keuze(formdata=None)
            form.soort.render_kw = {"data-x": "1"}
            return form

        fresh = {name: _fresh(make) for name, make in
                 (("plain", plain), ("required", required), ("relabelled", relabelled), ("attributes", attributes))}
        assert len(set(fresh.values())) == 4
        filterformulier.vergeten()
        kept = {name: str(filterformulier.veld_html(make().soort)) for name, make in
                (("plain", plain), ("required", required), ("relabelled", relabelled), ("attributes", attributes))}
        assert kept == fresh
