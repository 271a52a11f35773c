"""The DUO chain through the API (interface.md v1.1): the export per trajectory ID in the contract's shape, `actie`
over a result's life with the duo_registratie signal reopening after a correction, the gemeente's verwijtbaar
decision in DUO's window, every `controles` code from real data, each part validated against DUO's own OpenAPI
schemas (tests/duo_schemas), the files, logging under the DUO chain's register activity, and isolation.
The clock is frozen on 15-06-2026 (PORTAL_TODAY)."""
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import yaml
from openapi_schema_validator import OAS30Validator
from sqlalchemy import select

from portal.duo import berichten
from portal.extensions import db
from portal.models import LogEntry
from tests.helpers.api import bearer
from tests.helpers.voortgang import Regie, afronding, bouw_regie, lever, nieuw_traject, periode, toewijzen

SCHEMAS = Path(__file__).parent.parent / "duo_schemas"


@pytest.fixture(scope="module")
def _regie(shared):
    """Built once for the module's tests (tests/helpers/shared.py)."""
    return shared.build(bouw_regie)


@pytest.fixture
def regie(ctx, _regie) -> Regie:
    return _regie.load()


def export(client, user, make, **args) -> dict:
    response = client.get("/api/v1/duo-export", query_string=args, headers=bearer(make.token(user)))
    assert response.status_code == 200, response.json
    return response.json


def element(body: dict, traject_id: str) -> dict:
    return next(e for e in body["trajecten"] if e["traject_id"] == traject_id)


def patch(client, regie, make, traject, **velden):
    response = client.patch(f"/api/v1/trajecten/{traject.id}", json={"reden": "DUO-gegevens", **velden},
                            headers=bearer(make.token(regie.regisseur)))
    assert response.status_code == 200, response.json


def b1_met_uren(regie: Regie):
    """An asielstatushouder on the B1-route: taal during the brede intake and after the PIP-datum, MAP afgerond."""
    t = nieuw_traject(regie.regisseur, date(2025, 3, 3), date(2025, 4, 1), intensiteit=600)
    toewijzen(regie.regisseur, t, regie.taal, "taal", date(2025, 2, 1))
    toewijzen(regie.regisseur, t, regie.mappvt, "map", date(2025, 3, 3))
    lever(regie.docent, "aanwezigheid", [
        periode(t.id, "2025-02-01", "2025-03-02", gepland=8.5),
        periode(t.id, "2025-03-03", "2025-03-31", gepland=60.75),
        periode(t.id, "2025-04-01", "2025-04-30", gepland=40.25),
        periode(t.id, "2025-05-01", "2025-05-31", gepland=22.25),
    ])
    lever(regie.coach, "afronding", [afronding(t.id, "map", "2025-09-15")])
    return t


def test_the_export_answers_each_trajectory_in_the_contracts_shape(client, regie, make):
    t = b1_met_uren(regie)
    body = export(client, regie.regisseur, make)
    assert body["peildatum"] == "2026-06-15"
    assert element(body, t.id) == {
        "traject_id": t.id, "gemeentecode": regie.gemeente.code.removeprefix("GM"),
        "doelgroep_duo": "Asielstatushouder",
        "pip": {"dagtekening": "2025-03-03", "leerroute": "B", "niveau": "B1", "geschatte_intensiteit_b1": 600},
        "aanbod": {"datum": "2025-04-01"},
        "uren": {"participatietaalles": 123, "bredeintake_taallesknm": 8, "participatieactiviteiten": None,
                 "bekend_tot": "2025-06-01"},
        "map": {"datum_eindgesprek": "2025-09-15", "verwijtbaar": None, "actie": "nieuw"},
        "pvt": {"datum_ondertekening": None, "verwijtbaar": None, "actie": "geen"},
        "zroute": {"datum_afronding": None, "actie": "geen"},
        "controles": []}


def test_a_gezinsmigrant_has_no_hours_no_aanbod_and_no_b1_intensiteit(client, regie, make):
    t = nieuw_traject(regie.regisseur, date(2025, 3, 3), None, intensiteit=None, doelgroep="gezinsmigrant")
    e = element(export(client, regie.regisseur, make), t.id)
    assert e["doelgroep_duo"] == "Gezinsmigrant en overige migrant"
    assert e["uren"] == {"participatietaalles": None, "bredeintake_taallesknm": None,
                         "participatieactiviteiten": None, "bekend_tot": None}
    assert e["aanbod"] == {"datum": None} and e["pip"]["geschatte_intensiteit_b1"] is None


