"""Heavy work of one request at a lower CPU priority, so that it does not slow down the pages of everyone else.

A delivery of 1,000 rows costs ~50 ms of the server's CPU (and ~20 ms of the database's); a page costs 5-20 ms. On
two cores, the pages that ran while a delivery was being processed in another process took twice as long (p50 24 ms
against 17, p95 60 against 32), and they made the slowest tenth of the pages under load (bench/README.md, "Load",
"Twelfth round"). The one who delivers waits a few milliseconds longer when the server is busy; the others do not
wait for her. The operating system's scheduler does this (a thread's nice value): on an idle server nothing changes.

`lager(werk)` runs `werk` on a thread of its own at nice +NICE, in the caller's context (a copy of its context
variables: the same app and request context, so the same database session, transaction and user), and waits for
it: to the caller it is a plain call that returns what `werk` returns and raises what it raises. An unprivileged
thread can lower its priority but not raise it again, hence a thread that ends with the work rather than the
request's own. Outside a request (the command line, the demo) and where threads have no nice value of their own
(other systems than Linux) the work runs in place, as before.
"""
from __future__ import annotations

import contextvars
import os
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

from flask import has_request_context

NICE = 10  # CFS gives a thread at nice 10 about a tenth of the CPU time of one at 0 when both want the same core

T = TypeVar("T")
_op_lager = threading.local()  # set on the threads `lager` starts: work nested in it runs in place


def lager(werk: Callable[[], T]) -> T:
    """`werk()`, on a thread at a lower CPU priority while a request waits for it (module docstring)."""
    if not sys.platform.startswith("linux") or not has_request_context() or getattr(_op_lager, "aan", False):
        return werk()
    context = contextvars.copy_context()
    uitkomst: dict[str, object] = {}

    def draad() -> None:
        _op_lager.aan = True
        tid = threading.get_native_id()
        try:
            os.setpriority(os.PRIO_PROCESS, tid, min(os.getpriority(os.PRIO_PROCESS, tid) + NICE, 19))
        except OSError:  # a sandbox without setpriority: the work runs at the request's priority
            pass
        try:
            uitkomst["waarde"] = context.run(werk)
        except BaseException as fout:  # noqa: BLE001 (raised again in the caller's thread)
            uitkomst["fout"] = fout

    thread = threading.Thread(target=draad, name="lager", daemon=True)
    thread.start()
    thread.join()
    if "fout" in uitkomst:
        raise uitkomst["fout"]  # type: ignore[misc]
    return uitkomst["waarde"]  # type: ignore[return-value]
