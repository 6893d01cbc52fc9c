"""fscli team add|list, fscli worker add|list: the teams of a team's server and the workers' logins."""

from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext
from fscli.cli.output import confirm, show
from fscli.cli.options import Color, ColorOpt, DbOpt, FormatOpt

team_app = typer.Typer(help="Teams: their cases are seen by their members and managers on a team's server.", no_args_is_help=True)
worker_app = typer.Typer(help="Workers: their login on a team's server, and their team.", no_args_is_help=True)


@team_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The team's name, e.g. \"North locality\".", show_default=False)],
    db: DbOpt = None,
) -> None:
    """Add a team. On a team's server only the database's owner (the migration role) may.

    Example: fscli team add "North locality"
    """
    from fscli.services.teams import add_team

    ctx = AppContext(db)
    result = ctx.write(lambda uow: add_team(uow, name))
    confirm(f"Added the team {result.name}. Next: fscli worker add NAME --login LOGIN --team \"{result.name}\"")


@team_app.command("list")
def list_(fmt: FormatOpt = None, color: ColorOpt = Color.auto, db: DbOpt = None) -> None:
    """List the teams with their managers and members.

    Example: fscli team list
    """
    from fscli.reports.teams import team_list

    ctx = AppContext(db)
    show(ctx.read(team_list), fmt, color)


@worker_app.command("add")
def worker_add(
    name: Annotated[str, typer.Argument(help="The worker's name as fscli records it, e.g. \"Sam Okafor\".", show_default=False)],
    login: Annotated[Optional[str], typer.Option("--login", help="Their login on the team's server (the PostgreSQL role they connect as): who they are there.", show_default=False)] = None,
    team: Annotated[Optional[str], typer.Option("--team", help="A team they join, as a member (or with --manager); run again with another team for a second.", show_default=False)] = None,
    manager: Annotated[bool, typer.Option("--manager", help="They manage the --team: they move its cases to another team and restrict them.")] = False,
    db: DbOpt = None,
) -> None:
    """Add a worker, or give a known one a login or a team. On a team's server only the
    database's owner (the migration role) may give logins and teams.

    Example: fscli worker add "Sam Okafor" --login sam --team "North locality"
    Also: fscli worker add "Mo Reid" --login mo --team "North locality" --manager
    """
    from fscli.services.teams import add_worker

    ctx = AppContext(db)
    result = ctx.write(lambda uow: add_worker(uow, name, login=login, team=team, manager=manager, team_role=ctx.server_roles.team))
    confirm(f"Worker {result.name}" + (f": {result.note}." if result.note else ": recorded."))


@worker_app.command("list")
def worker_list(fmt: FormatOpt = None, color: ColorOpt = Color.auto, db: DbOpt = None) -> None:
    """List the workers: their login, teams, whether they manage one. On a team's server also
    whether they are in the oversight role and whether their login can use fscli now ("active":
    the login exists, may log in and is in the team role), and each login of the team or
    oversight role that no worker has yet.

    Example: fscli worker list
    Also: fscli worker list --format csv
    """
    from fscli.reports.workers import worker_list as workers

    ctx = AppContext(db)
    roles = ctx.server_roles
    show(ctx.read(lambda reader: workers(reader, roles.team, roles.oversight)), fmt, color)
