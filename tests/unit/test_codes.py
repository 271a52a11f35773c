"""Code lists carry their Dutch labels (portal.codes.Code): one choices() for every form, one lookup for stored
values, and a value two delivery lists share reads the same whichever list it came from."""
import enum

import pytest

from dpia.beoordelingen import codes as dpia_codes
from dpia.datalekken import codes as datalek_codes
from dpia.register import codes as register_codes
from dpia.verzoeken import codes as verzoek_codes
from portal import codes


def _code_lists(module):
    return [value for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, codes.Code) and value is not codes.Code]


def test_a_value_two_delivery_lists_share_has_one_label():
    seen = {}
    for enum_cls in codes.LEVERING_CODES:
        for member in enum_cls:
            assert seen.setdefault(member.value, member.label) == member.label, member


@pytest.mark.parametrize("enum_cls", [e for module in (codes, dpia_codes, datalek_codes, register_codes, verzoek_codes)
                                      for e in _code_lists(module)], ids=lambda e: f"{e.__module__}.{e.__name__}")
def test_every_member_of_a_code_list_has_a_label_and_keeps_its_value(enum_cls):
    for member in enum_cls:
        assert member.label.strip() and enum_cls(member.value) is member and member == member.value


def test_choices_are_value_and_label_in_code_list_order_with_an_optional_empty_option():
    assert codes.choices(codes.Leerroute) == [("b1", "B1-route"), ("onderwijsroute", "Onderwijsroute"),
                                              ("z_route", "Z-route")]
    assert codes.choices([codes.Onderdeel.map], "Kies…") == [("", "Kies…"), ("map", "MAP")]


def test_a_stored_code_finds_its_label_and_an_unknown_one_is_shown_as_it_is():
    assert codes.code_label("zroute") == "Z-route" and codes.code_label(codes.Vaardigheid.knm).startswith("KNM")
    assert codes.code_label("iets_anders") == "iets_anders"
    assert codes.TRAJECT_LABELS[codes.TrajectStatus.beeindigd] == "Beëindigd"


def test_a_delivery_soort_has_a_short_name_and_an_upload_description():
    assert [(s.label, s.omschrijving) for s in codes.Soort] == [
        ("Aanwezigheid", "Aanwezigheid en verzuim"), ("Toets", "Tussentijdse toets"),
        ("Afronding", "Afronding van een onderdeel")]


def test_an_action_on_a_request_reads_as_an_action_though_it_shares_its_code_with_a_request_type():
    assert verzoek_codes.label(verzoek_codes.ActieType.beperking) == "Beperking ingesteld"
    assert verzoek_codes.label(verzoek_codes.VerzoekType.beperking) == "Beperking (art. 18)"
    assert verzoek_codes.label("beperking") == "Beperking (art. 18)" and verzoek_codes.label("x") == "x"


def test_code_lists_stay_str_enums_the_database_columns_can_hold():
    assert issubclass(codes.Leerroute, str) and issubclass(codes.Leerroute, enum.Enum)
    assert codes.Leerroute.b1.value == "b1" and f"{codes.Leerroute.b1.value}" == "b1"
