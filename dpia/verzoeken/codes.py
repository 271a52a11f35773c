"""Code lists of data-subject requests: defined once here, they feed the models, forms, API and templates."""
from portal.codes import Code, labels


class VerzoekType(Code):
    """The rights of AVG art. 15-22 a data subject can invoke."""

    inzage = "inzage", "Inzage (art. 15)"
    rectificatie = "rectificatie", "Rectificatie (art. 16)"
    wissing = "wissing", "Wissing (art. 17)"
    beperking = "beperking", "Beperking (art. 18)"
    bezwaar = "bezwaar", "Bezwaar (art. 21)"
    overdraagbaarheid = "overdraagbaarheid", "Overdraagbaarheid (art. 20)"


class VerzoekStatus(Code):
    ontvangen = "ontvangen", "Ontvangen"
    identiteit_onbevestigd = "identiteit_onbevestigd", "Identiteit onbevestigd"
    in_behandeling = "in_behandeling", "In behandeling"
    verlengd = "verlengd", "Verlengd"
    afgehandeld = "afgehandeld", "Afgehandeld"
    afgewezen = "afgewezen", "Afgewezen"
    ingetrokken = "ingetrokken", "Ingetrokken"


class Kanaal(Code):
    post = "post", "Per post"
    email = "email", "Per e-mail"
    balie = "balie", "Aan de balie"
    webformulier = "webformulier", "Webformulier"
    telefoon = "telefoon", "Telefonisch"


class IdentiteitMethode(Code):
    """How the identity of the requester was checked (the gemeente knows the person; the portal does not)."""

    balie_id_bewijs = "balie_id_bewijs", "Identiteitsbewijs getoond aan de balie"
    digid = "digid", "Ingelogd met DigiD"
    afgeschermde_kopie = "afgeschermde_kopie", "Afgeschermde kopie identiteitsbewijs"
    bekend_klantdossier = "bekend_klantdossier", "Bekend uit het klantdossier"


class ActieType(Code):
    """Actions the privacy officer carries out on the real data of a request's trajectories."""

    inzage = "inzage", "Inzage-export"
    rectificatie = "rectificatie", "Rectificatie"
    beperking = "beperking", "Beperking ingesteld"
    opheffen_beperking = "opheffen_beperking", "Beperking opgeheven"
    wissing = "wissing", "Wissing"


class WisGrond(Code):
    """AVG art. 17(1): the ground of an erasure the portal can judge."""

    onrechtmatig_verwerkt = "onrechtmatig_verwerkt", "Onrechtmatig verwerkt (art. 17 lid 1 sub d)"
    niet_meer_nodig = "niet_meer_nodig", "Niet meer nodig (art. 17 lid 1 sub a)"  # only after the retention term


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

# Value -> label of a request's own codes, for stored strings. Actions share codes with request types (inzage,
# beperking ...) but read differently: an action is labelled by its member (ActieType.label).
LABELS = labels(VerzoekType, VerzoekStatus, Kanaal, IdentiteitMethode, WisGrond)


def label(code) -> str:
    """The Dutch label of a request's code, given as member or stored string; an unknown value as it is."""
    if isinstance(code, Code):
        return code.label
    return LABELS.get(code, str(code))


def values(enum_cls) -> list[str]:
    return [m.value for m in enum_cls]
