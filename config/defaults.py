"""Development defaults. Never fit for production: the production profile refuses these secrets."""
from datetime import timedelta

DATABASE_URL = "sqlite:///portal.db"  # Flask-SQLAlchemy resolves a relative SQLite path in instance/
SECRET_KEY = "dev-only-secret-key-change-me"
SECURITY_PASSWORD_SALT = "dev-only-password-salt"
TOTP_SECRET = "dev-only-totp-encryption-secret"
# The processing log's chain and checkpoints are HMAC-SHA256 under this key (portal/verwerkingslog.py). Keys used
# before a rotation stay listed in LOG_HMAC_OLD_KEYS so that the entries they signed keep verifying.
LOG_HMAC_KEY = "dev-only-log-hmac-key"
LOG_HMAC_OLD_KEYS: list = []
# Where `portal log checkpoint` appends signed checkpoints of the log's head: outside the database, ideally on
# storage the database's users cannot write. None: instance/log-checkpoints/.
LOG_CHECKPOINT_DIR = None
# A directory where the processes of one server share their caseload computations (portal/voortgang/caseload.py);
# only the server's own user may write it. None: each process keeps its own. config/gunicorn.py makes one.
CASELOAD_GEDEELD = None
# Every process that logs runs the log's sequencer this often (seconds): it chains the actions committed since
# (portal/verwerkingslog.py). 0: only `portal log seal`, `checkpoint` and `verify` chain them.
LOG_SEAL_INTERVAL = 0.5
# A refused new database connection (restart, failover) is retried this long before the request fails.
DB_CONNECT_RETRY_SECONDS = 15

# Database errors name the statement, never its bound parameters (they may hold personal data) in logs and tracebacks.
SQLALCHEMY_ENGINE_OPTIONS: dict = {"hide_parameters": True}
MAX_CONTENT_LENGTH = 52 * 1024 * 1024  # 50 MB file limit of docs/aanleverformaat.md plus multipart overhead

# Sessions: an idle session ends after SESSION_IDLE_MINUTES, and every session SESSION_ABSOLUTE_HOURS after its
# login whatever the activity; both checked server-side.
SESSION_IDLE_MINUTES = 15
SESSION_ABSOLUTE_HOURS = 8
PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
SESSION_REFRESH_EACH_REQUEST = False  # the cookie is set when the session changes (auth/security.py)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = False
HSTS = False

WTF_CSRF_TIME_LIMIT = None  # the session's own lifetime bounds the token

# Flask-Security: login, mandatory TOTP two-factor (BIO), argon2, password policy.
SECURITY_PASSWORD_HASH = "argon2"
# argon2id at OWASP's minimum configuration (Password Storage Cheat Sheet: m = 19 MiB, t = 2, p = 1), ~5x less CPU
# per login than argon2-cffi's defaults (m = 64 MiB, t = 3, p = 4). A stored hash carries its own parameters and keeps
# verifying; one with another memory cost is re-hashed with these at its next login. The production profile refuses
# anything below OWASP's minimum (config.ARGON2_OWASP_MINIMA).
SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS = {"argon2__type": "ID", "argon2__memory_cost": 19456, "argon2__rounds": 2,
                                          "argon2__parallelism": 1}
