"""The processing log viewer (on the privacy blueprint): filter, page through and export the gemeente's log. Thin:
dpia.logboek.services scopes and queries."""
from flask import Blueprint, current_app, get_template_attribute, render_template, request
from flask_security import current_user
from markupsafe import Markup

from dpia.activiteiten import label
from dpia.logboek import services
from dpia.logboek.forms import LogFilterForm
from portal.codes import Actie, labels
from portal.downloads import attachment
from portal.filterformulier import filter_html
from portal.queryargs import pagina
from portal.timeutil import nl_datetime as lokaal

# The logboek pages, nested under the guarded `privacy` blueprint (dpia/views.py): privacy.logboek.*
bp = Blueprint("logboek", __name__)


def _filter() -> tuple[LogFilterForm, services.LogFilter, int]:
    form = LogFilterForm(request.args)
    codes, alle = services.organisaties_en_aantal(current_user)
    form.organisatie.choices = [("", "Alle"), *((c, c) for c in codes)]
    if not form.validate():
        # A malformed value (an impossible date) filters nothing rather than everything; the form shows why.
        return form, services.LogFilter(traject_id="-"), alle
    return form, services.LogFilter(
        traject_id=form.traject_id.data or None, gebruiker=form.gebruiker.data or None,
        organisatie=form.organisatie.data or None, activiteit=form.activiteit.data or None,
        actie=form.actie.data or None, van=form.van.data, tot=form.tot.data,
        alleen_weigeringen=form.weigeringen.data), alle


@bp.get("/logboek")
def logboek():
    form, filters, alle = _filter()
    # The count of all the gemeente's entries came with the filter's choices: a page without filters shows it.
    page = services.pagina(current_user, filters, pagina(request.args), alle=alle)
    return render_template("privacy/logboek.html", form=form, filter=filter_html("privacy/_logboek_filter.html", form),
                           page=page, filters=filters,
                           rijen=_rijen(page.items)), 422 if form.errors else 200


def _rijen(entries: list) -> list[list]:
    """The cells of the log's table (data_table), in Python (50 rows of macro calls were a third of the page's
    rendering): local time, who, organisation, trajectory (— when none), action and activity as labels, and the
    explanation, a refusal marked by its badge."""
    actie_labels = labels(Actie)
    geweigerd = Markup(get_template_attribute("macros/ui.html", "badge")("Geweigerd", "error")) + Markup(" ")
    return [[lokaal(e.tijdstip), e.gebruiker, e.organisatie, e.traject_id or "—", actie_labels.get(e.actie, e.actie),
             label(e.verwerkingsactiviteit),
             (geweigerd if services.is_weigering(e) else Markup("")) + (e.toelichting or "")]
            for e in entries]


@bp.get("/logboek.<any(csv, xlsx):formaat>")
def logboek_export(formaat: str):
    _, filters, _ = _filter()
    body, count = (services.export_csv if formaat == "csv" else services.export_xlsx)(current_user, filters)
    current_app.logger.info("Verwerkingslog geëxporteerd door %s (%s, %d regels, filters %s)", current_user.email,
                            formaat, count, filters.as_args())
    return attachment(body, f"verwerkingslog-{current_user.organisatie.code}.{formaat}")
