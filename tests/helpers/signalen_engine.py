"""signalen.bereken against the engine as the rules' own frames (what bereken did before it built one frame of the
rules' arrays): the same rows, order, dtypes and values."""
from datetime import date, timedelta

import pandas as pd

from portal.duo import export as duo_export
from portal.voortgang import queries, signalen, uren


def uit_de_frames_van_de_regels(scope, dag: date, inst) -> pd.DataFrame:
    """The engine as each rule's public frame, every rule handed all active trajectories, concatenated by pandas."""
    trajecten = signalen._actief(queries.trajecten_met_uren(scope))
    vensters = signalen.Vensters.voor(dag, inst)
    toewijzingen = queries.toewijzingen(scope, actief_op=dag,
                                        stil_sinds=dag - timedelta(weeks=inst.geen_aanlevering_weken))
    delen = [
        signalen.ongeoorloofd_verzuim(
            queries.verzuim_venster(scope, dag, vensters.verzuim_vanaf, vensters.maand_vanaf), trajecten, inst),
        signalen.duo_registratie(duo_export.te_versturen(scope, dag), dag),
        signalen.vertraagde_start(trajecten, dag, inst),
        signalen.afschalen_mogelijk(signalen._met_taal_na_pip(trajecten, inst), inst),
        signalen.geen_aanlevering(toewijzingen, trajecten, dag, inst),
        signalen.leerroute_wissel(trajecten, dag, inst),
        signalen.map_pvt_niet_afgerond(trajecten, queries.afgeronde_map_pvt(scope), dag),
        signalen.termijn_in_gevaar(trajecten, dag, inst),
    ]
    delen = [d for d in delen if len(d)]
    frame = pd.concat(delen, ignore_index=True) if len(delen) > 1 else delen[0] if delen else signalen._leeg()
    return signalen.afronden(frame, dag)


def gelijk(scope, dag: date, inst) -> int:
    uren.bijwerken()
    verwacht = uit_de_frames_van_de_regels(scope, dag, inst)
    gekregen = signalen.bereken(scope, dag, inst)
    pd.testing.assert_frame_equal(gekregen, verwacht, check_exact=True)
    assert list(gekregen.dtypes) == list(verwacht.dtypes)
    for kolom in gekregen.columns:  # None stays None and NaN stays NaN
        assert [type(v) for v in gekregen[kolom]] == [type(v) for v in verwacht[kolom]], kolom
    return len(gekregen)
