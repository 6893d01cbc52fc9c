"""The root command, and main(): the command line run by `cli/running.py`, the one place errors
become messages and exit codes, through Typer here unless `cli/fast.py` reads it.

Nothing heavy is imported at module level: `--help` and `--version` must not pay for
SQLAlchemy, SQLModel or Alembic (ARCHITECTURE.md, "Start-up").
"""

import os
import sys
from typing import Annotated, Optional

import typer

from fscli import __version__
from fscli.cli.context import INVOKED, ROOT_OPTIONS  # noqa: F401 - INVOKED: tests set it here
from fscli.cli.lazy import LazyGroup
from fscli.cli.running import _invoked, _remind_of_drafts  # noqa: F401 - their home moved (cli/running.py); cli/drafts.py and tests use them here
from fscli.errors import FscliError

HELP = """fscli: your caseload in a terminal, for family support and children's social work.

Dates are British: 03/04/2026 is 3 April. Also: 2026-04-03, 3 Apr, today, yesterday,
thursday, last thu, +2w, 3 days ago, thu 10am, wed 14.30. A weekday alone looks back for what
happened (visit log: 'thu' is the last Thursday) and ahead for what is planned (task add --due
thu: the coming one); a date more than three days back is confirmed in words ("last week").

First steps: 'fscli demo' to explore a sample caseload, or 'fscli init' to start your own.
"""

app = typer.Typer(
    name="fscli",
    cls=LazyGroup,  # each command imported only when it runs or is listed (cli/lazy.py)
    help=HELP,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from fscli.store.schema import HEAD

        print(f"fscli {__version__} (schema {HEAD})")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[Optional[str], typer.Option("--db", help="Database file or postgresql+psycopg:// URL (also FSCLI_DB).", show_default=False)] = None,
    allow_network_fs: Annotated[bool, typer.Option("--allow-network-fs", help="Allow a SQLite database on a network drive (unsafe).")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and schema revision.")] = False,
    idempotency_key: Annotated[Optional[str], typer.Option("--idempotency-key", help="For scripts: a key unique to this write; retrying a killed or failed run with the same key never writes twice.", show_default=False)] = None,
) -> None:
    ROOT_OPTIONS.clear()
    if db is not None:
        ROOT_OPTIONS["db"] = db
    if idempotency_key is not None:
        from fscli.domain.text import clean
        from fscli.domain.problems import check

        key, problems = clean(idempotency_key, "--idempotency-key")
        check(problems)
        ROOT_OPTIONS["idempotency_key"] = key
    if allow_network_fs:
        ROOT_OPTIONS["allow_network_fs"] = True
    if ctx.invoked_subcommand is None:
        print(HELP.strip())
        print()
        print(_first_steps())
        print("\nRun 'fscli --help' for every command.")


def _first_steps() -> str:
    """What to do next, for someone who has just typed 'fscli': a demo, their own caseload, or today's work."""
    from pathlib import Path

    from fscli.config import load_settings

    try:
        where = load_settings(ROOT_OPTIONS).db
    except FscliError as error:
        return f"Your settings need a look first: {error.line()}"
    if "://" not in where and not Path(where).exists():
        return (f"You have no caseload yet (nothing at {where}).\n"
                "  fscli demo    explore a sample caseload (every name invented)\n"
                "  fscli init    start your own caseload")  # fmt: skip
    return (f"Your caseload: {where}\n"
            "  fscli due --mine    what is due or overdue\n"
            "  fscli week          the week, day by day\n"
            "  fscli case list     the families you hold")  # fmt: skip


def _through_typer(args: list[str]) -> object:
    """The command line run by Typer and Click: what they return, or a broken pipe raised as one."""
    try:
        return app(args=args, prog_name="fscli", standalone_mode=False)
    except SystemExit:
        from typer._click.utils import PacifyFlushWrapper

        if isinstance(sys.stdout, PacifyFlushWrapper):  # Typer's sign that the reader (head, less) went away: it exits 1
            raise BrokenPipeError from None
        raise


def main(argv: list[str] | None = None) -> None:
    from fscli.cli.running import run

    run(argv, _through_typer)
