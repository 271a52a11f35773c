"""Code lists of the DPIA: gauges, review verdicts, statuses; each with its Dutch label, defined once here."""
import enum

from portal.codes import Code


class Niveau(Code):
    """The CNIL gauge for severity (ernst) and likelihood (waarschijnlijkheid)."""

    verwaarloosbaar = "verwaarloosbaar", "Verwaarloosbaar"
    beperkt = "beperkt", "Beperkt"
    belangrijk = "belangrijk", "Belangrijk"
    maximaal = "maximaal", "Maximaal"

    @property
    def rang(self) -> int:
        return list(Niveau).index(self) + 1


class Beoordeling(Code):
    acceptabel = "acceptabel", "Acceptabel"
    te_verbeteren = "te_verbeteren", "Te verbeteren"
    te_corrigeren = "te_corrigeren", "Te corrigeren"


BEOORDELING_BADGE = {Beoordeling.acceptabel: "ok", Beoordeling.te_verbeteren: "warning",
                     Beoordeling.te_corrigeren: "error"}


class DpiaStatus(Code):
    """concept -> gevalideerd (locked) or afgewezen (stays editable, can be validated later); a newer version of a
    validated DPIA makes the old one `vervangen` once it is validated in its turn."""

    concept = "concept", "Concept"
    afgewezen = "afgewezen", "Afgewezen"
    gevalideerd = "gevalideerd", "Gevalideerd"
    vervangen = "vervangen", "Vervangen door nieuwere versie"


STATUS_BADGE = {DpiaStatus.concept: "info", DpiaStatus.afgewezen: "error", DpiaStatus.gevalideerd: "ok",
                DpiaStatus.vervangen: "info"}


class FgOordeel(Code):
    """The FG's verdict on the processing (AVG art. 35(2))."""

    positief = "positief", "Positief"
    positief_met_voorwaarden = "positief_met_voorwaarden", "Positief, onder voorwaarden"
    negatief = "negatief", "Negatief"


class ActieStatus(str, enum.Enum):
    open = "open"
    afgerond = "afgerond"
