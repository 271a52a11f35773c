"""Schema coverage ("dekking"): every column the portal stores, from the real SQLAlchemy metadata, and the register
activities that cover it: the mapping below for the core tables, merged with the one each later feature keeps beside
its models (dpia/beoordelingen, datalekken, verzoeken, portal/meldingen: their dekking.py).

A column is either mapped to the activities under which it is processed (DEKKING) or listed as purely technical with
the reason why it holds nothing about a trajectory or a user (TECHNISCH). A column that is in neither (a new one)
is reported as not covered until someone maps it; a mapping for a column that no longer exists is reported too.
"""
from dataclasses import dataclass, field

from sqlalchemy import MetaData

from dpia.beoordelingen import dekking as dpia_dekking
from dpia.datalekken import dekking as datalekken_dekking
from dpia.verzoeken import dekking as verzoeken_dekking
from portal.codes import Activiteit
from portal.leveringen import kolommen as aanleverformaat
from portal.meldingen import dekking as meldingen_dekking

V = Activiteit.voortgangsrapportage
S = Activiteit.signalering_regie
B = Activiteit.beheer_accounts
G = Activiteit.gegevensbeschermingsverzoeken
D = Activiteit.duo_keten

# Trajectory data: the aanbieder processes it for its own onderdelen (voortgangsrapportage), the regisseur for the
# whole caseload (signalering_regie), the privacy officer for requests, restrictions and erasure.
TRAJECT = [V, S, G]
# What only the gemeente sees of a trajectory (the aanbieder never gets it).
GEMEENTE = [S, G]
# What the gemeente registers at DUO (the DUO chain): read for the DUO export, and what was sent.
DUO = [S, D, G]

