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
