"""The delivery checks of interface.md v1.1, through the one import service: the API and the upload page give the
same codes, and a refused delivery stores nothing."""
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Aanwezigheid, Afronding, Toewijzing
from portal.trajecten import services
from tests.helpers.leveringen import aanwezig, csv_bytes, last_batch, upload


@pytest.fixture
def deliver(client, make):
    def _deliver(user, soort, rows):
        return client.post("/api/v1/aanleveringen", query_string={"soort": soort},
                           headers={"Authorization": f"Bearer {make.token(user)}"},
                           data={"bestand": (io.BytesIO(csv_bytes(soort, rows)), "levering.csv")},
                           content_type="multipart/form-data")
    return _deliver


def afronding(traject_id, onderdeel="map", datum="2026-04-01", status="afgerond", reden="", verwijtbaar=""):
    return {"traject_id": traject_id, "onderdeel": onderdeel, "datum": datum, "status": status, "reden": reden,
            "verwijtbaar": verwijtbaar}


def _gezinsmigrant_met_taal(world, make):
    """A taal assignment on a gezinsmigrant's trajectory, as it may exist from before v1.1 (the service now refuses
    it, so it is made directly)."""
    traject = make.traject(world.regisseur_a, doelgroep="gezinsmigrant")
    db.session.add(Toewijzing(traject=traject, traject_id=traject.id, onderdeel="taal",
                              aanbieder=world.taal_aanbieder, aanbieder_id=world.taal_aanbieder.id,
                              startdatum=date(2025, 2, 1)))
    db.session.flush()
    return traject


def _beeindigd(world):
    services.wijzig_traject(world.regisseur_a, world.traject, {
        "status": "beeindigd", "einde_plicht": "2026-03-15", "reden_einde": "verhuisd"}, "verhuisd")
    return world.traject


def _termijn_later(world):
    services.wijzig_traject(world.regisseur_a, world.traject, {
        "termijn_start": "2025-03-01", "termijn_einde": "2028-03-01"}, "DUO-beschikking")
    return world.traject


# code -> (who delivers, soort, rows builder, column)
CASES = {
    "onderdeel_niet_toegestaan": ("taal_user", "aanwezigheid",
                                  lambda w, m: [aanwezig(_gezinsmigrant_met_taal(w, m).id)], "onderdeel"),
    "uren_ongeldig": ("taal_user", "aanwezigheid",
                      lambda w, m: [aanwezig(w.traject.id, start="2026-03-02", eind="2026-03-02", gepland="25",
                                             aanwezig_="25", geoorloofd="0", ongeoorloofd="0", reden="", keer="")],
                      "uren_gepland"),
    "reden_niet_toegestaan": ("map_user", "afronding",
                              lambda w, m: [afronding(w.traject.id, reden="werk")], "reden"),
    "datum_buiten_termijn": ("map_user", "afronding",
                             lambda w, m: [afronding(_termijn_later(w).id, datum="2025-02-20")], "datum"),
    "traject_beeindigd": ("taal_user", "aanwezigheid",
                          lambda w, m: [aanwezig(_beeindigd(w).id, start="2026-03-01", eind="2026-03-31")],
                          "periode_eind"),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_new_delivery_code_is_refused_through_the_api(code, world, make, deliver):
    who, soort, rows, column = CASES[code]
    response = deliver(getattr(world, who), soort, rows(world, make))
    assert response.status_code == 422, response.json
    assert {(e["code"], e["column"]) for e in response.json["errors"]} == {(code, column)}
    assert db.session.scalar(select(func.count()).select_from(Aanwezigheid)) == 0
    assert db.session.scalar(select(func.count()).select_from(Afronding)) == 0


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_new_delivery_code_is_shown_on_the_upload_page(code, world, make, login):
    who, soort, rows, column = CASES[code]
    user = getattr(world, who)
    data = csv_bytes(soort, rows(world, make))
    page = upload(login(user), data, soort=soort).get_data(as_text=True)
    assert "afgewezen" in page
    assert [e["code"] for e in last_batch(user.organisatie).errors] == [code]


def test_toetsen_for_a_gezinsmigrant_are_onderdeel_niet_toegestaan(world, make, deliver):
    traject = _gezinsmigrant_met_taal(world, make)
    response = deliver(world.taal_user, "toets", [{"traject_id": traject.id, "datum": "2026-03-02",
                                                   "vaardigheid": "lezen", "niveau": "A2", "resultaat": "behaald",
                                                   "score": ""}])
    assert response.status_code == 422
    assert [e["code"] for e in response.json["errors"]] == ["onderdeel_niet_toegestaan"]


def test_deliveries_up_to_einde_plicht_are_still_taken(world, deliver):
    _beeindigd(world)
    response = deliver(world.taal_user, "aanwezigheid", [aanwezig(world.traject.id, start="2026-03-01",
                                                                  eind="2026-03-15")])
    assert response.status_code == 200, response.json
    mapa = deliver(world.map_user, "afronding", [afronding(world.traject.id, datum="2026-03-15")])
    assert mapa.status_code == 200, mapa.json
