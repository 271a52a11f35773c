"""Demo data for `portal demo`: two gemeenten, three aanbieders, the operator, about 200 trajectories, all built
through services."""
import random
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from portal import privacy
from portal.beheer import services as beheer
from portal.extensions import db
from portal.models import Organisatie
from portal.timeutil import today
from portal.trajecten import services as trajecten

PASSWORD = "Demo-Inburgering-2026!"

GEMEENTEN = [("GM0928", "Gemeente Kerkrade"), ("GM0917", "Gemeente Heerlen")]
AANBIEDERS = [("TAALKR", "Taalcentrum Parkstad", ["taal"]),
              ("MAPLIM", "MAP & PVT Limburg", ["map", "pvt"]),
              ("INTEGRA", "Integra Inburgering", ["taal", "map", "pvt"])]
# The operator of the portal: its beheerder belongs to no gemeente or aanbieder.
BEHEER = ("PORTAAL", "Beheer Inburgeringsportaal")
USERS = [("beheer@portaal.demo", "beheerder", "PORTAAL"),
         ("regisseur@kerkrade.demo", "regisseur", "GM0928"),
         ("privacy@kerkrade.demo", "privacy", "GM0928"),
         ("regisseur@heerlen.demo", "regisseur", "GM0917"),
         ("privacy@heerlen.demo", "privacy", "GM0917"),
         ("docent@taalkr.demo", "aanbieder", "TAALKR"),
         ("coach@maplim.demo", "aanbieder", "MAPLIM"),
         ("medewerker@integra.demo", "aanbieder", "INTEGRA")]
TRAJECTEN_PER_GEMEENTE = {"GM0928": 110, "GM0917": 90}


class NotEmpty(RuntimeError):
    pass


def load(seed: int = 2021) -> None:
    """Fill an empty database. Flushes; the caller commits."""
    if db.session.scalar(select(func.count()).select_from(Organisatie)):
        raise NotEmpty("De database is niet leeg: demo-gegevens worden alleen in een lege database geladen.")
    rng = random.Random(seed)
    orgs = {code: beheer.create_organisatie(code, "gemeente", naam) for code, naam in GEMEENTEN}
    for code, naam, onderdelen in AANBIEDERS:
        orgs[code] = beheer.create_organisatie(code, "aanbieder", naam, onderdelen)
    orgs[BEHEER[0]] = beheer.create_organisatie(BEHEER[0], "beheer", BEHEER[1])
    users = {}
    for email, rol, org in USERS:
        users[email], _ = beheer.create_user(email, rol, org, PASSWORD)
        beheer.set_totp_secret(users[email], beheer.demo_totp_secret(email))

    dag = today()
    privacy.demo_overeenkomsten(orgs, dag)

    regisseurs = {}
    for gemeente, count in TRAJECTEN_PER_GEMEENTE.items():
        regisseur = regisseurs[gemeente] = users[f"regisseur@{'kerkrade' if gemeente == 'GM0928' else 'heerlen'}.demo"]
        for _ in range(count):
            _traject(rng, regisseur, dag)
    _deliveries(rng, users, dag)
    _levensloop(rng, regisseurs, dag)
    _duo_keten(users, regisseurs["GM0928"], dag)
    privacy.demo_vullen(users, orgs, dag)


def _traject(rng: random.Random, regisseur, dag) -> None:
    """One trajectory as the law shapes it per doelgroep: only an asielstatushouder gets an inburgeringsaanbod (with
    intensiteit on the B1-route) and taal reported to the gemeente; everyone gets PVT, and MAP except on the
    onderwijsroute."""
    doelgroep = rng.choices(["asielstatushouder", "gezinsmigrant", "overige_migrant"], [6, 3, 1])[0]
    asiel = doelgroep == "asielstatushouder"
    leerroute = rng.choices(["b1", "z_route", "onderwijsroute"], weights=[6, 3, 1])[0]
    pip = dag - timedelta(days=rng.randint(30, 1080))
    aanbod = pip + timedelta(days=rng.randint(20, 120)) if asiel and rng.random() < 0.9 else None
    if aanbod and aanbod > dag:
        aanbod = None
    traject = trajecten.create_traject(regisseur, trajecten.NieuwTraject(
        doelgroep=doelgroep, leerroute=leerroute, pip_datum=pip,
        intensiteit_uren=rng.choice([600, 800, 1000, 1200]) if asiel and leerroute == "b1" else None,
        datum_aanbod=aanbod))
    if asiel and aanbod is None:
        return  # no aanbod yet: nothing assigned (some of these raise vertraagde_start)
    start = (aanbod or pip + timedelta(days=rng.randint(20, 120))) + timedelta(days=14)
    if start > dag:
        return
    if asiel and leerroute != "onderwijsroute":
        trajecten.toewijzen(regisseur, traject, rng.choice(["TAALKR", "INTEGRA"]), "taal", start)
    mappvt = rng.choice(["MAPLIM", "INTEGRA"])
    if leerroute != "onderwijsroute":
        trajecten.toewijzen(regisseur, traject, mappvt, "map", start)
    trajecten.toewijzen(regisseur, traject, mappvt, "pvt", start)


