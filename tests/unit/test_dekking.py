"""Schema coverage: every column of the real schema is attributed to a register activity or listed as technical with
a reason, and a column that nobody mapped yet shows up as not covered."""
from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table

from dpia.register.dekking import DEKKING, TECHNISCH, bereken, kolommen
from dpia.schema import metadata
from portal.codes import Activiteit


def _copy_of_the_real_schema() -> MetaData:
    copy = MetaData()
    for table in metadata.tables.values():
        table.to_metadata(copy)
    return copy


def test_every_stored_column_is_covered_by_an_activity_or_listed_as_technical():
    dekking = bereken()
    assert dekking.niet_gedekt == [], (
        "Kolommen zonder verwerkingsactiviteit: voeg ze toe aan DEKKING (of met een reden aan TECHNISCH) in "
        f"dpia/register/dekking.py: {dekking.niet_gedekt}")
    assert dekking.volledig


def test_the_mapping_names_only_columns_that_exist():
    assert bereken().verouderd == []


def test_every_technical_column_has_a_reason_and_is_not_also_mapped():
    assert all(isinstance(reden, str) and len(reden) > 10 for reden in TECHNISCH.values())
    assert not set(TECHNISCH) & set(DEKKING)


def test_the_report_lists_every_column_except_the_technical_ones_and_only_real_activities():
    dekking = bereken()
    assert [v.veld for v in dekking.velden] == [k for k in kolommen(metadata) if k not in TECHNISCH]
    assert set(dekking.technisch) == set(TECHNISCH)
    codes = {a.value for a in Activiteit}
    assert all(v.activiteiten and set(v.activiteiten) <= codes for v in dekking.velden)
    doelgroep = next(v for v in dekking.velden if v.veld == "traject.doelgroep")
    assert doelgroep.activiteiten == ["voortgangsrapportage", "signalering_regie", "gegevensbeschermingsverzoeken"]


def test_a_column_added_to_the_schema_is_not_covered_until_someone_maps_it():
    schema = _copy_of_the_real_schema()
    schema.tables["traject"].append_column(Column("nationaliteit", String(40)))
    Table("gesprek", schema, Column("id", Integer, primary_key=True),
          Column("traject_id", ForeignKey("traject.id")), Column("verslag", String(2000)))

    dekking = bereken(schema)

    assert dekking.niet_gedekt == ["gesprek.id", "gesprek.traject_id", "gesprek.verslag", "traject.nationaliteit"]
    assert not dekking.volledig
    assert {"veld": "traject.nationaliteit", "activiteiten": []} in dekking.as_json()["velden"]
    assert bereken().niet_gedekt == []  # the real schema is untouched


def test_a_mapping_for_a_removed_column_is_reported():
    schema = _copy_of_the_real_schema()
    schema.remove(schema.tables["duo_registratie"])
    assert bereken(schema).verouderd == sorted(
        k for k in [*DEKKING, *TECHNISCH] if k.startswith("duo_registratie."))


def test_only_the_activities_in_force_count_for_a_gemeente():
    zonder_accounts = {a.value for a in Activiteit} - {"beheer_accounts"}
    dekking = bereken(actief=zonder_accounts)
    assert "user.password" in dekking.niet_gedekt and "api_token.token_hash" in dekking.niet_gedekt
    assert "user.email" not in dekking.niet_gedekt  # the privacy officer's activity covers it too
    assert "traject.doelgroep" not in dekking.niet_gedekt


def test_the_json_has_the_shape_of_the_interface():
    body = bereken().as_json()
    assert set(body) == {"velden", "niet_gedekt"}
    assert all(set(v) == {"veld", "activiteiten"} for v in body["velden"])
