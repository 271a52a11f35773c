"""Verwerkersovereenkomsten: deliveries need a valid one, renewing unblocks, the 60-day warning, the privacy
officer's pages and the aanbieder's view of its own agreements. The test app's today is 2026-06-15."""
import re
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from dpia.verwerkersovereenkomsten import services
from dpia.verwerkersovereenkomsten.models import Verwerkersovereenkomst
from portal.codes import VoStatus
from portal.extensions import db
from portal.models import Organisatie, Traject, User
from tests.conftest import _csrf
from tests.helpers.leveringen import aanwezig

TODAY = date(2026, 6, 15)


@dataclass
class Paar:
    gemeente: Organisatie
    andere_gemeente: Organisatie
    aanbieder: Organisatie
    privacy: User
    aanbieder_user: User
    traject: Traject          # of `gemeente`, assigned to `aanbieder`
    ander_traject: Traject    # of `andere_gemeente`, assigned to `aanbieder`, always covered by a valid agreement


@pytest.fixture(scope="module")
def _paar(shared):
    """Built once for the module's tests (tests/helpers/shared.py)."""
    def bouw(make) -> Paar:
        gemeente, andere = make.gemeente(naam="Gemeente Vostad"), make.gemeente(naam="Gemeente Anderstad")
        aanbieder = make.aanbieder(["taal"], naam="Taalhuis VO")
        regisseur, regisseur_ander = make.user("regisseur", gemeente), make.user("regisseur", andere)
        traject, ander = make.traject(regisseur), make.traject(regisseur_ander)
        make.toewijzing(regisseur, traject, aanbieder, "taal")
        make.toewijzing(regisseur_ander, ander, aanbieder, "taal")
        make.vo(aanbieder, andere)
        return Paar(gemeente, andere, aanbieder, make.user("privacy", gemeente), make.user("aanbieder", aanbieder),
                    traject, ander)
    return shared.build(bouw)


@pytest.fixture
def paar(ctx, _paar) -> Paar:
    return _paar.load()


def _codes(response) -> list[str]:
    return [e["code"] for e in response.json["errors"]]


def _post(web, url, **data):
    """A form POST with the session's CSRF token (taken from a form page: the login helper finds none for the
    privacy role, whose start page has no form)."""
    if not getattr(web, "csrf_token", None):
        web.csrf_token = _csrf(web.get("/privacy/verwerkersovereenkomsten/nieuw").get_data(as_text=True))
    return web.post(url, data={"csrf_token": web.csrf_token, **data})


def _vo(aanbieder, gemeente) -> list[Verwerkersovereenkomst]:
    return list(db.session.scalars(select(Verwerkersovereenkomst).where(
        Verwerkersovereenkomst.aanbieder_id == aanbieder.id, Verwerkersovereenkomst.gemeente_id == gemeente.id)
        .order_by(Verwerkersovereenkomst.id)))


# --- deliveries ----------------------------------------------------------------------------------------------------


def test_a_missing_agreement_blocks_deliveries_for_that_gemeente_only(paar, deliver):  # noqa: F811
    response = deliver(paar.aanbieder_user, "aanwezigheid",
                       [aanwezig(paar.traject.id), aanwezig(paar.ander_traject.id)])
    assert response.status_code == 422
    assert [(e["line"], e["code"]) for e in response.json["errors"]] == [(2, "geen_verwerkersovereenkomst")]


def test_an_expired_agreement_blocks_deliveries(paar, make, deliver):  # noqa: F811
    make.vo(paar.aanbieder, paar.gemeente, start=date(2024, 1, 1), eind=date(2026, 6, 14))
    response = deliver(paar.aanbieder_user, "aanwezigheid", [aanwezig(paar.traject.id)])
    assert response.status_code == 422 and _codes(response) == ["geen_verwerkersovereenkomst"]
    assert services.gemeenten_met_geldige_vo(paar.aanbieder.id, TODAY) == {paar.andere_gemeente.id}