DEKKING: dict[str, list[Activiteit]] = {
    # trajectories and assignments
    "traject.id": TRAJECT,
    "traject.gemeente_id": TRAJECT,
    "traject.doelgroep": TRAJECT,
    "traject.leerroute": TRAJECT,
    "traject.pip_datum": TRAJECT,
    "traject.intensiteit_uren": TRAJECT,
    "traject.datum_aanbod": TRAJECT,
    "traject.status": TRAJECT,
    "traject.niveau": TRAJECT,
    "traject.termijn_start": GEMEENTE,
    "traject.termijn_einde": GEMEENTE,
    "traject.termijn_bron": GEMEENTE,
    "traject.verlengingsgrond": GEMEENTE,
    "traject.einde_plicht": TRAJECT,
    "traject.reden_einde": GEMEENTE,
    "traject.versie": TRAJECT,
    "traject.zroute_afronding": DUO,
    "traject.zroute_gewijzigd_op": DUO,
    **{f"traject_versie.{kolom}": GEMEENTE for kolom in (
        "traject_id", "versie", "tijdstip", "gebruiker", "reden", "wijzigingen")},
    "traject.created_at": GEMEENTE,
    "toewijzing.traject_id": TRAJECT,
    "toewijzing.onderdeel": TRAJECT,
    "toewijzing.aanbieder_id": TRAJECT,
    "toewijzing.startdatum": TRAJECT,
    "toewijzing.einddatum": TRAJECT,
    "toewijzing.reden_einde": TRAJECT,
    "toewijzing.created_at": GEMEENTE,
    # deliveries (aanleverformaat v1: every column of portal.leveringen.kolommen) and their correction history
    **{f"{soort}.{kolom.naam}": TRAJECT for soort in aanleverformaat.SOORTEN
       for kolom in aanleverformaat.kolommen(soort)},
    **{f"{tabel}.{kolom}": TRAJECT for tabel in aanleverformaat.SOORTEN
       for kolom in ("aanbieder_id", "batch_id", "versie", "gewijzigd_op", "gewijzigd_door")},
    **{f"levering_historie.{kolom}": TRAJECT for kolom in (
        "soort", "record_id", "traject_id", "versie", "waarden", "geleverd_door", "geleverd_op", "vervangen_door",
        "vervangen_op", "batch_id")},
    # upload batches: who delivered which file when, and its report (the aanbieder's own history)
    **{f"aanlever_batch.{kolom}": [V] for kolom in (
        "aanbieder_id", "soort", "kanaal", "bestandsnaam", "ontvangen_op", "status", "rows", "stored", "created",
        "corrected", "unchanged", "errors", "meer_fouten", "bewaard_csv")},
    "aanlever_batch.gebruiker": [V, B],
    # voortgang: attendance summed per trajectory (recomputed on every delivery, read by the caseload), the
    # regisseur's DUO registrations and the gemeente's signal thresholds
    **{f"traject_uren.{kolom}": TRAJECT for kolom in (
        "traject_id", "onderdeel", "aanbieder_id", "perioden", "uren_gepland", "uren_aanwezig",
        "uren_verzuim_geoorloofd", "uren_verzuim_ongeoorloofd", "laatste_periode_eind", "laatste_aanlevering")},
    # which trajectories a delivery changed, kept until the next write for all (the caseload recomputes only them)
    "signaal_versie_wijziging.trajecten": TRAJECT,
    "duo_registratie.traject_id": DUO,
    "duo_registratie.onderdeel": DUO,
    "duo_registratie.datum": DUO,
    "duo_registratie.door": DUO,
    "duo_registratie.vastgelegd_op": DUO,
    "duo_registratie.waarde_datum": DUO,
    "duo_registratie.verwijtbaar": DUO,
    **{f"signaal_instellingen.{kolom}": [S] for kolom in (
        "gemeente_id", "verzuim_percentage", "verzuim_weken", "verzuim_aantal_keer", "vertraagde_start_maanden",
        "afschalen_uren", "geen_aanlevering_weken", "leerroute_wissel_weken", "termijn_maanden",
        "termijn_percentage", "gewijzigd_op", "gewijzigd_door")},
    # organisations: the frame of every account and assignment
    "organisatie.code": [V, S, B, G],
    "organisatie.type": [B],
    "organisatie.naam": [V, S, B, G],
    "organisatie.onderdelen_csv": [S, B],
    # accounts, roles and API tokens
    **{f"user.{kolom}": [B] for kolom in (
        "password", "active", "fs_uniquifier", "confirmed_at", "tf_primary_method", "tf_totp_secret",
        "tf_phone_number", "organisatie_id", "created_at", "must_change_password")},
    "user.email": [B, G],
    "user.naam": [B],  # shown to the beheerder only; the inzage document names staff by role and organisation
    "roles_users.user_id": [B],
    "roles_users.role_id": [B],
    **{f"api_token.{kolom}": [B] for kolom in (
        "user_id", "token_hash", "prefix", "created_at", "revoked_at", "last_used_at", "name", "expires_at",
        "created_by_id", "created_via")},
    # the account audit trail: who changed which account, organisation or token
    **{f"account_audit.{kolom}": [B] for kolom in (
        "at", "actor_id", "actor", "action", "target_user_id", "target_org_id", "details")},
    # the processing log: written under every activity that processes trajectory data, read by the privacy officer
    **{f"verwerkingsactie.{kolom}": TRAJECT for kolom in (
        "tijdstip", "gebruiker", "organisatie", "actie", "verwerkingsactiviteit", "toelichting")},
    **{f"verwerkt_object.{kolom}": TRAJECT for kolom in (
        "tijdstip", "gemeente", "traject_id", "activiteit_versie_id")},
    # verwerkersovereenkomsten: the condition for delivering, kept by the privacy officer
    **{f"verwerkersovereenkomst.{kolom}": [V, G] for kolom in (
        "aanbieder_id", "gemeente_id", "status", "getekend_op", "startdatum", "einddatum", "created_at",
        "evaluatiedatum", "subverwerkers", "auditrecht", "activiteiten", "notities", "beeindigd_op",
        "beeindigd_reden", "vervangt_id", "gewijzigd_op", "gewijzigd_door")},
    # verwerkingsstop: the privacy officer halts an activity; the stop is kept under her activity
    **{f"verwerkingsstop.{kolom}": [G] for kolom in (
        "gemeente_id", "activiteit", "reden", "gestart_op", "gestart_door", "opgeheven_op", "opgeheven_door",
        "opheffing_reden")},
    # the register itself, with who changed it when
    **{f"verwerkingsactiviteit.{kolom}": [G] for kolom in ("id", "gemeente_id", "code", "aangemaakt_op")},
    **{f"activiteit_versie.{kolom}": [G] for kolom in (
        "id", "activiteit_id", "versie", "status", "naam", "doel", "grondslag", "grondslag_artikel",
        "verantwoordelijke_bestuursorgaan", "categorieen_betrokkenen", "categorieen_persoonsgegevens",
        "bijzondere_categorieen", "uitzondering_art9", "ontvangers", "verwerkers", "doorgifte_buiten_eer",
        "doorgifte_waarborgen", "bewaartermijn", "bewaartermijn_jaren", "beveiligingsmaatregelen", "eigenaar",
        "dpia", "gewijzigd_op", "gewijzigd_door")},
}

