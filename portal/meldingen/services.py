"""What is due for a user today, per category of her role: the one computation behind the start page (which shows
every item, trajectory IDs included, scoped through access.py) and the daily digest (which carries only the count
per category and a link). The privacy categories come from the privacy module through the door (portal/privacy.py);
nothing here queries its tables.

Per role (issue 16 and 19):
- regisseur: open signals whose deadline falls within SIGNAAL_WERKDAGEN werkdagen or has passed;
- aanbieder: running assignments without delivered attendance for STIL_WEKEN weeks, and verwerkersovereenkomsten
  that end within 60 days;
- privacy officer: requests due within VERZOEK_DAGEN days (or late), data leaks not yet reported to the AP nor
  decided not to report (the 72-hour countdown), DPIA renewals, overdue DPIA actions, expiring agreements;
- beheerder: blocked accounts, API tokens that expire within TOKEN_DAGEN days.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import select

from portal import access, privacy
from portal.codes import Rol
from portal.extensions import db
from portal.meldingen.models import MeldingAfmelding
from portal.models import ApiToken, Traject, User
from portal.privacy import VERZOEK_DAGEN, VO_DAGEN, Regel
from portal.privacy import termijn as _dagen
from portal.timeutil import nl_date, utcnow
from portal.voortgang import caseload, queries, signalen, uren

SIGNAAL_WERKDAGEN = 5
STIL_WEKEN = 5
TOKEN_DAGEN = 14
MAX_REGELS = 50  # rows shown per category on the start page; the count covers all


@dataclass(frozen=True)
class Categorie:
    code: str
    rol: Rol
    label: str        # the heading on the start page and the line in the digest
    uitleg: str       # what it covers, on the "Meldingen" page
    endpoint: str     # the page where the work is done


CATEGORIEEN = [
    Categorie("signalen", Rol.regisseur, "Signalen met een deadline",
              f"Open signalen waarvan de deadline binnen {SIGNAAL_WERKDAGEN} werkdagen valt of al verstreken is.",
              "voortgang.caseload"),
    Categorie("aanlevering", Rol.aanbieder, "Toewijzingen zonder aanlevering",
              f"Lopende toewijzingen waarvoor u {STIL_WEKEN} weken of langer geen aanwezigheid heeft aangeleverd.",
              "leveringen.upload"),
    Categorie("verwerkersovereenkomst", Rol.aanbieder, "Verwerkersovereenkomsten die aflopen",
              f"Verwerkersovereenkomsten die binnen {VO_DAGEN} dagen aflopen; daarna kunt u niet meer aanleveren.",
              "mijn_verwerkersovereenkomsten.lijst"),
    Categorie("verzoeken", Rol.privacy, "Verzoeken van betrokkenen",
              f"Open verzoeken waarvan de termijn binnen {VERZOEK_DAGEN} dagen afloopt of al verstreken is.",
              "privacy.verzoeken.verzoeken"),
    Categorie("datalekken", Rol.privacy, "Datalekken binnen de meldtermijn",
              "Datalekken die nog niet bij de Autoriteit Persoonsgegevens zijn gemeld en waarover nog geen besluit "
              "is vastgelegd (72 uur na ontdekking).", "privacy.datalekken.datalekken"),
    Categorie("dpia_herziening", Rol.privacy, "DPIA's te herzien",
              "Gevalideerde DPIA's waarvan de herziening binnen 90 dagen valt of verstreken is.",
              "privacy.beoordelingen.dpias"),
    Categorie("dpia_acties", Rol.privacy, "DPIA-acties over de deadline",
              "Open acties uit een actieplan van een DPIA waarvan de deadline verstreken is.",
              "privacy.beoordelingen.dpias"),
    Categorie("overeenkomsten", Rol.privacy, "Verwerkersovereenkomsten die aflopen",
              f"Verwerkersovereenkomsten met aanbieders die binnen {VO_DAGEN} dagen aflopen.",
              "privacy.verwerkersovereenkomsten.verwerkersovereenkomsten"),
    Categorie("geblokkeerd", Rol.beheerder, "Geblokkeerde accounts",
              "Accounts die geblokkeerd zijn: deblokkeer ze of laat ze zo.", "beheer.gebruikers"),
    Categorie("tokens", Rol.beheerder, "API-tokens die verlopen",
              f"API-tokens die binnen {TOKEN_DAGEN} dagen verlopen; de koppeling stopt dan.", "beheer.tokens"),
]
PER_CODE = {c.code: c for c in CATEGORIEEN}


def categorieen(rol: Rol | None) -> list[Categorie]:
    return [c for c in CATEGORIEEN if c.rol is rol]


@dataclass
class Item:
    categorie: Categorie
    regels: list[Regel]
    aantal: int
    melding: str | None = None  # e.g. a verwerkingsstop: why nothing could be computed

    @property
    def getoond(self) -> list[Regel]:
        return self.regels[:MAX_REGELS]

    @property
    def meer(self) -> int:
        return max(0, self.aantal - MAX_REGELS)


def te_doen(user: User, vandaag: date) -> list[Item]:
    """What is due for this user on `vandaag`, one item per category of her role (also the empty ones)."""
    rol = user.rol
    if rol is Rol.regisseur:
        return [_signalen(user, vandaag)]
    if rol is Rol.aanbieder:
        return [_aanlevering(user, vandaag), _aanbieder_vo(user, vandaag)]
    if rol is Rol.privacy:
        return _privacy(user, vandaag)
    if rol is Rol.beheerder:
        return _beheer(vandaag)
    return []


def log_getoond(user: User, items: list[Item]) -> None:
    """Log the trajectories the start page shows (through access.py, which re-checks they are visible)."""
    ids = list(dict.fromkeys(r.traject_id for item in items for r in item.getoond if r.traject_id))
    if ids:  # ids and gemeente codes re-read through access.visible_trajecten, no trajectories loaded as objects
        caseload.log_gelezen(user, ids)


def _item(code: str, regels: list[Regel], melding: str | None = None) -> Item:
    return Item(PER_CODE[code], regels, len(regels), melding)


# --- regisseur --------------------------------------------------------------------------------------------------


def _stop_melding(user: User) -> str | None:
    stops = access.gestopte_gemeenten(user)
    stop = stops.get(user.organisatie_id)
    return stop.uitleg() if stop is not None else None


def _signalen(user: User, vandaag: date) -> Item:
    melding = _stop_melding(user)
    if melding:
        return _item("signalen", [], melding)
    # From the caseload's kept computation when there is one, and then made once per computation and day.
    regels, aantal = caseload.uit_open_signalen(user, vandaag, f"te_doen {vandaag.isoformat()}",
                                                lambda inst, frame, uitleggen: _signalen_due(frame, vandaag,
                                                                                             uitleggen))
    return Item(PER_CODE["signalen"], list(regels), aantal)


def _signalen_due(frame: pd.DataFrame, vandaag: date,
                  uitleggen: Callable[[pd.DataFrame], list[signalen.Signaal]]) -> tuple[list[Regel], int]:
    """The open signals due within SIGNAAL_WERKDAGEN, in the engine's order (`frame`: open signals with their index
    kept, which keys the kept explanations; `uitleggen`: signalen.als_lijst, or the kept computation's)."""
    grens = signalen.werkdag_deadlines(np.array([vandaag], dtype="datetime64[D]"), SIGNAAL_WERKDAGEN)[0]
    # The deadline column as numpy values (NaT: no deadline, never due): a pandas mask cost ~1 ms on a few hundred rows.
    deadline = frame["deadline"].to_numpy(dtype="datetime64[ns]")
    due = np.flatnonzero(~np.isnat(deadline) & (deadline <= np.datetime64(grens, "ns")))
    regels = []
    # Only the lines the page shows are explained (the digest counts): on a large gemeente thousands are due.
    for s in uitleggen(frame.iloc[due[:MAX_REGELS]]):
        status, soort = _dagen((s.deadline - vandaag).days)  # type: ignore[operator]  # `due` has a deadline
        onderdeel = f" ({s.onderdeel_label})" if s.onderdeel_label else ""
        regels.append(Regel(f"{s.label}{onderdeel}: {s.toelichting}", s.deadline, status, soort,
                            "trajecten.detail", {"traject_id": s.traject_id, "_anchor": "signalen"}, s.traject_id))
    return regels, len(due)


