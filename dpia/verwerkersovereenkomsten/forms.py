"""Forms of the verwerkersovereenkomsten pages: one form for create, edit and renew; one to end an agreement."""
from wtforms import SelectField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from dpia.verwerkersovereenkomsten.services import VoGegevens
from portal.codes import Activiteit, choices
from portal.forms import DatumField, PortalForm


class VoForm(PortalForm):
    aanbieder = SelectField("Aanbieder", validators=[Optional()])
    startdatum = DatumField("Startdatum", validators=[DataRequired("Vul een geldige startdatum in.")])
    einddatum = DatumField("Einddatum", validators=[DataRequired("Vul een geldige einddatum in.")],
                          description="De laatste dag waarop de overeenkomst geldt.")
    getekend_op = DatumField("Getekend op", validators=[Optional()],
                            description="Leeg laten zolang de overeenkomst een concept is. Alleen een getekende "
                                        "overeenkomst maakt aanleveren mogelijk.")
    evaluatiedatum = DatumField("Evaluatiedatum", validators=[Optional()],
                               description="Wanneer de overeenkomst weer wordt bekeken.")
    activiteiten = SelectMultipleField("Verwerkingsactiviteiten", choices=choices(Activiteit),
                                       option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                                       validators=[Optional()])
    subverwerkers = TextAreaField("Subverwerkers", validators=[Optional()],
                                  description="Eén per regel: naam, en waarvoor de aanbieder ze inschakelt.")
    auditrecht = TextAreaField("Auditrecht", validators=[Optional()],
                               description="Wat de gemeente mag controleren, hoe vaak en op wiens kosten.")
    notities = TextAreaField("Notities", validators=[Optional()])
    submit = SubmitField("Opslaan")

    def gegevens(self) -> VoGegevens:
        # Called after validate(): the required dates are set (WTForms types every field's data as optional).
        return VoGegevens(startdatum=self.startdatum.data, einddatum=self.einddatum.data,  # type: ignore[arg-type]
                          getekend_op=self.getekend_op.data, evaluatiedatum=self.evaluatiedatum.data,
                          subverwerkers=(self.subverwerkers.data or "").splitlines(),
                          auditrecht=self.auditrecht.data, activiteiten=list(self.activiteiten.data or []),
                          notities=self.notities.data)

    @classmethod
    def van(cls, g: VoGegevens, **kwargs) -> "VoForm":
        """A form filled with these values (GET); a POST fills itself from the request."""
        return cls(data={"startdatum": g.startdatum, "einddatum": g.einddatum, "getekend_op": g.getekend_op,
                         "evaluatiedatum": g.evaluatiedatum, "activiteiten": list(g.activiteiten),
                         "subverwerkers": "\n".join(g.subverwerkers), "auditrecht": g.auditrecht or "",
                         "notities": g.notities or ""}, **kwargs)


class BeeindigForm(PortalForm):
    per = DatumField("Beëindigd per", validators=[DataRequired("Vul een geldige datum in.")],
                    description="Vanaf deze dag geldt de overeenkomst niet meer; aanleveren is dan geblokkeerd.")
    reden = TextAreaField("Reden", validators=[DataRequired("Vul de reden van beëindiging in.")])
    submit = SubmitField("Beëindigen")
