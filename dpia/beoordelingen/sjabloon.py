"""The built-in DPIA template: the VNG model DPIA "nieuwe Wet inburgering" (april 2021, CNIL PIA method), as data.

Questions, model answers and the measures catalogue are copied from the model (seed 000); a new DPIA starts with
them as editable text. The only edits: list answers are split into one item per line, and the measures each risk
names are resolved against the catalogue (the model spells one of them "bedrijfs-middelen"; its BIO code decides).
The model's table of the gemeente's tasks and the data each needs (`TAKEN`) is printed, unchanged, as an appendix
of every DPIA document.
"""
from dataclasses import dataclass

BRON = "VNG model-DPIA nieuwe Wet inburgering (april 2021)"


@dataclass(frozen=True)
class Vraag:
    sleutel: str
    tekst: str
    model: str  # the model DPIA's answer, the starting text
    soort: str = "tekst"  # tekst | lijst (one item per line)
    hulp: str = ""


@dataclass(frozen=True)
class Sectie:
    sleutel: str
    titel: str
    vragen: tuple[Vraag, ...]


@dataclass(frozen=True)
class Deel:
    nummer: int
    titel: str
    secties: tuple[Sectie, ...] = ()


def _lijst(tekst: str, scheiding: str = ", ") -> str:
    return "\n".join(item.strip() for item in tekst.split(scheiding) if item.strip())


_BEWAARTERMIJN = ("50 jaar voor de volgende gegevens: a burgerservicenummer; b naamgegevens; c adresgegevens; "
                  "d woonplaats; e geboortedatum; f gegevens die betrekking hebben op gehele of gedeeltelijke "
                  "vrijstelling van de inburgeringsplicht; g gegevens die betrekking hebben op een ontheffing van de "
                  "inburgeringsplicht; h de datum en de wijze waarop aan de inburgeringsplicht is voldaan.  Andere "
                  "gegevens worden vijf jaar na beëindiging inburgeringsplicht verwijderd, of na overlijden "
                  "inburgeringsplichtige")
_PRIVACYVERKLARING = ("Zie privacyverklaring op website gemeente voor rechten van betrokkenen (meenemen in folder bij "
                      "brede intake).")

CONTEXT = Deel(1, "Context", (
    Sectie("overzicht", "Overzicht", (
        Vraag("verwerking", "Welke gegevensverwerking wordt overwogen?",
              "Gegevensuitwisseling en -verwerking ten behoeve van inburgering van inburgeringsplichtigen"),
        Vraag("doeleinden", "Wat zijn de doeleinden van de gegevensverwerkingen?",
              "Mogelijk maken dat nieuwkomers zelfstandig kunnen deelnemen aan de Nederlandse samenleving en kunnen "
              "voldoen aan de inburgeringsplicht."),
        Vraag("plaats", "Waar vinden de gegevensverwerkingen plaats?",
              "Binnen de systemen van de IND, COA, DUO, CBS en binnen de systemen van individuele gemeenten. In "
              "principe binnen de EER (Europese Economische Ruimte), als daarvrom wordt afgeweken is het vermeld in "
              "de dataleveringsovereenkomsten/verwerkingsovereenkomsten tussen betrokken partijen (IND, DUO, COA, "
              "Gemeenten, leveranciers van cursussen)"),
        Vraag("verantwoordelijkheden", "Welke verantwoordelijkheden zijn verbonden aan de gegevensverwerking?",
              "De precieze wettelijke taken staan vermeld in de Wet inburgering. In de bijlage is een matrix "
              "opgenomen met verwijzingen\n\n"
              "De gemeenten hebben binnen de taakuitvoering van de Wet inburgering geen directe link in "
              "gegevensverwerking met de IND\n\n"
              "COA Verantwoordelijke voor eigen verwerking van de gegevens van nieuwkomers in heel Nederland.\n\n"
              "DUO Voert taken minister SZW uit en is daarmee een verwerker voor registratie van gegevens van "
              "nieuwkomers tbv registratie diploma's/certificaten.\n\n"
              "Gemeenten Wettelijke taak voor uitvoering Wet inburgering; Verantwoordelijke voor registratie van "
              "gegevens inburgeringsplichtige.\n\n"
              "Leveranciers van cursussen (geen wettelijke taak maar wel betrokken bij verwerking gegevens) Door "
              "gemeenten ingehuurde organisaties voor het verzorgen van cursussen aan inburgeraars met asielstatus."),
        Vraag("wetgeving", "Welke wet- en regelgevingen hebben betrekking op de gegevensverwerkingen?",
              "Wet inburgering (Nog niet van kracht)\nBesluit inburgering\nRegeling inburgering", soort="lijst"),
        Vraag("normen", "Zijn er normen van toepassing op de gegevensverwerking?",
              "Geen specifieke gedragscodes van toepassing"),
    )),
    Sectie("gegevens", "Gegevens, processen en de levenscyclus ondersteunende systemen", (
        Vraag("persoonsgegevens", "Welke persoonsgegevens worden verwerkt?",
              "Te denken valt o.a. aan\nArbeidsgegevens\nContactgegevens\nIdentiteitsgegevens\nPersoonlijke gegevens",
              soort="lijst", hulp="Een tabel met gegevensverwerking is als bijlage toegevoegd (onderaan dit fysieke "
                                  "document)"),
        Vraag("bijzondere_persoonsgegevens", "Welke bijzondere persoonsgegevens worden verwerkt?",
              "Religieuze of levensbeschouwelijke overtuigingen\nGezondheidsgegevens", soort="lijst"),
        Vraag("levenscyclus", "Hoe werkt de levenscyclus van persoonsgegevens en processen?", _BEWAARTERMIJN + "."),
    )),
    Sectie("systemen", "Beschrijf de systemen, technieken en methoden voor gegevensverwerking.", (
        Vraag("ondersteunende_systemen", "Wat zijn de persoonsgegevens ondersteunende systemen?",
              "COA: TVS\nGemeenten: Specifiek inburgeringssysteem /BRP\nDUO: Portaal inburgering", soort="lijst"),
        Vraag("technieken", "Welke technieken en methoden worden gebruikt voor de gegevensverwerking?",
              "Er worden geen bijzondere technieken en methoden zoals profiling e.d. gebruikt."),
    )),
))

