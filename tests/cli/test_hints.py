"""Every command and option that a message, a hint or a help text of fscli suggests exists.

A worker told "say so with --pre-referral" types it next; if the command has no such option the
tool has sent them round in a circle (issue 20: `meeting log` suggested an option only `visit log`
had). This test reads fscli's own source:

- every `fscli GROUP COMMAND ... --option` written in a string must name a command of the Click
  tree, and options that command has;
- every hint that suggests an option on its own ("give --x", "with --x", "add --x", ...) must name
  an option of every command that can show it: the commands whose functions reach the function
  holding the hint, through fscli's own calls (imports resolved, as a reader would follow them).
"""

from __future__ import annotations

import ast
import collections
import importlib
import re
from pathlib import Path

import pytest
import typer
from typer._click import Context  # Typer carries its own Click (tests/test_architecture.py walks it the same way)

from fscli.cli.lazy import COMMANDS

PACKAGE = Path(__file__).resolve().parents[2] / "fscli"
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
# A hint suggesting an option: "give --x", "with --x", "add --x to", "use --x", "pass --x", "leave out --x".
SUGGESTS = re.compile(r"\b(?:give|giving|(?<!used )with|add|use|pass|leave out|without|as in|or)\s+(?:either\s+)?(--[a-z][a-z0-9-]*)")
# Commands that call services as a library (loading the sample, importing a file) show no option hint of theirs.
LIBRARY_CALLERS = {("demo",), ("import",)}


def _is_group(command) -> bool:
    return hasattr(command, "list_commands")


def _tree() -> dict:
    from fscli.cli.app import app

    found: dict = {}

    def walk(command, path: tuple[str, ...]) -> None:
        found[path] = command
        if _is_group(command):
            ctx = Context(command)
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), (*path, name))

    walk(typer.main.get_command(app), ())
    return found


TREE = _tree()
ROOT_OPTIONS = {o for p in TREE[()].params for o in p.opts}


def _options(path: tuple[str, ...]) -> set[str]:
    return {o for p in TREE[path].params for o in (*p.opts, *p.secondary_opts)} | ROOT_OPTIONS | {"--help"}


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _text(node: ast.AST) -> str:
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return node.value  # type: ignore[attr-defined]


