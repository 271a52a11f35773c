"""State changes of the voortgang feature: a gemeente's signal thresholds and a regisseur's DUO registration.
Services flush and log; the view or API handler commits."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal import verwerkingslog
from portal.codes import Actie, Activiteit, DuoOnderdeel, Rol
from portal.duo import regels
from portal.errors import ServiceError
from portal.extensions import db
from portal.models import DuoRegistratie, SignaalInstellingen, Traject, User
from portal.models.voortgang import STANDAARD_INSTELLINGEN
from portal.timeutil import nl_date, now, today, utcnow
from portal.voortgang import queries

# Allowed range of each threshold (inclusive); the settings form and this service share it. Where the law sets a norm
# (design.md), the range allows only stricter values.
GRENZEN = {
    "verzuim_percentage": (1, 100),
    "verzuim_weken": (1, 26),
    "verzuim_aantal_keer": (1, 31),
    "vertraagde_start_maanden": (1, 3),   # the law: the aanbod within 3 months; a gemeente may only be stricter
    "afschalen_uren": (600, 2000),       # the law: afschalen from 600 hours; never earlier
    "geen_aanlevering_weken": (1, 52),
    "leerroute_wissel_weken": (1, 78),
    "termijn_maanden": (1, 36),
    "termijn_percentage": (1, 100),
}
DUO_ONDERDELEN = tuple(o.value for o in DuoOnderdeel)


def _regisseur(user: User) -> None:
    if user is None or user.rol is not Rol.regisseur:
        raise ServiceError("verboden", "Alleen een regisseur van de gemeente mag dit.", status=403)


def instellingen_voor(gemeente_id: int) -> SignaalInstellingen:
    """The gemeente's thresholds, or the defaults when it saved none."""
    stored = db.session.scalar(select(SignaalInstellingen).where(SignaalInstellingen.gemeente_id == gemeente_id))
    return stored or SignaalInstellingen.standaard(gemeente_id)


def instellingen_opslaan(user: User, waarden: dict[str, int]) -> SignaalInstellingen:
    """Store the regisseur's gemeente's thresholds (every one of STANDAARD_INSTELLINGEN, within GRENZEN)."""
    _regisseur(user)
    for name in STANDAARD_INSTELLINGEN:
        value = waarden.get(name)
        low, high = GRENZEN[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ServiceError("waarde_ongeldig", f"Vul een geheel getal van {low} tot en met {high} in.", name)
    row = db.session.scalar(select(SignaalInstellingen).where(SignaalInstellingen.gemeente_id == user.organisatie_id))
    if row is None:
        row = SignaalInstellingen(gemeente_id=user.organisatie_id)
        db.session.add(row)
    for name in STANDAARD_INSTELLINGEN:
        setattr(row, name, waarden[name])
    row.gewijzigd_op, row.gewijzigd_door = utcnow(), user.email
    db.session.flush()
    return row


def registreer_duo(user: User, traject: Traject, onderdeel: str, datum: date | None = None,
                   verwijtbaar: str | None = None) -> DuoRegistratie:
    """Mark what the regisseur registered in the DUO portal on `datum` (default today) for one result of a trajectory
    (one the regisseur may see: pass it from access.get_traject): the afgeronde MAP or PVT's date, the Z-route
    afronding, a withdrawal, or for a MAP/PVT not afgerond the gemeente's verwijtbaar decision (`ja`/`nee`, within
    DUO's window). The values sent are kept, so a later change opens the duo_registratie signal again."""
    _regisseur(user)
    if onderdeel not in DUO_ONDERDELEN:
        raise ServiceError("onderdeel_ongeldig", "Kies map, pvt of zroute: alleen die registreert u bij DUO.",
                           "onderdeel")
    label = "Z-route" if onderdeel == "zroute" else onderdeel.upper()
    if onderdeel == "zroute":
        huidig = traject.zroute_afronding if traject.leerroute.value == "z_route" else None
    else:
        afronding = queries.afgeronde(traject.id, onderdeel)
        huidig = afronding.datum if afronding is not None else None
    besluit = None
    if verwijtbaar is not None:
        if onderdeel == "zroute" or huidig is not None or verwijtbaar not in ("ja", "nee"):
            raise ServiceError("verwijtbaar_ongeldig", "Verwijtbaar (ja of nee) geldt alleen voor een MAP of PVT die "
                               "niet is afgerond.", "verwijtbaar")
        besluit = "Ja" if verwijtbaar == "ja" else "Nee"
        dag = today()
        if not regels.verwijtbaar_toegestaan(besluit, traject.termijn_einde, dag):
            raise ServiceError("verwijtbaar_te_vroeg", "Verwijtbaar 'ja' kan pas na het einde van de termijn, "
                               "'nee' pas vanaf 2 maanden voor het einde.", "verwijtbaar")
    bestaand = queries.duo_registratie(traject.id, onderdeel)
    verzonden = bestaand.waarde_datum if bestaand is not None else None
    if besluit is None and regels.actie(huidig, verzonden) == "geen":
        if huidig is None:
            raise ServiceError("niet_afgerond", f"{label} is voor dit traject niet als afgerond geleverd.",
                               "onderdeel", status=409)
        raise ServiceError("al_geregistreerd", f"De DUO-registratie van {label} is al vastgelegd.",
                           "onderdeel", status=409)
    dag = today()
    datum = datum or dag
    if datum > dag:
        raise ServiceError("datum_in_toekomst", "De datum van registratie kan niet in de toekomst liggen.", "datum")
    if huidig is not None and datum < huidig:
        raise ServiceError("datum_voor_afronding", "De datum van registratie ligt voor de afronding op "
                           f"{nl_date(huidig)}.", "datum")
    registratie = bestaand or DuoRegistratie(traject_id=traject.id, onderdeel=DuoOnderdeel(onderdeel))
    registratie.datum, registratie.door, registratie.vastgelegd_op = datum, user.email, utcnow()
    registratie.waarde_datum, registratie.verwijtbaar = huidig, besluit
    if bestaand is None:
        db.session.add(registratie)
    db.session.flush()
    verwerkingslog.record(user, Actie.wijzigen, Activiteit.signalering_regie, [(traject.id, traject.gemeente.code)],
                          toelichting=f"DUO-registratie {onderdeel} vastgelegd")
    return registratie


def zroute_afronding(user: User, traject: Traject, datum: date) -> Traject:
    """The regisseur records that a Z-route trajectory's Z-route is completed on `datum` (DUO's
    datumAfrondingZroute); a change after it was registered at DUO opens the duo_registratie signal again."""
    _regisseur(user)
    if traject.leerroute.value != "z_route":
        raise ServiceError("niet_zroute", "Dit traject volgt de Z-route niet.", "datum")
    if datum > today():
        raise ServiceError("datum_in_toekomst", "De datum van afronding kan niet in de toekomst liggen.", "datum")
    if datum < traject.termijn_start:
        raise ServiceError("datum_buiten_termijn", "De datum ligt voor de start van de inburgeringstermijn.", "datum")
    if traject.zroute_afronding != datum:
        traject.zroute_afronding, traject.zroute_gewijzigd_op = datum, now()
        db.session.flush()
        verwerkingslog.record(user, Actie.wijzigen, Activiteit.signalering_regie,
                              [(traject.id, traject.gemeente.code)], toelichting="Afronding Z-route vastgelegd")
    return traject
