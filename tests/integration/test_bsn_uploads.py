"""Every place a delivery leaves something behind (issue 13): the stored file name, the kept copy of a rejected
upload, the header names and messages in the stored report, the result page and the downloadable report. A BSN in
any formatting reaches none of them."""
import json

import pytest

from portal import bsn
from tests.helpers.leveringen import COLUMNS, csv_file, last_batch, rij, upload, xlsx_file

DISGUISED = ["111\u00a0222\u00a0333", "111\t222\t333", "111  222  333", "111/222/333", "111_222_333", "111,222,333",
             "111\u2013222\u2013333", "１１１２２２３３３", "111\u200b222\u200b333", "111 - 222 - 333"]


def _clean(text: str) -> bool:
    return not bsn.contains_bsn(text) and "111" not in text and "１１１" not in text


@pytest.mark.parametrize("value", DISGUISED)
def test_a_disguised_bsn_in_a_cell_or_a_header_leaves_no_trace_in_what_an_upload_stores_or_shows(world, login, value):
    web = login(world.taal_user)
    columns = [*COLUMNS, f"kolom {value}"]
    rows = [rij(world.traject.id), rij(world.traject.id, periode_start="01-04-2026", periode_eind="30-04-2026",
                                       verzuim_reden=f"zie {value}")]
    page = upload(web, csv_file(*rows, columns=columns)).get_data(as_text=True)
    batch = last_batch(world.taal_aanbieder)
    assert batch.status == "rejected"
    assert _clean(json.dumps(batch.errors, ensure_ascii=False))
    assert [e["code"] for e in batch.errors].count("bsn_niet_toegestaan") == 2  # the header and the cell
    assert _clean(page)
    assert batch.bewaard_csv is None or _clean(batch.bewaard_csv.decode())
    report = web.get(f"/aanleveren/{batch.id}/rapport.csv")
    assert report.status_code != 200 or _clean(report.get_data().decode("utf-8-sig"))


@pytest.mark.parametrize("value", DISGUISED)
@pytest.mark.parametrize("pattern", ["levering {}.csv", "levering.{}"])
def test_a_file_name_with_a_disguised_bsn_is_refused_or_stored_masked(world, login, value, pattern):
    web = login(world.taal_user)
    before = last_batch(world.taal_aanbieder)
    page = upload(web, csv_file(rij(world.traject.id)), filename=pattern.format(value)).get_data(as_text=True)
    batch = last_batch(world.taal_aanbieder)
    assert _clean(page)
    if batch is before:  # the form guard read the name first
        assert "De bestandsnaam bevat een BSN" in page
    else:
        assert bsn.MASK in batch.bestandsnaam and _clean(batch.bestandsnaam)


@pytest.mark.parametrize("value", ["111\u00a0222\u00a0333", "１１１２２２３３３", "111\u2013222\u2013333"])
def test_a_disguised_bsn_in_an_xlsx_cell_is_refused_and_masked_in_the_kept_copy(world, login, value):
    web = login(world.taal_user)
    upload(web, xlsx_file(rij(world.traject.id), rij(world.traject.id, periode_start="01-04-2026",
                                                     periode_eind="30-04-2026", verzuim_reden=value)),
           filename="levering.xlsx")
    batch = last_batch(world.taal_aanbieder)
    assert [(e["line"], e["code"]) for e in batch.errors] == [(3, "bsn_niet_toegestaan")]
    assert batch.bewaard_csv is not None and _clean(batch.bewaard_csv.decode())
    assert bsn.MASK in batch.bewaard_csv.decode()
