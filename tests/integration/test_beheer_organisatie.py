"""The portal's operator is an organisation of its own (soort `beheer`): its beheerders belong to no gemeente or
aanbieder, and it holds no other role. (That the demo's beheerder belongs to it, not to Gemeente Kerkrade, is proven on
the demo loaded once for tests/integration/test_demo_doelgroep.py.)"""

from tests.conftest import TEST_PASSWORD


def test_an_operator_organisation_holds_only_beheerders(runner):
    result = runner.invoke(args=["org", "create", "PORTAAL", "--type", "beheer", "--name", "Beheer portaal"])
    assert result.exit_code == 0, result.output
    for rol in ("regisseur", "privacy", "aanbieder"):
        result = runner.invoke(args=["user", "create", f"{rol}@beheer.nl", "--role", rol, "--org", "PORTAAL",
                                     "--password", TEST_PASSWORD])
        assert result.exit_code == 1 and f"De rol {rol} hoort bij" in result.output
    result = runner.invoke(args=["user", "create", "b@beheer.nl", "--role", "beheerder", "--org", "PORTAAL",
                                 "--password", TEST_PASSWORD])
    assert result.exit_code == 0, result.output
