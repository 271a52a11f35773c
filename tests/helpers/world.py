"""The two-gemeenten world of the scoping, API and isolation tests, built ONCE per worker and backend.

`build` makes it through the factories in a database of its own and commits it (tests/conftest.py `world_app`);
each test that asks for `world` runs against that database inside its own rolled-back outer transaction (`ctx`),
and `load` hands it the world's objects in the test's session. A test therefore sees exactly the world it saw when
the world was built per test, at the price of a few SELECTs instead of eight users, three trajectories and their
agreements."""
from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import select

from portal.extensions import db
from portal.models import Organisatie, Traject, User

APP_KEY = "tests.world"  # where the world's ids live in `app.extensions`


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


def build(make) -> World:
    """The world, through the factories (each call commits)."""
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


@dataclass(frozen=True)
class Built:
    """What `load` needs of a built world: each field's model and primary key, and the users' plain TOTP secrets
    (a test-only attribute that the database does not hold)."""
    keys: dict[str, tuple[type, object]]
    totp: dict[object, str]


def remember(world: World) -> Built:
    keys = {f.name: (type(getattr(world, f.name)), getattr(world, f.name).id) for f in fields(World)}
    totp = {u.id: u.totp_base32 for u in vars(world).values() if isinstance(u, User)}
    return Built(keys, totp)


def load(built: Built) -> World:
    """The world's objects in the current session: one SELECT per model."""
    found: dict[tuple[type, object], object] = {}
    for model in {model for model, _ in built.keys.values()}:
        ids = [key for m, key in built.keys.values() if m is model]
        for obj in db.session.scalars(select(model).where(model.id.in_(ids))):
            found[(model, obj.id)] = obj
    for user_id, secret in built.totp.items():
        found[(User, user_id)].totp_base32 = secret
    return World(**{name: found[key] for name, key in built.keys.items()})
