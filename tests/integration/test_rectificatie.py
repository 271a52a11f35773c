"""A rectificatie of a delivery record goes through the import service's one correction path (`corrigeer`): the
whole corrected row meets every rule of aanleverformaat v1, a refusal is the import's rule next to the field, said
by the field's label as a form says it (422, nothing stored), and an accepted correction keeps the record's owner
and names the privacy officer as the one who replaced the old version."""
import re

import pytest
from sqlalchemy import func, select

from dpia.verzoeken import services
from portal.errors import ServiceError
from portal.extensions import db
from portal.leveringen.service import CorrectieGeweigerd, corrigeer
from portal.models import Aanwezigheid, Afronding, LeveringHistorie, Traject
from tests.conftest import _csrf
from tests.integration import test_verzoeken
from tests.integration.test_verzoeken import nieuw

vw = test_verzoeken.vw  # the fixture: gemeente A's trajectory with deliveries of every soort
_vw = test_verzoeken._vw  # what it loads, built once for this module too (tests/helpers/shared.py)


def _record(model, traject_id):
    return db.session.scalar(select(model).where(model.traject_id == traject_id))


def _historie(record_id: int, soort: str) -> int:
    return db.session.scalar(select(func.count()).select_from(LeveringHistorie).where(
        LeveringHistorie.record_id == record_id, LeveringHistorie.soort == soort))


@pytest.mark.parametrize("soort, model, veld, waarde, code, import_message, melding", [
    ("aanwezigheid", Aanwezigheid, "uren_aanwezig", "500", "uren_ongeldig",
     "uren_aanwezig + uren_verzuim_geoorloofd + uren_verzuim_ongeoorloofd is samen 506 uur, meer dan "
     "uren_gepland (40 uur). Corrigeer de uren.",
     "Aanwezig en verzuim zijn samen 506 uur, meer dan de 40 uur gepland. Corrigeer de uren."),
    ("aanwezigheid", Aanwezigheid, "verzuim_reden", "", "verplicht",
     "Vul verzuim_reden in: die is verplicht als er uren verzuim (geoorloofd of ongeoorloofd) zijn.",
     "Kies een reden verzuim: die is verplicht als er uren verzuim zijn."),
    ("afronding", Afronding, "datum", "2099-01-01", "datum_in_toekomst", "datum ligt in de toekomst",
     "Datum ligt in de toekomst."),
    ("afronding", Afronding, "datum", "2024-12-31", "datum_buiten_termijn",
     "voor het begin van de inburgeringstermijn", "voor het begin van de inburgeringstermijn"),
])
def test_a_rectificatie_the_import_would_refuse_is_refused_by_the_imports_rule_said_by_the_fields_label(
        vw, soort, model, veld, waarde, code, import_message, melding):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "rectificatie", [w.traject.id])
    record = _record(model, w.traject.id)
    before = (getattr(record, veld), record.versie, _historie(record.id, soort))
    with pytest.raises(ServiceError) as error:
        services.rectificeer(w.privacy_a, verzoek, w.traject.id, soort, record.id, veld, waarde)
    assert (error.value.code, error.value.field, error.value.status) == (code, "waarde", 422)
    assert melding in error.value.message
    assert "_" not in error.value.message  # no column name: the field's label
    db.session.rollback()
    db.session.refresh(record)
    assert (getattr(record, veld), record.versie, _historie(record.id, soort)) == before


@pytest.mark.parametrize("soort, model, veld, waarde, code, import_message", [
    ("aanwezigheid", Aanwezigheid, "uren_aanwezig", "500", "uren_ongeldig", "meer dan uren_gepland (40 uur)"),
    ("aanwezigheid", Aanwezigheid, "verzuim_reden", "", "verplicht", "Vul verzuim_reden in"),
    ("afronding", Afronding, "datum", "2099-01-01", "datum_in_toekomst", "datum ligt in de toekomst"),
])
def test_the_correction_path_refuses_with_the_imports_own_report_entry(vw, soort, model, veld, waarde, code,
                                                                       import_message):
    w = vw.w
    record = _record(model, w.traject.id)
    with pytest.raises(CorrectieGeweigerd) as error:
        corrigeer(w.privacy_a, soort, record, {veld: waarde})
    assert error.value.fout.code == code and import_message in error.value.fout.message
    db.session.rollback()


