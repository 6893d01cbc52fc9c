"""Commands imported only when they run: Click's documented lazy-loading group, on Typer.

A worker runs dozens of commands a day and each pays its start-up, so a command group's module is
imported, and its Typer functions turned into Click commands, only when that group is invoked or
listed (`--help`). Building every group on every run cost about 40 ms of a read's start-up, and
building every command of the invoked group about 19 ms more for `case`: so a group is lazy too,
and builds only the subcommand it runs (benchmarks/startup.py).

This follows Click's "Lazily Loading Subcommands" pattern (a Group whose list_commands and
get_command consult a table of import paths). Typer builds a group's Click commands from its
registered functions all at once, so the subgroup below builds each one itself with Typer's own
`get_command_from_info`, the function Typer's group builder calls for each command.
"""

import importlib

import typer
from typer.core import TyperGroup
from typer.main import get_command_from_info

# name -> (module, attribute): a Typer app (a command group) or a function (a top-level command).
# Listed in the order `fscli --help` shows them: the day's commands, then the groups.
COMMANDS = {
    "init": ("fscli.cli.admin", "init"), "demo": ("fscli.cli.admin", "demo"), "codes": ("fscli.cli.admin", "codes"), "week": ("fscli.cli.work", "week"),
    "due": ("fscli.cli.due", "due"), "reviews": ("fscli.cli.due", "reviews"), "closures": ("fscli.cli.due", "closures"),
    "export": ("fscli.cli.exchange", "export"), "import": ("fscli.cli.exchange", "import_"),
    "summary": ("fscli.cli.views", "summary"), "chronology": ("fscli.cli.views", "chronology"), "search": ("fscli.cli.views", "search"), "audit": ("fscli.cli.views", "audit"),
    "case": ("fscli.cli.case", "app"), "person": ("fscli.cli.person", "app"), "agency": ("fscli.cli.agency", "app"), "goal": ("fscli.cli.goal", "app"),
    "visit": ("fscli.cli.work", "visit_app"), "meeting": ("fscli.cli.work", "meeting_app"), "diary": ("fscli.cli.work", "diary_app"),
    "task": ("fscli.cli.work", "task_app"), "note": ("fscli.cli.work", "note_app"),
    "void": ("fscli.cli.mistakes", "void"), "correct": ("fscli.cli.mistakes", "correct_app"),
    "drafts": ("fscli.cli.drafts", "drafts"),
    "move": ("fscli.cli.mistakes", "move"),
    "retention": ("fscli.cli.retention", "retention"),
    "return": ("fscli.cli.returns", "app"),
    "assessment": ("fscli.cli.journey", "assessment_app"), "s47": ("fscli.cli.journey", "s47_app"),
    "team": ("fscli.cli.team", "team_app"), "worker": ("fscli.cli.team", "worker_app"),
    "processing": ("fscli.cli.processing", "app"),
    "db": ("fscli.cli.admin", "db_app"), "config": ("fscli.cli.admin", "config_app"), "profile": ("fscli.cli.due", "profile_app"),
}  # fmt: skip


def _built(info: typer.models.CommandInfo):
    return get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)


class LazySubgroup(TyperGroup):
    """A command group built from its Typer app one subcommand at a time, as each is asked for."""

    def __init__(self, name: str, app: typer.Typer) -> None:
        super().__init__(name=name, commands={}, help=app.info.help, no_args_is_help=bool(app.info.no_args_is_help), rich_markup_mode=None)
        self._infos = {info.name or info.callback.__name__: info for info in app.registered_commands}  # type: ignore[union-attr]

    def list_commands(self, ctx) -> list[str]:
        return list(self._infos)

    def get_command(self, ctx, cmd_name: str):
        if cmd_name not in self.commands and cmd_name in self._infos:
            self.commands[cmd_name] = _built(self._infos[cmd_name])
        return self.commands.get(cmd_name)


class LazyGroup(TyperGroup):
    """The root group: each command's module is imported when the command is run or listed."""

    def list_commands(self, ctx) -> list[str]:
        return [*self.commands, *(name for name in COMMANDS if name not in self.commands)]

    def get_command(self, ctx, cmd_name: str):
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name]
            target = getattr(importlib.import_module(module), attribute)
            if isinstance(target, typer.Typer):
                self.commands[cmd_name] = LazySubgroup(cmd_name, target)
            else:
                self.commands[cmd_name] = _built(typer.models.CommandInfo(name=cmd_name, callback=target))
        return self.commands.get(cmd_name)
