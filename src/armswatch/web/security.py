"""Who is asking, and may they: the session cookie or an API token, the role a route needs, and the
CSRF token every write made with a cookie must carry."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request

from armswatch.web import auth

SESSION_COOKIE = "aw_session"
LOGIN_CSRF_COOKIE = "aw_login_csrf"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class LoginRequired(Exception):
    """A page asked for without a session: the browser is sent to the login page."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


def current_login(request: Request) -> auth.Login | None:
    engine = request.app.state.workbench.engine
    return auth.session_user(engine, request.cookies.get(SESSION_COOKIE))


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def api_user(role: str = "viewer") -> Callable[..., Any]:
    """A dependency: the user behind an API call, holding at least `role`; 401 for nobody, 403 for too
    little. A call made with the session cookie (the pages' own scripts) must send its CSRF token in
    X-CSRF-Token to write; a call with an API token (`Authorization: Bearer`) needs none, as no browser
    sends that header by itself."""

    def dependency(request: Request,
                   x_csrf_token: Annotated[str | None, Header()] = None) -> auth.User:
        engine = request.app.state.workbench.engine
        token = bearer(request)
        if token is not None:
            user = auth.token_user(engine, token)
            if user is None:
                raise HTTPException(401, "unknown API token", headers={"WWW-Authenticate": "Bearer"})
        else:
            login = current_login(request)
            if login is None:
                raise HTTPException(401, "log in, or send an API token",
                                    headers={"WWW-Authenticate": "Bearer"})
            if request.method not in SAFE_METHODS and not auth.same_token(x_csrf_token, login.csrf):
                raise HTTPException(403, "missing or wrong X-CSRF-Token")
            user = login.user
        if not user.may(role):
            raise HTTPException(403, f"this needs the {role} role")
        return user

    return dependency


def page_login(role: str = "viewer") -> Callable[..., Any]:
    """A dependency for pages: the session, or a redirect to the login page; 403 for too little a role."""

    def dependency(request: Request) -> auth.Login:
        login = current_login(request)
        if login is None:
            query = f"?{request.url.query}" if request.url.query else ""
            raise LoginRequired(request.url.path + query)
        if not login.user.may(role):
            raise HTTPException(403, f"this needs the {role} role")
        return login

    return dependency


def check_form_csrf(login: auth.Login, token: str | None) -> None:
    if not auth.same_token(token, login.csrf):
        raise HTTPException(403, "the form is stale or forged (CSRF token): reload the page and try again")


Viewer = Annotated[auth.Login, Depends(page_login("viewer"))]
Analyst = Annotated[auth.Login, Depends(page_login("analyst"))]
ApiViewer = Annotated[auth.User, Depends(api_user("viewer"))]
ApiAnalyst = Annotated[auth.User, Depends(api_user("analyst"))]


class LoginThrottle:
    """Failed logins counted per user name and per client address over the last `window` seconds: past
    `per_name` (or `per_address`) of them, a login is refused before its password is checked (argon2's
    cost is the attacker's then, not the server's), until the oldest failure leaves the window. Kept in
    the server's memory: one process's count (a restart forgets it; several workers count apart)."""

    def __init__(self, per_name: int = 5, per_address: int = 20, window: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = {"name": per_name, "address": per_address}
        self.window, self.clock = window, clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]  # no memory kept for names and addresses that stopped failing
        return times

    def wait(self, name: str, address: str) -> float:
        """Seconds before this name may try again from this address (0: now)."""
        now = self.clock()
        with self._lock:
            waits = [times[0] + self.window - now
                     for key in (("name", name.casefold()), ("address", address))
                     if len(times := self._recent(key, now)) >= self.limits[key[0]]]
        return max(waits, default=0.0)

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in (("name", name.casefold()), ("address", address)):
                self._failures.setdefault(key, deque()).append(now)
