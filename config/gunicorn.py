"""gunicorn's settings for the portal (production: docker-compose.yml; the load test: bench/load.py).

    gunicorn --config config/gunicorn.py --bind 0.0.0.0:8000 portal.wsgi:app

Threaded workers (`gthread`): each worker process serves several requests at once, so a short request (a log page,
a trajectory page) that arrives while a 1,000-row upload or a cold caseload is being computed starts at once and
shares the CPU with it, instead of waiting in the queue for a free worker as with sync workers (head-of-line
blocking). The GIL lets one thread of a process run Python at a time; it switches every few milliseconds, which is
what sharing means here. Fewer processes also keep fewer copies of the caseload computation (each process keeps
its own, portal/voortgang/caseload.py), so a write makes fewer of them stale. The numbers were chosen by
measurement on 2 cores (bench/README.md, "Load"); WEB_WORKERS and WEB_THREADS override them, e.g. one worker per
core on a larger machine. Every thread may hold a database connection while it serves a request: workers x
threads connections at most (the pool of each process holds up to 15)."""
import os

worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS", "2"))
threads = int(os.environ.get("WEB_THREADS", "8"))

# The GIL's switch interval in ms (CPython's default 5 ms): WEB_SWITCH_INTERVAL overrides it, for measuring.
_SWITCH_INTERVAL = os.environ.get("WEB_SWITCH_INTERVAL")


def post_fork(server, worker):
    if _SWITCH_INTERVAL:
        import sys
        sys.setswitchinterval(float(_SWITCH_INTERVAL) / 1000)


# bench/load.py --cpu: each request's CPU time (of its serving thread) and wall time, one line per request in
# WEB_CPU_LOG.<pid>; off in production.
_CPU_LOG = os.environ.get("WEB_CPU_LOG")
if _CPU_LOG:
    import time

    def pre_request(worker, req):
        req.portal_cpu = (time.thread_time(), time.perf_counter())

    def post_request(worker, req, environ, resp):
        cpu, wall = req.portal_cpu
        with open(f"{_CPU_LOG}.{os.getpid()}", "a") as out:
            out.write(f"{time.time():.3f} {req.method} {req.path} {(time.thread_time() - cpu) * 1000:.2f} "
                      f"{(time.perf_counter() - wall) * 1000:.2f}\n")
