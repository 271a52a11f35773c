"""The register entries of the portal's own five processing activities, registered for every new gemeente.

Plain data, no imports of the application: migration 0004 registers the same text for gemeenten that existed
before the register did. Sources: the VNG model-DPIA "nieuwe Wet inburgering" (april 2021; purposes, the table of
tasks and articles, art. 6 lid 1 sub e AVG as ground, gezondheidsgegevens under art. 37 lid 2 Wet inburgering 2021,
the BIO measures, and the retention term of art. 9.9 Besluit inburgering 2021: five years after the end of the
inburgeringsplicht for everything but the identifying data, which the portal never holds), the VNG handreiking
gegevensuitwisseling (jan 2022; aanbieders report voortgang and verzuim to the gemeente; the gemeente itself
registers MAP/PVT afronding in the DUO portal) and the Kerkrade beleidsplan (no BSN to aanbieders,
verwerkersovereenkomsten, DPIA every three years). The gemeente adjusts the entries as a new version.
"""

SYSTEEM = "systeem"

_PORTAAL_MAATREGELEN = "\n".join([
    "Pseudonieme traject-ID's: het portaal bevat geen BSN, naam, adres of geboortedatum; elke invoer (formulier, "
    "upload, API) wordt op een BSN gecontroleerd en geweigerd",
    "Tweefactorauthenticatie (TOTP) voor alle gebruikers; wachtwoorden met argon2 gehasht; sessietime-out",
    "Toegang per rol: een gemeente ziet alleen haar eigen trajecten, een aanbieder alleen de toegewezen "
    "onderdelen; de beheerder ziet geen trajectinhoud (scheiding van taken, BIO 6.1.2)",
    "Aanleveren alleen met een geldige verwerkersovereenkomst tussen aanbieder en gemeente",
    "Verwerkingslog van elke lees-, schrijf- en exportactie per traject, met hash-keten tegen wijziging "
    "(VNG Logging Verwerkingen; BIO 12.4.2)",
    "API-tokens alleen als hash opgeslagen en intrekbaar; versleuteld transport (TLS)",
    "Maatregelen uit de VNG model-DPIA: BIO 9.1.1, 9.2.1, 9.2.2, 9.2.6, 9.4.1, 9.4.2, 9.4.3, 10.1.1, 14.1.2",
])

_BEWAAR_TRAJECT = (
    "5 jaar na beëindiging van het traject (einde van de inburgeringsplicht), naar art. 9.9 Besluit inburgering "
    "2021 zoals opgenomen in de VNG model-DPIA Wet inburgering. De termijn van 50 jaar voor BSN, naam, adres, "
    "geboortedatum en de wijze waarop aan de inburgeringsplicht is voldaan geldt voor het dossier in het eigen "
    "cliëntsysteem van de gemeente; die gegevens staan niet in het portaal.")

_DPIA = "DPIA Wet inburgering 2021 (VNG-model, april 2021); elke 3 jaar herzien"

_GEZONDHEID_UITZONDERING = (
    "Art. 9 lid 2 sub g AVG jo. art. 37 lid 2 Wet inburgering 2021: het college mag gezondheidsgegevens verwerken "
    "voor zover noodzakelijk voor de ondersteuning en begeleiding bij de leerroute. Alleen de reden van verzuim of "
    "beëindiging ('ziekte', 'medische afspraak'), nooit een diagnose of toelichting.")

