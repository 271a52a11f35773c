"""What the server's processes share of the caseload (portal/voortgang/caseload.py, CASELOAD_GEDEELD) does not
outlive an erasure: the shared files go when the erasing transaction commits, and stay when it rolls back."""
from portal.extensions import db
from portal.trajecten import gegevens


def test_an_erasure_drops_the_shared_caseload_computations_when_it_commits(plain_app, tmp_path, monkeypatch):
    monkeypatch.setitem(plain_app.config, "CASELOAD_GEDEELD", str(tmp_path))
    gedeeld = tmp_path / "gemeente.pickle"
    with plain_app.app_context():
        gedeeld.write_bytes(b"a shared computation")
        gegevens.wis_trajecten(["AAAA-BBBB-C"])
        db.session.rollback()
        assert gedeeld.exists()  # nothing was erased

        gegevens.wis_trajecten(["AAAA-BBBB-C"])
        assert gedeeld.exists()  # not before the erasure commits
        db.session.commit()
        assert not gedeeld.exists()
        db.session.remove()
