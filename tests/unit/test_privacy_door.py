"""The door to the privacy module fails closed: an app on which no privacy module registered answers no question
(no "no stop, no restriction, every agreement valid"), and a privacy module must provide every question."""
from datetime import date

import pytest
from flask import Flask

from portal import privacy
from portal.codes import Activiteit

QUESTIONS = [
    lambda: privacy.actieve_stops(Activiteit.voortgangsrapportage, [1]),
    lambda: privacy.gemeenten_met_geldige_vo(1, date(2026, 1, 1)),
    lambda: privacy.beperkte_ids({"T-1"}),
    lambda: privacy.niet_beperkt(None),
    lambda: privacy.geldende_versie_ids(["GM0001"], "voortgangsrapportage"),
    lambda: privacy.te_doen(None, date(2026, 1, 1)),
    lambda: privacy.demo_overeenkomsten({}, date(2026, 1, 1)),
    lambda: privacy.demo_vullen({}, {}, date(2026, 1, 1)),
    privacy.menu,
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_question_to_an_absent_privacy_module_raises_instead_of_allowing(question):
    with Flask(__name__).app_context():
        assert not privacy.geladen()
        with pytest.raises(privacy.GeenPrivacymodule):
            question()


def test_a_privacy_module_that_leaves_out_a_question_is_refused_at_registration():
    with pytest.raises(TypeError):
        privacy.Privacymodule(actieve_stops=lambda activiteit, ids: {}, menu=[])  # type: ignore[call-arg]


def test_the_registered_module_answers_the_portals_questions():
    app = Flask(__name__)
    privacy.register(app, privacy.Privacymodule(
        actieve_stops=lambda activiteit, ids: {}, gemeenten_met_geldige_vo=lambda aanbieder, dag: {7},
        beperkte_ids=lambda ids: set(), niet_beperkt=lambda kolom: kolom, geldende_versie_ids=lambda g, a: {},
        te_doen=lambda user, dag: {}, demo_overeenkomsten=lambda orgs, dag: None,
        demo_vullen=lambda users, orgs, dag: None, menu=[("privacy.index", "Privacy")]))
    with app.app_context():
        assert privacy.gemeenten_met_geldige_vo(1, date(2026, 1, 1)) == {7}
        assert privacy.menu() == [("privacy.index", "Privacy")]
