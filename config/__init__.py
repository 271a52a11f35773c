"""Configuration: defaults from `config/defaults.py`, a profile on top, environment variables last."""
import json
import os
from types import ModuleType

from . import defaults, production

PROFILES: dict[str, ModuleType] = {"development": defaults, "production": production}

# Environment variables that override a setting of the same name; values are parsed as JSON when they can be.
ENV_OVERRIDES: tuple[str, ...]
ENV_OVERRIDES = ("DATABASE_URL", "SECRET_KEY", "SECURITY_PASSWORD_SALT", "TOTP_SECRET", "SESSION_IDLE_MINUTES",
                 "RATELIMIT_STORAGE_URI", "LOGIN_RATE_LIMIT", "ACCOUNT_RATE_LIMIT", "PORTAL_TODAY",
                 "PORTAL_NOW", "SESSION_ABSOLUTE_HOURS",
                 "PORTAL_SINGLE_PROCESS", "LOG_HMAC_KEY", "LOG_HMAC_OLD_KEYS", "LOG_CHECKPOINT_DIR",
                 "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_USERNAME", "MAIL_PASSWORD",
                 "MAIL_DEFAULT_SENDER", "PORTAL_BASE_URL")
ENV_OVERRIDES += ("LOG_SEAL_INTERVAL", "DB_CONNECT_RETRY_SECONDS")
ENV_OVERRIDES += ("SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS",)
ENV_OVERRIDES += ("CASELOAD_GEDEELD",)

# OWASP Password Storage Cheat Sheet: argon2id's minimum configurations, equally strong, as (memory KiB, iterations),
# each with parallelism 1. The production profile accepts parameters at or above one of them.
ARGON2_OWASP_MINIMA = ((47104, 1), (19456, 2), (12288, 3), (9216, 4), (7168, 5))


class InsecureConfiguration(RuntimeError):
    """Raised when the production profile would start with a development default."""


def _from_module(module: ModuleType) -> dict:
    return {k: getattr(module, k) for k in dir(module) if k.isupper()}


def load(overrides: dict | None = None) -> dict:
    profile = (overrides or {}).get("PROFILE") or os.environ.get("PORTAL_PROFILE", "development")
    settings = _from_module(defaults)
    settings.update(_from_module(PROFILES[profile]))
    for name in ENV_OVERRIDES:
        if name in os.environ:
            raw = os.environ[name]
            try:
                settings[name] = json.loads(raw)
            except ValueError:
                settings[name] = raw
    settings.update(overrides or {})
    settings["PROFILE"] = profile
    _derive(settings)
    if profile == "production":
        _refuse_defaults(settings)
    return settings


def _derive(settings: dict) -> None:
    """Settings that follow from others, so that one environment variable is enough."""
    settings["SQLALCHEMY_DATABASE_URI"] = settings["DATABASE_URL"]
    settings["SECURITY_TOTP_SECRETS"] = {"1": settings["TOTP_SECRET"]}
    settings.setdefault("SECURITY_PASSWORD_SALT", settings["SECRET_KEY"])
    # Development without MAIL_SERVER prints messages (links included) on the console; production never does that:
    # it sends to a relay on localhost unless MAIL_SERVER names one.
    if not settings.get("MAIL_SERVER") and settings["PROFILE"] == "production":
        settings["MAIL_SERVER"] = "localhost"
    settings.setdefault("MAIL_BACKEND", "smtp" if settings.get("MAIL_SERVER") else "console")
    settings.setdefault("SECURITY_EMAIL_SENDER", settings["MAIL_DEFAULT_SENDER"])


def _refuse_defaults(settings: dict) -> None:
    for name in ("SECRET_KEY", "TOTP_SECRET", "SECURITY_PASSWORD_SALT", "LOG_HMAC_KEY"):
        if settings.get(name) in (defaults.SECRET_KEY, defaults.TOTP_SECRET, defaults.SECURITY_PASSWORD_SALT,
                                  defaults.LOG_HMAC_KEY, None, ""):
            raise InsecureConfiguration(f"{name} must be set in the environment for the production profile")
    _refuse_weak_argon2(settings)
    # With several workers an in-memory limiter gives each its own counters (4 workers: 4 times the attempts).
    if str(settings.get("RATELIMIT_STORAGE_URI") or "memory://").startswith("memory://") \
            and settings.get("PORTAL_SINGLE_PROCESS") not in (True, 1, "1", "true", "ja"):
        raise InsecureConfiguration("RATELIMIT_STORAGE_URI must name a shared store (e.g. redis://host:6379/0) for the "
                                    "production profile, or set PORTAL_SINGLE_PROCESS=true when only one process "
                                    "serves the app")


def _refuse_weak_argon2(settings: dict) -> None:
    """Passwords are hashed with argon2id at or above one of OWASP's minimum configurations (passlib's options,
    argon2-cffi's defaults for what they leave out)."""
    from passlib.hash import argon2
    options = settings.get("SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS") or {}
    memory = int(options.get("argon2__memory_cost", argon2.memory_cost))
    rounds = int(options.get("argon2__rounds", options.get("argon2__default_rounds", argon2.default_rounds)))
    kind = str(options.get("argon2__type", argon2.type)).lower()
    if settings.get("SECURITY_PASSWORD_HASH") != "argon2" or kind != "id" \
            or not any(memory >= m and rounds >= t for m, t in ARGON2_OWASP_MINIMA):
        raise InsecureConfiguration(
            "SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS: passwords must be hashed with argon2id at or above OWASP's "
            "minimum (memory_cost >= 19456 KiB with rounds >= 2, or an equivalent pair: "
            + ", ".join(f"{m} KiB x {t}" for m, t in ARGON2_OWASP_MINIMA) + f"); configured {memory} KiB x {rounds}")