_RIJNUMMER = "rijnummer zonder betekenis buiten de database; de gegevens zelf staan in de andere kolommen"
TECHNISCH: dict[str, str] = {
    **{f"{tabel}.id": _RIJNUMMER for tabel in (
        "organisatie", "user", "api_token", "account_audit", "toewijzing", "aanlever_batch", "aanwezigheid", "toets",
        "afronding",
        "levering_historie", "duo_registratie", "signaal_instellingen", "verwerkersovereenkomst", "verwerkingsstop",
        "verwerkingsactie", "verwerkt_object", "traject_versie")},
    "role.id": "codelijst van rollen: welke gebruiker welke rol heeft staat in roles_users",
    "role.name": "codelijst van rollen: welke gebruiker welke rol heeft staat in roles_users",
    "role.description": "codelijst van rollen: welke gebruiker welke rol heeft staat in roles_users",
    "role.permissions": "vereist door Flask-Security, niet gebruikt (altijd leeg)",
    "traject_uren_batch.batch_id": "boekhouding welke aanlevering al in traject_uren is opgeteld: alleen een "
                                   "verwijzing naar de aanlevering, die zelf gedekt is",
    **{f"signaal_versie.{kolom}": "versienummer van de gegevens waaruit de signalen berekend worden (een teller en "
                                  "een willekeurige code): telt wijzigingen, bevat geen gegevens"
       for kolom in ("id", "token", "versie")},
    **{f"signaal_versie_gemeente.{kolom}": "versienummer per gemeente van de gegevens waaruit de signalen berekend "
                                           "worden (een teller per gemeente-id): telt wijzigingen, bevat geen gegevens"
       for kolom in ("gemeente_id", "versie")},
    **{f"signaal_versie_wijziging.{kolom}": "bij welk versienummer per gemeente een wijziging hoort (een teller "
                                             "per gemeente-id): bevat geen gegevens"
       for kolom in ("gemeente_id", "versie")},
    "verwerkingsactie.vorige_hash": "hash-keten tegen wijziging van het log: afgeleid van de regels zelf",
    "verwerkingsactie.hash": "hash-keten tegen wijziging van het log: afgeleid van de regels zelf",
    "verwerkingsactie.sleutel_id": "hash-keten tegen wijziging van het log: welke sleutel de keten tekent",
    "verwerkingsactie.inhoud_hash": "hash-keten tegen wijziging van het log: afgeleid van de regels zelf",
    "verwerkingsactie.volgnummer": "hash-keten tegen wijziging van het log: de plaats van de regel in de keten",
    "verwerkingsactie.vorm": "hash-keten tegen wijziging van het log: hoe de hash van de regel berekend is",
    "verwerkt_object.actie_id": "verwijzing naar de verwerkingsactie waar het traject bij hoort",
}

# Each later feature keeps its own columns' mapping beside its models.
for _feature in (dpia_dekking, datalekken_dekking, verzoeken_dekking, meldingen_dekking):
    DEKKING.update(_feature.DEKKING)
    TECHNISCH.update(_feature.TECHNISCH)


@dataclass(frozen=True)
class VeldDekking:
    veld: str
    activiteiten: list[str]