PRINCIPES = Deel(2, "Fundamentele principes", (
    Sectie("evenredigheid", "Evenredigheid en noodzaak", (
        Vraag("doelbinding", "Zijn de verwerkingsdoeleinden gespecificeerd, expliciet en legitiem?",
              "De doelen zijn expliciet genoemd in wet en besluit. De verwerking gaat niet verder dan de taken die "
              "wet en besluit worden genoemd."),
        Vraag("rechtsgrondslag", "Wat is de wettelijke basis om de gegevensverwerking rechtmatig te maken?",
              "Artikel 6.1 openbaar gezag + Wet inburgering en Besluit inburgering"),
        Vraag("minimalisatie", "Zijn de persoonsgegevens adequaat, relevant en beperkt tot wat nodig is met "
                               "betrekking tot de doeleinden waarvoor ze worden verwerkt ('gegevensminimalisatie')?",
              "Denk hierbij o.a. aan\n"
              "– Arbeidsgegevens; voor inburgering op maat en bepaling eventuele aangepaste leerroute "
              "Contactgegevens;\n"
              "– Identiteitsgegevens;\n"
              "– Persoonlijke gegevens;\n"
              "– Religieuze of levensbeschouwelijke overtuigingen: Uitsluitend van betrokkenen die een geestelijk "
              "bedienaar zijn\n"
              "– Gezondheidsgegevens: Het college mag gezondheidsgegevens verwerken als dat noodzakelijk is voor de "
              "beoordeling van gehele of gedeeltelijke ontheffing van de inburgeringsplicht en de verlenging van de "
              "termijn en bij de brede intake , de vaststelling van het PIP en de ondersteuning en begeleiding t.b.v. "
              "de leerroute (art. 37 lid 2 Wet).",
              hulp="In deze handreiking DPIA is een tabel opgenomen met daarin bij welke taak welke gegevens nodig "
                   "zijn. Neem dit door tijdens de procesinrichting nieuwe Wet inburgering binnen je gemeente"),
        Vraag("juistheid", "Zijn de persoonsgegevens juist en worden ze up-to-date gehouden?",
              "Te beschrijven door iedere betrokken partij: COA Gemeenten DUO"),
        Vraag("bewaartermijn", "Wat is de bewaartermijn van de persoonsgegevens?",
              "Bewaartermijnen (art. 9.9 Besluit) " + _BEWAARTERMIJN),
    )),
    Sectie("rechten", "Hoe geregeld wordt dat betrokkenen hun persoonlijke rechten kunnen uitoefenen", (
        Vraag("informatie", "Hoe worden de betrokkenen geïnformeerd over de gegevensverwerking?",
              "Bij de brede intake door gemeenten worden ze mondeling , of via informatiebrief, geïnformeerd over de "
              "gegevensverwerking."),
        Vraag("toestemming", "Hoe wordt de toestemming van betrokkenen verkregen?",
              "Toestemming is niet van toepassing want de grondslag is \"Uitvoering taak openbaar gezag\" (AVG 6.1.f "
              "en inburgeringswet)."),
        Vraag("toegang_portabiliteit", "Hoe kunnen betrokkenen hun recht op toegang en overdraagbaarheid van "
                                       "persoonsgegevens uitoefenen?", _PRIVACYVERKLARING),
        Vraag("rectificatie_verwijdering", "Hoe kunnen betrokkenen hun recht op rectificatie en verwijdering "
                                           "uitoefenen?", _PRIVACYVERKLARING),
        Vraag("beperking_bezwaar", "Hoe kunnen betrokkenen hun recht op beperking uitoefenen en bezwaar maken?",
              _PRIVACYVERKLARING),
        Vraag("verwerkers", "Zijn de verplichtingen van de verwerkers duidelijk geïdentificeerd en geregeld in een "
                            "(verwerkers)overeenkomst?",
              "De VNG -verwerkingsovereenkomst nieuwe Wet inburgering is als aparte handreiking beschikbaar"),
        Vraag("doorgifte", "Zijn de persoonsgegevens in het geval van gegevensoverdracht buiten de Europese Unie "
                           "voldoende beschermd?",
              "In te vullen door individuele verantwoordelijken (basisdocumentatie meegeleverd in pakketje informatie "
              "voor gemeenten (standaard verwerkers-overeenkomst en dataleveringsovereenkomst zelfstandig "
              "verwerkingsverantwoordelijke)."),
    )),
))

