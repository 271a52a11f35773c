"""The one definition of the delivery columns (portal.leveringen.kolommen) against the model that stores them, and
the places that read it: each agrees with the definition, so a column is added in one place (and its model column)."""
from __future__ import annotations

import enum

import pytest
import sqlalchemy as sa

from dpia.register.dekking import DEKKING
from portal import spreadsheet
from portal.leveringen import export, kolommen, parse, service, validate
from portal.models.levering import MODELS
from portal.trajecten import forms

# What the model column of each kind must be.
_TYPES = {"id": sa.String, "date": sa.Date, "hours": sa.Numeric, "score": sa.Numeric, "count": sa.Integer}


@pytest.mark.parametrize("soort", kolommen.SOORTEN)
def test_every_defined_column_is_a_model_column_of_a_compatible_type(soort):
    table = MODELS[soort].__table__
    for kolom in kolommen.kolommen(soort):
        assert kolom.naam in table.c, f"{soort}.{kolom.naam} is not a column of {table.name}"
        column = table.c[kolom.naam]
        if isinstance(kolom.kind, type):
            assert isinstance(column.type, sa.Enum) and column.type.enum_class is kolom.kind, f"{soort}.{kolom.naam}"
        else:
            assert isinstance(column.type, _TYPES[kolom.kind]), f"{soort}.{kolom.naam}: {column.type!r}"
        # a column the header must hold is never empty in the database; an optional one may be
        assert column.nullable is not kolom.in_kopregel, f"{soort}.{kolom.naam}: nullable {column.nullable}"


@pytest.mark.parametrize("soort", kolommen.SOORTEN)
def test_the_natural_key_is_the_models_unique_constraint(soort):
    (unique,) = [c for c in MODELS[soort].__table__.constraints if isinstance(c, sa.UniqueConstraint)]
    assert [c.name for c in unique.columns] == kolommen.sleutel(soort) == validate.natural_key_columns(soort)


@pytest.mark.parametrize("soort", kolommen.SOORTEN)
def test_parsing_validation_storage_templates_and_forms_read_the_definition(soort):
    defined = kolommen.kolommen(soort)
    assert parse.COLUMNS[soort] == tuple((k.naam, k.verplicht == "ja") for k in defined)
    assert parse.required_columns(soort) == [k.naam for k in defined if k.in_kopregel]
    assert service.VALUE_COLUMNS[soort] == [k.naam for k in defined if not k.sleutel]
    for kolom in defined:
        assert export.kind(soort, kolom.naam) is kolom.kind
        assert export.verplicht(soort, kolom.naam) == kolom.verplicht
        assert kolom.verplicht in ("ja", "nee") or kolom.verplicht.startswith("ja, als ")
    form = forms.LEVERING_FORMS[soort]
    assert form.kolommen() == [k.naam for k in defined if k.kind != "id"]
    for kolom in defined:
        if kolom.kind == "id":
            continue
        args = form.Meta.field_args[kolom.naam]
        assert args["label"] == (kolom.invoer_label or kolom.label)
        assert args.get("description") == kolom.invoer_uitleg
        if isinstance(kolom.kind, type) and issubclass(kolom.kind, enum.Enum):
            assert [value for value, _ in args["choices"]] == ["", *kolom.codes]
        assert forms.KOLOM_LABELS[kolom.naam] == kolom.label
    assert all(DEKKING[f"{soort}.{kolom.naam}"] for kolom in defined)


def test_a_column_name_that_two_soorten_share_has_one_label_and_one_kind():
    seen: dict[str, kolommen.Kolom] = {}
    for kolom in kolommen.alle():
        first = seen.setdefault(kolom.naam, kolom)
        assert (first.label, first.kind == "date") == (kolom.label, kolom.kind == "date"), kolom.naam


@pytest.mark.parametrize("soort", kolommen.SOORTEN)
def test_the_example_row_of_the_templates_passes_validation(soort):
    import datetime as dt

    from portal.leveringen.parse import rows_from_json
    rij = {naam: spreadsheet.dutch_text(waarde)
           for naam, waarde in export.voorbeeld(soort, dt.date(2026, 5, 15)).items()}
    checked = validate.validate(rows_from_json([rij], soort), soort, dt.date(2026, 5, 15))
    assert checked.errors == []


def test_an_unknown_soort_is_refused_by_the_definition():
    with pytest.raises(ValueError, match="unknown soort"):
        kolommen.kolommen("verzuim")