def _levensloop(rng: random.Random, regisseurs: dict, dag) -> None:
    """Changes over the trajectories' lives, through the same service as the regisseur's page: a leerroute change,
    a termijn DUO extended, one trajectory afgeschaald to A2, and some ended (so `portal retention` finds them once
    their term has passed)."""
    from portal.models import Traject
    from portal.voortgang import queries

    def wijzig(traject, velden, reden):
        trajecten.wijzig_traject(regisseurs[traject.gemeente.code], traject, velden, reden)

    alle = list(db.session.scalars(select(Traject).order_by(Traject.created_at, Traject.id)))
    asiel_b1 = [t for t in alle if t.doelgroep.value == "asielstatushouder" and t.leerroute.value == "b1"]
    wissel = next(t for t in asiel_b1 if dag <= trajecten.leerroute_wissel_tot(t.termijn_start) - timedelta(days=90))
    wijzig(wissel, {"leerroute": "z_route"}, "PIP gewijzigd: B1 blijkt niet haalbaar, verder op de Z-route")
    verlengd = next(t for t in alle if t is not wissel and t.pip_datum < dag - timedelta(days=900))
    wijzig(verlengd, {"termijn_start": verlengd.pip_datum + timedelta(days=30),
                      "termijn_einde": trajecten.geschatte_termijn(verlengd.pip_datum)[1] + timedelta(days=210),
                      "verlengingsgrond": "medische omstandigheden"},
           "Beschikking DUO: termijn vastgesteld en verlengd met 6 maanden")
    uren = queries.taal_na_pip([t.id for t in asiel_b1 if t is not wissel])
    afgeschaald = max((t for t in asiel_b1 if t is not wissel), key=lambda t: uren.get(t.id, 0))
    wijzig(afgeschaald, {"niveau": "A2"}, f"Afschalen naar A2 na {int(uren.get(afgeschaald.id, 0))} taaluren")
    gebruikt = {wissel.id, verlengd.id, afgeschaald.id}
    kandidaten = [t for t in alle if t.id not in gebruikt and t.pip_datum < dag - timedelta(days=200)]
    for traject in rng.sample(kandidaten, 12):
        afgerond = rng.random() < 0.5
        reden_einde = "voldaan" if afgerond else rng.choice(["verhuisd", "vertrokken", "ontheffing"])
        wijzig(traject, {"status": "afgerond" if afgerond else "beeindigd", "einde_plicht": dag.isoformat(),
                         "reden_einde": reden_einde},
               "Inburgeringsplicht beëindigd volgens DUO" if afgerond else "Beschikking einde inburgeringsplicht")
        for toewijzing in traject.toewijzingen:
            if toewijzing.einddatum is None:
                trajecten.beeindig_toewijzing(regisseurs[traject.gemeente.code], traject, toewijzing.onderdeel.value,
                                              dag, "Traject beëindigd")


