"""The verwerkingsregister: the portal's own activities come pre-registered per gemeente, every change is a new
version, the register's rules hold, and processing log entries cite the version in force when they were made."""

import pytest
from sqlalchemy import event, select, update

from dpia.register import services
from dpia.register.codes import RegisterStatus
from dpia.register.models import ActiviteitVersie, Verwerkingsactiviteit
from portal import verwerkingslog
from portal.codes import Actie, Activiteit
from portal.errors import ServiceError
from portal.extensions import db
from portal.models import LogEntry, Verwerkingsactie, VerwerktObject

VOLLEDIG = {
    "naam": "Klanttevredenheidsonderzoek inburgering",
    "doel": "Meten hoe inburgeraars de begeleiding ervaren.",
    "grondslag": "e",
    "grondslag_artikel": "Art. 6 lid 1 sub e AVG jo. art. 17 Wet inburgering 2021",
    "verantwoordelijke_bestuursorgaan": "college_van_burgemeester_en_wethouders",
    "categorieen_betrokkenen": "Inburgeringsplichtigen",
    "categorieen_persoonsgegevens": "Traject-ID\nAntwoorden op de vragenlijst",
    "ontvangers": "Team inburgering",
    "bewaartermijn": "2 jaar na het onderzoek",
    "bewaartermijn_jaren": 2,
    "beveiligingsmaatregelen": "Alleen toegang voor het onderzoeksteam",
    "eigenaar": "Beleidsadviseur inburgering",
}


def _activiteit(gemeente, code: Activiteit) -> Verwerkingsactiviteit:
    return db.session.scalar(select(Verwerkingsactiviteit).where(
        Verwerkingsactiviteit.gemeente_id == gemeente.id, Verwerkingsactiviteit.code == code.value))


def _read(user, traject):
    """One logged read, as access.py does it; returns the new entry."""
    verwerkingslog.record(user, Actie.lezen, Activiteit.voortgangsrapportage, [(traject.id, traject.gemeente.code)])
    db.session.commit()
    return db.session.scalars(select(LogEntry).order_by(LogEntry.id.desc()).limit(1)).one()


def _vaststellen(activiteit, door="privacy@proef.nl"):
    services.zet_status(activiteit, RegisterStatus.in_review, door)
    return services.zet_status(activiteit, RegisterStatus.vastgesteld, door)


# --- pre-registered activities -----------------------------------------------------------------------------------


def test_a_new_gemeente_gets_the_portals_four_activities_complete_and_vastgesteld(world):
    register = services.register(world.gemeente_a.id)
    assert [a.code for a in register] == [a.value for a in Activiteit]
    for activiteit in register:
        versie = activiteit.geldende
        assert (versie.versie, versie.status, versie.gewijzigd_door) == (1, RegisterStatus.vastgesteld, "systeem")
        assert services.ontbrekende_velden(versie) == []
        assert versie.grondslag.value in ("c", "e") and "AVG" in versie.grondslag_artikel
        assert versie.bewaartermijn_jaren and versie.bewaartermijn
        assert versie.doorgifte_buiten_eer is False
    voortgang = _activiteit(world.gemeente_a, Activiteit.voortgangsrapportage).geldende
    assert voortgang.bijzondere_categorieen == ["gezondheid"] and "Art. 9 lid 2" in voortgang.uitzondering_art9
    assert "aanbieders" in voortgang.verwerkers and "Wet inburgering 2021" in voortgang.grondslag_artikel
    assert "DUO" in voortgang.ontvangers  # states that the portal sends nothing to DUO


def test_an_aanbieder_has_no_register_and_registering_twice_changes_nothing(world):
    assert services.register(world.taal_aanbieder.id) == []
    assert services.registreer_portaalactiviteiten(world.taal_aanbieder) == []
    assert services.registreer_portaalactiviteiten(world.gemeente_a) == []
    assert len(services.register(world.gemeente_a.id)) == len(Activiteit)


def test_each_gemeente_has_its_own_register(world):
    ids_a = {a.id for a in services.register(world.gemeente_a.id)}
    ids_b = {a.id for a in services.register(world.gemeente_b.id)}
    assert len(ids_a) == len(ids_b) == len(Activiteit) and not ids_a & ids_b