# --- aanbieder --------------------------------------------------------------------------------------------------


def _aanlevering(user: User, vandaag: date) -> Item:
    """The aanbieder's own running assignments (on trajectories it may see) without attendance delivered for
    STIL_WEKEN weeks: none at all since a start that long ago, or the last period ended that long ago."""
    scope = access.visible_trajecten(user)
    gestopt = access.gestopte_gemeenten(user)
    if gestopt:
        scope = scope.where(Traject.gemeente_id.not_in(list(gestopt)))
    uren.bijwerken()
    regels = []
    for r in queries.stille_toewijzingen(scope, user.organisatie_id, vandaag, vandaag - timedelta(weeks=STIL_WEKEN)):
        onderdeel = r.onderdeel.upper() if r.onderdeel in ("map", "pvt") else r.onderdeel.capitalize()
        if r.laatste_eind is not None:
            tekst = f"{onderdeel}: laatste aanwezigheid tot en met {nl_date(r.laatste_eind)}"
        else:
            tekst = f"{onderdeel}: geen aanwezigheid aangeleverd sinds de start op {nl_date(r.startdatum)}"
        regels.append(Regel(tekst, None, f"{STIL_WEKEN}+ weken", "warning", "trajecten.detail",
                            {"traject_id": r.traject_id}, r.traject_id))
    melding = None
    if gestopt:
        melding = ("Een verwerkingsstop geldt bij " + ", ".join(sorted(s.gemeente.naam for s in gestopt.values()))
                   + ": die trajecten staan hier niet.")
    return _item("aanlevering", regels, melding)


