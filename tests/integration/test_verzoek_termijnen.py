"""Deadlines as the app computes them with a frozen clock (PORTAL_TODAY = 2026-06-15 in the test app): the API's
deadline, the extension within the first month only and with a reason, and overdue requests shown in red."""
from datetime import date

import pytest

from dpia.verzoeken import services
from portal.errors import ServiceError
from portal.extensions import db


def nieuw(user, traject, ontvangen, type_="inzage"):
    verzoek = services.registreer(user, type_, ontvangen, [traject.id])
    db.session.commit()
    return verzoek


def test_the_api_reports_the_leap_day_deadline_and_the_extended_one(world, client, make, app, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_TODAY", "2028-02-10")
    headers = {"Authorization": f"Bearer {make.token(world.privacy_a)}"}
    created = client.post("/api/v1/verzoeken", headers=headers,
                          json={"type": "inzage", "ontvangen": "2028-01-31", "traject_ids": [world.traject.id]})
    assert created.status_code == 201 and created.json["deadline"] == "2028-02-29"
    verzoek = services.eigen_verzoek(world.privacy_a, created.json["id"])
    services.verleng(world.privacy_a, verzoek, "Veel gegevens bij drie aanbieders op te vragen.")
    db.session.commit()
    got = client.get(f"/api/v1/verzoeken/{verzoek.id}", headers=headers).json
    assert got["deadline"] == "2028-04-29" and got["status"] == "verlengd" and got["verlengd"]


def test_an_extension_after_the_first_month_is_refused(world):
    verzoek = nieuw(world.privacy_a, world.traject, date(2026, 5, 14))  # deadline 14 June; today 15 June
    with pytest.raises(ServiceError) as error:
        services.verleng(world.privacy_a, verzoek, "Te laat bedacht.")
    assert error.value.code == "te_laat" and "14-06-2026" in error.value.message
    assert verzoek.verlengd_op is None and verzoek.deadline == date(2026, 6, 14)


def test_an_extension_needs_a_reason_and_happens_once(world):
    verzoek = nieuw(world.privacy_a, world.traject, date(2026, 6, 1))
    with pytest.raises(ServiceError) as error:
        services.verleng(world.privacy_a, verzoek, "  ")
    assert error.value.field == "reden"
    services.verleng(world.privacy_a, verzoek, "Complex verzoek.")
    assert verzoek.deadline == date(2026, 9, 1)
    with pytest.raises(ServiceError) as error:
        services.verleng(world.privacy_a, verzoek, "Nog eens.")
    assert error.value.code == "al_verlengd"


def test_a_receipt_date_in_the_future_is_a_field_error(world):
    with pytest.raises(ServiceError) as error:
        services.registreer(world.privacy_a, "inzage", date(2026, 6, 16), [world.traject.id])
    assert error.value.field == "ontvangen"


def test_the_list_shows_days_left_and_overdue_requests_in_red(world, login):
    te_laat = nieuw(world.privacy_a, world.traject, date(2026, 5, 10))   # due 10 June: 5 days late
    op_tijd = nieuw(world.privacy_a, world.traject, date(2026, 6, 10))   # due 10 July: 25 days left
    page = login(world.privacy_a).get("/privacy/verzoeken").get_data(as_text=True)
    assert "5 dagen te laat" in page and "utrecht-status-badge--error" in page and "25 dagen" in page
    assert page.index(f"Verzoek {te_laat.id}") < page.index(f"Verzoek {op_tijd.id}")


def test_the_status_workflow_needs_the_identity_check_and_keeps_closed_requests_closed(world):
    verzoek = nieuw(world.privacy_a, world.traject, date(2026, 6, 1))
    with pytest.raises(ServiceError) as error:
        services.zet_status(world.privacy_a, verzoek, "in_behandeling")
    assert error.value.code == "identiteit"
    services.zet_status(world.privacy_a, verzoek, "identiteit_onbevestigd")
    with pytest.raises(ServiceError):
        services.inzage(world.privacy_a, verzoek)
    services.identiteit_vastleggen(world.privacy_a, verzoek, "balie_id_bewijs", None, None)
    assert verzoek.status.value == "in_behandeling" and verzoek.identiteit_door == world.privacy_a.email
    services.zet_status(world.privacy_a, verzoek, "afgehandeld")
    assert verzoek.afgesloten_op == date(2026, 6, 15)
    with pytest.raises(ServiceError) as error:
        services.zet_status(world.privacy_a, verzoek, "in_behandeling")
    assert error.value.code == "overgang_ongeldig"
