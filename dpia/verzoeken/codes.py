"""Code lists of data-subject requests: defined once here, they feed the models, forms, API and templates."""
import enum


class VerzoekType(str, enum.Enum):
    """The rights of AVG art. 15-22 a data subject can invoke."""

    inzage = "inzage"
    rectificatie = "rectificatie"
    wissing = "wissing"
    beperking = "beperking"
    bezwaar = "bezwaar"
    overdraagbaarheid = "overdraagbaarheid"


class VerzoekStatus(str, enum.Enum):
    ontvangen = "ontvangen"
    identiteit_onbevestigd = "identiteit_onbevestigd"
    in_behandeling = "in_behandeling"
    verlengd = "verlengd"
    afgehandeld = "afgehandeld"
    afgewezen = "afgewezen"
    ingetrokken = "ingetrokken"


class Kanaal(str, enum.Enum):
    post = "post"
    email = "email"
    balie = "balie"
    webformulier = "webformulier"
    telefoon = "telefoon"


class IdentiteitMethode(str, enum.Enum):
    """How the identity of the requester was checked (the gemeente knows the person; the portal does not)."""

    balie_id_bewijs = "balie_id_bewijs"
    digid = "digid"
    afgeschermde_kopie = "afgeschermde_kopie"
    bekend_klantdossier = "bekend_klantdossier"


class ActieType(str, enum.Enum):
    """Actions the privacy officer carries out on the real data of a request's trajectories."""

    inzage = "inzage"
    rectificatie = "rectificatie"
    beperking = "beperking"
    opheffen_beperking = "opheffen_beperking"
    wissing = "wissing"


class WisGrond(str, enum.Enum):
    """AVG art. 17(1): the ground of an erasure the portal can judge."""

    onrechtmatig_verwerkt = "onrechtmatig_verwerkt"   # art. 17(1)(d)
    niet_meer_nodig = "niet_meer_nodig"               # art. 17(1)(a): only after the retention term


OPEN = (VerzoekStatus.ontvangen, VerzoekStatus.identiteit_onbevestigd, VerzoekStatus.in_behandeling,
        VerzoekStatus.verlengd)
GESLOTEN = (VerzoekStatus.afgehandeld, VerzoekStatus.afgewezen, VerzoekStatus.ingetrokken)

# The workflow of design.md: which status may follow which (an extension sets `verlengd` through its own service).
OVERGANGEN: dict[VerzoekStatus, tuple[VerzoekStatus, ...]] = {
    VerzoekStatus.ontvangen: (VerzoekStatus.identiteit_onbevestigd, VerzoekStatus.in_behandeling, *GESLOTEN),
    VerzoekStatus.identiteit_onbevestigd: (VerzoekStatus.in_behandeling, VerzoekStatus.afgewezen,
                                           VerzoekStatus.ingetrokken),
    VerzoekStatus.in_behandeling: GESLOTEN,
    VerzoekStatus.verlengd: GESLOTEN,
}

LABELS = {
    **{t.value: x for t, x in zip(VerzoekType, ("Inzage (art. 15)", "Rectificatie (art. 16)", "Wissing (art. 17)",
                                                 "Beperking (art. 18)", "Bezwaar (art. 21)",
                                                 "Overdraagbaarheid (art. 20)"), strict=True)},
    **{s.value: x for s, x in zip(VerzoekStatus, ("Ontvangen", "Identiteit onbevestigd", "In behandeling",
                                                   "Verlengd", "Afgehandeld", "Afgewezen", "Ingetrokken"),
                                  strict=True)},
    **{k.value: x for k, x in zip(Kanaal, ("Per post", "Per e-mail", "Aan de balie", "Webformulier",
                                           "Telefonisch"), strict=True)},
    **{m.value: x for m, x in zip(IdentiteitMethode, ("Identiteitsbewijs getoond aan de balie", "Ingelogd met DigiD",
                                                       "Afgeschermde kopie identiteitsbewijs",
                                                       "Bekend uit het klantdossier"), strict=True)},
    WisGrond.onrechtmatig_verwerkt.value: "Onrechtmatig verwerkt (art. 17 lid 1 sub d)",
    WisGrond.niet_meer_nodig.value: "Niet meer nodig (art. 17 lid 1 sub a)",
}


# Actions share codes with request types (inzage, beperking ...) but read differently.
ACTIE_LABELS = {
    **{a.value: x for a, x in zip(ActieType, ("Inzage-export", "Rectificatie", "Beperking ingesteld",
                                              "Beperking opgeheven", "Wissing"), strict=True)},
}


def label(code) -> str:
    if isinstance(code, ActieType):
        return ACTIE_LABELS[code.value]
    value = getattr(code, "value", code)
    return LABELS.get(value, str(value))


def choices(enum_cls) -> list[tuple[str, str]]:
    return [(m.value, label(m)) for m in enum_cls]


def values(enum_cls) -> list[str]:
    return [m.value for m in enum_cls]
