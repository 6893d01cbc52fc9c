"""How a command line runs, and the one place its errors become messages and exit codes.

Typer-free: a read view that `cli/fast.py` knows runs without importing Typer (about half of a
read view's start-up, docs/architecture.md "Start-up"); every other command line, and any the fast
path does not read exactly as Click would, goes to Typer through `cli/app.py`. Both go through
`run()` below, so the messages, exit codes and the incident log are the same either way.
"""

import os
import sys
from collections.abc import Callable

from fscli import __version__
from fscli.cli.context import INVOKED, without_root_values
from fscli.errors import AlreadyDone, ExitCode, FscliError, Stopped


def _click(name: str) -> tuple[type[BaseException], ...]:
    """Typer's (Click's) exception class of that name, once Typer has run; none when it never was
    imported (a fast read view), since nothing could then raise one. An except clause evaluates it
    only when an exception reaches it."""
    if name == "Abort":
        typer = sys.modules.get("typer")
        return (typer.Abort,) if typer is not None else ()
    click = sys.modules.get("typer._click.exceptions")
    return (getattr(click, name),) if click is not None else ()


def _invoked(args: list[str]) -> tuple[str | None, str | None]:
    """The command group and the subcommand named on the command line, if any."""
    words = [arg for arg in without_root_values(args) if not arg.startswith("-")][:2]
    return (words[0] if words else None), (words[1] if len(words) > 1 else None)


def _incident(error: BaseException) -> tuple[str, str]:
    """Write where the failure happened to a private log; return (id, path).

    The log holds each exception's type and the frames it passed through (file, line, function,
    source line), never an exception's message or a local value: messages carry the data that
    failed, such as a child's name in a SQL parameter or a note in a ValueError (reliability.md I8, P6).
    """
    import traceback
    import uuid
    from datetime import datetime, timezone

    from fscli.config import state_dir
    from fscli.store.location import private_folder

    incident = uuid.uuid4().hex[:8]
    folder = state_dir()
    path = folder / "incidents.log"
    lines = [f"--- incident {incident} at {datetime.now(timezone.utc).isoformat()} fscli {__version__}\n"]
    chain: BaseException | None = error
    seen: set[int] = set()
    while chain is not None and id(chain) not in seen:
        seen.add(id(chain))
        lines.append(f"{type(chain).__module__}.{type(chain).__qualname__} (message withheld: it may hold personal data)\n")
        lines.extend(traceback.format_list(traceback.extract_tb(chain.__traceback__)))
        chain = chain.__cause__ or chain.__context__
        if chain is not None:
            lines.append("raised while handling:\n")
    try:
        private_folder(folder)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a") as log:
            log.write("".join(lines))
    except OSError:
        return incident, "(the log could not be written)"
    return incident, str(path)


def _usage_line(error) -> str:
    command = error.ctx.command_path if getattr(error, "ctx", None) else "fscli"
    return f"fscli: usage: {error.format_message().rstrip('.')}; see '{command} --help'"  # Click ends some with a full stop


def _remind_of_drafts() -> None:
    """One line on stderr while the editor's note drafts are kept, before any command a person runs
    on a terminal: never on stdout (a view's json stays json), never in a pipe, cron mail or tab
    completion, nor for 'fscli drafts' itself. A scan of the drafts folders: no import worth timing."""
    if INVOKED[:1] == ["drafts"] or "_FSCLI_COMPLETE" in os.environ or not sys.stderr.isatty():
        return
    from fscli.cli.note_drafts import reminder

    line = reminder()
    if line:
        sys.stderr.write(line + "\n")


def _what_was_changed() -> str:
    """An internal error raised after the command committed (a bug while printing its result) must
    not say the change was lost: it was saved, with its audit row; only the report of it failed."""
    committed = sys.modules.get("fscli.store.uow")
    if committed is not None and committed.COMMITTED_WRITES:
        return "the change was saved (see 'fscli audit'), but reporting it failed"
    return "nothing was changed"


def run(argv: list[str] | None, typer_app: Callable[[list[str]], object]) -> None:
    """Run the command line: a read view `cli/fast.py` reads exactly, else `typer_app(args)` (cli/app.py)."""
    os.umask(0o077)  # every file fscli writes is the user's alone (S1)
    args = sys.argv[1:] if argv is None else argv
    if sys.stdout is None:  # started with its output closed (>&-): refused before anything is read or changed
        if sys.stderr is not None:
            sys.stderr.write("fscli: error: standard output is closed: nothing was changed; send it to a file, or to /dev/null\n")
        sys.exit(int(ExitCode.CANT_CREATE))
    if any("\0" in arg for arg in args):  # impossible from a shell (argv is C strings); refused, never sent to a database
        sys.stderr.write("fscli: usage: an argument contains a NUL character; see 'fscli --help'\n")
        sys.exit(int(ExitCode.USAGE))
    try:
        from fscli.cli.context import ARGS, NOTE_DRAFTS

        if "fscli.store.uow" in sys.modules:  # a second command in one process (the tests) starts with nothing saved
            sys.modules["fscli.store.uow"].COMMITTED_WRITES.clear()
        INVOKED[:] = [word for word in _invoked(args) if word]
        ARGS[:] = args
        NOTE_DRAFTS.clear()
        _remind_of_drafts()
        from fscli.cli.fast import route

        view = route(args)
        result = view() if view is not None else typer_app(args)
        code = result if isinstance(result, int) else 0
        if code == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into a bare exit code of 130
            sys.stderr.write("fscli: interrupted: nothing was changed\n")
    except AlreadyDone as done:  # a safe retry: say what was done, give scripts its reference
        sys.stderr.write(f"fscli: {done.line()}\n")
        if done.label and not sys.stdout.isatty():
            sys.stdout.write(done.label + "\n")
        code = int(ExitCode.OK)
    except FscliError as error:
        try:
            sys.stderr.write(f"fscli: error: {error.line()}\n")
        except OSError:
            pass  # the terminal hung up with a note open in the editor (cli/editor.py): it is gone
        code = int(error.exit_code)
    except _click("UsageError") as error:
        sys.stderr.write(_usage_line(error) + "\n")
        code = int(ExitCode.USAGE)
    except _click("ClickException") as error:
        sys.stderr.write(f"fscli: error: {error.format_message()}\n")
        code = int(ExitCode.FAILED)
    except (KeyboardInterrupt, *_click("Abort")):
        sys.stderr.write("fscli: interrupted: nothing was changed\n")
        code = int(ExitCode.INTERRUPTED)
    except Stopped as stopped:  # SIGTERM or SIGHUP, inside a command that handles them (cli/signals.py)
        try:
            sys.stderr.write(f"fscli: stopped by {stopped.name}: nothing was changed or left behind\n")
        except OSError:
            pass  # the terminal that hung up is gone
        code = stopped.exit_code
    except BrokenPipeError:
        # The reader (head, less) went away: not an error, but stdout must not be flushed again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 0
    except Exception as error:  # every other failure is a bug: no traceback on screen, ever (I8)
        if os.environ.get("FSCLI_DEBUG") == "1":
            import traceback

            traceback.print_exception(type(error), error, error.__traceback__)
        incident, where = _incident(error)
        sys.stderr.write(f"fscli: internal error: {_what_was_changed()} (incident {incident}; details in {where})\n")
        code = int(ExitCode.INTERNAL)
    sys.stdout.flush()
    sys.exit(code)
