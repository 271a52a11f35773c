"""The privacy module's commands in the `portal` group (dpia.init_app adds them): each is one unit of work and
commits once."""
import click
from flask.cli import with_appcontext

from dpia import retentie
from dpia.verwerkersovereenkomsten.services import register_getekend
from portal.beheer import services as beheer
from portal.cli import _date, _fail
from portal.errors import ServiceError
from portal.extensions import db
from portal.timeutil import today


@click.group("vo")
def vo_group():
    """Verwerkersovereenkomsten."""


@vo_group.command("create")
@click.option("--aanbieder", required=True)
@click.option("--gemeente", required=True)
@click.option("--start", required=True)
@click.option("--eind", required=True)
@with_appcontext
def vo_create(aanbieder, gemeente, start, eind):
    a, g = beheer.organisatie_by_code(aanbieder), beheer.organisatie_by_code(gemeente)
    if a is None or g is None:
        _fail(ServiceError("organisatie_onbekend", "Onbekende aanbieder of gemeente."))
    try:
        register_getekend(a, g, _date(start), _date(eind))
    except ServiceError as error:
        _fail(error)
    except ValueError as exc:
        _fail(ServiceError("ongeldig", str(exc)))
    db.session.commit()
    click.echo(f"Verwerkersovereenkomst {a.code} × {g.code} geregistreerd.")


@click.command("retention")
@click.option("--apply", "apply_", is_flag=True, help="Erase what the list shows (without it: a dry run).")
@with_appcontext
def retention(apply_):
    """List the trajectories past the retention term of the register, and why; --apply erases exactly those."""
    plan = retentie.plan(today())
    for line in plan.regels():
        click.echo(line)
    if not apply_:
        click.echo("Proefdraai: er is niets gewist. Gebruik --apply om de trajecten hierboven te wissen.")
        return
    geteld = retentie.wis(plan.kandidaten)
    db.session.commit()
    click.echo(f"Gewist: {len(plan.te_wissen)} traject(en); rijen per tabel: "
               + (", ".join(f"{tabel} {aantal}" for tabel, aantal in sorted(geteld.items())) or "geen") + ".")
    click.echo("Het verwerkingslog houdt per traject vast dat het is gewist (actie wissen), niet wat er is gewist.")


COMMANDS = (vo_group, retention)
