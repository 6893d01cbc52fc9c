"""The console script. `fscli --version` answers before Typer is even imported."""

from __future__ import annotations

import os
import sys

from fscli import collector


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from fscli import __version__
        from fscli.store.schema import HEAD

        print(f"fscli {__version__} (schema {HEAD})")
        return
    # The cyclic garbage collector is held off while Typer, fscli and the command's own imports
    # (SQLModel, SQLAlchemy, the table classes a write builds) are made, until the command opens
    # the database; then everything made so far is moved out of its sight with gc.freeze(), so no
    # collection during the run, nor the last one, scans it again, and collection goes on as usual
    # for what the command itself makes (fscli/collector.py). Measured under callgrind, freezing
    # after Typer's import: case show 441M -> 403M instructions, due 408M -> 369M, case list 346M ->
    # 308M; holding on until the database opens: case open 1,913M -> 1,835M.
    #
    # A read view that cli/fast.py reads exactly runs without importing Typer at all (about half of
    # its start-up); every other command line goes to Typer through cli/app.py, whose module is then
    # imported (with Typer) only when cli/running.py asks for it.
    collector.hold()
    from fscli.cli.running import run

    try:
        run(None, _through_typer)
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            _leave(done.code or 0)
        raise


def _leave(code: int) -> None:
    """End the process once the command is done, without tearing the interpreter down.

    Taking every module and object apart one by one at exit is work no one waits for: about 110M
    instructions after `import sqlmodel` alone, some 5% of a write (docs/architecture.md, "A
    write's floor"). Nothing is left to finish by then: each connection closed as its transaction
    ended (NullPool: a SQLite file keeps no -wal behind), files were written through `with`. What
    was registered to run at exit still runs, and the output is flushed; a thread still running (none
    does today) gets the ordinary exit, which waits for it."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        sys.exit(code)
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with it closed (>&-)
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader gone, or a stream closed: nothing more can be said
            pass
    os._exit(code)


def _through_typer(args: list[str]) -> object:
    from fscli.cli.app import _through_typer as through

    return through(args)
