"""The `portal` command group (same as `flask --app portal`): each command is one unit of work and commits once."""
import sys
from datetime import date
from typing import NoReturn

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from portal import verwerkingslog
from portal.beheer import services as beheer
from portal.errors import ServiceError
from portal.extensions import db


def _fail(error: ServiceError) -> NoReturn:
    db.session.rollback()
    click.echo(f"Fout: {error.message}", err=True)
    sys.exit(1)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("gebruik JJJJ-MM-DD") from None


@click.group("org")
def org_group():
    """Organisations."""


@org_group.command("create")
@click.argument("code")
@click.option("--type", "type_", type=click.Choice(["gemeente", "aanbieder", "beheer"]), required=True,
              help="beheer: the portal's operator, for beheerders")
@click.option("--name", required=True)
@click.option("--onderdelen", default="", help="taal,map,pvt (aanbieder)")
@with_appcontext
def org_create(code, type_, name, onderdelen):
    try:
        org = beheer.create_organisatie(code, type_, name, onderdelen.split(","))
    except ServiceError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Organisatie {org.code} geregistreerd.")


@click.group("user")
def user_group():
    """Users."""


@user_group.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["aanbieder", "regisseur", "privacy", "beheerder"]))
@click.option("--org", required=True)
@click.option("--password", default=None,
              help="Without it an initial password is generated, printed once, and must be replaced at first login.")
@with_appcontext
def user_create(email, role, org, password):
    """Create a user (recorded in the account audit log with actor cli)."""
    try:
        user, generated = beheer.create_user(email, role, org, password)
    except ServiceError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Gebruiker {user.email} aangemaakt ({role}, {org}).")
    if generated:
        click.echo(f"Beginwachtwoord (te vervangen bij de eerste keer inloggen): {generated}")


@user_group.command("invite")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["aanbieder", "regisseur", "privacy", "beheerder"]))
@click.option("--org", required=True)
@with_appcontext
def user_invite(email, role, org):
    """Create a user and e-mail her a one-time link (72 hours) to choose her password; then she sets up two-factor
    login. Links point to PORTAL_BASE_URL. Recorded in the account audit log with actor cli."""
    try:
        user = beheer.invite_user(email, role, org)
    except ServiceError as error:
        _fail(error)
    db.session.commit()
    click.echo(f"Gebruiker {user.email} aangemaakt ({role}, {org}); uitnodiging verstuurd.")


@click.group("token")
def token_group():
    """API tokens."""


@token_group.command("create")
@click.argument("email")
@click.option("--naam", default="", help="What the token is for (shown in the token lists).")
@click.option("--dagen", default=90, show_default=True, type=click.IntRange(1, beheer.MAX_TOKEN_DAGEN),
              help="Days until the token expires.")
@with_appcontext
def token_create(email, naam, dagen):
    """Make an API token for EMAIL (creator recorded as cli); prints the token alone on the last line."""
    from portal.extensions import security
    user = security.datastore.find_user(email=email.strip().lower())
    if user is None:
        _fail(ServiceError("gebruiker_onbekend", f"Er is geen gebruiker {email}."))
    try:
        _, plain = beheer.create_token(user, naam, dagen)  # type: ignore[arg-type]  # the datastore's user is a User
    except ServiceError as error:
        _fail(error)
    db.session.commit()
    click.echo(plain)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--aanbieder", required=True)
@click.option("--soort", required=True, type=click.Choice(["aanwezigheid", "toets", "afronding"]))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (docs/aanleverformaat.md).")
@click.option("--gedeeltelijk", is_flag=True, help="Store the rows without errors even when others have errors.")
@with_appcontext
def import_command(file, aanbieder, soort, as_json, gedeeltelijk):
    """Import a delivery exactly like the web upload; exit 0 accepted, 1 rejected."""
    import json
    from pathlib import Path

    from portal.codes import OrganisatieType
    from portal.leveringen.service import Aanlevering, importeer
    org = beheer.organisatie_by_code(aanbieder)
    if org is None or org.type is not OrganisatieType.aanbieder:
        _fail(ServiceError("aanbieder_onbekend", f"Er is geen aanbieder met code {aanbieder}."))
    path = Path(file)
    try:
        rapport, _ = importeer(None, org, soort, Aanlevering(data=path.read_bytes(), bestandsnaam=path.name),
                               kanaal="cli", gedeeltelijk=gedeeltelijk)
    except ServiceError as error:
        if as_json:
            click.echo(json.dumps(error.as_dict(), ensure_ascii=False))
        _fail(error)
    db.session.commit()
    if as_json:
        click.echo(json.dumps(rapport.as_dict(), ensure_ascii=False))
    else:
        click.echo(f"{rapport.status}: {rapport.rows} regels, {rapport.stored} opgeslagen "
                   f"({rapport.created} nieuw, {rapport.corrected} gecorrigeerd, {rapport.unchanged} ongewijzigd), "
                   f"{len(rapport.errors) + rapport.meer_fouten} fouten.")
        for fout in rapport.errors[:50]:
            click.echo(f"  regel {fout.line} {fout.column}: {fout.code} — {fout.message}")
    sys.exit(0 if rapport.accepted else 1)


@click.group("log")
def log_group():
    """The processing log."""


@log_group.command("verify")
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None,
              help="Checkpoint directory (default LOG_CHECKPOINT_DIR, else instance/log-checkpoints/).")
@click.option("--bestand", type=click.Path(dir_okay=False), default=None,
              help="Check against this checkpoint file instead (after a restore into another database).")
