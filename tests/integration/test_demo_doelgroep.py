"""The demo data shows every signal of design.md, and none that the law would not give (the doelgroep rules); its
beheerder belongs to the operator's organisation, not to a gemeente (`portal demo` run once for the module)."""
import pytest
from sqlalchemy import select

from portal.codes import OrganisatieType, Rol
from portal.extensions import db
from portal.models import Organisatie, Toewijzing, Traject, User
from portal.timeutil import today
from portal.voortgang import signalen
from portal.voortgang.services import instellingen_voor
from tests.helpers.signalen_engine import gelijk

ALLEEN_ASIEL = {"vertraagde_start", "afschalen_mogelijk", "termijn_in_gevaar"}


@pytest.fixture(scope="module")
def _demo(shared):
    """`portal demo` run once into the module's database (tests/helpers/shared.py); both tests only read it."""
    def laad(_make):
        result = shared.app.test_cli_runner().invoke(args=["demo"])
        assert result.exit_code == 0, result.output
    return shared.build(laad)


@pytest.fixture
def demo(ctx, _demo):
    return _demo.load()


def test_the_demo_shows_every_signal_and_none_the_law_would_not_give(demo, runner, app, monkeypatch):
    trajecten = {t.id: t for t in db.session.scalars(select(Traject))}
    gevonden = set()
    for gemeente in db.session.scalars(select(Organisatie).where(Organisatie.type == "gemeente")):
        frame = signalen.bereken(select(Traject).where(Traject.gemeente_id == gemeente.id), today(),
                                 instellingen_voor(gemeente.id))
        for s in frame.itertuples():
            t = trajecten[s.traject_id]
            gevonden.add(s.type)
            assert t.status.value == "actief" or s.type == "duo_registratie"
            if s.type in ALLEEN_ASIEL:
                assert t.doelgroep.value == "asielstatushouder", (s.type, t.id)
            if s.type == "afschalen_mogelijk":
                assert t.leerroute.value == "b1" and t.niveau.value == "B1"
            if s.type == "leerroute_wissel":
                assert t.leerroute.value != "onderwijsroute"
            if s.type == "map_pvt_niet_afgerond" and s.onderdeel == "map":
                assert t.leerroute.value != "onderwijsroute"
    assert gevonden == {soort.value for soort in signalen.SignaalType}
    taal_elders = db.session.scalars(select(Toewijzing).join(Traject).where(
        Toewijzing.onderdeel == "taal", Traject.doelgroep != "asielstatushouder")).all()
    assert taal_elders == []
    assert any(t.status.value != "actief" and t.einde_plicht for t in trajecten.values())
    assert any(t.termijn_bron.value == "duo" and t.verlengingsgrond for t in trajecten.values())
    assert any(t.niveau and t.niveau.value == "A2" for t in trajecten.values())
    assert any("leerroute" in v.wijzigingen for t in trajecten.values() for v in t.versies)
    monkeypatch.setitem(app.config, "PORTAL_TODAY", "2045-01-01")
    output = runner.invoke(args=["retention"]).output
    ended = sum(t.status.value != "actief" for t in trajecten.values())
    assert f"Te wissen: {ended} traject(en)." in output


def test_the_demo_shows_each_duo_actie_and_each_controle_code(demo, app):
    from portal.duo import export, regels

    kerkrade = db.session.scalar(select(Organisatie).where(Organisatie.code == "GM0928"))
    elementen = export.bereken(select(Traject).where(Traject.gemeente_id == kerkrade.id), today())
    acties = {e[deel]["actie"] for e in elementen for deel in ("map", "pvt", "zroute")}
    assert acties == {"nieuw", "wijzigen", "intrekken", "geen"}
    assert {c for e in elementen for c in e["controles"]} == set(regels.CONTROLES)


def test_the_demo_beheerder_belongs_to_the_operator_not_to_a_gemeente(demo):
    beheerder = db.session.scalar(select(User).where(User.email == "beheer@portaal.demo"))
    assert beheerder.rol is Rol.beheerder
    assert beheerder.organisatie.type is OrganisatieType.beheer and "Kerkrade" not in beheerder.organisatie.naam
    kerkrade = db.session.scalar(select(Organisatie).where(Organisatie.code == "GM0928"))
    assert {u.rol for u in db.session.scalars(select(User).where(User.organisatie_id == kerkrade.id))} == {
        Rol.regisseur, Rol.privacy}


def test_the_engine_gives_the_signals_of_the_rules_frames_exactly_on_the_demo(demo):
    """signalen.bereken builds one frame of the rules' arrays: the same as the rules' own frames concatenated."""
    gemeenten = db.session.scalars(select(Organisatie).where(Organisatie.type == "gemeente")).all()
    aantal = sum(gelijk(select(Traject).where(Traject.gemeente_id == g.id), today(), instellingen_voor(g.id))
                 for g in gemeenten)
    assert aantal > 100
