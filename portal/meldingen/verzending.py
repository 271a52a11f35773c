"""The daily digest: `portal meldingen` (and the scheduler) make at most one digest per user per day from
`services.te_doen`, keep it as a `Digest` record, and send it: counts per category and a link, never a trajectory
ID nor any trajectory content.

A run is idempotent: a user whose digest of the day was sent (or refused by the mail server) gets nothing more that
day. When the mail server cannot be reached, the digests stay `wachtend`, the run ends normally (exit 0, with a line
that says so) and the next run sends them; a digest still waiting when a later day's run comes is `vervangen`: that
day's digest, if anything is due, carries the current counts. Sending and failing are written to the account audit
log (actor `cli`, actions `melding_verzonden` / `melding_mislukt`), never to the processing log: a digest holds no
trajectory data."""
from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from datetime import date

from flask import current_app, render_template, url_for
from flask_mailman import EmailMultiAlternatives
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from portal import access
from portal.beheer import audit
from portal.extensions import db
from portal.mail import _link_context, mail
from portal.meldingen import services
from portal.meldingen.models import Digest, DigestStatus
from portal.models import User
from portal.timeutil import nl_date, utcnow

ONDERWERP = "Wat er voor u klaarstaat in het Inburgeringsportaal"


@dataclass
class Verslag:
    """What a run did (or, dry, would do), per user a line for the operator."""

    regels: list[str] = field(default_factory=list)
    verzonden: int = 0
    wachtend: int = 0
    mislukt: int = 0
    smtp_fout: str | None = None


def _tekst(aantallen: dict[str, int]) -> str:
    return ", ".join(f"{services.PER_CODE[c].label.lower()} {n}" for c, n in aantallen.items())


def _gebruikers() -> list[User]:
    """Every active account with a role that has finished setting up its login (a two-factor secret), in a stable
    order. An invitation not yet accepted gets no digest: the first mail a new user receives is the invitation."""
    query = select(User).where(User.active.is_(True), User.tf_totp_secret.is_not(None)).order_by(User.email)
    return [u for u in db.session.scalars(query) if u.rol is not None]


def aantallen_voor(user: User, vandaag: date, cache: dict | None = None) -> dict[str, int]:
    """The non-zero counts of the categories the user did not switch off. What is due depends on the role and the
    organisation only, so a run computes it once per organisation (`cache`)."""
    aan = [c.code for c in services.categorieen(user.rol) if c.code not in services.afgemeld(user)]
    if not aan:
        return {}
    cache = {} if cache is None else cache
    key = (user.rol, user.organisatie_id)
    if key not in cache:
        with access.scope_van(user):  # her gemeente's privacy records, as on her start page
            cache[key] = services.te_doen(user, vandaag)
    items = cache[key]
    return {i.categorie.code: i.aantal for i in items if i.aantal and i.categorie.code in aan}


def voorbereiden(vandaag: date, dry_run: bool = False) -> tuple[list[tuple[Digest, int]], Verslag]:
    """Make today's digest of every user who has something due (and none yet today); return those to send: made
    now or still waiting from an earlier attempt today, each with its number of attempts as read (see `_poging`).
    Dry: make nothing, only say what would be sent."""
    verslag = Verslag()
    cache: dict = {}
    te_sturen = []
    for user in _gebruikers():
        digest = db.session.scalar(select(Digest).where(Digest.user_id == user.id, Digest.dag == vandaag))
        if digest is not None:
            if digest.status == DigestStatus.wachtend.value:
                te_sturen.append((digest, digest.pogingen))
                verslag.regels.append(f"{user.email}: {_tekst(digest.aantallen)} (wacht op een nieuwe poging)")
            else:
                verslag.regels.append(f"{user.email}: vandaag al {digest.status}")
            continue
        aantallen = aantallen_voor(user, vandaag, cache)
        if not dry_run:  # what still waits from an earlier day is out of date: today's counts replace it
            for ouder in db.session.scalars(select(Digest).where(Digest.user_id == user.id, Digest.dag < vandaag,
                                                                  Digest.status == DigestStatus.wachtend.value)):
                ouder.status = DigestStatus.vervangen.value
        if not aantallen:
            continue
        verslag.regels.append(f"{user.email}: {_tekst(aantallen)}")
        if dry_run:
            continue
        digest = Digest(user_id=user.id, dag=vandaag, aantallen=aantallen, status=DigestStatus.wachtend.value)
        try:
            with db.session.begin_nested():
                db.session.add(digest)
        except IntegrityError:  # another run made it a moment ago; that run sends it
            continue
        te_sturen.append((digest, 0))
    return te_sturen, verslag


