"""gunicorn's settings for the portal (production: docker-compose.yml; the load test: bench/load.py).

    gunicorn --config config/gunicorn.py --bind 0.0.0.0:8000 portal.wsgi:app

Threaded workers (`gthread`): each worker process serves several requests at once, so a short request (a log page,
a trajectory page) that arrives while a 1,000-row upload or a cold caseload is being computed starts at once and
shares the CPU with it, instead of waiting in the queue for a free worker as with sync workers (head-of-line
blocking). The GIL lets one thread of a process run Python at a time; it switches every few milliseconds, which is
what sharing means here. A thread that waits for the database gives the GIL up and, when its answer is there,
waits for it again behind the busy threads of its process, up to the switch interval each time (a trajectory page
makes ~15 round trips): so the workers switch every 1 ms instead of CPython's 5, and four processes of four threads
share the CPU rather than two of eight (the operating system shares the cores between processes more finely than
the GIL between threads). More processes keep more copies of the caseload computation (each process keeps its own,
portal/voortgang/caseload.py), so a write makes more of them stale: eight processes of two threads were slower
again (before the processes shared their computations through CASELOAD_GEDEELD, `on_starting` below: since then
a write is followed by one computation per gemeente, whatever the number of processes). The numbers were chosen
by measurement on 2 cores (bench/README.md, "Load"); WEB_WORKERS, WEB_THREADS and WEB_SWITCH_INTERVAL (ms) override
them. Every thread may hold a database connection while it serves a request:
workers x threads connections at most (the pool of each process holds up to 15)."""
import os

from gunicorn.workers.gthread import ThreadWorker


class FreeThreadWorker(ThreadWorker):
    """gthread that takes a new connection only while one of its threads is free.

    Every worker waits on the one listening socket, and gthread's main thread accepts whenever the kernel wakes it,
    however many requests its threads already hold: the connections that came in together (users logging in at the
    same moment) piled up on one process, bound to one core by its GIL, while the others were idle (bench/README.md,
    "Load", per process and second). This worker leaves the socket alone while all its threads are busy, so the
    kernel hands the next connection to a process with a free thread, or keeps it in the backlog until one is free;
    a kept-alive connection keeps its process. Nor does it take one while its process has a delivery processed
    (portal/prioriteit.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.busy = 0  # requests handed to the thread pool and not yet finished (changed on the main thread only)

    def enqueue_req(self, conn):
        self.busy += 1
        if self.busy >= self.cfg.threads and self._accepting:
            ThreadWorker.set_accept_enabled(self, False)
        super().enqueue_req(conn)

    def finish_request(self, conn, fs):
        self.busy -= 1
        super().finish_request(conn, fs)

    def set_accept_enabled(self, enabled):
        """gthread's main loop calls this, after every event, when it may accept and was not: take the socket back
        only when a thread is free, and not while the process processes a delivery (see `init_process`)."""
        from portal import prioriteit
        super().set_accept_enabled(enabled and self.alive and self.busy < self.cfg.threads and not prioriteit.bezig())

    def init_process(self):
        """While a request of this process has a delivery processed (portal/prioriteit.py: ~50 ms of CPU at a lower
        priority, on a thread that shares this process's GIL with its other threads), new connections go to the
        other processes: the main thread looks again whenever that starts or ends. Connections kept alive stay."""
        from portal import prioriteit
        prioriteit.bij_wijziging(lambda: self.method_queue.defer(self.set_accept_enabled, True))
        super().init_process()


worker_class = FreeThreadWorker
workers = int(os.environ.get("WEB_WORKERS", "4"))
threads = int(os.environ.get("WEB_THREADS", "4"))

# The GIL's switch interval in ms (CPython's default is 5 ms).
_SWITCH_INTERVAL = float(os.environ.get("WEB_SWITCH_INTERVAL", "1"))


def on_starting(server):
    """A directory, private to the server's user (mkdtemp: mode 0700) and in memory where the system has one
    (/dev/shm: pseudonymous computations never reach a disk and are gone with the machine's memory), where the workers
    share their caseload computations (CASELOAD_GEDEELD, portal/voortgang/caseload.py): after a write one of them
    computes a gemeente's caseload and the others read it. Made by the master before it forks them; removed when it
    exits."""
    import tempfile
    if not os.environ.get("CASELOAD_GEDEELD"):
        in_geheugen = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
        try:
            os.environ["CASELOAD_GEDEELD"] = server.portal_gedeeld = tempfile.mkdtemp(prefix="portal-caseload-",
                                                                                        dir=in_geheugen)
        except OSError as error:  # no writable temporary directory: each worker keeps its own computations
            server.log.warning("caseload computations not shared between workers: %s", error)


def on_reload(server):
    """New workers may run new code (a HUP after a deploy): they compute afresh instead of reading what the old ones
    shared at the same data version."""
    import glob
    gedeeld = os.environ.get("CASELOAD_GEDEELD")
    for pad in glob.glob(os.path.join(gedeeld, "*.pickle")) if gedeeld else ():
        try:
            os.unlink(pad)
        except OSError:
            pass


def on_exit(server):
    import shutil
    if getattr(server, "portal_gedeeld", None):
        shutil.rmtree(server.portal_gedeeld, ignore_errors=True)


def post_fork(server, worker):
    import sys
    sys.setswitchinterval(_SWITCH_INTERVAL / 1000)


# bench/load.py --cpu: each request's CPU time (of its serving thread, and of the threads it had work done on at a
# lower priority) and wall time, one line per request in WEB_CPU_LOG.<pid>; off in production.
_CPU_LOG = os.environ.get("WEB_CPU_LOG")
if _CPU_LOG:
    import time

    def pre_request(worker, req):
        req.portal_cpu = (time.thread_time(), time.perf_counter())

    def post_request(worker, req, environ, resp):
        cpu, wall = req.portal_cpu
        with open(f"{_CPU_LOG}.{os.getpid()}", "a") as out:
            cpu = time.thread_time() - cpu + environ.get("portal.cpu_elders", 0.0)  # portal/prioriteit.py
            out.write(f"{time.time():.3f} {req.method} {req.path} {cpu * 1000:.2f} "
                      f"{(time.perf_counter() - wall) * 1000:.2f}\n")
