"""The server's worker (config/gunicorn.py, FreeThreadWorker): a process takes new connections only while one of its
threads is free, so that connections arriving together spread over the processes instead of piling up on one."""
import runpy
import selectors
import socket
import threading
from pathlib import Path

from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[2]


class _Verbinding:
    """What gthread's finish_request needs of a connection whose request closed it."""

    def __init__(self):
        self.gesloten = False

    def close(self, graceful: bool = False):
        self.gesloten = True


def _worker(threads: int):
    worker_class = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))["worker_class"]
    cfg = Config()
    cfg.set("threads", threads)
    listener = socket.create_server(("127.0.0.1", 0))
    worker = worker_class(0, 0, [listener], None, 30, cfg, None)
    worker.tpool = worker.get_thread_pool()
    worker.poller = selectors.DefaultSelector()
    worker.method_queue.init()
    worker.poller.register(worker.method_queue.fileno(), selectors.EVENT_READ, worker.method_queue.run_callbacks)
    return worker, listener


def _sluiten(worker, listener) -> None:
    worker.tpool.shutdown(wait=True)
    worker.poller.close()
    worker.method_queue.close()
    listener.close()


def _luistert(worker, listener) -> bool:
    return listener.fileno() in {key.fd for key in worker.poller.get_map().values()}


def _lus(worker) -> None:
    """One round of gthread's main loop: it offers to accept whenever it may and does not."""
    if (worker.nr_conns < worker.worker_connections) != worker._accepting:
        worker.set_accept_enabled(worker.nr_conns < worker.worker_connections)


def test_a_worker_stops_accepting_while_all_its_threads_are_busy_and_accepts_again_when_one_is_free():
    worker, listener = _worker(threads=2)
    vrij = threading.Event()
    worker.handle = lambda conn: vrij.wait(10) and False  # the request holds its thread; then the connection closes
    try:
        _lus(worker)
        assert _luistert(worker, listener)

        verbindingen = [_Verbinding(), _Verbinding()]
        worker.nr_conns = 2
        worker.enqueue_req(verbindingen[0])
        _lus(worker)
        assert _luistert(worker, listener)  # one thread still free
        worker.enqueue_req(verbindingen[1])
        _lus(worker)
        assert not _luistert(worker, listener)  # both busy: the next connection goes to another process
        _lus(worker)
        assert not _luistert(worker, listener)  # the main loop's offer does not take it back

        vrij.set()
        while worker.busy:  # the finished requests come back to the main thread through its method queue
            worker.wait_for_and_dispatch_events(timeout=5)
            _lus(worker)
        assert all(v.gesloten for v in verbindingen)
        assert _luistert(worker, listener)
    finally:
        vrij.set()
        _sluiten(worker, listener)


def test_a_worker_takes_no_new_connection_while_its_process_processes_a_delivery(monkeypatch):
    from portal import prioriteit
    monkeypatch.setattr(prioriteit, "_waarnemers", [])
    worker, listener = _worker(threads=4)
    prioriteit.bij_wijziging(lambda: worker.method_queue.defer(worker.set_accept_enabled, True))  # init_process
    klaar = threading.Event()
    bezig = threading.Event()

    def levering():
        prioriteit._melden(1)  # what `prioriteit.lager` reports while the delivery's thread runs
        bezig.set()
        klaar.wait(10)
        prioriteit._melden(-1)

    try:
        _lus(worker)
        assert _luistert(worker, listener)
        draad = threading.Thread(target=levering)
        draad.start()
        bezig.wait(10)
        worker.wait_for_and_dispatch_events(timeout=5)  # the notice reaches the main thread
        assert not _luistert(worker, listener)  # all four threads free, but new connections go elsewhere
        _lus(worker)
        assert not _luistert(worker, listener)  # the main loop's offer does not take it back

        klaar.set()
        draad.join(10)
        worker.wait_for_and_dispatch_events(timeout=5)
        assert _luistert(worker, listener)
    finally:
        klaar.set()
        _sluiten(worker, listener)