@with_appcontext
def log_verify(directory, bestand):
    """Walk the keyed chain and check every signed checkpoint; exit 1 on any break."""
    result = verwerkingslog.verify(directory=directory, bestand=bestand)
    db.session.commit()  # the actions verify chained first stay chained
    if result.ok:
        punten = "1 checkpoint klopt" if result.checkpoints == 1 else f"{result.checkpoints} checkpoints kloppen"
        click.echo(f"Verwerkingslog in orde: {result.checked} regels gecontroleerd, {punten}.")
        for warning in result.warnings:
            click.echo(f"Let op: {warning}.", err=True)
        return
    if result.broken_id is None:
        click.echo(f"Verwerkingslog niet te vertrouwen: {result.reason}.", err=True)
    else:
        click.echo(f"Verwerkingslog gebroken bij regel {result.broken_id}: {result.reason} "
                   f"({result.checked} regels ervoor in orde).", err=True)
    sys.exit(1)


@log_group.command("seal")
@with_appcontext
def log_seal():
    """Chain the committed actions that are not in the chain yet (every logging process also does this itself,
    every LOG_SEAL_INTERVAL seconds)."""
    total = 0
    while (count := verwerkingslog.seal()) > 0:
        db.session.commit()
        total += count
    click.echo(f"{total} acties in de keten opgenomen.")


@log_group.command("checkpoint")
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None,
              help="Checkpoint directory (default LOG_CHECKPOINT_DIR, else instance/log-checkpoints/).")
@with_appcontext
def log_checkpoint(directory):
    """Append the signed head of the log to the checkpoint file outside the database (run it on a schedule)."""
    punt, path = verwerkingslog.checkpoint(directory)
    db.session.commit()
    click.echo(f"Checkpoint geschreven naar {path}: {punt.aantal} regels, laatste regel {punt.laatste_id}.")


@click.command("doelgroep-controle")
@with_appcontext
def doelgroep_controle():
    """List taal assignments and taal data on trajectories that are not of an asielstatushouder (stored before the
    portal refused them), for the privacy officer to decide on. Deletes nothing."""
    from portal.trajecten.controle import taal_buiten_doelgroep
    bevindingen = taal_buiten_doelgroep()
    db.session.commit()  # the logged read
    if not bevindingen:
        click.echo("Geen taaltoewijzingen of taalgegevens bij andere doelgroepen dan asielstatushouders.")
        return
    click.echo("Taal wordt alleen voor asielstatushouders aan de gemeente gerapporteerd. Bij deze trajecten van "
               f"andere doelgroepen staan toch taaltoewijzingen of taalgegevens ({len(bevindingen)}):")
    for b in bevindingen:
        click.echo(f"  {b.regel()}")
    click.echo("Er is niets gewijzigd of gewist: de privacy officer beslist (beëindig de toewijzing op de "
               "trajectpagina; wissen kan via een verzoek of rectificatie).")


@click.command("demo")
@click.option("--logins", is_flag=True, help="Only print the demo logins.")
@click.option("--if-empty", is_flag=True, help="Load only when the database is empty; never an error.")
@with_appcontext
def demo(logins, if_empty):
    """Load the demo data (refuses on a non-empty database) and print the demo logins."""
    from portal import demo as demo_data
    if not logins:
        try:
            demo_data.load()
        except demo_data.NotEmpty as exc:
            if not if_empty:
                click.echo(str(exc), err=True)
                sys.exit(1)
        db.session.commit()
    click.echo(demo_data.logins_text())


@click.command("meldingen")
@click.option("--dry-run", is_flag=True, help="Only print who would get what; send and store nothing.")
@with_appcontext
def meldingen_command(dry_run):
    """Send each user at most one e-mail a day with the counts of what is due for her (README, "Meldingen"). When
    the mail server cannot be reached the digests wait for the next run: exit 0, with a line that says so."""
    from portal.meldingen import verzending
    from portal.timeutil import today
    verslag = verzending.run(today(), dry_run=dry_run)
    for regel in verslag.regels:
        click.echo(regel)
    if dry_run:
        click.echo(f"Proefdraai: {len(verslag.regels)} gebruiker(s) in de lijst; er is niets verstuurd of opgeslagen.")
        return
    click.echo(f"Meldingen: {verslag.verzonden} verzonden, {verslag.wachtend} wachtend, {verslag.mislukt} mislukt.")
    if verslag.smtp_fout:
        click.echo(f"Mailserver niet bereikbaar ({verslag.smtp_fout}): {verslag.wachtend} melding(en) wachten; de "
                   "volgende run verstuurt ze.", err=True)


@click.command("scheduler")
@click.option("--cron", envvar="MELDINGEN_CRON", default=None,
              help="Crontab fields (Europe/Amsterdam) for `portal meldingen`; default 0 7-18 * * * "
                   "(env MELDINGEN_CRON).")
@with_appcontext
def scheduler_command(cron):
    """Run `portal meldingen` on a cron schedule until stopped (the `scheduler` service of docker-compose.yml)."""
    from flask import current_app

    from portal.meldingen import scheduler
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the app behind the proxy
    planner = scheduler.maak(app, cron or scheduler.STANDAARD_CRON)
    click.echo(f"Scheduler gestart: portal meldingen op '{cron or scheduler.STANDAARD_CRON}' (Europe/Amsterdam).")
    planner.start()


def init_app(app: Flask) -> None:
    for command in (org_group, user_group, token_group, log_group, demo, import_command, doelgroep_controle,
                    meldingen_command, scheduler_command):
        app.cli.add_command(command)


def _create_app():
    from portal import create_app
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True)
def main():
    """Inburgeringsportaal beheer-commando's."""
