"""Helpers of the reliability proofs: databases that other processes (the `portal` command) use, seeded through the
services and committed, and the generated 200,000-row delivery of bench/import_bench.py."""
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PORTAL = str(Path(sys.executable).with_name("portal"))
TODAY = "2026-06-15"


def _bench():
    spec = importlib.util.spec_from_file_location("import_bench", ROOT / "bench" / "import_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


import_bench = _bench()


def portal_env(database_url: str) -> dict:
    return {**os.environ, "DATABASE_URL": database_url, "PORTAL_TODAY": TODAY, "SECRET_KEY": "test-secret",
            "PYTHONUNBUFFERED": "1"}


def run_portal(database_url: str, *args: str, check: bool = False) -> subprocess.CompletedProcess:
    result = subprocess.run([PORTAL, *args], env=portal_env(database_url), capture_output=True, text=True,
                            timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"portal {' '.join(args)} failed: {result.stdout}\n{result.stderr}")
    return result


ROWS = 200_000
DAYS = 1000  # one-day periods from 2023-07-01 (the start of the bench's assignments) to 2026-03-26
TRAJECTEN = -(-ROWS // DAYS)


def weekly_file(ids: list[str], rows: int = ROWS) -> bytes:
    """A valid aanwezigheid file: one row per trajectory per day (few trajectories to seed, many rows)."""
    from datetime import date, timedelta
    days = [(date(2023, 7, 1) + timedelta(days=n)).isoformat() for n in range(DAYS)]
    spans = [(day, day) for day in days]
    lines = [";".join(import_bench.COLUMNS)]
    for traject_id in ids:
        for start, end in spans:
            if len(lines) > rows:
                break
            lines.append(f"{traject_id};taal;{start};{end};10;8,5;1;0,5;ziekte;1")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="session")
def big_delivery(tmp_path_factory):
    """ids -> the path of the 200,000-row delivery for them; generated once per set of ids."""
    made = {}

    def make(ids: list[str]) -> Path:
        key = tuple(ids)
        if key not in made:
            path = tmp_path_factory.mktemp("crash") / "aanwezigheid.csv"
            path.write_bytes(weekly_file(ids))
            made[key] = path
        return made[key]
    return make
