"""The answer letter of a request: a Dutch draft generated from what was done (or why not), editable until the
privacy officer makes it final, then locked; rendered to PDF. The decision on a request is a besluit in the sense
of the Awb, taken by the college of burgemeester en wethouders (the privacy officer signs on its behalf), so the
letter names the bezwaar term of six weeks (Awb art. 6:7). What the draft says follows the request's recorded state:
no decision text before a decision is recorded, and the letter can only be made final (sent) after that."""
from __future__ import annotations

from flask import render_template

from dpia.verzoeken import termijnen
from dpia.verzoeken.codes import GESLOTEN, ActieType, VerzoekStatus, VerzoekType
from dpia.verzoeken.models import Verzoek
from portal import access
from portal.errors import ServiceError
from portal.extensions import db
from portal.models import User
from portal.pdf import html_to_pdf
from portal.timeutil import lokaal, nl_date, now

ONDERWERP = {
    VerzoekType.inzage: "uw verzoek om inzage in uw persoonsgegevens (artikel 15 AVG)",
    VerzoekType.overdraagbaarheid: "uw verzoek om uw persoonsgegevens over te dragen (artikel 20 AVG)",
    VerzoekType.rectificatie: "uw verzoek om uw persoonsgegevens te corrigeren (artikel 16 AVG)",
    VerzoekType.wissing: "uw verzoek om uw persoonsgegevens te wissen (artikel 17 AVG)",
    VerzoekType.beperking: "uw verzoek om de verwerking van uw persoonsgegevens te beperken (artikel 18 AVG)",
    VerzoekType.bezwaar: "uw bezwaar tegen de verwerking van uw persoonsgegevens (artikel 21 AVG)",
}
GEDAAN = {
    ActieType.inzage: "Bijgevoegd vindt u een overzicht van alle gegevens die wij in het inburgeringsportaal over uw "
                      "inburgeringstraject bewaren, met daarbij wie deze gegevens wanneer en waarvoor heeft "
                      "verwerkt. U ontvangt dit overzicht ook in een gangbaar, machineleesbaar formaat (JSON en "
                      "Excel).",
    ActieType.rectificatie: "Wij hebben de onjuiste gegevens gecorrigeerd. De eerdere versie blijft vastgelegd, met "
                            "uw verzoek als reden van de correctie.",
    ActieType.beperking: "Wij hebben de verwerking van uw gegevens beperkt: er worden geen nieuwe gegevens "
                         "aangeleverd en alleen de privacy officer van de gemeente kan ze inzien.",
    ActieType.opheffen_beperking: "De beperking van de verwerking is opgeheven; uw gegevens worden weer verwerkt "
                                  "voor de uitvoering van de Wet inburgering 2021.",
    ActieType.wissing: "Wij hebben uw gegevens in het inburgeringsportaal gewist. In het verwerkingslogboek blijft "
                       "alleen vastgelegd dát er gegevens zijn gewist, niet welke.",
}


def college(verzoek: Verzoek) -> str:
    """Who decides: "het college van burgemeester en wethouders van Kerkrade" (the organisation's name without its
    "Gemeente " prefix)."""
    naam = verzoek.gemeente.naam
    plaats = naam[len("gemeente "):] if naam.lower().startswith("gemeente ") else naam
    return f"het college van burgemeester en wethouders van {plaats}"


def verzenddag(verzoek: Verzoek):
    """The letter's date: the local (Europe/Amsterdam) day it was made final, that is sent; a draft is dated the local
    day it is printed."""
    return lokaal(verzoek.brief_definitief_op or now()).date()