def test_huidige_versie_is_the_version_in_force(world):
    versie = services.huidige_versie(world.gemeente_a.id, Activiteit.signalering_regie)
    assert versie.activiteit.code == "signalering_regie" and versie.status is RegisterStatus.vastgesteld
    assert services.huidige_versie(world.taal_aanbieder.id, Activiteit.signalering_regie) is None


# --- versions ----------------------------------------------------------------------------------------------------


def test_an_edit_makes_a_new_draft_version_and_the_vastgestelde_stays_in_force(world, make):
    activiteit = _activiteit(world.gemeente_a, Activiteit.voortgangsrapportage)
    v1 = activiteit.geldende
    inhoud = services.inhoud_van(v1)
    v2 = services.wijzig(activiteit, {**inhoud, "doel": "Nieuw doel."}, "privacy@proef.nl", basis_versie=1)
    db.session.commit()
    assert (v2.versie, v2.status, v2.doel, v2.gewijzigd_door) == (2, RegisterStatus.draft, "Nieuw doel.",
                                                                   "privacy@proef.nl")
    assert v2.id != v1.id and activiteit.geldende.id == v1.id and activiteit.nieuwste.id == v2.id
    db.session.refresh(v1)
    assert v1.doel == inhoud["doel"] and v1.status is RegisterStatus.vastgesteld  # a version never changes
    v4 = _vaststellen(activiteit)
    assert [v.status for v in activiteit.versies] == [RegisterStatus.vastgesteld, RegisterStatus.draft,
                                                      RegisterStatus.in_review, RegisterStatus.vastgesteld]
    assert v4.doel == "Nieuw doel." and activiteit.geldende.id == v4.id
    assert services.huidige_versie(world.gemeente_a.id, "voortgangsrapportage").id == v4.id


def test_an_edit_without_a_change_or_on_an_old_version_is_refused(world):
    activiteit = _activiteit(world.gemeente_a, Activiteit.beheer_accounts)
    inhoud = services.inhoud_van(activiteit.nieuwste)
    with pytest.raises(ServiceError) as refused:
        services.wijzig(activiteit, inhoud, "privacy@proef.nl")
    assert refused.value.code == "niets_gewijzigd"
    services.wijzig(activiteit, {**inhoud, "eigenaar": "Teamleider"}, "a@proef.nl", basis_versie=1)
    with pytest.raises(ServiceError) as stale:
        services.wijzig(activiteit, {**inhoud, "eigenaar": "Iemand anders"}, "b@proef.nl", basis_versie=1)
    assert (stale.value.code, stale.value.status) == ("gewijzigd", 409)
    assert "versie 2" in stale.value.message


# --- the processing log cites the version ------------------------------------------------------------------------


def test_old_log_entries_keep_pointing_at_the_version_they_were_made_under(world):
    activiteit = _activiteit(world.gemeente_a, Activiteit.voortgangsrapportage)
    v1 = activiteit.geldende
    voor = _read(world.taal_user, world.traject)
    assert voor.activiteit_versie_id == v1.id

    v2 = services.wijzig(activiteit, {**services.inhoud_van(v1), "doel": "Ander doel."}, "privacy@proef.nl")
    db.session.commit()
    tijdens = _read(world.taal_user, world.traject)
    assert tijdens.activiteit_versie_id == v1.id  # a draft is not in force

    v4 = _vaststellen(activiteit)
    db.session.commit()
    na = _read(world.taal_user, world.traject)

    assert v2.id != v4.id and na.activiteit_versie_id == v4.id
    db.session.refresh(voor)
    db.session.refresh(tijdens)
    assert (voor.activiteit_versie_id, tijdens.activiteit_versie_id) == (v1.id, v1.id)
    assert db.session.get(ActiviteitVersie, voor.activiteit_versie_id).doel == v1.doel != "Ander doel."
    assert verwerkingslog.verify().ok