PORTAALACTIVITEITEN: dict[str, dict] = {
    "voortgangsrapportage": {
        "naam": "Voortgangsrapportage door aanbieders inburgering",
        "doel": "Gecontracteerde aanbieders van taal, MAP en PVT leveren per pseudoniem traject-ID aanwezigheid, "
                "verzuim (geoorloofd en ongeoorloofd), tussentijdse toetsen en afrondingen aan, zodat de gemeente "
                "de uitvoering van het persoonlijk plan inburgering en participatie (PIP) kan volgen en de "
                "inburgeringsplichtige tijdig kan ondersteunen.",
        "grondslag": "e",
        "grondslag_artikel": "Art. 6 lid 1 sub e AVG jo. art. 15, 16 en 17 Wet inburgering 2021 (PIP, "
                             "inburgeringsaanbod, ondersteuning en begeleiding) en art. 5.2 en 5.4 Besluit "
                             "inburgering 2021",
        "verantwoordelijke_bestuursorgaan": "college_van_burgemeester_en_wethouders",
        "categorieen_betrokkenen": "Inburgeringsplichtigen met een traject bij de gemeente (asielstatushouders, "
                                   "gezinsmigranten, overige migranten)\n"
                                   "Medewerkers van aanbieders die aanleveren",
        "categorieen_persoonsgegevens": "Pseudoniem traject-ID (geen BSN, naam, adres of geboortedatum)\n"
                                        "Doelgroep, leerroute, PIP-datum, intensiteit en status van het traject\n"
                                        "Toegewezen onderdelen en aanbieders met start- en einddatum\n"
                                        "Aanwezigheid en verzuim per periode, met reden van verzuim\n"
                                        "Toetsresultaten per vaardigheid (datum, niveau, resultaat, score)\n"
                                        "Afronding per onderdeel (datum, status, reden, verwijtbaarheid)\n"
                                        "Correctiehistorie van aanleveringen\n"
                                        "Zakelijk e-mailadres en organisatie van de aanleverende medewerker",
        "bijzondere_categorieen": ["gezondheid"],
        "uitzondering_art9": _GEZONDHEID_UITZONDERING,
        "ontvangers": "Klantregisseurs en consulenten inburgering van de gemeente\n"
                      "Privacy officer van de gemeente (verzoeken van betrokkenen, toezicht)\n"
                      "Geen verstrekking aan DUO, COA of CBS vanuit het portaal",
        "verwerkers": "Gecontracteerde aanbieders van taal, MAP en PVT (verwerkersovereenkomst per aanbieder, "
                      "art. 28 AVG)\n"
                      "Beheerorganisatie van het Inburgeringsportaal (hosting en beheer, zonder toegang tot "
                      "trajectinhoud)",
        "doorgifte_buiten_eer": False,
        "doorgifte_waarborgen": None,
        "bewaartermijn": _BEWAAR_TRAJECT,
        "bewaartermijn_jaren": 5,
        "beveiligingsmaatregelen": _PORTAAL_MAATREGELEN,
        "eigenaar": "Proceseigenaar inburgering (team Inburgering, sociaal domein)",
        "dpia": _DPIA,
    },
    "signalering_regie": {
        "naam": "Regie en signalering inburgeringstrajecten",
        "doel": "De klantregisseur legt trajecten aan onder een pseudoniem traject-ID, wijst aanbieders toe, volgt "
                "de voortgang per traject en per caseload en handelt signalen af (ongeoorloofd verzuim, termijn "
                "voor registratie bij DUO, vertraagde start, afschalen mogelijk, geen aanlevering, "
                "leerroute-wissel, termijn in gevaar), om de regierol van de gemeente bij de inburgering uit te "
                "voeren.",
        "grondslag": "e",
        "grondslag_artikel": "Art. 6 lid 1 sub e AVG jo. art. 14 tot en met 17 Wet inburgering 2021 (brede "
                             "intake, PIP, inburgeringsaanbod, ondersteuning en begeleiding) en art. 5.2 Besluit "
                             "inburgering 2021",
        "verantwoordelijke_bestuursorgaan": "college_van_burgemeester_en_wethouders",
        "categorieen_betrokkenen": "Inburgeringsplichtigen met een traject bij de gemeente\n"
                                   "Medewerkers van de gemeente (klantregisseurs)",
        "categorieen_persoonsgegevens": "Pseudoniem traject-ID (geen BSN, naam, adres of geboortedatum)\n"
                                        "Doelgroep, leerroute, PIP-datum, intensiteit, datum inburgeringsaanbod "
                                        "en status van het traject\n"
                                        "Toewijzingen aan aanbieders per onderdeel\n"
                                        "Voortgang: uren gepland, aanwezig en verzuim, toetsen, afrondingen\n"
                                        "Signalen met regel, datum en deadline; datum registratie bij DUO\n"
                                        "Zakelijk e-mailadres van de behandelend medewerker",
        "bijzondere_categorieen": ["gezondheid"],
        "uitzondering_art9": _GEZONDHEID_UITZONDERING,
        "ontvangers": "Klantregisseurs en consulenten inburgering van de gemeente\n"
                      "Toegewezen aanbieders, alleen voor hun eigen onderdelen (traject-ID, doelgroep, leerroute, "
                      "intensiteit)\n"
                      "Geen verstrekking aan DUO: de regisseur registreert afronding van MAP en PVT zelf in het "
                      "DUO-portaal; het portaal signaleert alleen de termijn\n"
                      "Geen gebruik voor de Participatiewet via het portaal (art. 35 lid 5 Wet inburgering 2021 "
                      "loopt via het eigen cliëntsysteem)",
        "verwerkers": "Beheerorganisatie van het Inburgeringsportaal (hosting en beheer, zonder toegang tot "
                      "trajectinhoud)",
        "doorgifte_buiten_eer": False,
        "doorgifte_waarborgen": None,
        "bewaartermijn": _BEWAAR_TRAJECT,
        "bewaartermijn_jaren": 5,
        "beveiligingsmaatregelen": _PORTAAL_MAATREGELEN,
        "eigenaar": "Proceseigenaar inburgering (team Inburgering, sociaal domein)",
        "dpia": _DPIA,
    },
    "duo_keten": {
        "naam": "Registratie bij DUO (DUO-keten)",
        "doel": "De gemeente registreert binnen 10 werkdagen bij DUO het PIP, het inburgeringsaanbod, de gevolgde "
                "uren en de resultaten van MAP, PVT en Z-route (met het besluit over verwijtbaarheid), zodat DUO de "
                "inburgeringsplicht juist kan vaststellen. Het portaal stelt per pseudoniem traject-ID een "
                "DUO-export samen, controleert vooraf op wat DUO zou weigeren en houdt bij wat is verzonden, zodat "
                "een latere correctie van een afronding opnieuw wordt gesignaleerd (risico van een onterechte boete).",
        "grondslag": "e",
        "grondslag_artikel": "Art. 6 lid 1 sub e AVG jo. art. 15, 16 en 17 Wet inburgering 2021 (PIP, "
                             "inburgeringsaanbod, ondersteuning en begeleiding) en art. 37 Wet inburgering 2021 "
                             "(verstrekking van gegevens aan DUO)",
        "verantwoordelijke_bestuursorgaan": "college_van_burgemeester_en_wethouders",
        "categorieen_betrokkenen": "Inburgeringsplichtigen met een traject bij de gemeente\n"
                                   "Medewerkers van de gemeente (klantregisseurs)",
        "categorieen_persoonsgegevens": "Pseudoniem traject-ID (geen BSN: de gemeente koppelt het BSN in het eigen "
                                        "systeem)\n"
                                        "Doelgroep, leerroute, niveau, PIP-datum, intensiteit, datum "
                                        "inburgeringsaanbod, inburgeringstermijn\n"
                                        "Gevolgde uren per DUO-categorie (participatietaalles, brede intake, "
                                        "participatieactiviteiten)\n"
                                        "Datum afronding MAP, PVT en Z-route; besluit verwijtbaarheid\n"
                                        "Wat aan DUO is verzonden, wanneer en door wie",
        "bijzondere_categorieen": [],
        "uitzondering_art9": None,
        "ontvangers": "Klantregisseurs van de gemeente (export per traject-ID)\n"
                      "DUO, via de gemeente zelf (DUO-portaal of gemeente-API van DUO, met het BSN uit het eigen "
                      "systeem); het portaal verstrekt zelf niets aan DUO",
        "verwerkers": "Beheerorganisatie van het Inburgeringsportaal (hosting en beheer, zonder toegang tot "
                      "trajectinhoud)",
        "doorgifte_buiten_eer": False,
        "doorgifte_waarborgen": None,
        "bewaartermijn": _BEWAAR_TRAJECT,
        "bewaartermijn_jaren": 5,
        "beveiligingsmaatregelen": _PORTAAL_MAATREGELEN,
        "eigenaar": "Proceseigenaar inburgering (team Inburgering, sociaal domein)",
        "dpia": _DPIA,
    },
    "beheer_accounts": {
        "naam": "Beheer van gebruikers en toegang tot het Inburgeringsportaal",
        "doel": "Gebruikers van gemeenten en aanbieders aanmaken, met één rol in één organisatie; "
                "tweefactorauthenticatie, API-tokens en intrekken van toegang, zodat alleen bevoegde medewerkers "
                "trajectgegevens verwerken en elke verwerking aan een persoon kan worden toegerekend.",
        "grondslag": "c",
        "grondslag_artikel": "Art. 6 lid 1 sub c AVG jo. art. 32 AVG (passende beveiliging van de verwerking) en "
                             "art. 5 lid 2 AVG (verantwoordingsplicht); uitgewerkt in de Baseline "
                             "Informatiebeveiliging Overheid (BIO 9.2)",
        "verantwoordelijke_bestuursorgaan": "college_van_burgemeester_en_wethouders",
        "categorieen_betrokkenen": "Medewerkers van de gemeente (klantregisseurs, privacy officers)\n"
                                   "Medewerkers van aanbieders\n"
                                   "Beheerders van het portaal",
        "categorieen_persoonsgegevens": "Zakelijk e-mailadres, organisatie en rol\n"
                                        "Wachtwoord (alleen als argon2-hash) en versleuteld TOTP-geheim\n"
                                        "API-tokens (alleen hash en begin), aanmaak-, laatst-gebruikt- en "
                                        "intrekdatum\n"
                                        "Account actief of niet, aanmaakdatum",
        "bijzondere_categorieen": [],
        "uitzondering_art9": None,
        "ontvangers": "Beheerders van het portaal\n"
                      "Privacy officer van de gemeente (wie heeft wat verwerkt, via het verwerkingslog)",
        "verwerkers": "Beheerorganisatie van het Inburgeringsportaal (hosting en beheer)",
        "doorgifte_buiten_eer": False,
        "doorgifte_waarborgen": None,
        "bewaartermijn": "1 jaar na het intrekken of beëindigen van het account; het e-mailadres in het "
                         "verwerkingslog blijft zo lang als de logregel (zie de trajectactiviteiten). Eigen "
                         "voorstel: te toetsen aan de Selectielijst gemeenten (Archiefwet).",
        "bewaartermijn_jaren": 1,
        "beveiligingsmaatregelen": _PORTAAL_MAATREGELEN,
        "eigenaar": "Functioneel beheer Inburgeringsportaal",
        "dpia": _DPIA,
    },
    "gegevensbeschermingsverzoeken": {
        "naam": "Gegevensbescherming: verzoeken van betrokkenen en toezicht op de verwerking",
        "doel": "De privacy officer handelt verzoeken van betrokkenen af (inzage, rectificatie, wissing, beperking, "
                "bezwaar, overdraagbaarheid), leest het verwerkingslog, houdt het verwerkingsregister, de "
                "verwerkersovereenkomsten en datalekken bij en kan een verwerking stilleggen, zodat de gemeente "
                "de rechten van betrokkenen waarborgt en haar verantwoordingsplicht nakomt.",
        "grondslag": "c",
        "grondslag_artikel": "Art. 6 lid 1 sub c AVG jo. art. 12 tot en met 22 AVG (rechten van betrokkenen), "
                             "art. 30 AVG (register), art. 33 AVG (datalekken) en art. 5 lid 2 AVG "
                             "(verantwoordingsplicht)",
        "verantwoordelijke_bestuursorgaan": "college_van_burgemeester_en_wethouders",
        "categorieen_betrokkenen": "Inburgeringsplichtigen die een verzoek doen of van wie gegevens in een "
                                   "datalek betrokken zijn\n"
                                   "Medewerkers van gemeente, aanbieders en beheer (in het verwerkingslog)",
        "categorieen_persoonsgegevens": "Pseudoniem traject-ID en alle gegevens van dat traject (voor inzage, "
                                        "rectificatie, beperking en wissing)\n"
                                        "Soort verzoek, datum van ontvangst, termijn, identiteitscontrole (hoe, "
                                        "door wie; geen kopie van een identiteitsbewijs), besluit\n"
                                        "Verwerkingslog: tijdstip, medewerker, organisatie, actie, "
                                        "verwerkingsactiviteit\n"
                                        "Wijzigingen in het verwerkingsregister (wie, wanneer)",
        "bijzondere_categorieen": [],
        "uitzondering_art9": None,
        "ontvangers": "De betrokkene zelf (inzage, overdraagbaarheid)\n"
                      "Functionaris gegevensbescherming van de gemeente\n"
                      "Autoriteit Persoonsgegevens (melding datalek, op verzoek)",
        "verwerkers": "Beheerorganisatie van het Inburgeringsportaal (hosting en beheer)",
        "doorgifte_buiten_eer": False,
        "doorgifte_waarborgen": None,
        "bewaartermijn": "Verzoeken en besluiten: 5 jaar na afhandeling (Awb-besluit; bezwaar en beroep en "
                         "verantwoording). Het verwerkingslog zo lang als de trajectgegevens waarop het betrekking "
                         "heeft. Eigen voorstel: te toetsen aan de Selectielijst gemeenten (Archiefwet).",
        "bewaartermijn_jaren": 5,
        "beveiligingsmaatregelen": _PORTAAL_MAATREGELEN,
        "eigenaar": "Privacy officer / functionaris gegevensbescherming van de gemeente",
        "dpia": _DPIA,
    },
}
