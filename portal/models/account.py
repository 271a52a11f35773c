"""Accounts: users with exactly one role in one organisation, their hashed API tokens, and the audit trail of
every change made to them (who did what to which account, for the beheerder and for the privacy officer)."""
from datetime import datetime

from flask_security import RoleMixin, UserMixin
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.codes import Rol
from portal.extensions import db
from portal.models.organisatie import Organisatie
from portal.timeutil import utcnow

roles_users = Table(
    "roles_users",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", ForeignKey("role.id", ondelete="CASCADE"), primary_key=True),
)


class Role(db.Model, RoleMixin):
    __tablename__ = "role"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    description: Mapped[str | None] = mapped_column(String(255))
    permissions: Mapped[str | None] = mapped_column(Text)  # type: ignore[assignment]  # required by RoleMixin; unused


class User(db.Model, UserMixin):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    naam: Mapped[str] = mapped_column(String(120), default="", server_default="")
    password: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    fs_uniquifier: Mapped[str] = mapped_column(String(64), unique=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    tf_primary_method: Mapped[str | None] = mapped_column(String(64))
    tf_totp_secret: Mapped[str | None] = mapped_column(String(255))
    tf_phone_number: Mapped[str | None] = mapped_column(String(128))
    organisatie_id: Mapped[int] = mapped_column(ForeignKey("organisatie.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Set when someone else chose the password (a generated initial secret): nothing but the password change
    # page opens until the user has replaced it.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    organisatie: Mapped[Organisatie] = relationship(lazy="joined")
    roles: Mapped[list[Role]] = relationship(secondary=roles_users, lazy="selectin")  # type: ignore[assignment]  # UserMixin types it list[RoleMixin]

    @property
    def rol(self) -> Rol | None:
        return Rol(self.roles[0].name) if self.roles else None

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class ApiToken(db.Model):
    """A bearer token for `/api/v1`: only its SHA-256 is stored; revoking takes effect on the next call, and so does
    its expiry. A token is made by its own user (after a fresh two-factor code) or by an operator on the command
    line (`created_by_id` empty, `created_via` "cli"); never by the beheerder for someone else."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # first characters, to recognise a token in lists
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    name: Mapped[str] = mapped_column(String(80), server_default="")
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_via: Mapped[str] = mapped_column(String(10), server_default="cli")  # "web" (own page) or "cli"

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    def expired(self, at: datetime) -> bool:
        return self.expires_at <= at


class AccountAudit(db.Model):
    """One change to accounts, organisations or tokens, with its actor: written by every beheer service in the
    transaction of the change itself. `actor` keeps the e-mail address (or "cli") as it was at that moment."""

    __tablename__ = "account_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(40))
    target_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    target_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisatie.id", ondelete="SET NULL"))
    details: Mapped[str] = mapped_column(Text, default="")

    target_user: Mapped[User | None] = relationship(foreign_keys=[target_user_id])
    target_org: Mapped[Organisatie | None] = relationship()