class Source:
    """fscli's strings, each with the function (or module-level name) holding it, and who calls whom."""

    def __init__(self) -> None:
        self.strings: list[tuple[tuple[str, str], str]] = []
        self.callers: dict[tuple[str, str], set[tuple[str, str]]] = collections.defaultdict(set)
        files = {_module(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}
        for module, path in sorted(files.items()):
            self._read(module, ast.parse(path.read_text()), files)

    def _read(self, module: str, tree: ast.Module, files: dict) -> None:
        aliases, names = {}, {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                aliases.update({a.asname or a.name: a.name for a in node.names})
            elif isinstance(node, ast.ImportFrom) and node.module:
                for a in node.names:
                    full = f"{node.module}.{a.name}"
                    (aliases.__setitem__(a.asname or a.name, full) if full in files else names.__setitem__(a.asname or a.name, (node.module, a.name)))
        local = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        local |= {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}

        def resolve(node: ast.AST):
            if isinstance(node, ast.Name):
                return names.get(node.id) or ((module, node.id) if node.id in local else None)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
                return (aliases[node.value.id], node.attr)
            return None

        def visit(node: ast.AST, holder: tuple[str, str]) -> None:
            for child in ast.iter_child_nodes(node):
                if holder[1] == "<module>" and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    visit(child, (module, child.name))
                    continue
                if holder[1] == "<module>" and isinstance(child, ast.Assign) and isinstance(child.targets[0], ast.Name):
                    visit(child, (module, child.targets[0].id))
                    continue
                target = resolve(child)
                if target and target != holder:
                    self.callers[target].add(holder)
                if isinstance(child, ast.JoinedStr) or (isinstance(child, ast.Constant) and isinstance(child.value, str)):
                    self.strings.append((holder, _text(child)))  # help texts and their examples too
                    for value in getattr(child, "values", []):
                        if isinstance(value, ast.FormattedValue):
                            visit(value, holder)
                    continue
                visit(child, holder)

        visit(tree, (module, "<module>"))

    def commands_showing(self, holder: tuple[str, str]) -> set[tuple[str, ...]]:
        """The commands whose functions reach this one through fscli's calls."""
        commands = _command_functions()
        seen, todo, found = {holder}, [holder], set()
        while todo:
            current = todo.pop()
            if current in commands:
                found.add(commands[current])
                continue
            for caller in self.callers.get(current, ()):
                if caller not in seen:
                    seen.add(caller)
                    todo.append(caller)
        return found - LIBRARY_CALLERS


def _command_functions() -> dict[tuple[str, str], tuple[str, ...]]:
    found = {}
    for group, (module, attribute) in COMMANDS.items():
        target = getattr(importlib.import_module(module), attribute)
        if isinstance(target, typer.Typer):
            for info in target.registered_commands:
                found[(info.callback.__module__, info.callback.__name__)] = (group, info.name or info.callback.__name__)
        else:
            found[(target.__module__, target.__name__)] = (group,)
    return found


SOURCE = Source()
COMMAND_ENDS = re.compile(r"'|;|\bor\b|\||\n|`|\)")


def _commands_written() -> list[tuple[str, str, tuple[str, ...], str | None, list[str]]]:
    """Each `fscli ...` a string writes whose first word is a command: where, the text, the command
    path it names, the word after it (a subcommand that may not exist), the options given."""
    top = {path[0] for path in TREE if path}
    found = []
    for (module, holder), text in SOURCE.strings:
        for match in re.finditer(r"\bfscli (?=[a-z])", text):
            rest = COMMAND_ENDS.split(text[match.end():], maxsplit=1)[0]
            words = rest.split()
            if not words or words[0] not in top:
                continue  # prose: "fscli keeps ...", "fscli: your caseload"
            path: tuple[str, ...] = ()
            for word in words:
                if _is_group(TREE[path]) and (*path, word) in TREE:
                    path = (*path, word)
                else:
                    break
            after = words[len(path)] if len(words) > len(path) else None
            found.append((f"{module}.{holder}", f"fscli {rest.strip()}", path, after, OPTION.findall(rest)))
    return found


def test_every_command_a_string_names_exists_with_the_options_it_gives():
    wrong = []
    for where, said, path, after, options in _commands_written():
        if _is_group(TREE[path]) and after and re.fullmatch(r"[a-z][a-z0-9-]*", after):
            wrong.append(f"{where}: {said!r}: 'fscli {' '.join(path)}' has no command {after!r}")
            continue
        missing = [o for o in options if o not in _options(path)]
        if missing:
            wrong.append(f"{where}: {said!r}: 'fscli {' '.join(path)}' has no {', '.join(missing)}")
    assert not wrong, "\n".join(wrong)


def test_every_option_a_hint_suggests_belongs_to_every_command_that_can_show_it():
    wrong = []
    for holder, text in SOURCE.strings:
        if "fscli " in text:
            continue  # a whole command: the test above
        suggested = SUGGESTS.findall(text)
        if not suggested:
            continue
        for path in sorted(SOURCE.commands_showing(holder)):
            missing = [o for o in suggested if o not in _options(path)]
            if missing:
                wrong.append(f"{'.'.join(holder)}: {text!r} suggests {', '.join(missing)}, which 'fscli {' '.join(path)}' does not have")
    assert not wrong, "\n".join(wrong)


def test_the_walk_finds_the_hints_it_is_for():
    """The walk is only as good as what it finds: the history hint reaches the commands that offer it."""
    holder = ("fscli.domain.pre_referral", "check_referral_date")
    assert any("--pre-referral" in text for h, text in SOURCE.strings if h == holder)
    assert {("case", "plan"), ("meeting", "log"), ("visit", "log")} <= SOURCE.commands_showing(holder)
    assert ("assessment", "start") not in SOURCE.commands_showing(holder)
    assert len(_commands_written()) > 100


@pytest.mark.parametrize("path", [("meeting", "log"), ("case", "plan"), ("visit", "log")])
def test_pre_referral_is_offered_wherever_history_is_recorded(path):
    assert "--pre-referral" in _options(path)