def test_an_agreement_that_expires_today_still_counts_and_one_that_starts_tomorrow_does_not(paar, make):
    make.vo(paar.aanbieder, paar.gemeente, start=date(2024, 1, 1), eind=TODAY)
    assert paar.gemeente.id in services.gemeenten_met_geldige_vo(paar.aanbieder.id, TODAY)
    assert paar.gemeente.id not in services.gemeenten_met_geldige_vo(paar.aanbieder.id, date(2026, 6, 16))
    later = make.gemeente()
    make.vo(paar.aanbieder, later, start=date(2026, 6, 16), eind=date(2027, 6, 15))
    assert later.id not in services.gemeenten_met_geldige_vo(paar.aanbieder.id, TODAY)


def test_renewing_on_the_privacy_page_unblocks_deliveries(paar, make, login, deliver):  # noqa: F811
    oud = make.vo(paar.aanbieder, paar.gemeente, start=date(2024, 1, 1), eind=date(2026, 5, 31))
    assert _codes(deliver(paar.aanbieder_user, "aanwezigheid", [aanwezig(paar.traject.id)])) == [
        "geen_verwerkersovereenkomst"]
    web = login(paar.privacy)
    form = web.get(f"/privacy/verwerkersovereenkomsten/{oud.id}/verlengen").get_data(as_text=True)
    assert 'value="15-06-2026"' in form  # expired: the renewal starts today, not retroactively
    response = _post(web, f"/privacy/verwerkersovereenkomsten/{oud.id}/verlengen", startdatum="2026-06-15",
                     einddatum="2028-06-14", getekend_op="2026-06-12", activiteiten="voortgangsrapportage",
                     subverwerkers="Hostingbedrijf B.V.\nBack-updienst X", auditrecht="Eens per jaar")
    assert response.status_code == 302, response.get_data(as_text=True)
    oud_na, nieuw = _vo(paar.aanbieder, paar.gemeente)
    assert (oud_na.einddatum, oud_na.status) == (date(2026, 5, 31), VoStatus.getekend)  # the old document stays
    assert (nieuw.vervangt_id, nieuw.status, nieuw.startdatum) == (oud.id, VoStatus.getekend, TODAY)
    assert nieuw.subverwerkers == ["Hostingbedrijf B.V.", "Back-updienst X"]
    response = deliver(paar.aanbieder_user, "aanwezigheid", [aanwezig(paar.traject.id)])
    assert response.status_code == 200, response.json


def test_a_renewal_saved_as_concept_does_not_unblock_until_it_is_signed(paar, make, login, deliver):  # noqa: F811
    oud = make.vo(paar.aanbieder, paar.gemeente, start=date(2024, 1, 1), eind=date(2026, 5, 31))
    web = login(paar.privacy)
    _post(web, f"/privacy/verwerkersovereenkomsten/{oud.id}/verlengen", startdatum="2026-06-15",
          einddatum="2028-06-14")
    nieuw = _vo(paar.aanbieder, paar.gemeente)[-1]
    assert nieuw.status is VoStatus.concept
    assert deliver(paar.aanbieder_user, "aanwezigheid", [aanwezig(paar.traject.id)]).status_code == 422
    response = _post(web, f"/privacy/verwerkersovereenkomsten/{nieuw.id}", startdatum="2026-06-15",
                     einddatum="2028-06-14", getekend_op="2026-06-15")
    assert response.status_code == 302
    assert deliver(paar.aanbieder_user, "aanwezigheid", [aanwezig(paar.traject.id)]).status_code == 200


def test_ending_an_agreement_blocks_deliveries_from_that_day(paar, make, login, deliver):  # noqa: F811
    vo = make.vo(paar.aanbieder, paar.gemeente)
    web = login(paar.privacy)
    response = _post(web, f"/privacy/verwerkersovereenkomsten/{vo.id}/beeindigen", per="2026-06-15",
                     reden="Contract opgezegd")
    assert response.status_code == 302
    db.session.refresh(vo)
    assert (vo.status, vo.beeindigd_op, vo.status_op(TODAY)) == (VoStatus.beeindigd, TODAY, VoStatus.beeindigd)
    assert vo.geldig_op(date(2026, 6, 14)) and not vo.geldig_op(TODAY)
    assert _codes(deliver(paar.aanbieder_user, "aanwezigheid", [aanwezig(paar.traject.id)])) == [
        "geen_verwerkersovereenkomst"]
    # An ended agreement is history: it is not changed any more.
    assert _post(web, f"/privacy/verwerkersovereenkomsten/{vo.id}", startdatum="2024-01-01",
                 einddatum="2030-01-01", getekend_op="2024-01-01").status_code == 409


