"""Portal events that another module reacts to (blinker): the privacy module connects in its init_app, so the
portal never calls into it. Receivers run in the sender's transaction, before it commits."""
from blinker import Namespace

_signals = Namespace()

# A gemeente was created (sender: the app; organisatie=the new Organisatie, flushed): the privacy module starts
# its verwerkingsregister with the portal's own activities.
gemeente_aangemaakt = _signals.signal("gemeente-aangemaakt")