def test_the_z_route_counts_map_and_pvt_as_participatieactiviteiten_never_its_800_as_b1_intensiteit(
        client, regie, make):
    t = nieuw_traject(regie.regisseur, date(2025, 3, 3), date(2025, 4, 1), leerroute="z_route")
    toewijzen(regie.regisseur, t, regie.mappvt, "map", date(2025, 3, 3))
    toewijzen(regie.regisseur, t, regie.mappvt, "pvt", date(2025, 3, 3))
    lever(regie.coach, "aanwezigheid", [periode(t.id, "2025-04-01", "2025-04-30", gepland=5.5, onderdeel="map"),
                                        periode(t.id, "2025-05-01", "2025-05-31", gepland=4.6, onderdeel="pvt")])
    e = element(export(client, regie.regisseur, make), t.id)
    assert e["pip"]["leerroute"] == "Z" and e["pip"]["geschatte_intensiteit_b1"] is None
    assert e["uren"] == {"participatietaalles": 0, "bredeintake_taallesknm": 0, "participatieactiviteiten": 10,
                         "bekend_tot": "2025-06-01"}


def _duo_signalen(client, regie, make, traject_id):
    signalen = client.get("/api/v1/signalen", query_string={"type": "duo_registratie"},
                          headers=bearer(make.token(regie.regisseur))).json
    return [s for s in signalen if s["traject_id"] == traject_id]


def test_actie_over_a_life_and_a_correction_after_sending_reopens_the_signal(client, regie, make):
    t = b1_met_uren(regie)
    headers = bearer(make.token(regie.regisseur))
    url = f"/api/v1/trajecten/{t.id}/duo-registratie"
    assert element(export(client, regie.regisseur, make), t.id)["map"]["actie"] == "nieuw"
    assert [s["datum"] for s in _duo_signalen(client, regie, make, t.id)] == ["2025-09-15"]

    assert client.post(url, json={"onderdeel": "map", "datum": "2025-09-20"}, headers=headers).status_code == 201
    assert element(export(client, regie.regisseur, make), t.id)["map"]["actie"] == "geen"
    assert _duo_signalen(client, regie, make, t.id) == []

    lever(regie.coach, "afronding", [afronding(t.id, "map", "2025-09-16")])  # the aanbieder corrects the date
    e = element(export(client, regie.regisseur, make), t.id)
    assert e["map"] == {"datum_eindgesprek": "2025-09-16", "verwijtbaar": None, "actie": "wijzigen"}
    signaal, = _duo_signalen(client, regie, make, t.id)
    assert (signaal["onderdeel"], signaal["datum"], signaal["deadline"]) == ("map", "2026-06-15", "2026-06-29")

    assert client.post(url, json={"onderdeel": "map"}, headers=headers).status_code == 201
    assert element(export(client, regie.regisseur, make), t.id)["map"]["actie"] == "geen"

    lever(regie.coach, "afronding", [afronding(t.id, "map", "2025-09-16", status="niet_afgerond")])
    e = element(export(client, regie.regisseur, make), t.id)
    # the aanbieder's verwijtbaar ("nee") is advice only: the export shows the gemeente's decision (none yet)
    assert e["map"] == {"datum_eindgesprek": None, "verwijtbaar": None, "actie": "intrekken"}
    assert len(_duo_signalen(client, regie, make, t.id)) == 1
    assert client.post(url, json={"onderdeel": "map"}, headers=headers).status_code == 201
    assert element(export(client, regie.regisseur, make), t.id)["map"]["actie"] == "geen"
    assert _duo_signalen(client, regie, make, t.id) == []
    assert client.post(url, json={"onderdeel": "map"}, headers=headers).json["error"] == "niet_afgerond"


@pytest.mark.parametrize("einde, waarde, toegestaan", [
    ("2026-06-16", "ja", False), ("2026-06-15", "ja", True),
    ("2026-08-16", "nee", False), ("2026-08-15", "nee", True),
])
def test_the_gemeentes_verwijtbaar_decision_only_within_duos_window(client, regie, make, einde, waarde, toegestaan):
    t = nieuw_traject(regie.regisseur, date(2023, 7, 10), date(2023, 8, 1))
    patch(client, regie, make, t, termijn_einde=einde)
    response = client.post(f"/api/v1/trajecten/{t.id}/duo-registratie",
                           json={"onderdeel": "pvt", "verwijtbaar": waarde},
                           headers=bearer(make.token(regie.regisseur)))
    if not toegestaan:
        assert (response.status_code, response.json["error"]) == (422, "verwijtbaar_te_vroeg")
        return
    assert response.status_code == 201
    e = element(export(client, regie.regisseur, make), t.id)
    assert e["pvt"] == {"datum_ondertekening": None, "verwijtbaar": waarde.capitalize(), "actie": "geen"}


