"""The "Meldingen" form: which categories of her role the user gets in the daily digest."""
from wtforms import SelectMultipleField, SubmitField
from wtforms.validators import Optional
from wtforms.widgets import CheckboxInput, ListWidget

from portal.forms import PortalForm


class VoorkeurenForm(PortalForm):
    categorieen = SelectMultipleField("Onderwerpen in de dagelijkse e-mail", option_widget=CheckboxInput(),
                                      widget=ListWidget(prefix_label=False), validators=[Optional()],
                                      description="Vink uit wat u niet per e-mail wilt krijgen. Op uw startpagina "
                                                  "ziet u altijd alles.")
    submit = SubmitField("Opslaan")

    def met_keuzes(self, categorieen) -> "VoorkeurenForm":
        self.categorieen.choices = [(c.code, f"{c.label} — {c.uitleg}") for c in categorieen]
        return self
