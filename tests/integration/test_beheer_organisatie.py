"""The portal's operator is an organisation of its own (soort `beheer`): its beheerders belong to no gemeente or
aanbieder, and it holds no other role. The demo's beheerder belongs to it, not to Gemeente Kerkrade."""
from sqlalchemy import select

from portal.codes import OrganisatieType, Rol
from portal.extensions import db
from portal.models import Organisatie, User
from tests.conftest import TEST_PASSWORD


def test_the_demo_beheerder_belongs_to_the_operator_not_to_a_gemeente(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    beheerder = db.session.scalar(select(User).where(User.email == "beheer@portaal.demo"))
    assert beheerder.rol is Rol.beheerder
    assert beheerder.organisatie.type is OrganisatieType.beheer and "Kerkrade" not in beheerder.organisatie.naam
    kerkrade = db.session.scalar(select(Organisatie).where(Organisatie.code == "GM0928"))
    assert {u.rol for u in db.session.scalars(select(User).where(User.organisatie_id == kerkrade.id))} == {
        Rol.regisseur, Rol.privacy}


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
