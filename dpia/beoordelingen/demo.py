"""Demo data of this feature, loaded by portal.demo after the trajectories and deliveries: each demo gemeente holds a
validated DPIA of the portal, filled in from the model DPIA, with its risks scored, actions and the FG's advice."""
from datetime import timedelta

from dpia.beoordelingen import services
from dpia.beoordelingen.services import RisicoGegevens, Validatiegegevens
from portal.codes import Activiteit

# (privacy officer, FG, validated this many days ago, scores (ernst, waarschijnlijkheid, after the plan) per risk)
DEMO = {
    "privacy@kerkrade.demo": ("mr. J. Claessens", 400, [("belangrijk", "beperkt", "beperkt", "verwaarloosbaar"),
                                                       ("beperkt", "beperkt", "beperkt", "verwaarloosbaar"),
                                                       ("beperkt", "belangrijk", "verwaarloosbaar", "beperkt")]),
    # Heerlen's DPIA is due for renewal within 90 days
    "privacy@heerlen.demo": ("drs. M. Hendriks", 3 * 365 - 45, [("maximaal", "beperkt", "belangrijk", "beperkt"),
                                                                ("beperkt", "verwaarloosbaar", "beperkt",
                                                                 "verwaarloosbaar"),
                                                                ("belangrijk", "beperkt", "beperkt", "beperkt")]),
}


def vul(users: dict, orgs: dict, dag) -> None:
    """`users` by e-mail, `orgs` by code, `dag` is today. Flushes; the caller commits."""
    for email, (fg, dagen_geleden, scores) in DEMO.items():
        user = users[email]
        gevalideerd = dag - timedelta(days=dagen_geleden)
        activiteiten = [a.id for a in services.activiteiten(user)
                        if a.code in (Activiteit.voortgangsrapportage.value, Activiteit.signalering_regie.value)]
        dpia = services.nieuw(user, f"Inburgeringsportaal {user.organisatie.naam}", activiteiten)
        services.beantwoord(user, dpia, {
            "ondersteunende_systemen": "Inburgeringsportaal (aanbieders leveren voortgang aan)\nGemeenten: "
                                       "Specifiek inburgeringssysteem /BRP\nDUO: Portaal inburgering",
            "technieken": "Pseudonieme traject-ID's: het portaal bevat geen BSN, naam, adres of geboortedatum. "
                          "Geen profilering; signalen volgen vaste drempels die de gemeente instelt."})
        for risico, (ernst, kans, ernst_na, kans_na) in zip(dpia.risicos, scores, strict=True):
            services.bewaar_risico(user, dpia, RisicoGegevens(
                naam=risico.naam, gevolgen=risico.gevolgen, dreigingen=risico.dreigingen, bronnen=risico.bronnen,
                maatregel_ids=[m.id for m in risico.maatregelen], ernst=ernst,
                ernst_toelichting=risico.ernst_toelichting, waarschijnlijkheid=kans,
                waarschijnlijkheid_toelichting=risico.waarschijnlijkheid_toelichting, ernst_na=ernst_na,
                waarschijnlijkheid_na=kans_na), risico)
        services.beoordeel(user, dpia, dpia.antwoord("informatie"), "te_verbeteren",
                           "De informatiebrief noemt het portaal en de aanbieders niet.", "Team Inburgering",
                           gevalideerd + timedelta(days=90))
        services.beoordeel(user, dpia, dpia.antwoord("doorgifte"), "acceptabel", "Geen doorgifte buiten de EER.")
        services.voeg_actie_toe(user, dpia, "Traceerbaarheid (logging)",
                                "Periodiek het verwerkingslogboek controleren op ongebruikelijke inzage.",
                                "Privacy officer", dag - timedelta(days=14))
        services.bewaar_validatiegegevens(user, dpia, Validatiegegevens(
            auteur=f"Privacy officer {user.organisatie.naam}", beoordelaar="CISO", validator="Gemeentesecretaris",
            fg_naam=fg, fg_oordeel="positief_met_voorwaarden",
            fg_advies="De verwerking kan doorgaan. Voorwaarde: de acties uit het actieplan worden op tijd "
                      "uitgevoerd en de DPIA wordt na drie jaar herzien.",
            betrokkenen_gevraagd=True,
            betrokkenen_mening="De cliëntenraad is gehoord en heeft geen bezwaar, wel de vraag om duidelijke "
                               "informatie in meerdere talen."))
        services.valideer(user, dpia, gevalideerd)