SECURITY_PASSWORD_LENGTH_MIN = 12
SECURITY_PASSWORD_COMPLEXITY_CHECKER = "zxcvbn"
SECURITY_ZXCVBN_MINIMUM_SCORE = 3
SECURITY_TWO_FACTOR = True
SECURITY_TWO_FACTOR_REQUIRED = True
SECURITY_TWO_FACTOR_ENABLED_METHODS = ["authenticator"]
SECURITY_TWO_FACTOR_RESCUE_EMAIL = False
SECURITY_TWO_FACTOR_ALWAYS_VALIDATE = True
SECURITY_TOTP_ISSUER = "Inburgeringsportaal"
SECURITY_REGISTERABLE = False
# "Wachtwoord vergeten", the beheerder's password reset and the invitation of a new user all send Flask-Security's
# reset link: signed (SECRET_KEY), valid for SECURITY_RESET_PASSWORD_WITHIN, and dead once used (it carries a digest of
# the password hash it was made for). Nothing of it is stored.
SECURITY_RECOVERABLE = True
SECURITY_RESET_PASSWORD_WITHIN = timedelta(hours=72)
SECURITY_AUTO_LOGIN_AFTER_RESET = True  # into the two-factor step (setup for a new user), never past it
SECURITY_SEND_PASSWORD_RESET_NOTICE_EMAIL = True
SECURITY_EMAIL_SUBJECT_PASSWORD_RESET = "Kies een wachtwoord voor het Inburgeringsportaal"
SECURITY_EMAIL_SUBJECT_PASSWORD_NOTICE = "Uw wachtwoord voor het Inburgeringsportaal is gewijzigd"
# email-validator checks syntax only: this machine and many hosting networks have no DNS.
SECURITY_EMAIL_VALIDATOR_ARGS = {"check_deliverability": False}
SECURITY_CHANGEABLE = True
SECURITY_SEND_PASSWORD_CHANGE_EMAIL = False
SECURITY_SEND_PASSWORD_RESET_EMAIL = True
SECURITY_TRACKABLE = False
SECURITY_DEFAULT_REMEMBER_ME = False
SECURITY_POST_LOGIN_VIEW = "/"
SECURITY_POST_LOGOUT_VIEW = "/login"
SECURITY_LOGIN_URL = "/login"
SECURITY_LOGOUT_METHODS = ["POST"]
SECURITY_RETURN_GENERIC_RESPONSES = True
SECURITY_I18N_DIRNAME = ["builtin"]
# Dutch texts for the Flask-Security messages our users meet (its nl_NL catalogue is incomplete).
SECURITY_MSG_LOGIN = ("Log in om deze pagina te zien.", "info")
SECURITY_MSG_GENERIC_AUTHN_FAILED = ("De combinatie van e-mailadres en wachtwoord klopt niet.", "error")
SECURITY_MSG_INVALID_PASSWORD = ("De combinatie van e-mailadres en wachtwoord klopt niet.", "error")
SECURITY_MSG_USER_DOES_NOT_EXIST = ("De combinatie van e-mailadres en wachtwoord klopt niet.", "error")
SECURITY_MSG_DISABLED_ACCOUNT = ("Dit account is geblokkeerd. Neem contact op met de beheerder.", "error")
SECURITY_MSG_EMAIL_NOT_PROVIDED = ("Vul uw e-mailadres in.", "error")
SECURITY_MSG_PASSWORD_NOT_PROVIDED = ("Vul uw wachtwoord in.", "error")
SECURITY_MSG_INVALID_EMAIL_ADDRESS = ("Vul een geldig e-mailadres in.", "error")
SECURITY_MSG_INVALID_CODE = ("Deze code klopt niet. Vul de code in die uw app nu toont.", "error")
SECURITY_MSG_TWO_FACTOR_INVALID_TOKEN = ("Deze code klopt niet. Vul de code in die uw app nu toont.", "error")
SECURITY_MSG_TWO_FACTOR_LOGIN_SUCCESSFUL = ("U bent ingelogd.", "success")
SECURITY_MSG_TWO_FACTOR_CHANGE_METHOD_SUCCESSFUL = ("Tweestapsverificatie is ingesteld.", "success")
SECURITY_MSG_TWO_FACTOR_SETUP_EXPIRED = ("Het instellen duurde te lang. Begin opnieuw.", "error")
SECURITY_MSG_TWO_FACTOR_PERMISSION_DENIED = ("U heeft geen toegang tot deze pagina.", "error")
SECURITY_MSG_UNAUTHORIZED = ("U heeft geen toegang tot deze pagina.", "error")
SECURITY_MSG_PASSWORD_INVALID_LENGTH = ("Het wachtwoord moet minstens %(length)s tekens lang zijn.", "error")
SECURITY_MSG_PASSWORD_TOO_SIMPLE = ("Het wachtwoord is te makkelijk te raden; kies een langere zin of meer variatie.",
                                    "error")
SECURITY_MSG_PASSWORD_RESET_REQUEST = ("Als dit e-mailadres bij het portaal bekend is, staat er nu een e-mail met een "
                                      "link om een nieuw wachtwoord te kiezen in uw inbox.", "info")
SECURITY_MSG_PASSWORD_RESET_EXPIRED = ("Deze link is verlopen. Vraag een nieuwe aan via 'Wachtwoord vergeten'.",
                                       "error")
SECURITY_MSG_INVALID_RESET_PASSWORD_TOKEN = ("Deze link is ongeldig of al gebruikt. Vraag een nieuwe aan via "
                                             "'Wachtwoord vergeten'.", "error")
SECURITY_MSG_PASSWORD_RESET = ("Uw wachtwoord is ingesteld.", "success")
SECURITY_MSG_PASSWORD_RESET_NO_LOGIN = ("Uw wachtwoord is ingesteld. Log nu in.", "success")
SECURITY_MSG_PASSWORD_MISMATCH = ("De twee wachtwoorden zijn niet gelijk.", "error")
SECURITY_MSG_RETYPE_PASSWORD_MISMATCH = ("De twee wachtwoorden zijn niet gelijk.", "error")
BABEL_DEFAULT_LOCALE = "nl_NL"
BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"
REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

# Rate limits of password and code entry (Flask-Limiter syntax; portal/auth/limits.py). Per account: failed
# passwords and codes (login, two-factor, /verify, /change), unknown addresses included. Per client address: every
# post to those views, "Wachtwoord vergeten", the reset link and the own-token form together — a high ceiling, so
# an office behind one NAT address is not locked out (one login is two posts).
ACCOUNT_RATE_LIMIT = "10 per 15 minutes"
LOGIN_RATE_LIMIT = "600 per hour"
RATELIMIT_STORAGE_URI = "memory://"
# memory:// counts per process: the production profile refuses it unless the app declares it runs in one process.
PORTAL_SINGLE_PROCESS = False
RATELIMIT_HEADERS_ENABLED = False  # a 429 sets its own Retry-After, the wait its message states

# The portal's "today"; None is the real date. Tests and demos may freeze it (ISO date).
PORTAL_TODAY = None

PAGE_SIZE = 50

# E-mail over SMTP (Flask-Mailman). Without MAIL_SERVER (development) every message is printed by the server
# (MAIL_BACKEND "console"), so the links in it can be followed; docker-compose.yml has a mail catcher.
MAIL_SERVER = None
MAIL_PORT = 25
MAIL_USE_TLS = False
MAIL_USE_SSL = False
MAIL_USERNAME = None
MAIL_PASSWORD = None
MAIL_DEFAULT_SENDER = "Inburgeringsportaal <noreply@inburgeringsportaal.example>"
MAIL_TIMEOUT = 10
# The portal's address in links of messages sent outside a request (`portal user invite`).
PORTAL_BASE_URL = "http://localhost:5000"

# The privacy module (verwerkingsregister, stops, agreements, requests…): create_app imports it by this name and
# calls its init_app(app), which registers what the portal asks of it (portal/privacy.py).
PRIVACY_MODULE = "dpia"
