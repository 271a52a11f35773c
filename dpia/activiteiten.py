"""Dutch names of the portal's own processing activities (portal.codes.Activiteit, which carries the labels), for
the privacy pages: a stored code, known or not, as a name."""
from portal.codes import Activiteit


def label(code: Activiteit | str) -> str:
    """The Dutch name of an activity code; an unknown code is shown as it is."""
    try:
        return Activiteit(code).label
    except ValueError:
        return str(code)