def _aanbieder_vo(user: User, vandaag: date) -> Item:
    return _item("verwerkersovereenkomst", privacy.te_doen(user, vandaag)["verwerkersovereenkomst"])


# --- privacy officer --------------------------------------------------------------------------------------------


def _privacy(user: User, vandaag: date) -> list[Item]:
    """The privacy module's items (through the door), in the order of CATEGORIEEN."""
    due = privacy.te_doen(user, vandaag)
    return [_item(c.code, due[c.code]) for c in categorieen(Rol.privacy)]


# --- beheerder --------------------------------------------------------------------------------------------------


def _beheer(vandaag: date) -> list[Item]:
    """Accounts and tokens only: the operator sees no trajectory content."""
    geblokkeerd = db.session.scalars(select(User).where(User.active.is_(False)).order_by(User.email)).all()
    nu = utcnow()
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.revoked_at.is_(None), ApiToken.expires_at > nu,
                                                       ApiToken.expires_at <= nu + timedelta(days=TOKEN_DAGEN))
                                .order_by(ApiToken.expires_at, ApiToken.id)).all()
    return [
        _item("geblokkeerd", [Regel(f"{u.email} ({u.organisatie.naam})", None, "geblokkeerd", "warning",
                                    "beheer.gebruikers") for u in geblokkeerd]),
        _item("tokens", [Regel(f"{t.prefix}… '{t.name or 'zonder naam'}' van {t.user.email}", t.expires_at,
                               *_dagen((t.expires_at.date() - nu.date()).days), "beheer.tokens") for t in tokens]),
    ]


# --- the user's choices -----------------------------------------------------------------------------------------


def afgemeld(user: User) -> set[str]:
    """The categories the user switched off for the digest."""
    return set(db.session.scalars(select(MeldingAfmelding.categorie).where(MeldingAfmelding.user_id == user.id)))


def voorkeuren_opslaan(user: User, aan: list[str]) -> set[str]:
    """Keep the categories of her role in `aan` on and switch the others off; returns those switched off."""
    eigen = {c.code for c in categorieen(user.rol)}
    uit = eigen - set(aan)
    bestaand = {a.categorie: a for a in db.session.scalars(
        select(MeldingAfmelding).where(MeldingAfmelding.user_id == user.id))}
    for code, rij in bestaand.items():
        if code not in uit:
            db.session.delete(rij)
    for code in uit - set(bestaand):
        db.session.add(MeldingAfmelding(user_id=user.id, categorie=code))
    db.session.flush()
    return uit