def test_an_agreement_ended_per_a_later_day_stays_valid_until_the_day_before(paar, make, login):
    vo = make.vo(paar.aanbieder, paar.gemeente)
    _post(login(paar.privacy), f"/privacy/verwerkersovereenkomsten/{vo.id}/beeindigen", per="2026-07-01",
          reden="Opzegtermijn")
    assert paar.gemeente.id in services.gemeenten_met_geldige_vo(paar.aanbieder.id, date(2026, 6, 30))
    assert paar.gemeente.id not in services.gemeenten_met_geldige_vo(paar.aanbieder.id, date(2026, 7, 1))


# --- the privacy officer's list and its warnings -----------------------------------------------------------------


def _section(page: str, code: str) -> str:
    match = re.search(rf'<section[^>]*id="aanbieder-{code}".*?</section>', page, re.S)
    assert match, f"no section for {code}"
    return match.group(0)


@pytest.mark.parametrize("eind, melding, niveau", [
    (date(2026, 8, 14), "Verloopt over 60 dagen (14-08-2026)", "warning"),
    (date(2026, 8, 15), "Geldig tot en met 15-08-2026", "ok"),
    (date(2026, 6, 15), "Verloopt vandaag (15-06-2026)", "warning"),
    (date(2026, 6, 14), "Verlopen op 14-06-2026", "error"),
])
def test_the_list_warns_60_days_before_the_last_valid_day(paar, make, login, eind, melding, niveau):
    make.vo(paar.aanbieder, paar.gemeente, start=date(2024, 1, 1), eind=eind)
    page = login(paar.privacy).get("/privacy/verwerkersovereenkomsten").get_data(as_text=True)
    section = _section(page, paar.aanbieder.code)
    assert melding in section and f'data-melding="{niveau}"' in section


def test_a_renewal_that_follows_on_removes_the_warning(paar, make, login):
    oud = make.vo(paar.aanbieder, paar.gemeente, start=date(2024, 7, 1), eind=date(2026, 6, 30))
    web = login(paar.privacy)
    assert "Verloopt over 15 dagen" in _section(web.get("/privacy/verwerkersovereenkomsten").get_data(as_text=True),
                                                paar.aanbieder.code)
    _post(web, f"/privacy/verwerkersovereenkomsten/{oud.id}/verlengen", startdatum="2026-07-01",
          einddatum="2028-06-30", getekend_op="2026-06-10")
    section = _section(web.get("/privacy/verwerkersovereenkomsten").get_data(as_text=True), paar.aanbieder.code)
    assert "Geldig tot en met 30-06-2028" in section and 'data-melding="ok"' in section


def test_an_aanbieder_with_assignments_but_no_agreement_is_listed_as_blocked(paar, login):
    page = login(paar.privacy).get("/privacy/verwerkersovereenkomsten").get_data(as_text=True)
    assert "1 aanbieder kan niet aanleveren" in page
    section = _section(page, paar.aanbieder.code)
    assert "Geen getekende overeenkomst" in section and 'data-melding="error"' in section


def test_creating_an_agreement_with_all_its_terms(paar, login):
    web = login(paar.privacy)
    assert web.get("/privacy/verwerkersovereenkomsten/nieuw").status_code == 200
    response = _post(web, "/privacy/verwerkersovereenkomsten/nieuw", aanbieder=paar.aanbieder.code,
                     startdatum="2026-01-01", einddatum="2027-12-31", getekend_op="2025-12-20",
                     evaluatiedatum="2027-01-15", activiteiten=["voortgangsrapportage", "signalering_regie"],
                     subverwerkers="Cloud B.V.", auditrecht="Jaarlijks, op kosten van de aanbieder",
                     notities="Versie 3")
    assert response.status_code == 302
    (vo,) = _vo(paar.aanbieder, paar.gemeente)
    assert (vo.status, vo.getekend_op, vo.evaluatiedatum) == (VoStatus.getekend, date(2025, 12, 20), date(2027, 1, 15))
    assert vo.activiteiten == ["voortgangsrapportage", "signalering_regie"]
    assert (vo.subverwerkers, vo.auditrecht, vo.notities) == (["Cloud B.V."], "Jaarlijks, op kosten van de aanbieder",
                                                              "Versie 3")
    assert vo.gewijzigd_door == paar.privacy.email
    assert paar.gemeente.id in services.gemeenten_met_geldige_vo(paar.aanbieder.id, TODAY)