def test_reads_through_the_pages_and_the_api_cite_the_version_of_the_readers_activity(world, login, make, client):
    login(world.regisseur_a).get(f"/trajecten/{world.traject.id}")
    regie = db.session.scalars(select(LogEntry).order_by(LogEntry.id.desc()).limit(1)).one()
    token = make.token(world.taal_user)
    client.get(f"/api/v1/trajecten/{world.traject.id}", headers={"Authorization": f"Bearer {token}"})
    rapportage = db.session.scalars(select(LogEntry).order_by(LogEntry.id.desc()).limit(1)).one()
    assert regie.activiteit_versie_id == _activiteit(world.gemeente_a, Activiteit.signalering_regie).geldende.id
    assert rapportage.activiteit_versie_id == \
        _activiteit(world.gemeente_a, Activiteit.voortgangsrapportage).geldende.id


def test_one_call_logs_each_gemeente_under_its_own_version_and_asks_the_register_once(world, make):
    extra = [make.traject(world.regisseur_a) for _ in range(3)]
    items = [(t.id, world.gemeente_a.code) for t in [world.traject, *extra]] + \
            [(world.traject_b.id, world.gemeente_b.code)]
    statements = []

    def count(conn, cursor, statement, *args):
        if "activiteit_versie" in statement and "verwerkt_object" not in statement:
            statements.append(statement)

    engine = db.session.get_bind().engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        verwerkingslog.record(None, Actie.lezen, Activiteit.signalering_regie, items)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    db.session.commit()

    assert len(statements) == 1
    rows = db.session.scalars(select(LogEntry).order_by(LogEntry.id.desc()).limit(5)).all()
    versies = {r.gemeente: r.activiteit_versie_id for r in rows}
    assert versies == {world.gemeente_a.code: _activiteit(world.gemeente_a, Activiteit.signalering_regie).geldende.id,
                       world.gemeente_b.code: _activiteit(world.gemeente_b, Activiteit.signalering_regie).geldende.id}


def test_the_version_each_trajectory_was_processed_under_is_part_of_the_chain(world):
    # Entries of before the register (no version) keep their hash as it was: tests/integration/
    # test_verwerkingslog_migratie.py migrates such entries and verifies them.
    verwerkingslog.record(None, Actie.lezen, "voortgangsrapportage", [("ZZZZ-ZZZZ-Z", "GM9999")])
    db.session.commit()
    zonder = db.session.scalars(select(LogEntry).order_by(LogEntry.id.desc()).limit(1)).one()
    assert zonder.activiteit_versie_id is None
    met = _read(world.taal_user, world.traject)
    assert met.activiteit_versie_id is not None
    assert verwerkingslog.verify().ok

    andere = _activiteit(world.gemeente_a, Activiteit.signalering_regie).geldende.id
    db.session.execute(update(VerwerktObject).where(VerwerktObject.id == met.id).values(activiteit_versie_id=andere))
    db.session.commit()
    result = verwerkingslog.verify()
    volgnummer = db.session.get(Verwerkingsactie, met.actie_id).volgnummer
    assert not result.ok and result.broken_id == volgnummer


# --- rules -------------------------------------------------------------------------------------------------------


def test_grondslag_f_is_refused_for_a_public_task(world):
    activiteit = _activiteit(world.gemeente_a, Activiteit.signalering_regie)
    with pytest.raises(ServiceError) as refused:
        services.wijzig(activiteit, {**services.inhoud_van(activiteit.nieuwste), "grondslag": "f"}, "p@proef.nl")
    assert (refused.value.code, refused.value.field) == ("grondslag_f_publieke_taak", "grondslag")
    assert "gerechtvaardigd belang" in refused.value.message and "overheidsorgaan" in refused.value.message
    with pytest.raises(ServiceError):
        services.nieuwe_activiteit(world.gemeente_a, {**VOLLEDIG, "grondslag": "f"}, "p@proef.nl")
    assert len(activiteit.versies) == 1


