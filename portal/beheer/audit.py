"""The account audit trail: who changed which account, organisation or token, and when.

Written by the beheer services in the transaction of the change itself (a rolled-back change leaves no entry);
read by the beheerder on `/beheer/logboek`. It holds no trajectory data, so it is not the processing log."""
from sqlalchemy import select

from portal.extensions import db
from portal.models import AccountAudit, Organisatie, User

CLI = "cli"  # the actor of a command-line operator


def record(actor: User | None, action: str, target_user: User | None = None, target_org: Organisatie | None = None,
           details: str = "") -> AccountAudit:
    entry = AccountAudit(actor_id=actor.id if actor else None, actor=actor.email if actor else CLI, action=action,
                         target_user_id=target_user.id if target_user else None,
                         target_org_id=target_org.id if target_org else None, details=details)
    db.session.add(entry)
    db.session.flush()
    return entry


def recent(limit: int = 500) -> list[AccountAudit]:
    return list(db.session.scalars(select(AccountAudit).order_by(AccountAudit.id.desc()).limit(limit)))
