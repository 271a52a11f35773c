from datetime import date
from portal.extensions import db
from portal.leveringen.service import Aanlevering, importeer


def test_smoke(world, login, make):
    rows = [{"traject_id": world.traject.id, "onderdeel": "taal", "periode_start": "2026-05-01", "periode_eind": "2026-05-31",
             "uren_gepland": 40, "uren_aanwezig": 30, "uren_verzuim_geoorloofd": 4, "uren_verzuim_ongeoorloofd": 6,
             "verzuim_reden": "geen_geldige_reden", "aantal_keer_verzuim": 3}]
    r, _ = importeer(world.taal_user, world.taal_user.organisatie, "aanwezigheid", Aanlevering(rijen=rows), kanaal="api")
    assert r.accepted, r.errors
    r, _ = importeer(world.map_user, world.map_user.organisatie, "afronding", Aanlevering(rijen=[{"traject_id": world.traject.id, "onderdeel": "map", "datum": "2026-06-01", "status": "afgerond", "reden": "", "verwijtbaar": ""}]), kanaal="api")
    assert r.accepted, r.errors
    db.session.commit()
    web = login(world.regisseur_a)
    resp = web.get("/voortgang/")
    assert resp.status_code == 200, resp.get_data(as_text=True)[-3000:]
    html = resp.get_data(as_text=True)
    print(html[html.index("<main"):][:6000])
    resp = web.get(f"/trajecten/{world.traject.id}")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    i = html.index('id="signalen"')
    print(html[i:i+5000])
    token = make.token(world.regisseur_a)
    print(web.get("/api/v1/signalen", headers={"Authorization": f"Bearer {token}"}).json)
    print(web.get(f"/api/v1/trajecten/{world.traject.id}/voortgang", headers={"Authorization": f"Bearer {token}"}).json)
    for f in ("xlsx", "csv"):
        resp = web.get(f"/voortgang/export.{f}")
        assert resp.status_code == 200, resp.get_data(as_text=True)[-2000:]
    print(resp.get_data(as_text=True))