def test_verwijtbaar_is_refused_for_an_afgeronde_map(client, regie, make):
    t = b1_met_uren(regie)
    response = client.post(f"/api/v1/trajecten/{t.id}/duo-registratie", json={"onderdeel": "map", "verwijtbaar": "ja"},
                           headers=bearer(make.token(regie.regisseur)))
    assert (response.status_code, response.json["error"]) == (422, "verwijtbaar_ongeldig")


def test_the_z_route_afronding_is_exported_marked_and_refused_on_other_routes(client, regie, make):
    z = nieuw_traject(regie.regisseur, date(2025, 3, 3), date(2025, 4, 1), leerroute="z_route")
    b1 = nieuw_traject(regie.regisseur, date(2025, 3, 3), date(2025, 4, 1))
    headers = bearer(make.token(regie.regisseur))
    refused = client.post(f"/api/v1/trajecten/{b1.id}/zroute-afronding", json={"datum": "2026-05-01"},
                          headers=headers)
    assert (refused.status_code, refused.json["error"]) == (422, "niet_zroute")
    assert client.post(f"/api/v1/trajecten/{z.id}/zroute-afronding", json={"datum": "2026-05-01"},
                       headers=headers).json == {"traject_id": z.id, "datum": "2026-05-01"}
    assert element(export(client, regie.regisseur, make), z.id)["zroute"] == {"datum_afronding": "2026-05-01",
                                                                             "actie": "nieuw"}
    assert client.post(f"/api/v1/trajecten/{z.id}/duo-registratie", json={"onderdeel": "zroute"},
                       headers=headers).status_code == 201
    assert element(export(client, regie.regisseur, make), z.id)["zroute"]["actie"] == "geen"
    client.post(f"/api/v1/trajecten/{z.id}/zroute-afronding", json={"datum": "2026-05-04"}, headers=headers)
    assert element(export(client, regie.regisseur, make), z.id)["zroute"]["actie"] == "wijzigen"
    assert [s["onderdeel"] for s in _duo_signalen(client, regie, make, z.id)] == ["zroute"]


def alle_controles(client, regie, make) -> dict:
    """One trajectory per controle code, each from real data."""
    voor = b1_met_uren(regie)  # MAP afgerond 15-09-2025; DUO's termijn starts later
    patch(client, regie, make, voor, termijn_start="2025-10-01")
    z = nieuw_traject(regie.regisseur, date(2025, 3, 3), date(2025, 4, 1), leerroute="z_route")
    toewijzen(regie.regisseur, z, regie.mappvt, "pvt", date(2025, 3, 3))
    lever(regie.coach, "afronding", [afronding(z.id, "pvt", "2026-05-02")])
    client.post(f"/api/v1/trajecten/{z.id}/zroute-afronding", json={"datum": "2026-05-01"},
                headers=bearer(make.token(regie.regisseur)))
    verlopen = nieuw_traject(regie.regisseur, date(2023, 5, 1), date(2023, 6, 1))
    patch(client, regie, make, verlopen, termijn_einde="2026-06-01")
    over = nieuw_traject(regie.regisseur, date(2025, 3, 3), date(2025, 4, 1))
    toewijzen(regie.regisseur, over, regie.taal, "taal", date(2025, 2, 1))
    lever(regie.docent, "aanwezigheid", [periode(over.id, "2025-02-15", "2025-03-14", gepland=12)])
    onderwijs = nieuw_traject(regie.regisseur, date(2025, 3, 3), date(2025, 4, 1), leerroute="onderwijsroute")
    toewijzen(regie.regisseur, onderwijs, regie.mappvt, "map", date(2025, 3, 3))
    lever(regie.coach, "afronding", [afronding(onderwijs.id, "map", "2026-01-05")])
    return {"datum_voor_termijn": voor, "na_zroute": z, "verwijtbaar_ontbreekt": verlopen,
            "periode_over_pip": over, "map_niet_vereist": onderwijs}