def _deliveries(rng: random.Random, users: dict, dag) -> None:
    """A few months of deliveries per aanbieder, through the import service as an aanbieder's system would send them."""
    from portal.leveringen.service import Aanlevering, importeer
    from portal.models import Toewijzing
    medewerkers = {"TAALKR": users["docent@taalkr.demo"], "MAPLIM": users["coach@maplim.demo"],
                   "INTEGRA": users["medewerker@integra.demo"]}
    rows: dict[str, dict[str, list[Any]]] = {code: {"aanwezigheid": [], "toets": [], "afronding": []}
                                             for code in medewerkers}
    for toewijzing in db.session.scalars(select(Toewijzing).order_by(Toewijzing.id)):
        code, onderdeel = toewijzing.aanbieder.code, toewijzing.onderdeel.value
        maand = toewijzing.startdatum  # the first period runs from the assignment's start (buiten_toewijzing)
        lui = rng.random() < 0.15  # some participants are often absent without a valid reason
        deeltijd = rng.random() < 0.15  # a few follow few lessons: their termijn gets in danger
        stil_vanaf = dag - timedelta(days=60) if rng.random() < 0.04 else dag  # a few aanbieders stop delivering
        while True:
            eind = (maand.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            if toewijzing.einddatum is not None:  # an ended assignment: its last period ends with it
                if maand > toewijzing.einddatum:
                    break
                eind = min(eind, toewijzing.einddatum)
            if eind >= stil_vanaf:
                break
            # A month's hours, in proportion for a period shorter than a month (never more than 24 a day).
            dagen = (eind - maand).days + 1
            maanduren = {"taal": 16 if deeltijd else 48, "map": 6, "pvt": 4}[onderdeel]
            gepland = max(1, round(maanduren * min(dagen, 30) / 30))
            ongeoorloofd = rng.choice([0, 4, 8, 12]) if lui else rng.choice([0, 0, 0, 0, 2])
            geoorloofd = rng.choice([0, 0, 2, 4]) if onderdeel == "taal" else 0
            ongeoorloofd, geoorloofd = min(ongeoorloofd, gepland), min(geoorloofd, gepland - min(ongeoorloofd, gepland))
            reden = ("geen_geldige_reden" if ongeoorloofd else "ziekte") if ongeoorloofd or geoorloofd else ""
            rows[code]["aanwezigheid"].append({
                "traject_id": toewijzing.traject_id, "onderdeel": onderdeel, "periode_start": maand.isoformat(),
                "periode_eind": eind.isoformat(), "uren_gepland": gepland,
                "uren_aanwezig": gepland - ongeoorloofd - geoorloofd, "uren_verzuim_geoorloofd": geoorloofd,
                "uren_verzuim_ongeoorloofd": ongeoorloofd, "verzuim_reden": reden,
                "aantal_keer_verzuim": (ongeoorloofd + geoorloofd) // 2 or ""})
            maand = eind + timedelta(days=1)
        if onderdeel == "taal" and toewijzing.startdatum < dag - timedelta(days=120):
            for vaardigheid in ("lezen", "luisteren", "spreken", "schrijven"):
                rows[code]["toets"].append({
                    "traject_id": toewijzing.traject_id,
                    "datum": (dag - timedelta(days=rng.randint(10, 90))).isoformat(),
                    "vaardigheid": vaardigheid, "niveau": rng.choice(["A1", "A2", "B1"]),
                    "resultaat": rng.choice(["behaald", "behaald", "niet_behaald"]), "score": rng.randint(35, 95)})
        if onderdeel in ("map", "pvt") and toewijzing.startdatum < dag - timedelta(days=200) and rng.random() < 0.5:
            rows[code]["afronding"].append({
                "traject_id": toewijzing.traject_id, "onderdeel": onderdeel,
                "datum": (dag - timedelta(days=rng.randint(1, 30))).isoformat(), "status": "afgerond",
                "reden": "", "verwijtbaar": ""})
    for code, per_soort in rows.items():
        for soort, soort_rows in per_soort.items():
            if soort_rows:
                rapport, _ = importeer(medewerkers[code], medewerkers[code].organisatie, soort,
                                       Aanlevering(rijen=soort_rows), kanaal="api")
                if rapport.status != "accepted":
                    raise RuntimeError(f"demo-aanlevering {code}/{soort} afgewezen: {rapport.errors[:3]}")


def _duo_keten(users: dict, regisseur, dag) -> None:
    """Kerkrade's DUO page shows every `actie` and every `controles` code (issue 15): a few trajectories built
    through the same services as the pages, the aanbieder's corrections through the import service."""
    from portal.leveringen.service import Aanlevering, importeer
    from portal.voortgang import services as voortgang

    coach, docent = users["coach@maplim.demo"], users["docent@taalkr.demo"]

    def nieuw(pip, leerroute="b1", onderdelen=(), start=None):
        traject = trajecten.create_traject(regisseur, trajecten.NieuwTraject(
            doelgroep="asielstatushouder", leerroute=leerroute, pip_datum=pip, datum_aanbod=pip + timedelta(days=30),
            intensiteit_uren=600 if leerroute == "b1" else None))
        for onderdeel in onderdelen:
            trajecten.toewijzen(regisseur, traject, "TAALKR" if onderdeel == "taal" else "MAPLIM", onderdeel,
                                start or pip)
        return traject

    def lever(user, soort, rijen):
        rapport, _ = importeer(user, user.organisatie, soort, Aanlevering(rijen=rijen), kanaal="api")
        if rapport.status != "accepted":
            raise RuntimeError(f"demo-aanlevering DUO-keten {soort} afgewezen: {rapport.errors[:3]}")

    def afronding(traject, onderdeel, datum, status="afgerond"):
        lever(coach, "afronding", [{"traject_id": traject.id, "onderdeel": onderdeel, "datum": datum.isoformat(),
                                    "status": status, "reden": "" if status == "afgerond" else "werk",
                                    "verwijtbaar": "" if status == "afgerond" else "nee"}])

    pip = dag - timedelta(days=400)
    nieuw_map = nieuw(pip, onderdelen=("map",))                      # actie nieuw
    afronding(nieuw_map, "map", dag - timedelta(days=3))
    verzonden = nieuw(pip, onderdelen=("pvt",))                      # actie geen (sent)
    afronding(verzonden, "pvt", dag - timedelta(days=20))
    voortgang.registreer_duo(regisseur, verzonden, "pvt", dag - timedelta(days=15))
    gecorrigeerd = nieuw(pip, onderdelen=("map",))                   # actie wijzigen
    afronding(gecorrigeerd, "map", dag - timedelta(days=30))
    voortgang.registreer_duo(regisseur, gecorrigeerd, "map", dag - timedelta(days=25))
    afronding(gecorrigeerd, "map", dag - timedelta(days=29))
    ingetrokken = nieuw(pip, onderdelen=("pvt",))                    # actie intrekken
    afronding(ingetrokken, "pvt", dag - timedelta(days=40))
    voortgang.registreer_duo(regisseur, ingetrokken, "pvt", dag - timedelta(days=35))
    afronding(ingetrokken, "pvt", dag - timedelta(days=40), status="niet_afgerond")
    te_vroeg = nieuw(pip, onderdelen=("map",))                       # controle datum_voor_termijn
    afronding(te_vroeg, "map", pip + timedelta(days=20))
    trajecten.wijzig_traject(regisseur, te_vroeg, {"termijn_start": (pip + timedelta(days=60)).isoformat()},
                             "Beschikking DUO: start inburgeringstermijn")
    zroute = nieuw(pip, leerroute="z_route", onderdelen=("pvt",))   # controle na_zroute
    afronding(zroute, "pvt", dag - timedelta(days=10))
    voortgang.zroute_afronding(regisseur, zroute, dag - timedelta(days=12))
    verlopen_pip = dag - timedelta(days=3 * 365 + 40)               # controle verwijtbaar_ontbreekt
    trajecten.create_traject(regisseur, trajecten.NieuwTraject(
        doelgroep="gezinsmigrant", leerroute="b1", pip_datum=verlopen_pip))
    over_pip = nieuw(dag - timedelta(days=100), onderdelen=("taal",), start=dag - timedelta(days=120))
    lever(docent, "aanwezigheid", [{                                   # controle periode_over_pip
        "traject_id": over_pip.id, "onderdeel": "taal", "periode_start": (dag - timedelta(days=110)).isoformat(),
        "periode_eind": (dag - timedelta(days=90)).isoformat(), "uren_gepland": 30, "uren_aanwezig": 30,
        "uren_verzuim_geoorloofd": 0, "uren_verzuim_ongeoorloofd": 0, "verzuim_reden": "",
        "aantal_keer_verzuim": ""}])
    onderwijs = nieuw(pip, leerroute="onderwijsroute", onderdelen=("map",))  # controle map_niet_vereist
    afronding(onderwijs, "map", dag - timedelta(days=50))
    db.session.flush()


def logins_text() -> str:
    lines = ["Demo-logins (alleen voor de demo; wachtwoord voor iedereen: " + PASSWORD + ")",
             "Voeg de TOTP-sleutel toe aan een authenticator-app (Google Authenticator, FreeOTP, ...):", ""]
    for email, rol, org in USERS:
        lines.append(f"  {email:<28} {rol:<10} {org:<8} TOTP-sleutel {beheer.demo_totp_secret(email)}")
    return "\n".join(lines)
