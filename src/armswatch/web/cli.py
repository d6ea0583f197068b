"""`armswatch serve` and `armswatch users`: the workbench's commands, registered on the main CLI."""

from __future__ import annotations

import getpass
import os
from typing import Annotated

import typer

from armswatch.web import auth

users_app = typer.Typer(help="Accounts of the workbench (viewer, analyst, admin) and their API tokens.",
                        no_args_is_help=True)

SourceArg = Annotated[str, typer.Argument(help="The served folder (DIR with dossier.json and armswatch.db), "
                                                "a .db file, or a SQLAlchemy database URL.")]
SOURCE_OPTION = typer.Option("--in", help="The workbench: folder, .db file or database URL.")


def _engine(source: str):  # noqa: ANN202 - an SQLAlchemy Engine
    from armswatch.web.data import Workbench

    return Workbench(source).engine


def _password(name: str) -> str:
    # a script can set ARMSWATCH_PASSWORD; a person is asked twice, without echo
    given = os.environ.get("ARMSWATCH_PASSWORD")
    if given:
        return given
    first = getpass.getpass(f"password for {name}: ")
    if first != getpass.getpass("again: "):
        raise typer.BadParameter("the passwords differ")
    return first


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user's name (to log in with).")],
    source: Annotated[str, SOURCE_OPTION] = ".",
    role: Annotated[str, typer.Option(help="viewer (reads), analyst (reviews, uploads) or admin.")]
    = "viewer",
) -> None:
    """Add a user; the password is asked for (or read from ARMSWATCH_PASSWORD)."""
    try:
        user = auth.add_user(_engine(source), name, role, _password(name))
    except auth.AuthError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(f"added {user.name} ({user.role})")


@users_app.command("password")
def users_password(name: Annotated[str, typer.Argument()],
                   source: Annotated[str, SOURCE_OPTION] = ".") -> None:
    """Set a user's password (closing their open sessions)."""
    try:
        auth.set_password(_engine(source), name, _password(name))
    except auth.AuthError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(f"password of {name} set")


@users_app.command("list")
def users_list(source: Annotated[str, SOURCE_OPTION] = ".") -> None:
    """List the users and their roles."""
    for user in auth.list_users(_engine(source)):
        typer.echo(f"{user.name}\t{user.role}")


@users_app.command("token")
def users_token(name: Annotated[str, typer.Argument()],
                source: Annotated[str, SOURCE_OPTION] = ".",
                label: Annotated[str, typer.Option(help="What the token is for.")] = "api") -> None:
    """Make an API token for a user (printed once; send it as `Authorization: Bearer TOKEN`)."""
    try:
        typer.echo(auth.new_api_token(_engine(source), name, label))
    except auth.AuthError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc


def serve(
    source: SourceArg,
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")] =
    "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the analysts' workbench: search, the event table, event, entity and report pages, review,
    upload. Add the first account with `armswatch users add NAME --in DIR --role admin`."""
    import uvicorn

    from armswatch.web.app import create_app

    app = create_app(source)
    if not auth.list_users(app.state.workbench.engine):
        typer.echo(f"no account yet: armswatch users add NAME --in {source} --role admin", err=True)
    typer.echo(f"serving {source} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(users_app, name="users")
