"""Work that others need not wait for, at a lower CPU priority: the pages of everyone else go first.

A delivery of 1,000 rows costs ~50 ms of the server's CPU (and ~20 ms of the database's); a page costs 5-20 ms. On
two cores, the trajectory pages that ran while a delivery was processed in another process took longer (p50 24 ms
against 17, p95 60 against 32) and were a third of the slowest twentieth under load (bench/README.md, "Load",
"Twelfth round"). The operating system's scheduler can put them first (a thread's nice value): the one who delivers
waits a few milliseconds longer while the server is busy, and on an idle server nothing changes.

- `lager(werk)` runs `werk` on a thread of its own at nice +NICE, in the caller's context (a copy of its context
  variables: the same app and request context, so the same database session, transaction and user), and waits for
  it: to the caller it is a plain call that returns what `werk` returns and raises what it raises. A thread that
  ends with the work, because an unprivileged thread can lower its priority but not raise it again. Outside a
  request (the command line, the demo) the work runs in place, as before.
- While a `lager` thread runs, `bezig()` is true and the server's worker takes no new connection
  (config/gunicorn.py, FreeThreadWorker): the nice value does not reach the process's GIL, which the delivery's
  thread shares with the process's other requests, so new requests go to the other processes meanwhile.
- `verlaag()` lowers the calling thread's priority for good: for a thread that only does such work (the caseload
  computed ahead, portal/voortgang/caseload.py; the processing log's sequencer, portal/verwerkingslog.py).

`lager` and `verlaag` do nothing on other systems than Linux, where a thread has no nice value of its own.
"""
from __future__ import annotations

import contextvars
import os
import sys
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from typing import TypeVar

from flask import has_request_context, request  # noqa: TID251 (the request's CPU time, counted at its edge)

NICE = 10  # CFS gives a thread at nice 10 about a tenth of the CPU time of one at 0 when both want the same core

CPU_ELDERS = "portal.cpu_elders"  # request.environ: CPU seconds the request's work took on other threads

T = TypeVar("T")
_op_lager = threading.local()  # set on the threads `lager` starts: work nested in it runs in place
_lopend = [0]  # threads of `lager` running in this process
_lopend_slot = threading.Lock()
_waarnemers: list[Callable[[], None]] = []


def bezig() -> bool:
    """Whether this process is doing work at a lower priority for a request (`lager`)."""
    return _lopend[0] > 0


def bij_wijziging(waarnemer: Callable[[], None]) -> None:
    """Call `waarnemer` (on the request's thread) whenever `bezig()` changes: the server's worker takes no new
    connection while its process processes a delivery (config/gunicorn.py, FreeThreadWorker)."""
    _waarnemers.append(waarnemer)


def _melden(verschil: int) -> None:
    with _lopend_slot:
        _lopend[0] += verschil
        gewijzigd = _lopend[0] == (1 if verschil > 0 else 0)
    if gewijzigd:
        for waarnemer in list(_waarnemers):
            waarnemer()


def lager(werk: Callable[[], T]) -> T:
    """`werk()`, on a thread at a lower CPU priority while a request waits for it (module docstring)."""
    if not sys.platform.startswith("linux") or not has_request_context() or getattr(_op_lager, "aan", False):
        return werk()
    context = contextvars.copy_context()
    uitkomst: dict[str, object] = {}

    def draad() -> None:
        _op_lager.aan = True
        verlaag()
        begin = time.thread_time()
        try:
            uitkomst["waarde"] = context.run(werk)
        except BaseException as fout:  # noqa: BLE001 (raised again in the caller's thread)
            uitkomst["fout"] = fout
        finally:
            uitkomst["cpu"] = time.thread_time() - begin

    thread = threading.Thread(target=draad, name="lager", daemon=True)
    _melden(1)
    try:
        thread.start()
        thread.join()
    finally:
        _melden(-1)
    # the request's CPU time counts this thread's too (config/gunicorn.py's log of each request's CPU, bench/load.py)
    request.environ[CPU_ELDERS] = request.environ.get(CPU_ELDERS, 0.0) + uitkomst["cpu"]
    if "fout" in uitkomst:
        raise uitkomst["fout"]  # type: ignore[misc]
    return uitkomst["waarde"]  # type: ignore[return-value]


def verlaag() -> None:
    """Lower the calling thread's CPU priority by NICE, for good: for a thread that only does work that can wait (the
    threads of `lager`, the background threads). Nothing on other systems than Linux, or where it is not
    allowed (then the work runs at the priority it had)."""
    if not sys.platform.startswith("linux"):
        return
    tid = threading.get_native_id()
    with suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, tid, min(os.getpriority(os.PRIO_PROCESS, tid) + NICE, 19))
