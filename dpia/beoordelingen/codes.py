"""Code lists of the DPIA: gauges, review verdicts, statuses; each with its Dutch label, defined once here."""
import enum


class Niveau(str, enum.Enum):
    """The CNIL gauge for severity (ernst) and likelihood (waarschijnlijkheid)."""

    verwaarloosbaar = "verwaarloosbaar"
    beperkt = "beperkt"
    belangrijk = "belangrijk"
    maximaal = "maximaal"

    @property
    def rang(self) -> int:
        return list(Niveau).index(self) + 1


NIVEAU_LABELS = {Niveau.verwaarloosbaar: "Verwaarloosbaar", Niveau.beperkt: "Beperkt",
                 Niveau.belangrijk: "Belangrijk", Niveau.maximaal: "Maximaal"}


class Beoordeling(str, enum.Enum):
    acceptabel = "acceptabel"
    te_verbeteren = "te_verbeteren"
    te_corrigeren = "te_corrigeren"


BEOORDELING_LABELS = {Beoordeling.acceptabel: "Acceptabel", Beoordeling.te_verbeteren: "Te verbeteren",
                      Beoordeling.te_corrigeren: "Te corrigeren"}
BEOORDELING_BADGE = {Beoordeling.acceptabel: "ok", Beoordeling.te_verbeteren: "warning",
                     Beoordeling.te_corrigeren: "error"}


class DpiaStatus(str, enum.Enum):
    """concept -> gevalideerd (locked) or afgewezen (stays editable, can be validated later); a newer version of a
    validated DPIA makes the old one `vervangen` once it is validated in its turn."""

    concept = "concept"
    afgewezen = "afgewezen"
    gevalideerd = "gevalideerd"
    vervangen = "vervangen"


STATUS_LABELS = {DpiaStatus.concept: "Concept", DpiaStatus.afgewezen: "Afgewezen",
                 DpiaStatus.gevalideerd: "Gevalideerd", DpiaStatus.vervangen: "Vervangen door nieuwere versie"}
STATUS_BADGE = {DpiaStatus.concept: "info", DpiaStatus.afgewezen: "error", DpiaStatus.gevalideerd: "ok",
                DpiaStatus.vervangen: "info"}


class FgOordeel(str, enum.Enum):
    """The FG's verdict on the processing (AVG art. 35(2))."""

    positief = "positief"
    positief_met_voorwaarden = "positief_met_voorwaarden"
    negatief = "negatief"


FG_LABELS = {FgOordeel.positief: "Positief", FgOordeel.positief_met_voorwaarden: "Positief, onder voorwaarden",
             FgOordeel.negatief: "Negatief"}


class ActieStatus(str, enum.Enum):
    open = "open"
    afgerond = "afgerond"


def choices(labels: dict) -> list[tuple[str, str]]:
    return [(code.value, label) for code, label in labels.items()]