@dataclass
class Dekking:
    velden: list[VeldDekking]
    niet_gedekt: list[str]
    technisch: dict[str, str] = field(default_factory=dict)
    verouderd: list[str] = field(default_factory=list)  # mapped or listed, but no longer in the schema

    @property
    def volledig(self) -> bool:
        return not self.niet_gedekt

    def as_json(self) -> dict:
        return {"velden": [{"veld": v.veld, "activiteiten": v.activiteiten} for v in self.velden],
                "niet_gedekt": self.niet_gedekt}


def kolommen(metadata: MetaData) -> list[str]:
    """Every stored column as `table.column`, in table and column order."""
    return [f"{tabel.name}.{kolom.name}" for tabel in sorted(metadata.tables.values(), key=lambda t: t.name)
            for kolom in tabel.columns]


def bereken(metadata: MetaData | None = None, actief: set[str] | None = None) -> Dekking:
    """The coverage of `metadata` (the portal's complete schema by default). With `actief` (the activity codes that
    are vastgesteld in one gemeente's register) only those count: a column whose activities all lapsed is not
    covered in that gemeente."""
    if metadata is None:
        from dpia.schema import metadata as schema
        metadata = schema
    alle = kolommen(metadata)
    velden, niet_gedekt = [], []
    for veld in alle:
        if veld in TECHNISCH:
            continue
        codes = [a.value for a in DEKKING.get(veld, []) if actief is None or a.value in actief]
        velden.append(VeldDekking(veld, codes))
        if not codes:
            niet_gedekt.append(veld)
    bestaand = set(alle)
    verouderd = sorted((set(DEKKING) | set(TECHNISCH)) - bestaand)
    return Dekking(velden, niet_gedekt, {v: TECHNISCH[v] for v in alle if v in TECHNISCH}, verouderd)


@dataclass(frozen=True)
class TabelDekking:
    """The coverage of one table, as the dekking page shows it: its columns with their activities (`velden`) and
    its purely technical columns with the reason (`technisch`)."""

    tabel: str
    velden: list[VeldDekking]
    technisch: dict[str, str]

    @property
    def niet_gedekt(self) -> int:
        return sum(1 for v in self.velden if not v.activiteiten)


def activiteit_labels(register: dict[str, str] | None = None) -> dict[str, str]:
    """Activity code -> its Dutch name: the name in the gemeente's own register (`register`, code -> geldende
    naam) where it has one, else the name the portal registers by default (standaard.PORTAALACTIVITEITEN)."""
    from dpia.register.standaard import PORTAALACTIVITEITEN
    labels = {code: waarden["naam"] for code, waarden in PORTAALACTIVITEITEN.items()}
    labels.update({code: naam for code, naam in (register or {}).items() if naam})
    return labels


def per_tabel(dekking: Dekking, zoek: str | None = None, alleen_niet_gedekt: bool = False,
              labels: dict[str, str] | None = None) -> list[TabelDekking]:
    """The coverage grouped per table (in schema order), narrowed by a text filter that matches, case-insensitive,
    a table or column name, an activity's code or Dutch name, or a technical column's reason; with
    `alleen_niet_gedekt` only the columns no activity covers. Tables with nothing left are left out."""
    labels = labels or {}
    needle = (zoek or "").strip().casefold()

    def past(*teksten: str) -> bool:
        return not needle or any(needle in tekst.casefold() for tekst in teksten)

    tabellen: dict[str, TabelDekking] = {}

    def tabel(veld: str) -> TabelDekking:
        naam = veld.split(".", 1)[0]
        return tabellen.setdefault(naam, TabelDekking(naam, [], {}))

    for v in dekking.velden:
        if (not alleen_niet_gedekt or not v.activiteiten) and past(
                v.veld, *v.activiteiten, *(labels.get(code, "") for code in v.activiteiten)):
            tabel(v.veld).velden.append(v)
    if not alleen_niet_gedekt:
        for veld, reden in dekking.technisch.items():
            if past(veld, reden):
                tabel(veld).technisch[veld] = reden
    return sorted(tabellen.values(), key=lambda t: t.tabel)
