"""Voortgang data in tests, built through the services: trajectories, assignments, attendance periods and
afrondingen delivered through the import service, a gemeente with its aanbieders (`bouw_regie`) and seven
trajectories that each raise exactly one signal on 15-06-2026 (`bouw_zeven`)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.extensions import db
from portal.leveringen.service import Aanlevering, importeer
from portal.models import Organisatie, Traject, User
from portal.trajecten import services as trajecten


def nieuw_traject(regisseur: User, pip: date, aanbod: date | None = None, leerroute: str = "b1",
                  intensiteit: int | None = 800, doelgroep: str = "asielstatushouder") -> Traject:
    traject = trajecten.create_traject(regisseur, trajecten.NieuwTraject(
        doelgroep=doelgroep, leerroute=leerroute, pip_datum=pip, datum_aanbod=aanbod,
        intensiteit_uren=intensiteit if leerroute == "b1" else None))
    db.session.commit()
    return traject


def toewijzen(regisseur: User, traject: Traject, aanbieder: Organisatie, onderdeel: str, start: date) -> None:
    trajecten.toewijzen(regisseur, traject, aanbieder.code, onderdeel, start)
    db.session.commit()


def periode(traject_id: str, start: str, eind: str, gepland: float = 40, aanwezig: float | None = None,
            geoorloofd: float = 0, ongeoorloofd: float = 0, keer: int | str = "", onderdeel: str = "taal") -> dict:
    aanwezig = gepland - geoorloofd - ongeoorloofd if aanwezig is None else aanwezig
    reden = ("geen_geldige_reden" if ongeoorloofd else "ziekte") if geoorloofd or ongeoorloofd else ""
    return {"traject_id": traject_id, "onderdeel": onderdeel, "periode_start": start, "periode_eind": eind,
            "uren_gepland": gepland, "uren_aanwezig": aanwezig, "uren_verzuim_geoorloofd": geoorloofd,
            "uren_verzuim_ongeoorloofd": ongeoorloofd, "verzuim_reden": reden, "aantal_keer_verzuim": keer}


def lever(user: User, soort: str, rijen: list[dict]):
    rapport, _ = importeer(user, user.organisatie, soort, Aanlevering(rijen=rijen), kanaal="api")
    assert rapport.accepted, rapport.as_dict()["errors"]
    db.session.commit()
    return rapport


def afronding(traject_id: str, onderdeel: str, datum: str, status: str = "afgerond") -> dict:
    return {"traject_id": traject_id, "onderdeel": onderdeel, "datum": datum, "status": status,
            "reden": "" if status == "afgerond" else "werk", "verwijtbaar": "" if status == "afgerond" else "nee"}


@dataclass
class Regie:
    gemeente: Organisatie
    regisseur: User
    taal: Organisatie
    mappvt: Organisatie
    docent: User
    coach: User


def bouw_regie(make) -> Regie:
    """A gemeente with its regisseur, a taal and a MAP/PVT aanbieder (each with a signed agreement and a user)."""
    gemeente = make.gemeente(naam="Gemeente Voortgang")
    regisseur = make.user("regisseur", gemeente)
    taal, mappvt = make.aanbieder(["taal"], naam="Taalhuis Noord"), make.aanbieder(["map", "pvt"], naam="MAP-bureau")
    for aanbieder in (taal, mappvt):
        make.vo(aanbieder, gemeente)
    return Regie(gemeente, regisseur, taal, mappvt, make.user("aanbieder", taal), make.user("aanbieder", mappvt))


@dataclass
class Zeven:
    """One trajectory per signal type, each raising exactly its own signal on 15-06-2026."""

    verzuim: Traject
    duo: Traject
    start: Traject
    afschalen: Traject
    geen: Traject
    wissel: Traject
    termijn: Traject


def bouw_zeven(r: Regie) -> Zeven:
    verzuim = nieuw_traject(r.regisseur, date(2025, 6, 2), date(2025, 6, 20))
    toewijzen(r.regisseur, verzuim, r.taal, "taal", date(2025, 7, 1))
    duo = nieuw_traject(r.regisseur, date(2025, 6, 2), date(2025, 6, 20), leerroute="z_route")
    toewijzen(r.regisseur, duo, r.mappvt, "map", date(2025, 7, 1))
    start = nieuw_traject(r.regisseur, date(2026, 1, 5), None)
    afschalen = nieuw_traject(r.regisseur, date(2025, 6, 2), date(2025, 6, 20), intensiteit=1000)
    toewijzen(r.regisseur, afschalen, r.taal, "taal", date(2025, 7, 1))
    geen = nieuw_traject(r.regisseur, date(2025, 6, 2), date(2025, 6, 20), leerroute="onderwijsroute")
    toewijzen(r.regisseur, geen, r.mappvt, "pvt", date(2026, 1, 5))
    wissel = nieuw_traject(r.regisseur, date(2025, 1, 6), date(2025, 2, 1), leerroute="z_route")
    termijn = nieuw_traject(r.regisseur, date(2023, 7, 10), date(2023, 8, 1))
    toewijzen(r.regisseur, termijn, r.taal, "taal", date(2023, 9, 1))
    lever(r.docent, "aanwezigheid", [
        periode(verzuim.id, "2026-05-01", "2026-05-31", gepland=40, ongeoorloofd=6, keer=3),
        *[periode(afschalen.id, f"2026-0{m}-01", f"2026-0{m}-28", gepland=150) for m in (2, 3, 4, 5)],
        periode(termijn.id, "2026-05-01", "2026-05-31", gepland=40, aanwezig=30, geoorloofd=10),
    ])
    lever(r.coach, "aanwezigheid", [
        periode(duo.id, "2026-05-01", "2026-05-31", gepland=6, onderdeel="map"),
        periode(geen.id, "2026-03-01", "2026-03-31", gepland=4, onderdeel="pvt"),
    ])
    lever(r.coach, "afronding", [afronding(duo.id, "map", "2026-06-01")])
    return Zeven(verzuim, duo, start, afschalen, geen, wissel, termijn)