RISICOS = Deel(3, "Risico's")
VALIDATIE = Deel(4, "Validatie")
DELEN = (CONTEXT, PRINCIPES, RISICOS, VALIDATIE)

# The fundamental principles as the model's action plan names them, each with the question it is assessed on.
PRINCIPES_ACTIEPLAN = (
    ("Doelbinding", "doelbinding"), ("Rechtsgrondslag", "rechtsgrondslag"),
    ("Adequate persoonsgegevens", "minimalisatie"), ("Gegevens nauwkeurigheid", "juistheid"),
    ("Bewaartermijn", "bewaartermijn"), ("Informatie voor de betrokkenen", "informatie"),
    ("Verkrijgen van toestemming", "toestemming"),
    ("Recht op toegang en gegevensportabiliteit", "toegang_portabiliteit"),
    ("Recht op rectificatie en verwijdering", "rectificatie_verwijdering"),
    ("Recht op beperking en bezwaar", "beperking_bezwaar"), ("Verwerkers", "verwerkers"), ("Overdrachten", "doorgifte"),
)


def vragen() -> list[Vraag]:
    """Every question of parts 1 and 2, in the model's order."""
    return [vraag for deel in DELEN for sectie in deel.secties for vraag in sectie.vragen]


VRAGEN = {vraag.sleutel: vraag for vraag in vragen()}


# --- the measures catalogue ("Geplande of bestaande maatregelen") ------------------------------------------------

@dataclass(frozen=True)
class Maatregel:
    code: str | None  # the BIO / ISO 27002 control number, None for the model's general measures
    naam: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.naam}" if self.code else self.naam


