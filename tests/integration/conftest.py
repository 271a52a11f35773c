"""A small world of two gemeenten and three aanbieders, used by the scoping and API tests."""
from dataclasses import dataclass

import pytest

from portal.models import Organisatie, Traject, User


@dataclass
class World:
    gemeente_a: Organisatie
    gemeente_b: Organisatie
    taal_aanbieder: Organisatie      # assigned to `traject` for taal
    map_aanbieder: Organisatie       # assigned to `traject` for map only
    vreemde_aanbieder: Organisatie   # assigned to nothing of gemeente A
    regisseur_a: User
    privacy_a: User
    regisseur_b: User
    taal_user: User
    map_user: User
    vreemde_user: User
    beheerder: User
    traject: Traject                 # gemeente A, taal -> taal_aanbieder, map -> map_aanbieder
    traject_b: Traject               # gemeente B, taal -> vreemde_aanbieder


@pytest.fixture
def world(make) -> World:
    gemeente_a, gemeente_b = make.gemeente(naam="Gemeente Aadorp"), make.gemeente(naam="Gemeente Beestad")
    taal, mapa, vreemd = make.aanbieder(["taal"]), make.aanbieder(["map", "pvt"]), make.aanbieder(["taal"])
    regisseur_a, regisseur_b = make.user("regisseur", gemeente_a), make.user("regisseur", gemeente_b)
    traject = make.traject(regisseur_a)
    make.toewijzing(regisseur_a, traject, taal, "taal")
    make.toewijzing(regisseur_a, traject, mapa, "map")
    traject_b = make.traject(regisseur_b)
    make.toewijzing(regisseur_b, traject_b, vreemd, "taal")
    for aanbieder in (taal, mapa, vreemd):
        make.vo(aanbieder, gemeente_a)
    return World(gemeente_a, gemeente_b, taal, mapa, vreemd, regisseur_a, make.user("privacy", gemeente_a),
                  regisseur_b, make.user("aanbieder", taal), make.user("aanbieder", mapa),
                  make.user("aanbieder", vreemd), make.user("beheerder", gemeente_a), traject, traject_b)
