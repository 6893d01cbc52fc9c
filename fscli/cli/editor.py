"""Writing a note in the worker's own editor: $VISUAL, then $EDITOR (Typer has no helper any more).

The draft is a 0600 file in a 0700 folder (cli/note_drafts.py): of the user's state directory,
or of a memory-backed folder for an encrypted caseload. It is removed once the note is recorded;
an empty or unchanged draft records nothing and is removed at once. When the editor fails, or the
terminal hangs up (SIGHUP) or fscli is stopped (SIGTERM) while it is open, nothing is recorded and
the draft is kept, with what the command was: 'fscli drafts' recovers or discards it.
"""

from __future__ import annotations

import os
import shlex
import sys

from fscli.errors import FscliError, InvalidInput


def template_for(kind: str) -> str:
    """The note template for a visit or meeting type, from <config>/templates/<type>.txt, if any."""
    from fscli.config import config_dir

    path = config_dir() / "templates" / f"{kind}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


RECOVERING: list = []  # (draft, as_is): the draft 'fscli drafts recover' is re-running its command for


def _draft_folder(ctx, field: str):
    """Where a new draft goes: the state folder, or for an encrypted caseload a folder in memory
    (refused when there is none: no note of an encrypted caseload is written to disk in plain text)."""
    from fscli.cli import note_drafts
    from fscli.store.location import locate

    where = locate(ctx.settings.db, ctx.settings.db_named)
    if where.is_sqlite and where.path is not None:
        from fscli.store.sqlite import is_encrypted

        if is_encrypted(where.path):
            folder = note_drafts.memory_folder()
            if folder is None:
                raise InvalidInput(field, None, "the caseload is encrypted and no memory-backed folder ($XDG_RUNTIME_DIR or /dev/shm on tmpfs) can hold the editor's draft, which would be plain text on disk",
                                   hint="read the note from stdin instead: give '-' (e.g. --note -), type or paste it, end with Ctrl-D")  # fmt: skip
            return folder, where.shown
    return note_drafts.disk_folder(), where.shown


def _edit(argv: list[str], env: dict[str, str]) -> tuple[int, int | None]:
    """Run the editor and wait; returns its exit status and the signal (SIGHUP, SIGTERM) fscli was
    sent meanwhile, if any. Ctrl-C belongs to the editor while it is open (as git does): fscli
    neither dies nor kills it. A hang-up or stop is passed on to the editor, which gets a few seconds
    to save what it can (vim keeps its swap file, nano writes NAME.save), then fscli stops too."""
    import signal
    import subprocess

    class Stop(Exception):
        pass

    child: list[subprocess.Popen] = []
    caught: list[int] = []

    def stop(signum, frame) -> None:
        caught.append(signum)
        if child and len(caught) == 1:
            raise Stop  # out of the wait, to pass it on and give the editor its few seconds

    def ignore(signum, frame) -> None:
        pass

    # Python-level handlers, never SIG_IGN: the editor starts with the default actions again
    previous = {number: signal.signal(number, handler) for number, handler in ((signal.SIGHUP, stop), (signal.SIGTERM, stop), (signal.SIGINT, ignore))}
    try:
        try:
            child.append(subprocess.Popen(argv, env=env))
            if caught:  # it came while the editor was starting
                raise Stop
            code = child[0].wait()
        except Stop:
            if child[0].poll() is None:
                child[0].send_signal(caught[0])
            try:
                code = child[0].wait(timeout=5)
            except subprocess.TimeoutExpired:
                child[0].kill()
                code = child[0].wait()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    return code, (caught[0] if caught else None)


def _written(text: str, template: str) -> bool:
    return bool(text.strip()) and text.strip() != template.strip()


def write_in_editor(ctx, field: str, template: str = "", draft=None) -> str:
    """The note written in the worker's editor, in a draft kept until the command records it
    (cli/note_drafts.py); `draft` is one being recovered, opened again where it was left."""
    import signal

    from fscli.cli import note_drafts
    from fscli.cli.context import ARGS, NOTE_DRAFTS, ROOT_OPTIONS, without_root_values
    from fscli.errors import ExitCode, StoppedWriting

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not command:
        raise InvalidInput(field, None, "no text given and no editor set", hint="set VISUAL or EDITOR (a GUI editor needs its --wait flag), or pass '-' to read the text from stdin")
    fresh = draft is None
    if draft is None:
        import uuid

        folder, caseload = _draft_folder(ctx, field)
        key = ROOT_OPTIONS.get("idempotency_key") or f"draft-{uuid.uuid4().hex}"
        draft = note_drafts.create(folder, command=without_root_values(ARGS), field=field, caseload=caseload, key=key, template=template, started=ctx.clock.now())
    env = {**os.environ, "TMPDIR": str(draft.folder)}  # an editor's own temporary files go beside the draft
    try:
        code, stopped = _edit([*shlex.split(command), str(draft.text_path)], env)
    except (FileNotFoundError, PermissionError):
        if fresh:
            draft.remove()
        raise FscliError(f"the editor {command!r} could not be started", hint="check VISUAL or EDITOR") from None
    if stopped is not None:
        saved = draft.text_path.with_name(draft.text_path.name + ".save")  # nano's buffer at the hang-up
        if saved.exists() and saved.stat().st_size:
            os.replace(saved, draft.text_path)
    text = draft.text()
    written = _written(text, template)
    if not written and fresh:
        draft.remove()
    kept = draft.kept_hint() if written or not fresh else None
    if stopped is not None:
        hung_up = stopped == signal.SIGHUP
        raise StoppedWriting(ExitCode.HANGUP if hung_up else ExitCode.TERMINATED, f"{'the terminal hung up' if hung_up else 'fscli was told to stop'} while the note was open in the editor: nothing was recorded", hint=kept)
    if code < 0:  # the editor itself was killed (subprocess reports the signal as -N)
        raise FscliError(f"the editor was stopped by {signal.Signals(-code).name}: nothing was recorded", hint=kept)
    if code != 0:
        raise FscliError(f"the editor exited with status {code}: nothing was recorded", hint=kept)
    if not written:
        raise InvalidInput(field, None, "the note was left empty or unchanged: nothing was recorded", hint=kept)
    NOTE_DRAFTS[:] = [draft]  # removed once the write that records it commits (AppContext.write)
    return text


def _recovered(field: str):
    """The draft being recovered, when this command's editor field is the one it was written for."""
    if RECOVERING and RECOVERING[0][0].meta().get("field") == field:
        return RECOVERING[0]
    return None


def note_text(value: str | None, field: str, *, template: str = "", required: bool = False, ctx=None) -> str | None:
    """The note from the option, from stdin ('-'), or from the editor when left out on a terminal
    (or from the draft that 'fscli drafts recover' re-runs the command for)."""
    if value == "-":
        return sys.stdin.read()
    if value is not None:
        return value
    recovering = _recovered(field)
    on_terminal = sys.stdin.isatty() and sys.stdout.isatty()
    if recovering is not None:
        draft, as_is = recovering
        if as_is or not on_terminal:
            from fscli.cli.context import NOTE_DRAFTS

            text = draft.text()
            if not _written(text, template):
                raise InvalidInput(field, None, f"draft {draft.number} is empty or only the template: nothing was recorded", hint=f"'fscli drafts discard {draft.number}' drops it")
            NOTE_DRAFTS[:] = [draft]
            return text
        return write_in_editor(ctx, field, template, draft=draft)
    if on_terminal:
        return write_in_editor(ctx, field, template)
    if required:
        raise InvalidInput(field, None, "no text given", hint="give the text, or '-' to read it from stdin")
    return None
