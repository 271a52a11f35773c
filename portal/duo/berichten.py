"""The export's parts as the request bodies of DUO's gemeente API (github.com/duonl/gemeente-m2m-inburgering):
PIP (postPipByBsn), Inburgeringsaanbod (postInburgeringsaanbodByBsnAndInstellingsnummer), GevolgdeUren (the three
PUTs of hours), MAP/PVT/Z-route (updateMapByBsn, updatePvtByBsn, updateZrouteByBsn). The field names are DUO's; the
gemeente adds the BSN (path) and what only it knows (the alfabetisering indicator of the aanbod) in its own system."""
from __future__ import annotations

# (sheet, DUO schema, [(DUO field, export path, explanation)]) of each DUO message, in the XLSX's order.
BERICHTEN = [
    ("PIP", "PIP", [
        ("dagtekeningPip", "pip.dagtekening", "Datum van het PIP (dagtekening)."),
        ("leerroute", "pip.leerroute", "Leerroute: B (B1-route), O (onderwijsroute), Z (Z-route)."),
        ("niveau", "pip.niveau", "Examenniveau op de B1-route: A2 of B1; leeg op de andere routes."),
        ("geschatteIntensiteitB1Route", "pip.geschatte_intensiteit_b1",
         "Geschatte intensiteit in uren; alleen voor een asielstatushouder op de B1-route."),
    ]),
    ("Inburgeringsaanbod", "Inburgeringsaanbod", [
        ("datumInburgeringsaanbod", "aanbod.datum", "Datum van het inburgeringsaanbod (alleen asielstatushouders). "
         "De indicatorAlfabetiseringsonderwijs en het instellingsnummer vult de gemeente aan uit het eigen systeem."),
    ]),
    ("GevolgdeUren", "GevolgdeUren", [
        ("ParticipatieAlsTaalles.uren", "uren.participatietaalles",
         "Taaluren aanwezig in perioden die op of na de PIP-datum beginnen; hele uren, naar beneden afgerond."),
        ("TaallesEnKnmBredeIntake.uren", "uren.bredeintake_taallesknm",
         "Taaluren aanwezig in perioden die voor de PIP-datum eindigen (brede intake); hele uren, naar beneden."),
        ("ParticipatieactiviteitenBredeIntake.uren", "uren.participatieactiviteiten",
         "Uren MAP en PVT aanwezig; alleen op de Z-route; hele uren, naar beneden afgerond."),
        ("bekendTot", "uren.bekend_tot", "De uren zijn bekend tot deze datum (exclusief): de dag na de laatste "
         "geleverde periode."),
    ]),
    ("MAP", "ResultaatMap", [
        ("datumEindgesprekMap", "map.datum_eindgesprek", "Datum eindgesprek MAP, als de MAP is afgerond."),
        ("verwijtbaar", "map.verwijtbaar", "Besluit van de gemeente (Ja/Nee) als de MAP niet is afgerond."),
        ("actie", "map.actie", "Wat naar DUO moet: nieuw, wijzigen, intrekken of geen (geen DUO-veld)."),
    ]),
    ("PVT", "ResultaatPvt", [
        ("datumOndertekeningPvt", "pvt.datum_ondertekening", "Datum ondertekening participatieverklaring."),
        ("verwijtbaar", "pvt.verwijtbaar", "Besluit van de gemeente (Ja/Nee) als het PVT niet is afgerond."),
        ("actie", "pvt.actie", "Wat naar DUO moet: nieuw, wijzigen, intrekken of geen (geen DUO-veld)."),
    ]),
    ("Zroute", "ResultaatZroute", [
        ("datumAfrondingZroute", "zroute.datum_afronding", "Datum afronding Z-route."),
        ("actie", "zroute.actie", "Wat naar DUO moet: nieuw, wijzigen, intrekken of geen (geen DUO-veld)."),
    ]),
]


def waarde(element: dict, pad: str):
    deel, veld = pad.split(".")
    return (element.get(deel) or {}).get(veld)


def _zonder_leeg(body: dict) -> dict:
    return {k: v for k, v in body.items() if v is not None}


def pip(element: dict) -> dict:
    p = element["pip"]
    return _zonder_leeg({"dagtekeningPip": p["dagtekening"], "leerroute": p["leerroute"], "niveau": p["niveau"],
                         "geschatteIntensiteitB1Route": p["geschatte_intensiteit_b1"]})


def aanbod(element: dict, indicator_alfabetisering: str) -> dict | None:
    """The aanbod's body, with the indicator only the gemeente knows (A, AA or NVT); None without an aanbod."""
    if element["aanbod"]["datum"] is None:
        return None
    return {"datumInburgeringsaanbod": element["aanbod"]["datum"],
            "indicatorAlfabetiseringsonderwijs": indicator_alfabetisering}


def uren(element: dict) -> dict[str, dict]:
    """{DUO schema: body} of the hour buckets that apply (asielstatushouders; participatieactiviteiten Z-route)."""
    u = element["uren"]
    schemas = {"ParticipatieAlsTaalles": u["participatietaalles"],
               "TaallesEnKnmBredeIntake": u["bredeintake_taallesknm"],
               "ParticipatieactiviteitenBredeIntake": u["participatieactiviteiten"]}
    return {schema: {"uren": value} for schema, value in schemas.items() if value is not None}


def map_(element: dict) -> dict:
    m = element["map"]
    return _zonder_leeg({"datumEindgesprekMap": m["datum_eindgesprek"], "verwijtbaar": m["verwijtbaar"]})


def pvt(element: dict) -> dict:
    p = element["pvt"]
    return _zonder_leeg({"datumOndertekeningPvt": p["datum_ondertekening"], "verwijtbaar": p["verwijtbaar"]})


def zroute(element: dict) -> dict:
    return _zonder_leeg({"datumAfrondingZroute": element["zroute"]["datum_afronding"]})