def test_every_controle_code_from_real_data(client, regie, make):
    gevallen = alle_controles(client, regie, make)
    body = export(client, regie.regisseur, make)
    for code, traject in gevallen.items():
        assert element(body, traject.id)["controles"] == [code], code
    assert element(body, gevallen["periode_over_pip"].id)["uren"]["participatietaalles"] == 0
    gefilterd = export(client, regie.regisseur, make, filter="controles")
    assert {e["traject_id"] for e in gefilterd["trajecten"]} == {t.id for t in gevallen.values()}
    met_actie = export(client, regie.regisseur, make, filter="actie")
    assert all(any(e[d]["actie"] != "geen" for d in ("map", "pvt", "zroute")) for e in met_actie["trajecten"])
    assert gevallen["datum_voor_termijn"].id in {e["traject_id"] for e in met_actie["trajecten"]}


def _validator(bestand: str, schema: str) -> OAS30Validator:
    document = yaml.safe_load((SCHEMAS / bestand).read_text(encoding="utf-8"))
    return OAS30Validator({"$ref": f"#/components/schemas/{schema}", "components": document["components"]},
                          format_checker=OAS30Validator.FORMAT_CHECKER)


def test_every_part_of_the_export_validates_against_duos_own_schemas(client, regie, make):
    alle_controles(client, regie, make)
    t = b1_met_uren(regie)
    z = nieuw_traject(regie.regisseur, date(2025, 3, 3), date(2025, 4, 1), leerroute="z_route")
    toewijzen(regie.regisseur, z, regie.mappvt, "map", date(2025, 3, 3))
    lever(regie.coach, "aanwezigheid", [periode(z.id, "2025-04-01", "2025-04-30", gepland=5, onderdeel="map")])
    body = export(client, regie.regisseur, make)
    pip, aanbod = _validator("pip.yml", "PIP"), _validator("inburgeringsaanbod.yml", "Inburgeringsaanbod")
    uren = {s: _validator("gevolgde_uren.yml", s) for s in
            ("ParticipatieAlsTaalles", "TaallesEnKnmBredeIntake", "ParticipatieactiviteitenBredeIntake")}
    resultaat = {d: _validator("map_pvt_zroute.yml", s) for d, s in
                 (("map", "ResultaatMap"), ("pvt", "ResultaatPvt"), ("zroute", "ResultaatZroute"))}
    gezien = set()
    for e in body["trajecten"]:
        pip.validate(berichten.pip(e))
        gezien.add("pip")
        if (bericht := berichten.aanbod(e, "NVT")) is not None:
            aanbod.validate(bericht)
            gezien.add("aanbod")
        for schema, bericht in berichten.uren(e).items():
            uren[schema].validate(bericht)
            gezien.add(schema)
        for deel, maak in (("map", berichten.map_), ("pvt", berichten.pvt), ("zroute", berichten.zroute)):
            bericht = maak(e)
            resultaat[deel].validate(bericht)
            if bericht:
                gezien.add(deel)
    assert gezien == {"pip", "aanbod", "ParticipatieAlsTaalles", "TaallesEnKnmBredeIntake",
                      "ParticipatieactiviteitenBredeIntake", "map", "pvt", "zroute"}
    assert berichten.map_(element(body, t.id)) == {"datumEindgesprekMap": "2025-09-15"}
    # the validators do refuse what DUO refuses
    assert not pip.is_valid({"dagtekeningPip": "2025-03-03", "leerroute": "b1"})
    assert not resultaat["map"].is_valid({"verwijtbaar": "ja"})
    assert not uren["ParticipatieAlsTaalles"].is_valid({"uren": 12.5})


