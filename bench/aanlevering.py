"""The attendance files the load test uploads, shared by bench/load.py and bench/pages_bench.py (`--uploads`): a
module of its own, since load.py's import of Locust monkey-patches the standard library."""
from __future__ import annotations

import datetime as dt

HEADER = ("traject_id;onderdeel;periode_start;periode_eind;uren_gepland;uren_aanwezig;uren_verzuim_geoorloofd;"
          "uren_verzuim_ongeoorloofd;verzuim_reden;aantal_keer_verzuim")


def aanwezigheid_csv(pairs: list[tuple[str, str]], days: list[dt.date], rows: int) -> bytes:
    """At most `rows` rows: for each day, one one-day period per (traject, onderdeel)."""
    lines = [HEADER]
    for day in days:
        iso = day.isoformat()
        for traject_id, onderdeel in pairs:
            if len(lines) > rows:
                break
            lines.append(f"{traject_id};{onderdeel};{iso};{iso};4;3.5;0.5;0;ziekte;")
    return ("\n".join(lines) + "\n").encode()
