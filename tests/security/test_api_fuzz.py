"""API fuzzing: Schemathesis generates requests from /api/v1/openapi.json (loaded from the WSGI app in-process)
and sends them with a valid token of each role: no answer is a 5xx, every answer conforms to the document
(status code documented, body matching its schema, content type)."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 12  # per operation and role: the whole file stays well under a minute on both backends


def _run(schema, headers: dict, failures: list[str]) -> None:
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except Exception as exc:  # noqa: BLE001  (collected per operation and reported together)
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")


@pytest.mark.parametrize("rol", ["aanbieder", "regisseur", "privacy", "beheerder"])
def test_the_api_answers_fuzzed_requests_by_its_document(app, world, make, rol):
    user = {"aanbieder": world.taal_user, "regisseur": world.regisseur_a, "privacy": world.privacy_a,
            "beheerder": world.beheerder}[rol]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: list[str] = []
    _run(schema, {"Authorization": f"Bearer {make.token(user)}"}, failures)
    assert not failures, "\n\n".join(failures)
