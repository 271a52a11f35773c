"""The caseload kept per process, under threaded workers (config/gunicorn.py): threads that miss the same key
together compute it once (portal/voortgang/caseload.py, `_bewaard_of_berekend`)."""
import threading

from portal.voortgang import caseload


def test_threads_that_miss_the_same_key_together_compute_it_once_and_share_the_result(monkeypatch):
    caseload.vergeten()
    sleutel = ("token", 1, 0, -1, "dag", ())
    tweede_gemist, gemaakt, uitkomsten = threading.Event(), [], []
    gewoon = caseload._bewaarde

    def bewaarde(key):  # the second thread's first look (a miss) lets the first thread's computation finish
        found = gewoon(key)
        if found is None and threading.current_thread().name == "tweede":
            tweede_gemist.set()
        return found

    def maak():
        gemaakt.append(threading.current_thread().name)
        tweede.start()
        assert tweede_gemist.wait(10)
        return object()

    monkeypatch.setattr(caseload, "_bewaarde", bewaarde)
    eerste = threading.Thread(name="eerste", target=lambda: uitkomsten.append(
        caseload._bewaard_of_berekend(sleutel, maak)))
    tweede = threading.Thread(name="tweede", target=lambda: uitkomsten.append(
        caseload._bewaard_of_berekend(sleutel, maak)))
    try:
        eerste.start()
        eerste.join(10)
        tweede.join(10)
        assert gemaakt == ["eerste"]
        assert len(uitkomsten) == 2 and uitkomsten[0] is uitkomsten[1]
        assert caseload._bezig == {}
    finally:
        caseload.vergeten()


def test_a_failed_computation_leaves_the_key_free_for_the_next_request():
    caseload.vergeten()
    sleutel = ("token", 2, 0, -1, "dag", ())

    def faalt():
        raise RuntimeError("database gone")

    try:
        try:
            caseload._bewaard_of_berekend(sleutel, faalt)
        except RuntimeError:
            pass
        gemaakt = object()
        assert caseload._bewaard_of_berekend(sleutel, lambda: gemaakt) is gemaakt
        assert caseload._bezig == {}
    finally:
        caseload.vergeten()