@pytest.mark.parametrize("soort, model, veld, waarde, message", [
    ("aanwezigheid", Aanwezigheid, "uren_aanwezig", "500", "meer dan de 40 uur gepland"),
    ("aanwezigheid", Aanwezigheid, "verzuim_reden", "", "Kies een reden verzuim"),
    ("afronding", Afronding, "datum", "01-01-2099", "Datum ligt in de toekomst"),
])
def test_the_rectificatie_page_shows_the_refusal_next_to_the_field_and_stores_nothing(vw, login, soort, model,
                                                                                       veld, waarde, message):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "rectificatie", [w.traject.id])
    record = _record(model, w.traject.id)
    before = (getattr(record, veld), record.versie, _historie(record.id, soort))
    web = login(w.privacy_a)
    url = f"/privacy/verzoeken/{verzoek.id}/rectificatie"
    form = web.get(f"{url}?traject_id={w.traject.id}&soort={soort}&record_id={record.id}")
    response = web.post(url, data={"csrf_token": _csrf(form.get_data(as_text=True)), "traject_id": w.traject.id,
                                   "soort": soort, "record_id": str(record.id), "veld": veld, "waarde": waarde})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    veldfout = re.search(r'id="waarde-error">(.*?)</div>\s*</div>', html, re.S)
    assert veldfout and message in veldfout.group(1)  # the error block of the value field itself
    db.session.refresh(record)
    assert (getattr(record, veld), record.versie, _historie(record.id, soort)) == before


def test_a_rectificatie_keeps_the_records_owner_and_writes_one_history_row_naming_the_privacy_officer(vw):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "rectificatie", [w.traject.id])
    record = _record(Afronding, w.traject.id)
    owner, versie = record.aanbieder_id, record.versie
    services.rectificeer(w.privacy_a, verzoek, w.traject.id, "afronding", record.id, "datum", "03-03-2026")
    db.session.commit()
    db.session.refresh(record)
    assert record.aanbieder_id == owner == w.map_aanbieder.id
    assert (record.datum.isoformat(), record.versie, record.gewijzigd_door) == (
        "2026-03-03", versie + 1, w.privacy_a.email)
    historie = db.session.scalars(select(LeveringHistorie).where(LeveringHistorie.record_id == record.id,
                                                                 LeveringHistorie.soort == "afronding")).all()
    assert len(historie) == 1
    assert (historie[0].vervangen_door, historie[0].versie, historie[0].waarden) == (
        w.privacy_a.email, versie, {"datum": "2026-03-02", "status": "afgerond", "reden": None,
                                    "verwijtbaar": None})


# --- the trajectory's own fields: the trajectory service's rules and history (portal.trajecten.services) ----------


def test_a_rectificatie_of_the_trajectory_is_a_new_version_that_names_the_request_as_its_reason(vw):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "rectificatie", [w.traject.id])
    services.rectificeer(w.privacy_a, verzoek, w.traject.id, "traject", w.traject.id, "pip_datum", "03-02-2025")
    db.session.commit()
    traject = db.session.get(Traject, w.traject.id)
    laatste = traject.versies[-1]
    assert (traject.versie, laatste.versie, laatste.gebruiker, laatste.reden) == (
        2, 2, w.privacy_a.email, f"rectificatie bij verzoek {verzoek.id}")
    # the estimated termijn follows the corrected PIP-datum, and stays an estimate
    assert laatste.wijzigingen["pip_datum"] == ["2025-01-06", "2025-02-03"]
    assert (traject.termijn_start.isoformat(), traject.termijn_bron.value) == ("2025-02-03", "geschat")


@pytest.mark.parametrize("veld, waarde, code, form_field, message", [
    ("status", "afgerond", "waarde_onbekend", "veld", "kan niet worden gerectificeerd"),  # the regisseur's page
    ("termijn_einde", "01-01-2025", "termijn_ongeldig", "waarde", "na de begindatum"),
    ("datum_aanbod", "01-01-2024", "datum_ongeldig", "waarde", "voor de PIP-datum"),
    ("pip_datum", "", "verplicht", "waarde", "PIP-datum is verplicht"),
    ("pip_datum", "31-02-2025", "datum_ongeldig", "waarde", "31-02-2025 bestaat niet"),
    ("intensiteit_uren", "6000", "intensiteit_ongeldig", "waarde", "tussen 1 en 5000 uur"),
])
def test_a_rectificatie_of_the_trajectory_meets_the_rules_of_a_regisseurs_change_and_stores_nothing_else(
        vw, veld, waarde, code, form_field, message):
    w = vw.w
    verzoek = nieuw(w.privacy_a, "rectificatie", [w.traject.id])
    with pytest.raises(ServiceError) as error:
        services.rectificeer(w.privacy_a, verzoek, w.traject.id, "traject", w.traject.id, veld, waarde)
    assert (error.value.code, error.value.field) == (code, form_field) and message in error.value.message
    db.session.rollback()
    traject = db.session.get(Traject, w.traject.id)
    assert (traject.versie, len(traject.versies)) == (1, 0)
