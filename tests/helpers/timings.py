"""Where the suite's time goes: with SUITE_TIMINGS=<dir>, each test process (each xdist worker) writes the
setup/call/teardown seconds of every test and the setup seconds of every fixture (by name and scope) to
<dir>/<worker>.json; `python -m tests.helpers.timings <dir>` sums them per directory, file and fixture in
worker-seconds. Registered as a plugin by tests/conftest.py; without the variable it does nothing."""
from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

_tests: list[tuple[str, str, float]] = []
_fixtures: list[tuple[str, str, str, float]] = []


def _enabled() -> bool:
    return bool(os.environ.get("SUITE_TIMINGS"))


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    if not _enabled():
        yield
        return
    start = time.perf_counter()
    yield
    _fixtures.append((fixturedef.argname, fixturedef.scope, request.node.nodeid, time.perf_counter() - start))


def pytest_runtest_logreport(report):
    if _enabled() and not hasattr(report, "node"):  # in the worker (or without xdist), not the controller
        _tests.append((report.nodeid, report.when, report.duration))


def pytest_sessionfinish(session):
    if not _enabled() or not (_tests or _fixtures):  # the xdist controller runs no test
        return
    worker = getattr(session.config, "workerinput", {}).get("workerid", "main")
    out = Path(os.environ["SUITE_TIMINGS"])
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{worker}-{os.getpid()}.json").write_text(json.dumps({"tests": _tests, "fixtures": _fixtures}))


def _backend(nodeid: str) -> str:
    return "postgresql" if "postgresql" in nodeid else "sqlite" if "sqlite" in nodeid else "-"


def report(directory: str, top: int = 30) -> str:
    tests, fixtures = [], []
    for path in sorted(Path(directory).glob("*.json")):
        data = json.loads(path.read_text())
        tests += data["tests"]
        fixtures += data["fixtures"]
    total = sum(d for _, _, d in tests) or 1.0
    per_file: dict = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    per_dir: dict = defaultdict(float)
    for nodeid, when, duration in tests:
        key = (nodeid.split("::")[0], _backend(nodeid))
        per_file[key][("setup", "call", "teardown").index(when)] += duration
        per_file[key][3] += when == "call"
        per_dir[(nodeid.split("/")[1] if "/" in nodeid else nodeid, _backend(nodeid))] += duration
    per_fixture: dict = defaultdict(lambda: [0.0, 0])
    for name, scope, _node, duration in fixtures:
        per_fixture[(name, scope)][0] += duration
        per_fixture[(name, scope)][1] += 1
    lines = [f"worker-seconds: {total:.1f} over {sum(1 for _, w, _ in tests if w == 'call')} tests"]
    lines.append("\nper directory and backend:")
    for (d, b), s in sorted(per_dir.items(), key=lambda kv: -kv[1]):
        lines.append(f"  {s:8.1f} s {100 * s / total:5.1f} %  {d} [{b}]")
    lines.append(f"\ntop {top} files (setup / call / teardown, tests):")
    for (f, b), (su, ca, te, n) in sorted(per_file.items(), key=lambda kv: -sum(kv[1][:3]))[:top]:
        s = su + ca + te
        lines.append(f"  {s:8.1f} s {100 * s / total:5.1f} %  {su:6.1f} / {ca:6.1f} / {te:5.1f}  {n:4d}  {f} [{b}]")
    lines.append(f"\ntop {top} fixtures (setup seconds, calls; nested fixtures count in their callers too):")
    for (name, scope), (s, n) in sorted(per_fixture.items(), key=lambda kv: -kv[1][0])[:top]:
        lines.append(f"  {s:8.1f} s {100 * s / total:5.1f} %  {n:5d}  {name} ({scope})")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30))
