"""Demo data of this feature, loaded by portal.demo after the trajectories and deliveries: for each demo gemeente an
open inzage, an extended one, an overdue one, a handled restriction (set and lifted, letter final) and a refused
erasure, all made through the services (so the log and the letters are real). No demo trajectory is erased."""
from datetime import timedelta

from dpia.verzoeken import brief, services
from portal import access
from portal.extensions import db
from portal.models import Traject


def vul(users: dict, orgs: dict, dag) -> None:
    """`users` by e-mail, `orgs` by code, `dag` is today. Flushes; the caller commits."""
    for email in ("privacy@kerkrade.demo", "privacy@heerlen.demo"):
        user = users.get(email)
        if user is None:
            continue
        ids = list(db.session.scalars(
            access.visible_trajecten(user).with_only_columns(Traject.id).order_by(Traject.created_at, Traject.id)
            .limit(6)))
        if len(ids) < 5:
            continue

        def nieuw(type_, dagen, traject_ids, kanaal="post", identiteit=True, user=user):
            return services.registreer(user, type_, dag - timedelta(days=dagen), traject_ids, kanaal=kanaal,
                                       identiteit_methode="balie_id_bewijs" if identiteit else None,
                                       identiteit_op=dag - timedelta(days=max(dagen - 2, 0)) if identiteit else None)

        nieuw("inzage", 4, [ids[0]], kanaal="email")                                  # open, in time
        verlengd = nieuw("overdraagbaarheid", 20, [ids[1], ids[2]], kanaal="webformulier")
        services.verleng(user, verlengd, "Gegevens van meerdere aanbieders en jaren; de export wordt nagelopen.")
        nieuw("inzage", 45, [ids[3]], identiteit=False)                               # overdue, identity pending

        beperking = nieuw("beperking", 70, [ids[4]], kanaal="balie")
        services.beperk(user, beperking)
        services.hef_beperking_op(user, beperking)
        services.zet_status(user, beperking, "afgehandeld", "Juistheid vastgesteld; beperking opgeheven.")
        brief.definitief(user, beperking)

        wissing = nieuw("wissing", 30, [ids[5] if len(ids) > 5 else ids[0]], kanaal="post")
        services.zet_status(user, wissing, "afgewezen", "Bewaarplicht: het traject loopt nog.")
