"""The scheduler behind `portal scheduler`: APScheduler with a cron trigger (Dutch time) that runs the digest of
`portal meldingen` in the app's context. The default runs every hour from 07:00 to 18:00: the first run of a day
sends the digests, the later ones send only what waits after a failed SMTP connection (a run is idempotent, so a
user never gets a second digest the same day)."""
from __future__ import annotations

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask

from portal.extensions import db
from portal.timeutil import TIJDZONE, today

STANDAARD_CRON = "0 7-18 * * *"


def meldingen_job(app: Flask) -> None:
    """One run of the digest, as `portal meldingen` does it; never lets an error stop the scheduler."""
    from portal.meldingen import verzending
    with app.app_context():
        try:
            verslag = verzending.run(today())
            app.logger.info("meldingen: %d verzonden, %d wachtend, %d mislukt", verslag.verzonden, verslag.wachtend,
                            verslag.mislukt)
        except Exception:  # the next run tries again; the traceback goes to the log
            db.session.rollback()
            app.logger.exception("meldingen: run failed")
        finally:
            db.session.remove()


def maak(app: Flask, cron: str = STANDAARD_CRON) -> BlockingScheduler:
    """A scheduler with the digest job on `cron` (five crontab fields, Europe/Amsterdam); start() blocks."""
    scheduler = BlockingScheduler(timezone=TIJDZONE)
    scheduler.add_job(meldingen_job, CronTrigger.from_crontab(cron, timezone=TIJDZONE), args=[app],
                      id="meldingen", name="portal meldingen", max_instances=1, coalesce=True,
                      misfire_grace_time=3600)
    return scheduler
