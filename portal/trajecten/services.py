"""State changes on trajectories and assignments. Each call flushes and logs; the caller commits."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from portal import bsn, verwerkingslog
from portal.codes import Actie, Activiteit, Doelgroep, Leerroute, Onderdeel, OrganisatieType, Rol
from portal.errors import ServiceError, parse_code
from portal.extensions import db
from portal.models import Organisatie, Toewijzing, Traject, User
from portal.timeutil import today
from portal.trajecten.ids import new_traject_id

Z_ROUTE_UREN = 800


@dataclass
class NieuwTraject:
    doelgroep: str
    leerroute: str
    pip_datum: date
    intensiteit_uren: int | None = None
    datum_aanbod: date | None = None


def _enum(cls, value, field: str):
    """A code from the API or a form, in any case and with spaces around it."""
    allowed = ", ".join(m.value for m in cls)
    return parse_code(cls, value if isinstance(value, cls) else str(value).strip().lower(), field,
                      f"Onbekende waarde voor {field}; kies uit: {allowed}.")


def _require_regisseur(user: User) -> None:
    if user.rol is not Rol.regisseur:
        raise ServiceError("verboden", "Alleen een regisseur van de gemeente mag dit doen.", status=403)


def create_traject(user: User, data: NieuwTraject) -> Traject:
    """A new trajectory of the user's gemeente with a fresh pseudonymous ID."""
    _require_regisseur(user)
    if bsn.scan([data.doelgroep, data.leerroute, data.intensiteit_uren]):
        raise ServiceError(bsn.CODE, bsn.MESSAGE)
    doelgroep = _enum(Doelgroep, data.doelgroep, "doelgroep")
    leerroute = _enum(Leerroute, data.leerroute, "leerroute")
    intensiteit = data.intensiteit_uren
    if data.pip_datum > today():
        raise ServiceError("datum_in_toekomst", "De PIP-datum ligt in de toekomst.", "pip_datum")
    if data.datum_aanbod and data.datum_aanbod < data.pip_datum:
        raise ServiceError("datum_ongeldig", "De datum van het inburgeringsaanbod ligt voor de PIP-datum.",
                           "datum_aanbod")
    if leerroute is Leerroute.onderwijsroute:
        if intensiteit:
            raise ServiceError("intensiteit_ongeldig", "De onderwijsroute heeft geen intensiteit in taaluren.",
                               "intensiteit_uren")
        intensiteit = None
    elif leerroute is Leerroute.z_route:
        intensiteit = intensiteit or Z_ROUTE_UREN
    elif not intensiteit:
        raise ServiceError("verplicht", "Vul de intensiteit (taaluren) in voor de B1-route.", "intensiteit_uren")
    if intensiteit is not None and not 0 < intensiteit <= 5000:
        raise ServiceError("intensiteit_ongeldig", "De intensiteit moet tussen 1 en 5000 uur liggen.",
                           "intensiteit_uren")
    traject_id = new_traject_id()
    while db.session.get(Traject, traject_id) is not None:  # 32^8 IDs: a collision is rare, but never reused
        traject_id = new_traject_id()
    traject = Traject(id=traject_id, gemeente_id=user.organisatie_id, gemeente=user.organisatie,
                      doelgroep=doelgroep, leerroute=leerroute, pip_datum=data.pip_datum,
                      intensiteit_uren=intensiteit, datum_aanbod=data.datum_aanbod)
    db.session.add(traject)
    db.session.flush()
    verwerkingslog.record(user, Actie.aanmaken, Activiteit.signalering_regie, [(traject.id, traject.gemeente.code)])
    return traject


def toewijzen(user: User, traject: Traject, aanbieder_code: str, onderdeel: str, startdatum: date) -> Toewijzing:
    """Assign an onderdeel of a (visible) trajectory to an aanbieder; a running assignment to another aanbieder
    for the same onderdeel ends the day before."""
    _require_regisseur(user)
    onderdeel_enum = _enum(Onderdeel, onderdeel, "onderdeel")
    aanbieder = db.session.scalar(select(Organisatie).where(
        Organisatie.code == str(aanbieder_code).strip().upper(), Organisatie.type == OrganisatieType.aanbieder))
    if aanbieder is None:
        raise ServiceError("aanbieder_onbekend", "Er is geen aanbieder met deze code.", "aanbieder")
    if onderdeel_enum not in aanbieder.onderdelen:
        raise ServiceError("onderdeel_niet_aangeboden",
                           f"{aanbieder.naam} biedt het onderdeel {onderdeel_enum.value} niet aan.", "onderdeel")
    if startdatum < traject.pip_datum:
        raise ServiceError("datum_ongeldig", "De startdatum ligt voor de PIP-datum van het traject.", "startdatum")
    for lopend in traject.toewijzingen:
        if lopend.onderdeel is onderdeel_enum and (lopend.einddatum is None or lopend.einddatum >= startdatum):
            if lopend.aanbieder_id == aanbieder.id:
                raise ServiceError("al_toegewezen", "Dit onderdeel is al aan deze aanbieder toegewezen.",
                                   "aanbieder", status=409)
            if startdatum <= lopend.startdatum:
                raise ServiceError("datum_ongeldig", "De startdatum ligt niet na de start van de lopende toewijzing.",
                                   "startdatum")
            lopend.einddatum = startdatum - timedelta(days=1)
    toewijzing = Toewijzing(traject=traject, onderdeel=onderdeel_enum, aanbieder=aanbieder,
                            aanbieder_id=aanbieder.id, startdatum=startdatum)
    db.session.add(toewijzing)
    db.session.flush()
    verwerkingslog.record(user, Actie.wijzigen, Activiteit.signalering_regie, [(traject.id, traject.gemeente.code)],
                          toelichting=f"toewijzing {onderdeel_enum.value} aan {aanbieder.code}")
    return toewijzing
