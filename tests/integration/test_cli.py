"""The `portal` command group of interface.md."""
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Organisatie, Traject
from tests.conftest import TEST_PASSWORD


def test_org_user_vo_and_token_commands_register_what_they_say(runner, client):
    assert runner.invoke(args=["org", "create", "GM0928", "--type", "gemeente", "--name", "Kerkrade"]).exit_code == 0
    result = runner.invoke(args=["org", "create", "TAALX", "--type", "aanbieder", "--name", "Taal X",
                                 "--onderdelen", "taal,map"])
    assert result.exit_code == 0
    assert db.session.scalar(select(Organisatie).where(Organisatie.code == "TAALX")).onderdelen_csv == "map,taal"
    result = runner.invoke(args=["vo", "create", "--aanbieder", "TAALX", "--gemeente", "GM0928",
                                 "--start", "2025-01-01", "--eind", "2027-12-31"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["user", "create", "r@kerkrade.nl", "--role", "regisseur", "--org", "GM0928",
                                 "--password", TEST_PASSWORD])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["token", "create", "r@kerkrade.nl"])
    token = result.output.strip().splitlines()[-1]
    assert result.exit_code == 0 and token.startswith("ibp_")
    assert client.get("/api/v1/trajecten", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_cli_errors_are_dutch_and_exit_1(runner):
    result = runner.invoke(args=["org", "create", "0928", "--type", "gemeente", "--name", "Fout"])
    assert result.exit_code == 1 and "CBS-code" in result.output
    result = runner.invoke(args=["user", "create", "x@y.nl", "--role", "regisseur", "--org", "GM9999"])
    assert result.exit_code == 1 and "Er is geen organisatie" in result.output


def test_demo_loads_into_an_empty_database_and_refuses_a_second_time(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "TOTP-sleutel" in result.output and "regisseur@kerkrade.demo" in result.output
    assert db.session.scalar(select(func.count()).select_from(Traject)) == 209  # 200 + 9 for the DUO chain
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 1 and "niet leeg" in again.output
    assert runner.invoke(args=["demo", "--if-empty"]).exit_code == 0


def test_portal_import_gives_the_same_report_as_the_api_and_exits_by_outcome(runner, world, tmp_path):
    import json

    from tests.helpers.leveringen import aanwezig, csv_bytes
    good = tmp_path / "goed.csv"
    good.write_bytes(csv_bytes("aanwezigheid", [aanwezig(world.traject.id)]))
    result = runner.invoke(args=["import", str(good), "--aanbieder", world.taal_aanbieder.code,
                                 "--soort", "aanwezigheid", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.strip().splitlines()[-1])["created"] == 1
    bad = tmp_path / "fout.csv"
    bad.write_bytes(csv_bytes("aanwezigheid", [aanwezig(world.traject.id, aanwezig_="99")]))
    result = runner.invoke(args=["import", str(bad), "--aanbieder", world.taal_aanbieder.code,
                                 "--soort", "aanwezigheid", "--json"])
    report = json.loads(result.output.strip().splitlines()[-1])
    assert result.exit_code == 1 and report["status"] == "rejected"
    assert [(e["line"], e["code"]) for e in report["errors"]] == [(2, "uren_ongeldig")]