def test_a_special_category_needs_an_art9_exception(world):
    with pytest.raises(ServiceError) as refused:
        services.nieuwe_activiteit(world.gemeente_a, {**VOLLEDIG, "bijzondere_categorieen": ["gezondheid"]}, "p@x.nl")
    assert (refused.value.code, refused.value.field) == ("uitzondering_art9_ontbreekt", "uitzondering_art9")
    activiteit = services.nieuwe_activiteit(world.gemeente_a, {
        **VOLLEDIG, "bijzondere_categorieen": ["gezondheid"],
        "uitzondering_art9": "Art. 9 lid 2 sub g AVG jo. art. 37 lid 2 Wet inburgering 2021"}, "p@x.nl")
    assert activiteit.nieuwste.bijzondere_categorieen == ["gezondheid"]
    with pytest.raises(ServiceError) as unknown:
        services.nieuwe_activiteit(world.gemeente_a, {**VOLLEDIG, "bijzondere_categorieen": ["hobby"]}, "p@x.nl")
    assert unknown.value.code == "waarde_onbekend"


def test_a_transfer_outside_the_eer_needs_safeguards(world):
    with pytest.raises(ServiceError) as refused:
        services.nieuwe_activiteit(world.gemeente_a, {**VOLLEDIG, "doorgifte_buiten_eer": True}, "p@x.nl")
    assert refused.value.field == "doorgifte_waarborgen"


def test_the_workflow_runs_draft_review_vastgesteld_vervallen_and_no_step_is_skipped(world):
    activiteit = services.nieuwe_activiteit(world.gemeente_a, VOLLEDIG, "p@x.nl")
    assert (activiteit.code, activiteit.nieuwste.versie, activiteit.nieuwste.status) == (None, 1, RegisterStatus.draft)
    with pytest.raises(ServiceError) as skipped:
        services.zet_status(activiteit, "vastgesteld", "p@x.nl")
    assert (skipped.value.code, skipped.value.status) == ("overgang_ongeldig", 409)
    services.zet_status(activiteit, "in_review", "p@x.nl")
    services.zet_status(activiteit, "draft", "p@x.nl")  # sent back
    services.zet_status(activiteit, "in_review", "p@x.nl")
    services.zet_status(activiteit, "vastgesteld", "b@x.nl")
    einde = services.zet_status(activiteit, "vervallen", "p@x.nl")
    assert [v.versie for v in activiteit.versies] == [1, 2, 3, 4, 5, 6]
    assert activiteit.geldende.id == einde.id and einde.naam == VOLLEDIG["naam"]
    for status in RegisterStatus:
        with pytest.raises(ServiceError):
            services.zet_status(activiteit, status, "p@x.nl")


def test_completeness_lists_the_empty_required_fields_and_an_incomplete_activity_cannot_go_to_review(world):
    activiteit = services.nieuwe_activiteit(world.gemeente_a, {"naam": "Nog in te vullen"}, "p@x.nl")
    ontbreekt = services.ontbrekende_velden(activiteit.nieuwste)
    assert ontbreekt == ["Doel van de verwerking", "Grondslag (AVG art. 6 lid 1)", "Wettelijk artikel",
                         "Verantwoordelijk bestuursorgaan", "Categorieën betrokkenen", "Categorieën persoonsgegevens",
                         "Ontvangers", "Bewaartermijn", "Bewaartermijn in jaren", "Beveiligingsmaatregelen", "Eigenaar"]
    with pytest.raises(ServiceError) as refused:
        services.zet_status(activiteit, "in_review", "p@x.nl")
    assert refused.value.code == "onvolledig" and "Bewaartermijn in jaren" in refused.value.message
    services.wijzig(activiteit, VOLLEDIG, "p@x.nl")
    assert services.ontbrekende_velden(activiteit.nieuwste) == []
    assert services.zet_status(activiteit, "in_review", "p@x.nl").status is RegisterStatus.in_review


def test_values_are_checked_with_dutch_messages(world):
    for waarden, veld in (({**VOLLEDIG, "naam": "  "}, "naam"), ({**VOLLEDIG, "grondslag": "g"}, "grondslag"),
                          ({**VOLLEDIG, "bewaartermijn_jaren": -1}, "bewaartermijn_jaren"),
                          ({**VOLLEDIG, "verantwoordelijke_bestuursorgaan": "wethouder"},
                           "verantwoordelijke_bestuursorgaan")):
        with pytest.raises(ServiceError) as refused:
            services.nieuwe_activiteit(world.gemeente_a, waarden, "p@x.nl")
        assert refused.value.field == veld
