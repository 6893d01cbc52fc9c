"""The bodies of the read views that run without Typer when their command line is plain (cli/fast.py).

Each is the command itself: `cli/case.py` and `cli/views.py` declare its options for Typer (help,
completion, refusals) and call it here, so a view has one body whichever way it was reached. Its
parameters and defaults are the Typer command's (tests/cli/test_fast.py holds them equal).
"""

from __future__ import annotations

from enum import Enum

from fscli.cli.color import Color
from fscli.cli.context import AppContext
from fscli.cli.output import show


def case_show(ref: str, fmt: Enum | str | None = None, color: Color = Color.auto, db: str | None = None) -> None:
    from fscli.reports.cases import case_show as build
    from fscli.reports.seen import the_case

    ctx = AppContext(db)
    practice = ctx.practice
    show(ctx.view("case.show", lambda reader: build(reader, ref, ctx.today, practice), the_case(ref)), fmt, color)


def case_list(open_only: bool = False, closed: bool = False, all_: bool = False, worker: str | None = None, mine: bool = False, fmt: Enum | str | None = None, color: Color = Color.auto, db: str | None = None) -> None:
    from fscli.cli.mine import worker_meant
    from fscli.errors import InvalidInput
    from fscli.reports.cases import case_list as build

    if sum((open_only, closed, all_)) > 1:
        raise InvalidInput("--open/--closed/--all", None, "choose one of them")
    ctx = AppContext(db)
    holder = worker_meant(mine, ctx.settings.worker, worker)
    status = "all" if all_ else "closed" if closed else "open"
    show(ctx.read(lambda reader: build(reader, status=status, worker=holder)), fmt, color)


def chronology(ref: str, voided: bool = False, fmt: Enum | str | None = None, color: Color = Color.auto, db: str | None = None) -> None:
    from fscli.reports.records import chronology as build
    from fscli.reports.seen import the_case

    ctx = AppContext(db)
    show(ctx.view("chronology", lambda reader: build(reader, ref, voided=voided), the_case(ref), {"voided": voided}), fmt, color)