def bericht(digest: Digest, connection=None) -> EmailMultiAlternatives:
    """The message of a digest, in Dutch, plain text and HTML: counts per category and links, nothing more."""
    user = digest.user
    regels = [(services.PER_CODE[c].label, n) for c, n in digest.aantallen.items() if c in services.PER_CODE]
    with _link_context():
        context = {"user": user, "regels": regels, "dag": nl_date(digest.dag),
                   "start": url_for("main.index", _external=True),
                   "instellingen": url_for("meldingen.instellingen", _external=True)}
        tekst = render_template("meldingen/email/digest.txt", **context)
        html = render_template("meldingen/email/digest.html", **context)
    message = EmailMultiAlternatives(ONDERWERP, tekst, current_app.config["MAIL_DEFAULT_SENDER"], [user.email],
                                     connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def _mislukt(digest: Digest, status: DigestStatus, fout: str, verslag: Verslag) -> None:
    digest.status, digest.fout = status.value, fout[:200]
    audit.record(None, "melding_mislukt", target_user=digest.user, target_org=digest.user.organisatie,
                 details=f"Dagoverzicht {nl_date(digest.dag)}: {fout}"
                 + ("; volgende run opnieuw" if status is DigestStatus.wachtend else ""))
    if status is DigestStatus.wachtend:
        verslag.wachtend += 1
    else:
        verslag.mislukt += 1


def _poging(digest: Digest, gezien: int) -> bool:
    """Count an attempt and take the digest for this run, committed before the message goes out: only when it is
    still waiting with the attempts this run read, so of two runs at the same moment (the scheduler and an operator)
    only one gets it, and nobody gets it twice."""
    genomen = db.session.execute(  # type: ignore[attr-defined]  # an UPDATE gives a CursorResult
        update(Digest).where(Digest.id == digest.id, Digest.status == DigestStatus.wachtend.value,
                             Digest.pogingen == gezien)
        .values(pogingen=Digest.pogingen + 1, laatste_poging=utcnow())).rowcount
    db.session.commit()
    return bool(genomen)


def versturen(digests: list[tuple[Digest, int]], verslag: Verslag) -> None:
    """Hand each digest to the mail server over one connection, committing around each so that neither a crash nor
    a second run at the same time sends one twice. A connection that cannot be made, or breaks, leaves the rest
    waiting for the next run; a message the server refuses (the address) is `mislukt`."""
    if not digests:
        return
    connection = mail.get_connection(fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as exc:
        verslag.smtp_fout = type(exc).__name__
        for digest, gezien in digests:
            if _poging(digest, gezien):
                _mislukt(digest, DigestStatus.wachtend, f"mailserver niet bereikbaar ({verslag.smtp_fout})", verslag)
        db.session.commit()
        current_app.logger.warning("meldingen: mail server unreachable (%s); %d digest(s) wait for the next run",
                                   verslag.smtp_fout, len(digests))
        return
    try:
        for i, (digest, gezien) in enumerate(digests):
            if not _poging(digest, gezien):
                continue  # sent or taken by another run meanwhile
            try:
                connection.send_messages([bericht(digest, connection)])
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
                _mislukt(digest, DigestStatus.mislukt, f"geweigerd door de mailserver ({type(exc).__name__})",
                         verslag)
            except (OSError, smtplib.SMTPException) as exc:
                verslag.smtp_fout = type(exc).__name__
                for rest, _ in digests[i:]:
                    _mislukt(rest, DigestStatus.wachtend, f"verbinding verbroken ({verslag.smtp_fout})", verslag)
                db.session.commit()
                return
            else:
                digest.status, digest.fout, digest.verzonden_op = DigestStatus.verzonden.value, None, utcnow()
                audit.record(None, "melding_verzonden", target_user=digest.user, target_org=digest.user.organisatie,
                             details=f"Dagoverzicht {nl_date(digest.dag)}: {_tekst(digest.aantallen)}")
                verslag.verzonden += 1
            db.session.commit()
    finally:
        try:
            connection.close()
        except (OSError, smtplib.SMTPException):
            pass


def run(vandaag: date, dry_run: bool = False) -> Verslag:
    """One run of `portal meldingen`: prepare (and commit) today's digests, then send what waits."""
    digests, verslag = voorbereiden(vandaag, dry_run)
    if dry_run:
        db.session.rollback()
        return verslag
    db.session.commit()
    versturen(digests, verslag)
    return verslag


def recente(user: User, aantal: int = 10) -> list[Digest]:
    """The user's latest digests, for her "Meldingen" page."""
    return list(db.session.scalars(select(Digest).where(Digest.user_id == user.id)
                                   .order_by(Digest.dag.desc()).limit(aantal)))

