"""Demo data of this feature, loaded by portal.demo after the trajectories and deliveries: an open leak in Kerkrade
(its 72 hours running, affected trajectories found) and a reported, closed one in Heerlen."""
from datetime import timedelta

from dpia.datalekken import services
from dpia.datalekken.services import DatalekGegevens, Selectie


def vul(users: dict, orgs: dict, dag) -> None:
    """`users` by e-mail, `orgs` by code, `dag` is today. Flushes; the caller commits."""
    nu = services.lokaal(services.nu()).replace(second=0, microsecond=0)
    kerkrade = users["privacy@kerkrade.demo"]
    open_lek = services.registreer(kerkrade, DatalekGegevens(
        titel="Voortgangsoverzicht naar verkeerde aanbieder gemaild",
        omschrijving="Een medewerker van Taalcentrum Parkstad mailde een export met traject-ID's en verzuim naar een "
                     "andere aanbieder. Geen namen of BSN, wel verzuimredenen.",
        soort="vertrouwelijkheid", ontdekt_op=nu - timedelta(hours=30), gemeld_intern_op=nu - timedelta(hours=28),
        maatregelen="Ontvanger gevraagd de mail te verwijderen en dat te bevestigen."))
    services.bewaar_selectie(kerkrade, open_lek, Selectie(van=dag - timedelta(days=30), tot=dag, aanbieder="TAALKR"))

    heerlen = users["privacy@heerlen.demo"]
    ontdekt = nu - timedelta(days=40)
    services.registreer(heerlen, DatalekGegevens(
        titel="Laptop consulent gestolen",
        omschrijving="Een versleutelde laptop van een klantregisseur is gestolen uit een auto.",
        soort="beschikbaarheid", ontdekt_op=ontdekt, gemeld_intern_op=ontdekt + timedelta(hours=2), gemeld_ap=True,
        gemeld_ap_op=ontdekt + timedelta(hours=20), ap_kenmerk="M-2026-0412", betrokkenen_informeren="nee",
        betrokkenen_reden="De schijf is volledig versleuteld; er is geen risico voor de betrokkenen (art. 34 lid 3a).",
        maatregelen="Account geblokkeerd, sessies en tokens ingetrokken, laptop op afstand gewist."))