ALGEMENE_MAATREGELEN = (
    "Privacyrisico's beheren", "Fysieke toegangscontrole", "Netwerk veiligheid", "Verwerkingsovereenkomsten",
    "Onderhoud", "Backups", "Website beveiliging", "Werkstations beheren", "Vasthouden aan schadelijke software",
    "Operationele beveiliging", "Minimaliseren van de hoeveelheid persoonsgegevens", "Archiveren",
    "Traceerbaarheid (logging)", "Encryptie", "Logische toegangscontrole",
)
BIO_MAATREGELEN = (
    ("18.1.5", "Voorschriften voor het gebruik van cryptografische beheersmaatregelen"),
    ("14.1.3", "Transacties van toepassingen beschermen"),
    ("14.1.2", "Toepassingen op openbare netwerken beveiligen"),
    ("13.2.4", "Vertrouwelijkheids- of geheimhoudingsovereenkomst"),
    ("13.2.3", "Bescherming elektronische berichten"),
    ("13.2.2", "Overeenkomsten over informatietransport"),
    ("13.2.1", "Beleid en procedures voor informatietransport"),
    ("12.4.2", "Beschermen van informatie in logbestanden"),
    ("11.2.9", "'Clear desk'- en 'clear screen'-beleid"),
    ("11.2.8", "Bescherming onbeheerde gebruikersapparatuur"),
    ("11.1.1", "Gebruik fysieke beveiligingszones"),
    ("10.1.2", "Sleutelbeheer"),
    ("10.1.1", "Beleid inzake het gebruik van cryptografische beheersmaatregelen"),
    ("9.4.3", "Systeem voor wachtwoordbeheer"),
    ("9.4.2", "Beveiligde inlogprocedures"),
    ("9.4.1", "Beperking toegang tot informatie"),
    ("9.2.6", "Toegangsrechten intrekken of aanpassen bij beëindigen werkzaamheden"),
    ("9.2.2", "Procedure voor toegang verlenen gebruikers"),
    ("9.2.1", "Registratie en afmelden van gebruikers"),
    ("9.1.2", "Alleen bevoegde toegang tot netwerken en netwerkdiensten"),
    ("9.1.1", "Beleid voor toegangsbeveiliging"),
    ("8.3.3", "Bescherming media bij fysiek overdragen"),
    ("8.3.2", "Procedures voor verwijderen van media"),
    ("8.3.1", "Beheer van verwijderbare media"),
    ("8.2.3", "Procedures voor behandelen van bedrijfsmiddelen"),
    ("8.2.1", "Classificatie van informatie"),
    ("7.1.2", "Beveiliging in arbeidsvoorwaarden"),
    ("7.1.1", "Screening personeel"),
    ("6.2.2", "Telewerkbeleid"),
    ("6.1.2", "Scheiding van taken"),
)
MAATREGELEN = tuple(Maatregel(None, naam) for naam in ALGEMENE_MAATREGELEN) + tuple(
    Maatregel(code, naam) for code, naam in BIO_MAATREGELEN)


def zoek_maatregel(label: str) -> Maatregel:
    """The catalogue entry a risk's list names: by BIO code when it starts with one, else by name."""
    eerste = label.split(" ", 1)[0]
    for maatregel in MAATREGELEN:
        if (maatregel.code and maatregel.code == eerste) or (not maatregel.code and maatregel.naam == label):
            return maatregel
    raise KeyError(label)


# --- the risks -----------------------------------------------------------------------------------------------------

RISICO_VRAGEN = {
    "gevolgen": "Wat kunnen de belangrijkste gevolgen voor de betrokkenen zijn als het risico zou optreden?",
    "dreigingen": "Wat zijn de belangrijkste dreigingen die tot het risico kunnen leiden?",
    "bronnen": "Wat zijn de risicobronnen?",
    "maatregelen": "Welke van de geïdentificeerde maatregelen dragen bij aan het mitigeren van het risico?",
    "ernst": "Hoe schat u de ernst van het risico, met name op basis van de potentiële effecten en geplande "
             "maatregelen?",
    "waarschijnlijkheid": "Hoe schat u de waarschijnlijkheid van het risico, vooral met betrekking tot dreigingen, "
                          "risicobronnen en geplande maatregelen?",
}


@dataclass(frozen=True)
class Risico:
    sleutel: str
    letter: str  # the model's mark on the risk map: (I), (U), (D)
    naam: str
    gevolgen: str
    dreigingen: str
    bronnen: str
    maatregelen: str  # as the model lists them, comma-separated
    ernst: str  # the model's gauge, a value of codes.Niveau
    ernst_toelichting: str
    waarschijnlijkheid: str
    waarschijnlijkheid_toelichting: str

    def gekoppelde_maatregelen(self) -> list[Maatregel]:
        return [zoek_maatregel(label) for label in self.maatregelen.split(", ")]