def concept(verzoek: Verzoek, vandaag=None) -> str:
    """The generated draft, plain text (paragraphs separated by blank lines). Before a decision is recorded it says
    only what has been done so far and leaves a placeholder for the decision, so it cannot be made final."""
    vandaag = vandaag or verzenddag(verzoek)
    besloten = verzoek.status in GESLOTEN
    alinea = ["Geachte heer/mevrouw,",
              f"Op {nl_date(verzoek.ontvangen)} hebben wij {ONDERWERP[verzoek.type]} ontvangen."
              + (" In deze brief leest u ons besluit." if besloten else "")]
    if verzoek.verlengd_op:
        alinea.append(f"Op {nl_date(verzoek.verlengd_op)} hebben wij u laten weten dat wij de termijn voor ons "
                      f"antwoord met twee maanden hebben verlengd, tot {nl_date(verzoek.deadline)}. De reden was: "
                      f"{(verzoek.verlenging_reden or '').rstrip('.')}.")
    gedaan = []
    for actie in verzoek.acties:
        tekst = GEDAAN.get(actie.actie)
        if tekst and tekst not in gedaan:
            gedaan.append(tekst)
    if verzoek.status is VerzoekStatus.afgewezen:
        alinea.append("Wij hebben besloten uw verzoek af te wijzen. [Vul hier de reden van de afwijzing in, "
                      "bijvoorbeeld de wettelijke bewaarplicht die nog loopt.]")
    elif verzoek.status is VerzoekStatus.ingetrokken:
        alinea.append("U heeft uw verzoek ingetrokken. Wij behandelen het daarom niet verder.")
    elif verzoek.status is VerzoekStatus.afgehandeld:
        alinea.append("Wij hebben besloten uw verzoek toe te wijzen. "
                      + (" ".join(gedaan) or "[Beschrijf hier wat er met uw verzoek is gedaan.]"))
    else:
        alinea.append("[Er is nog geen besluit op dit verzoek vastgelegd. Leg het besluit vast op de pagina van het "
                      "verzoek en vervang deze zin door het besluit; een concept dat u niet opsloeg, vult zich dan "
                      "vanzelf aan.]" + (" " + " ".join(gedaan) if gedaan else ""))
    binnen = "binnen" if vandaag <= verzoek.deadline else "na afloop van"
    alinea.append(f"Wij beantwoorden uw verzoek {binnen} de wettelijke termijn, die liep tot "
                  f"{nl_date(verzoek.deadline)}.")
    if besloten and verzoek.status is not VerzoekStatus.ingetrokken:
        alinea.append(f"Bent u het niet eens met dit besluit? Dan kunt u binnen {termijnen.BEZWAARTERMIJN_WEKEN} "
                      f"weken na de datum van deze brief bezwaar maken bij {college(verzoek)} (artikel 6:7 "
                      f"Algemene wet bestuursrecht). Noem in uw bezwaarschrift uw naam en adres, de datum, dit "
                      f"besluit en waarom u het er niet mee eens bent, en onderteken het. U kunt ook een klacht "
                      f"indienen bij de Autoriteit Persoonsgegevens.")
    alinea.append(f"Met vriendelijke groet,\nnamens {college(verzoek)},\n\nde privacy officer")
    return "\n\n".join(alinea)


def tekst(verzoek: Verzoek) -> str:
    return verzoek.brief_tekst if verzoek.brief_tekst is not None else concept(verzoek)


def opslaan(user: User, verzoek: Verzoek, nieuwe_tekst: str | None) -> Verzoek:
    access.vereis_privacy(user)
    if verzoek.brief_definitief:
        raise ServiceError("brief_definitief", "De brief is definitief en kan niet meer worden gewijzigd.",
                           "tekst", status=409)
    if not (nieuwe_tekst or "").strip():
        raise ServiceError("verplicht", "De brief is leeg.", "tekst")
    verzoek.brief_tekst = (nieuwe_tekst or "").strip().replace("\r\n", "\n")
    db.session.flush()
    return verzoek


def definitief(user: User, verzoek: Verzoek) -> Verzoek:
    """Lock the letter: from now on it is what was sent."""
    access.vereis_privacy(user)
    if verzoek.brief_definitief:
        raise ServiceError("brief_definitief", "De brief is al definitief.", status=409)
    if verzoek.status not in GESLOTEN:
        raise ServiceError("geen_besluit", "Leg eerst het besluit op het verzoek vast (afgehandeld, afgewezen of "
                                           "ingetrokken); daarna kan de brief definitief worden en worden verzonden.",
                           "tekst", status=409)
    huidige = tekst(verzoek)
    if "[" in huidige and "]" in huidige:
        raise ServiceError("brief_onvolledig", "Vul eerst de tekst tussen [ en ] in.", "tekst")
    verzoek.brief_tekst = huidige
    verzoek.brief_definitief_op, verzoek.brief_definitief_door = now(), user.email
    db.session.flush()
    return verzoek


def pdf(verzoek: Verzoek) -> bytes:
    html = render_template("privacy/brief_pdf.html", verzoek=verzoek, alineas=tekst(verzoek).split("\n\n"),
                           datum=verzenddag(verzoek), concept=not verzoek.brief_definitief)
    return html_to_pdf(html)

