"""The privacy module's items due for a user today, for the portal's start page and daily digest (portal/meldingen):
what the door's `te_doen` answers, per category code of portal/meldingen/services.py."""
from __future__ import annotations

from datetime import date, timedelta

from dpia.beoordelingen import services as dpias
from dpia.datalekken import services as datalekken
from dpia.verwerkersovereenkomsten import services as vo
from dpia.verzoeken import services as verzoeken
from portal.codes import Rol
from portal.models import User
from portal.privacy import VERZOEK_DAGEN, VO_DAGEN, Regel
from portal.privacy import termijn as _dagen
from portal.timeutil import now


def te_doen(user: User, vandaag: date) -> dict[str, list[Regel]]:
    """An aanbieder's agreements that end within VO_DAGEN; a privacy officer's requests due within VERZOEK_DAGEN
    days (or late), data leaks not yet reported to the AP nor decided not to report (the 72-hour countdown), DPIA
    renewals, overdue DPIA actions and agreements that end soon. Other roles: nothing."""
    if user.rol is Rol.aanbieder:
        return {"verwerkersovereenkomst": _aanbieder_vo(user, vandaag)}
    if user.rol is Rol.privacy:
        return _privacy(user, vandaag)
    return {}


def _aanbieder_vo(user: User, vandaag: date) -> list[Regel]:
    regels = [Regel(f"{p.partner.naam}: {p.melding}", p.geldig_tot, *_dagen(p.dagen_resterend or 0))
              for p in vo.overzicht_aanbieder(user, vandaag) if p.geldig and (p.dagen_resterend or 0) <= VO_DAGEN]
    return sorted(regels, key=_wanneer)


def _wanneer(regel: Regel) -> date:
    """The sort key of lines that all have a deadline (of one type: all dates or all datetimes)."""
    assert regel.wanneer is not None
    return regel.wanneer


def _privacy(user: User, vandaag: date) -> dict[str, list[Regel]]:
    verzoek_regels = []
    for v in verzoeken.lijst(user):
        if v.deadline <= vandaag + timedelta(days=VERZOEK_DAGEN):
            verzoek_regels.append(Regel(f"Verzoek {v.id}: {v.type_label.lower()} ({v.status_label.lower()})",
                                        v.deadline, *_dagen((v.deadline - vandaag).days),
                                        "privacy.verzoeken.verzoek", {"verzoek_id": v.id}))

    moment = now()
    lek_regels = []
    for d in datalekken.lijst(user):
        if d.gemeld_ap or d.niet_melden_reden:
            continue
        t = datalekken.termijn(d, moment)
        lek_regels.append(Regel(f"Datalek {d.id}: {d.titel}", t.deadline, t.tekst, t.soort,
                                "privacy.datalekken.datalek_detail", {"datalek_id": d.id}))
    lek_regels.sort(key=_wanneer)

    herziening_regels = [Regel(f"{h.dpia.titel} (versie {h.dpia.versie})", h.op, *_dagen((h.op - vandaag).days),
                               "privacy.beoordelingen.dpia_detail", {"dpia_id": h.dpia.id})
                         for h in dpias.herzieningen(user, vandaag)]
    actie_regels = [Regel(f"{a.onderwerp} — {a.dpia.titel} (eigenaar {a.eigenaar})", a.deadline,
                          *_dagen((a.deadline - vandaag).days), "privacy.beoordelingen.dpia_acties",
                          {"dpia_id": a.dpia_id})
                    for a in dpias.acties_te_laat(user, vandaag)]
    vo_regels = sorted((Regel(f"{p.partner.naam}: {p.melding}", p.geldig_tot, *_dagen(p.dagen_resterend or 0),
                              "privacy.verwerkersovereenkomsten.verwerkersovereenkomsten")
                        for p in vo.overzicht_gemeente(user, vandaag, toewijzingen=False)
                        if p.geldig and (p.dagen_resterend or 0) <= VO_DAGEN),
                       key=_wanneer)
    return {"verzoeken": verzoek_regels, "datalekken": lek_regels, "dpia_herziening": herziening_regels,
            "dpia_acties": actie_regels, "overeenkomsten": vo_regels}