STANDAARD_RISICOS = (
    Risico(
        "onrechtmatige_toegang", "I", "Onrechtmatige toegang tot persoonsgegevens",
        "Discriminatie, stigmatisering, Fysieke bedreiging aan huis",
        "Systemen gecompromiteerd, Afluisteren, gegevens onderschept tijdens transport, gegevens onrechtmatig gedeeld "
        "met derden",
        "Medewerkers betrokken instanties, Criminelen, Tegenstanders immigratie",
        "Privacyrisico's beheren, Fysieke toegangscontrole, Netwerk veiligheid, Verwerkingsovereenkomsten, Website "
        "beveiliging, Werkstations beheren, Operationele beveiliging, Logische toegangscontrole, Encryptie, 18.1.5 "
        "Voorschriften voor het gebruik van cryptografische beheersmaatregelen, 14.1.3 Transacties van toepassingen "
        "beschermen, Minimaliseren van de hoeveelheid persoonsgegevens, 13.2.1 Beleid en procedures voor "
        "informatietransport, 13.2.4 Vertrouwelijkheids- of geheimhoudingsovereenkomst, 11.2.9 'Clear desk'- en "
        "'clear screen'-beleid, 10.1.2 Sleutelbeheer, 14.1.2 Toepassingen op openbare netwerken beveiligen, 13.2.3 "
        "Bescherming elektronische berichten, 13.2.2 Overeenkomsten over informatietransport, 12.4.2 Beschermen van "
        "informatie in logbestanden, 11.2.8 Bescherming onbeheerde gebruikersapparatuur, 11.1.1 Gebruik fysieke "
        "beveiligingszones, 10.1.1 Beleid inzake het gebruik van cryptografische beheersmaatregelen, 9.4.3 Systeem "
        "voor wachtwoordbeheer, 9.4.2 Beveiligde inlogprocedures, 9.4.1 Beperking toegang tot informatie, 9.2.6 "
        "Toegangsrechten intrekken of aanpassen bij beëindigen werkzaamheden, 9.2.2 Procedure voor toegang verlenen "
        "gebruikers, 9.2.1 Registratie en afmelden van gebruikers, 9.1.2 Alleen bevoegde toegang tot netwerken en "
        "netwerkdiensten, 9.1.1 Beleid voor toegangsbeveiliging, 8.3.3 Bescherming media bij fysiek overdragen, "
        "8.3.2 Procedures voor verwijderen van media, 8.3.1 Beheer van verwijderbare media, 8.2.3 Procedures voor "
        "behandelen van bedrijfsmiddelen, 7.1.2 Beveiliging in arbeidsvoorwaarden, 7.1.1 Screening personeel, 6.2.2 "
        "Telewerkbeleid, 6.1.2 Scheiding van taken, 8.2.1 Classificatie van informatie",
        "verwaarloosbaar", "Verwaarloosbaar gezien genomen maatregelen",
        "beperkt", "Niet verwaarloosbaar gezien de diverse uitwisselingen van gegevens"),
    Risico(
        "ongewenste_wijziging", "U", "Ongewenste wijziging van persoonsgegevens",
        "Onterecht een boete krijgen",
        "Systemen gecompromiteerd, Gegevens gewijzigd tijdens transport, Invoerfouten",
        "Medewerkers betrokken instanties, Criminelen, Tegenstanders immigratie",
        "Privacyrisico's beheren, Fysieke toegangscontrole, Netwerk veiligheid, Verwerkingsovereenkomsten, Website "
        "beveiliging, Werkstations beheren, Vasthouden aan schadelijke software, Operationele beveiliging, "
        "Minimaliseren van de hoeveelheid persoonsgegevens, Logische toegangscontrole, Encryptie, 18.1.5 "
        "Voorschriften voor het gebruik van cryptografische beheersmaatregelen, 14.1.3 Transacties van toepassingen "
        "beschermen, 14.1.2 Toepassingen op openbare netwerken beveiligen, 13.2.3 Bescherming elektronische "
        "berichten, 13.2.1 Beleid en procedures voor informatietransport, 13.2.2 Overeenkomsten over "
        "informatietransport, 11.2.9 'Clear desk'- en 'clear screen'-beleid, 12.4.2 Beschermen van informatie in "
        "logbestanden, 11.1.1 Gebruik fysieke beveiligingszones, 11.2.8 Bescherming onbeheerde gebruikersapparatuur, "
        "9.4.3 Systeem voor wachtwoordbeheer, 10.1.2 Sleutelbeheer, 9.4.2 Beveiligde inlogprocedures, 9.4.1 "
        "Beperking toegang tot informatie, 10.1.1 Beleid inzake het gebruik van cryptografische beheersmaatregelen, "
        "9.2.6 Toegangsrechten intrekken of aanpassen bij beëindigen werkzaamheden, 9.2.2 Procedure voor toegang "
        "verlenen gebruikers, 9.2.1 Registratie en afmelden van gebruikers, 9.1.2 Alleen bevoegde toegang tot "
        "netwerken en netwerkdiensten, 9.1.1 Beleid voor toegangsbeveiliging, 8.3.3 Bescherming media bij fysiek "
        "overdragen, 8.3.2 Procedures voor verwijderen van media, 8.2.3 Procedures voor behandelen van "
        "bedrijfs-middelen, 8.3.1 Beheer van verwijderbare media, 8.2.1 Classificatie van informatie, 7.1.1 "
        "Screening personeel, 6.2.2 Telewerkbeleid, 6.1.2 Scheiding van taken",
        "verwaarloosbaar", "Gezien de uitgebreide set aan maatregelen",
        "verwaarloosbaar", "Gezien de uitgebreide set aan maatregelen"),
    Risico(
        "verdwijnen", "D", "Verdwijnen van persoonsgegevens",
        "Opnieuw moeten aanleveren persoonsgegevens, vertraging in inburgeringsproces",
        "systemen gecompromiteerd, brand, ongelukken nabij locatie",
        "medewerkers betrokken instanties, tegenstanders migratie, criminelen",
        "Fysieke toegangscontrole, Netwerk veiligheid, Verwerkingsovereenkomsten, Onderhoud, Backups, Website "
        "beveiliging, Werkstations beheren, Vasthouden aan schadelijke software, Operationele beveiliging, "
        "Archiveren, Traceerbaarheid (logging), Logische toegangscontrole",
        "verwaarloosbaar", "Gevolgen beperken zich tot irritatie bij betrokkenen",
        "beperkt", "Beperkt gezien de genomen maatregelen"),
)


