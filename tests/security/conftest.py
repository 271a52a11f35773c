"""Helpers of the security proofs: walking `app.url_map`, filling URL parameters, and reading any response as
text (HTML, JSON, CSV, XLSX) so that a leak is found wherever it hides."""
import io
import zipfile
from dataclasses import dataclass

import pytest
from werkzeug.routing import AnyConverter, Rule

# Endpoints anybody may reach without a completed login.
PUBLIC_ENDPOINTS = {"static", "security.static", "main.health", "api.openapi"}
# Flask-Security's own login, two-factor and password pages: they answer an anonymous or half-logged-in visitor
# themselves (login form, setup, code entry); tests/integration/test_auth.py and test_auth_hardening.py cover them.
SECURITY_ENDPOINTS_PREFIX = "security."
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    rule: Rule
    method: str

    @property
    def endpoint(self) -> str:
        return self.rule.endpoint

    @property
    def is_api(self) -> bool:
        return self.rule.rule.startswith("/api/")

    def __str__(self) -> str:
        return f"{self.method} {self.rule.rule} ({self.endpoint})"


def routes(app) -> list[Route]:
    """Every (rule, method) of the app, in a stable order."""
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        for method in METHODS:
            if method in (rule.methods or ()):
                found.append(Route(rule, method))
    return found


def any_choice(rule: Rule, name: str) -> str | None:
    """The first allowed value of an `<any(a, b):name>` parameter."""
    converter = rule._converters.get(name)
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0] if hasattr(converter, "items") else None
    return None


def build(rule: Rule, values: dict) -> str:
    """The URL of `rule` with these parameter values (no validation by the converters: a foreign value is sent
    as is)."""
    url = rule.rule
    for name, _converter in rule._converters.items():
        import re
        url = re.sub(r"<(?:[^:<>]+:)?" + re.escape(name) + r">", str(values[name]), url)
    return url


def response_text(response) -> str:
    """The body as text; an XLSX (or any zip) is unpacked so that its sheets are searched too."""
    data = response.get_data()
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        except zipfile.BadZipFile:
            pass
    for encoding in ("utf-8-sig", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def headers_and_body(response) -> str:
    return "\n".join(f"{k}: {v}" for k, v in response.headers.items()) + "\n" + response_text(response)


@pytest.fixture
def anonymous(app, ctx):
    return app.test_client()


from tests.integration.conftest import world  # noqa: E402,F401  (the two-gemeenten world fixture)