def test_the_export_as_xlsx_has_a_sheet_per_duo_message_with_duos_field_names_and_real_dates(client, regie, make):
    t = b1_met_uren(regie)
    response = client.get("/api/v1/duo-export?formaat=xlsx", headers=bearer(make.token(regie.regisseur)))
    assert response.status_code == 200
    assert 'filename="duo-export-2026-06-15.xlsx"' in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["PIP", "Inburgeringsaanbod", "GevolgdeUren", "MAP", "PVT", "Zroute", "Toelichting"]
    rows = list(book["MAP"].iter_rows(values_only=True))
    assert rows[0] == ("trajectId", "gemeentecode", "datumEindgesprekMap", "verwijtbaar", "actie", "controles")
    rij = next(r for r in rows if r[0] == t.id)
    assert rij[2].date() == date(2025, 9, 15) and rij[4] == "nieuw"
    uren = list(book["GevolgdeUren"].iter_rows(values_only=True))
    assert uren[0][2:6] == ("ParticipatieAlsTaalles.uren", "TaallesEnKnmBredeIntake.uren",
                            "ParticipatieactiviteitenBredeIntake.uren", "bekendTot")
    assert next(r for r in uren if r[0] == t.id)[2:4] == (123, 8)
    uitleg = {(r[0], r[1]) for r in book["Toelichting"].iter_rows(min_row=2, values_only=True)}
    assert ("PIP (DUO: PIP)", "dagtekeningPip") in uitleg and ("MAP (DUO: ResultaatMap)", "verwijtbaar") in uitleg


def test_the_export_as_csv_has_one_row_per_trajectory(client, regie, make):
    t = b1_met_uren(regie)
    response = client.get("/api/v1/duo-export?formaat=csv", headers=bearer(make.token(regie.regisseur)))
    lines = response.data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("traject_id;gemeentecode;doelgroep_duo;pip.dagtekening")
    assert any(line.startswith(f"{t.id};") and ";2025-09-15;;nieuw;" in line for line in lines[1:])


def test_the_export_is_logged_as_exporteren_per_trajectory_under_the_duo_chain(client, regie, make):
    t = b1_met_uren(regie)
    export(client, regie.regisseur, make)
    entries = db.session.scalars(select(LogEntry).where(LogEntry.traject_id == t.id,
                                                        LogEntry.actie == "exporteren")).all()
    assert [(e.verwerkingsactiviteit, e.gebruiker) for e in entries] == [("duo_keten", regie.regisseur.email)]
    assert entries[0].activiteit_versie_id is not None  # the gemeente's register holds the DUO chain


def test_another_gemeentes_regisseur_sees_none_of_it_and_an_aanbieder_is_refused(client, regie, make):
    t = b1_met_uren(regie)
    ander = make.user("regisseur", make.gemeente(naam="Gemeente Elders"))
    body = export(client, ander, make)
    assert t.id not in {e["traject_id"] for e in body["trajecten"]}
    assert client.post(f"/api/v1/trajecten/{t.id}/zroute-afronding", json={"datum": "2026-05-01"},
                       headers=bearer(make.token(ander))).status_code == 404
    for aanbieder in (regie.coach, regie.docent):
        assert client.get("/api/v1/duo-export", headers=bearer(make.token(aanbieder))).status_code == 403
    assert client.get("/api/v1/duo-export").status_code == 401


def test_the_duo_page_filters_marks_as_sent_and_logs_each_trajectory_shown(regie, make, login):
    t = b1_met_uren(regie)
    rustig = nieuw_traject(regie.regisseur, date(2025, 3, 3), date(2025, 4, 1))
    web = login(regie.regisseur)
    html = web.get("/duo/").get_data(as_text=True)
    assert t.id in html and rustig.id in html and "nieuw" in html
    met_actie = web.get("/duo/?filter=actie").get_data(as_text=True)
    assert t.id in met_actie and rustig.id not in met_actie
    assert rustig.id not in web.get("/duo/?filter=controles").get_data(as_text=True)
    response = web.post(f"/duo/trajecten/{t.id}/verzonden/map", data={"csrf_token": web.csrf_token,
                                                                      "filter": "actie"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/duo/?filter=actie")
    assert f'id="duo-{t.id}"' not in web.get("/duo/?filter=actie").get_data(as_text=True)
    again = web.post(f"/duo/trajecten/{t.id}/verzonden/map", data={"csrf_token": web.csrf_token},
                     follow_redirects=True).get_data(as_text=True)
    assert "al vastgelegd" in again
    xlsx = web.get("/duo/export.xlsx")
    assert xlsx.status_code == 200 and openpyxl.load_workbook(io.BytesIO(xlsx.data)).sheetnames[0] == "PIP"
    logged = db.session.scalars(select(LogEntry.actie).where(LogEntry.traject_id == rustig.id,
                                                             LogEntry.verwerkingsactiviteit == "duo_keten")).all()
    assert logged == ["exporteren"] * 3  # shown twice unfiltered, exported once; never when filtered out
    assert login(regie.coach).get("/duo/").status_code == 403
