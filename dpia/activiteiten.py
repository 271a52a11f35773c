"""Dutch names of the portal's own processing activities (portal.codes.Activiteit), for the privacy pages."""
from portal.codes import Activiteit

LABELS = {
    Activiteit.voortgangsrapportage: "Voortgangsrapportage",
    Activiteit.signalering_regie: "Signalering en regie",
    Activiteit.duo_keten: "Registratie bij DUO",
    Activiteit.beheer_accounts: "Beheer van accounts",
    Activiteit.gegevensbeschermingsverzoeken: "Verzoeken van betrokkenen",
}


def label(code: Activiteit | str) -> str:
    """The Dutch name of an activity code; an unknown code is shown as it is."""
    try:
        return LABELS[Activiteit(code)]
    except ValueError:
        return str(code)


def choices(codes=None) -> list[tuple[str, str]]:
    """(code, name) pairs for a form, in code-list order."""
    return [(a.value, LABELS[a]) for a in (codes or Activiteit)]