def lijst(tekst: str) -> str:
    """A comma-separated list of the model as one item per line (how list answers are stored)."""
    return _lijst(tekst)


@dataclass(frozen=True)
class Taak:
    """A row of the model's "Tabel gegevensverwerking": a gemeente task under the Wet inburgering and the data it
    needs. The gemeente's own processing (in its own systems, with BSN and NAW): the portal holds none of that, only
    pseudonymous trajectory data. Printed as an appendix, for reference."""

    nummer: int
    taak: str
    betekenis: str
    gegevens: str  # one item per line
    grondslag: str
    aandachtspunten: str


TAKEN = (
    Taak(1, "Gegevens ophalen bij COA (COA is verantwoordelijk voor de voorinburgering)",
         "Gemeenten loggen in op het Taakstellingvolgsysteem (TVS) van COA om gegevens van de aan hun"
         " gemeente toegewezen asielstatushouder in te zien.\nGemeente zet gegevens vervolgens "
         "(handmatig) in het eigen systeem voor inburgering.",
         "a. Identiteitsgegevens, waaronder BSN b. Gegevens over gezinssamenstelling c. Gegevens over"
         " de voorinburgering (bv. over de voortgang van deelname aan de taalvaardigheid)",
         "Art. 9.4 lid 3 Besluit",
         "COA moet zorgen voor goede schotten in TVS.\nGemeenten moeten zorgen dat alleen medewerkers"
         " die inburgeringstaken (autorisaties) uitvoeren toegang krijgen tot het TVS."),
    Taak(2, "Vaststellen of betrokkene inburgeringsplichtig is",
         "Gemeenten loggen in bij DUO om vast te stellen of de betrokkene inburgeringsplichtig is.",
         "BSN, NAW-gegevens",
         "",
         ""),
    Taak(3, "Oproepen inburgeringsplichtige voor brede intake",
         "Gemeente roept de inburgeringsplichtige op voor brede intake en het stellen van de termijn."
         " Als de inburgeringsplichtige na 3 oproepen niet verschijnt of onvoldoende meewerkt, "
         "voltooit gemeente de brede intake in afwezigheid van de inburgeringsplichtige.\nDe gemeente"
         " geeft een waarschuwing bij niet verschijnen of onvoldoende meewerken aan brede "
         "intake.\nHet College legt een bestuurlijke boete op als inburgeringsplichtige niet tijdig "
         "verschijnt na eerste oproep of onvoldoende meewerkt aan brede intake.\nGemeente stelt in "
         "het boetebesluit een nieuwe termijn vast om te verschijnen. Als de inburgeringsplichtige "
         "voor de tweede keer niet verschijnt of meewerkt, legt het College weer een boete op.",
         "BSN, NAW-gegevens, oproepgegevens, correspondentie, besluiten.",
         "Art. 14 wet",
         "In de oproep mag het BSN niet worden vermeld."),
    Taak(4, "Brede intake afnemen, opstellen PIP, bewaken voortgang inburgering",
         "Gemeente doet een brede intake: onderzoek en verkenning naar de mogelijkheden van de "
         "inburgeringsplichtige. O.a.: Resultaten leerbaarheidstoets gevolgd onderwijs en "
         "werkervaring, persoonlijke omstandigheden (onder meer fysieke en mentale "
         "gezondheid).\nGemeente brengt in kaart: taalniveau, mogelijkheden tot arbeidsparticipatie "
         "en mate van zelfredzaamheid.\nAls de inburgeringsplichtige kind(eren) heeft, doet gemeente "
         "onderzoek naar mogelijkheden voorschoolse educatie.\nGemeente stelt een PIP op "
         "(beschikking)\nMonitoren tussentijdse ontwikkelingen en vorderingen van de uitvoering van "
         "het PIP.",
         "BSN\nNAW-gegevens\nDatum 1e gesprek en eventuele vervolgesprekken\nDatum vestiging gemeente"
         " (BRP)\nResultaat onderzoek gevolgd onderwijs/ opleidingen (evt. gewaardeerd diploma) en "
         "werkervaring land van herkomst\nResultaat verkenning persoonlijke omstandigheden (fysieke "
         "en mentale gezondheid, gezinssituatie, sociaal netwerk)\nGegevens "
         "voorinburgering\nTaalniveau\nZelfredzaamheid\nArbeidskansen\nUitkomst leerbaarheidstoets, "
         "Vrijstellingen of ontheffingen.\nStart cursus/ taalschakel-traject en beoogde "
         "einddatum\nCursusonderdelen/ aard cursus\nAantal gecontracteerde uren\nUren "
         "gerealiseerd\nResultaten taalschakeltraject en datum\nVoortgangsinformatie / info van "
         "aanbieder over inspanningen (voor het monitoren van de inspanningen)\nAfschalen route "
         "ja/nee (indien B1 niet gehaald wordt)\nGrond voor afschalen (observaties aanbieder, "
         "ervaringen inburgeringsplichtige)\nWijziging route (datum wijziging, keuze voor nieuwe "
         "route)",
         "Art. 14 Wet Art. 5.2 Besluit",
         "Brede intake pas uitvoeren na voltooiing stap 4. Informeer de inburgeringsplichtige wat er "
         "met zijn persoonsgegevens gebeurt (transparantie).\nDe gemeente dient zeer terughoudend te "
         "zijn met het verwerken van gezondheidsgegevens."),
    Taak(5, "Maatschappelijke begeleiding",
         "Praktische hulp bij het regelen van en/of het geven van voorlichting over "
         "basisvoorzieningen in de Nederlandse samenleving.",
         "BSN\nNAW-gegevens\nDoelgroep inburgeringsplicht\nInschrijvingsgegevens\nGemaakte "
         "afspraken\nGespreksverslag",
         "Art. 13 wet Art. 5.1 Besluit",
         ""),
    Taak(6, "Ontzorgen",
         "De gemeente is verantwoordelijk voor het financieel ontzorgen van bijstandsgerechtigde "
         "statushouders tijdens de eerste 6 maanden van hun verblijf in de gemeente.\nDit is van "
         "toepassing op de inburgeringsplichtige die in aanmerking komt voor een uitkering (op grond "
         "van de Participatiewet).\nDeze vorm van financiële ondersteuning hoopt financiële problemen"
         " te voorkomen en financiële rust en zelfredzaamheid te creëren, zodat de "
         "inburgeringsplichtige die recht op bijstand heeft zich kan concentreren op de inburgering "
         "en participatie. De financiële ondersteuning begint op de dag dat het recht op bijstand "
         "ontstaat.",
         "BSN\nNAW-gegevens\nDoelgroep inburgeringsplicht\nGegevens m.b.t. uitkering Participatiewet",
         "",
         "Deze taak valt vaak samen met de taken rondom de Participatiewet. College mag gegevens "
         "participatiewet ook gebruiken voor uitvoering IB voor zover noodzakelijk (artikel 35 lid 5 "
         "wet)."),
    Taak(7, "Inburgeringsaanbod/ leerroute",
         "De gemeente stelt op basis van brede intake vast (beschikking):\nDe te volgen leerroute\nDe"
         " intensiteit van het participatieverklaringstraject\nModule Arbeidsmarkt en Participatie "
         "(MAP)\nAfspraken over deelname van kind aan voorschoolse educatie.",
         "BSN\nNAW-gegevens\nDoelstellingen PIP\nInburgeringstermijn\nVrijstellingen of ontheffingen "
         "of aangepaste examenomstandigheden\nAfronden onderdeel inburgeringsplicht",
         "art. 15, lid 1 wet art. 16, lid 1 wet art. 17 wet",
         "Intensiteit leerroute wordt alleen vastgelegd voor de doelgroep asielstatushouders (niet "
         "voor gezinsmigranten en overige migranten)."),
    Taak(8, "Aanbieden module Arbeidsmarkt en Participatie (MAP)",
         "De gemeente brengt in kaart het taalniveau en de mogelijkheden tot arbeidsparticipatie.",
         "BSN\nNAW-gegevens\nInburgeringstermijn\nVrijstellingen of ontheffingen\nDoelstellingen "
         "PIP\nArbeidsmarktpotentieel\nAfronden onderdeel inburgeringsplicht\nAanbieder MAP + "
         "contactpersoon.",
         "Art. 5.2 Besluit",
         "MAP is verplicht voor alle migranten in B1 en Z route."),
    Taak(9, "Aanbieden participatieverklaringstraject (PVT)",
         "Dit traject bestaat uit 2 onderdelen: workshops over de kernwaarden van de Nederlandse "
         "samenleving (vrijheid, gelijkwaardigheid, solidariteit en participatie) en de ondertekening"
         " van de participatieverklaring.",
         "BSN, NAW-gegevens, inburgeringstermijn, doelstellingen PIP, vrijstellingen of ontheffingen,"
         " afronden onderdeel inburgeringsplicht.",
         "Art. 15 lid 1 Wet",
         "PVT is verplicht voor alle migranten."),
    Taak(10, "Aanbod en Toetsing Zelfredzaamheidsroute (Z-route)",
         "De gemeente draagt zorg voor een aanbod 800 uur Taal en 800 uur Participatie. Monitort de "
         "voortgang en toets zelf op zelfredzaamheid Inburgering. (geen inburgeringsexamen via DUO)",
         "BSN\nNAW-gegevens\nDoelstellingen PIP\nInburgeringstermijn\nTrajectgegevens (voortgang, "
         "etc.)\nDatum eindgesprek",
         "Art. 5.2 Besluit",
         "Inburgeringsplichtige krijgt plaats in Z-Route wanneer taalvaardigheid B1 en onderwijsroute"
         " niet haalbaar zijn."),
    Taak(11, "Ondersteuning en begeleiding",
         "Gemeente geeft de nodige ondersteuning en begeleiding t.b.v. leerroute.",
         "BSN\nNAW-gegevens\nDoelstellingen PIP\nInburgeringstermijn\nTrajectgegevens\nOpgelegde "
         "boetes",
         "Art. 17 wet Art. 5.4 Besluit",
         ""),
    Taak(12, "Handhaving op de inspanningsverplichting",
         "Gemeente legt een boete op als inburgeringsplichtige niet of onvoldoende meewerkt aan:\nde "
         "vastgestelde ondersteuning\nde begeleiding van de leerroute\nde intensiteit van het PVT\nde"
         " module Arbeidsmarkt en Participatie.",
         "BSN\nNAW-gegevens\nGeboortedatum\nDoelgroep inburgeringsplicht\nUitkomst "
         "leerbaarheidstoets\nTrajectgegevens\nDoelstellingen uit het "
         "PIP\nInburgeringstermijn\nAfronden onderdeel inburgeringsplicht\nCursusinstelling\nEerder "
         "opgelegde boetes",
         "Art. 15 wet Art. 23 wet",
         "De verdeling van handhavende taken tussen de gemeenten en DUO mag niet leiden tot "
         "(financiële) problemen voor de inburgeringsplichtige als gevolg van de opgelegde boetes.  "
         "Dit doet de stimulans die van het boetestelsel uit moet gaan, volledig teniet. Daarom "
         "moeten DUO en gemeenten over en weer gegevens kunnen uitwisselen en op dit terrein nauw met"
         " elkaar samenwerken."),
    Taak(13, "Monitoring en evaluatie van de wet",
         "De gemeente verstrekt gegevens aan het CBS voor monitoring en evaluatie van de Wet "
         "inburgering.",
         "",
         "",
         ""),
)