def test_a_form_error_is_shown_in_dutch_and_nothing_is_saved(paar, login):
    web = login(paar.privacy)
    response = _post(web, "/privacy/verwerkersovereenkomsten/nieuw", aanbieder=paar.aanbieder.code,
                     startdatum="2027-01-01", einddatum="2026-01-01")
    assert response.status_code == 422 and "De einddatum ligt voor de startdatum." in response.get_data(as_text=True)
    assert _vo(paar.aanbieder, paar.gemeente) == []


def test_another_gemeentes_agreement_answers_404_to_a_privacy_officer(paar, make, login):
    vreemd = make.vo(paar.aanbieder, paar.andere_gemeente)
    web = login(paar.privacy)
    for path in ("", "/verlengen", "/beeindigen"):
        assert web.get(f"/privacy/verwerkersovereenkomsten/{vreemd.id}{path}").status_code == 404
    assert _post(web, f"/privacy/verwerkersovereenkomsten/{vreemd.id}/beeindigen", per="2026-06-15",
                 reden="x").status_code == 404
    db.session.refresh(vreemd)
    assert vreemd.status is VoStatus.getekend
    assert paar.andere_gemeente.naam not in web.get("/privacy/verwerkersovereenkomsten").get_data(as_text=True)


@pytest.mark.parametrize("rol", ["regisseur", "aanbieder"])
def test_other_roles_get_403_on_the_privacy_pages(paar, make, login, rol):
    user = make.user(rol, paar.gemeente if rol == "regisseur" else paar.aanbieder)
    web = login(user)
    for path in ("/privacy/verwerkersovereenkomsten", "/privacy/verwerkersovereenkomsten/nieuw"):
        assert web.get(path).status_code == 403


# --- the aanbieder's own view --------------------------------------------------------------------------------------


def test_an_aanbieder_sees_its_own_agreements_only(paar, make, login):
    make.vo(paar.aanbieder, paar.gemeente, start=date(2024, 1, 1), eind=date(2026, 7, 31))
    ander = make.aanbieder(["taal"], naam="Concurrent Taal")
    derde = make.gemeente(naam="Gemeente Derdedorp")
    make.vo(ander, derde)
    page = login(paar.aanbieder_user).get("/mijn-verwerkersovereenkomsten").get_data(as_text=True)
    assert paar.gemeente.naam in page and paar.andere_gemeente.naam in page
    assert "Verloopt over 46 dagen (31-07-2026)" in page
    assert derde.naam not in page and ander.naam not in page
    assert 'href="/mijn-verwerkersovereenkomsten"' in page  # in the aanbieder's menu


def test_an_aanbieder_without_agreements_is_told_it_cannot_deliver(make, login):
    aanbieder = make.aanbieder(["taal"])
    page = login(make.user("aanbieder", aanbieder)).get("/mijn-verwerkersovereenkomsten").get_data(as_text=True)
    assert "Zolang die er niet is, kunt u niet aanleveren" in page


@pytest.mark.parametrize("rol", ["regisseur", "privacy", "beheerder"])
def test_only_an_aanbieder_opens_its_agreements_page(paar, make, login, rol):
    assert login(make.user(rol, paar.gemeente)).get("/mijn-verwerkersovereenkomsten").status_code == 403


def test_portal_vo_create_still_registers_a_signed_agreement(paar, runner):
    result = runner.invoke(args=["vo", "create", "--aanbieder", paar.aanbieder.code, "--gemeente", paar.gemeente.code,
                                 "--start", "2026-01-01", "--eind", "2026-12-31"])
    assert result.exit_code == 0, result.output
    (vo,) = _vo(paar.aanbieder, paar.gemeente)
    assert vo.status is VoStatus.getekend and vo.geldig_op(TODAY)
    bad = runner.invoke(args=["vo", "create", "--aanbieder", paar.aanbieder.code, "--gemeente", paar.gemeente.code,
                              "--start", "2026-12-31", "--eind", "2026-01-01"])
    assert bad.exit_code == 1 and "einddatum ligt voor de startdatum" in bad.output
