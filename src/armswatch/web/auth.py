"""Users, roles, sessions and API tokens of the workbench, kept in tables of their own beside the store.

Passwords are hashed with argon2id (argon2-cffi's defaults follow RFC 9106). Session and API tokens are
random (`secrets`), shown once to their holder and kept only as a SHA-256 hash, so a copy of the database
opens no session. Each session carries its own CSRF token, which every form and every cookie-authenticated
API write must echo back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

ROLES = ("viewer", "analyst", "admin")  # each role may do all that the ones before it may
SESSION_DAYS = 14

metadata = MetaData()

users = Table(
    "web_users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(128), unique=True, nullable=False),
    Column("role", String(16), nullable=False),
    Column("password_hash", String(256), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

sessions = Table(
    "web_sessions",
    metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

api_tokens = Table(
    "web_api_tokens",
    metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("web_users.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("label", String(128), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

_hasher = PasswordHasher()


class AuthError(ValueError):
    """A user cannot be added or found as asked."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str

    def may(self, role: str) -> bool:
        """Whether this user holds `role` or a higher one."""
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class Login:
    """A session opened for a user: the cookie's token and the CSRF token its forms carry."""

    user: User
    token: str
    csrf: str


def create_tables(engine: Engine) -> None:
    metadata.create_all(engine)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    # SQLite hands timezone-aware datetimes back naive (in UTC as written)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def add_user(engine: Engine, name: str, role: str, password: str) -> User:
    if role not in ROLES:
        raise AuthError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
    if not name.strip() or len(password) < 8:
        raise AuthError("a user needs a name and a password of at least 8 characters")
    with engine.begin() as conn:
        if conn.execute(select(users.c.id).where(users.c.name == name)).first():
            raise AuthError(f"user {name!r} exists")
        result = conn.execute(insert(users).values(name=name, role=role, password_hash=_hasher.hash(password),
                                                   created_at=_now()))
        return User(int(result.inserted_primary_key[0]), name, role)


def set_password(engine: Engine, name: str, password: str) -> None:
    if len(password) < 8:
        raise AuthError("a password of at least 8 characters")
    with engine.begin() as conn:
        done = conn.execute(update(users).where(users.c.name == name)
                            .values(password_hash=_hasher.hash(password))).rowcount
        if not done:
            raise AuthError(f"no user {name!r}")
        # a new password closes every session opened with the old one
        conn.execute(delete(sessions).where(sessions.c.user_id.in_(select(users.c.id)
                                                                   .where(users.c.name == name))))


def list_users(engine: Engine) -> list[User]:
    with engine.connect() as conn:
        rows = conn.execute(select(users.c.id, users.c.name, users.c.role).order_by(users.c.name))
        return [User(r.id, r.name, r.role) for r in rows]


def check_password(engine: Engine, name: str, password: str) -> User | None:
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.name == name)).first()
    if row is None:
        # the same work as for a known name, so that timing does not tell which names exist
        _hasher.hash(password)
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return User(row.id, row.name, row.role)


def open_session(engine: Engine, user: User) -> Login:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(delete(sessions).where(sessions.c.expires_at < _now()))
        conn.execute(insert(sessions).values(token_sha256=_digest(token), user_id=user.id, csrf=csrf,
                                             expires_at=_now() + timedelta(days=SESSION_DAYS)))
    return Login(user, token, csrf)


def session_user(engine: Engine, token: str | None) -> Login | None:
    if not token:
        return None
    with engine.connect() as conn:
        row = conn.execute(
            select(users.c.id, users.c.name, users.c.role, sessions.c.csrf, sessions.c.expires_at)
            .join(sessions, sessions.c.user_id == users.c.id)
            .where(sessions.c.token_sha256 == _digest(token))
        ).first()
    if row is None or _aware(row.expires_at) < _now():
        return None
    return Login(User(row.id, row.name, row.role), token, row.csrf)


def close_session(engine: Engine, token: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(sessions).where(sessions.c.token_sha256 == _digest(token)))


def new_api_token(engine: Engine, name: str, label: str = "api") -> str:
    """A fresh API token for user `name`; only its hash is kept, so it is shown once."""
    token = "aw_" + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        row = conn.execute(select(users.c.id).where(users.c.name == name)).first()
        if row is None:
            raise AuthError(f"no user {name!r}")
        conn.execute(insert(api_tokens).values(token_sha256=_digest(token), user_id=row.id, label=label,
                                               created_at=_now()))
    return token


def token_user(engine: Engine, token: str | None) -> User | None:
    if not token:
        return None
    with engine.connect() as conn:
        row = conn.execute(
            select(users.c.id, users.c.name, users.c.role)
            .join(api_tokens, api_tokens.c.user_id == users.c.id)
            .where(api_tokens.c.token_sha256 == _digest(token))
        ).first()
    return User(row.id, row.name, row.role) if row else None


def same_token(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given), expected)
