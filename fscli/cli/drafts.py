"""fscli drafts: the editor's note drafts a command left unrecorded, listed, recovered or discarded."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Optional

import typer


class Action(str, Enum):
    recover = "recover"
    discard = "discard"


def drafts(
    action: Annotated[Optional[Action], typer.Argument(metavar="[recover|discard]", help="Left out: list the drafts kept.", show_default=False)] = None,
    ident: Annotated[Optional[str], typer.Argument(metavar="[ID]", help="The draft's number, as the list shows it.", show_default=False)] = None,
    as_is: Annotated[bool, typer.Option("--as-is", help="recover: record the note as it was last saved, without opening the editor (the default when not on a terminal).")] = False,
) -> None:
    """Notes written in your editor that were not recorded: the terminal hung up, fscli was stopped,
    the editor failed, or the command refused something. Each is kept (0600, in your state folder;
    for an encrypted caseload in memory only) until it is recorded or discarded, and every command
    run on a terminal reminds you of it.

    'fscli drafts' lists them: when each was last saved, its length, and the command it was
    written for, never the note's words (a list can be read over your shoulder; the note shows in
    your editor when you recover it). 'fscli drafts recover ID' opens the note in your editor again
    and runs the command it was written for, with its dates read as when you first ran it ('today'
    is that day), so it is recorded exactly once, with its audit row, and then removed. 'fscli drafts discard ID' overwrites it and removes it.

    Example: fscli drafts recover 1
    """
    from fscli.cli import note_drafts
    from fscli.errors import InvalidInput

    if action is None:
        if ident is not None or as_is:
            raise InvalidInput("ID" if ident is not None else "--as-is", ident, "goes with recover or discard" if ident is not None else "goes with recover only", hint="e.g. 'fscli drafts recover 1'" + (" --as-is" if as_is else ""))
        _list(note_drafts.all_drafts())
        return
    if ident is None:
        raise InvalidInput("ID", None, f"give the draft to {action.value}", hint="see 'fscli drafts' for their numbers")
    if as_is and action is not Action.recover:
        raise InvalidInput("--as-is", None, "goes with recover only")
    draft = note_drafts.find(ident)
    if action is Action.discard:
        draft.remove()
        sys.stderr.write(f"Draft {draft.number} discarded: overwritten and removed.\n")
        return
    _recover(draft, as_is=as_is)


def _list(found) -> None:
    from fscli.cli import note_drafts
    from fscli.visible import visible

    if not found:
        print("No note drafts are kept.")
        return
    for draft in found:
        try:
            meta = draft.meta()
        except (OSError, ValueError):
            print(f"Draft {draft.number}: unreadable; 'fscli drafts discard {draft.number}' removes it")
            continue
        import shlex

        words = len(draft.text().split())
        where = "in memory only (lost at restart)" if draft.in_memory else "on disk"
        print(f"Draft {draft.number}, saved {note_drafts.when(draft.saved_at())}, {words} word{'' if words == 1 else 's'}, {where}")
        print(f"  for: {visible('fscli ' + shlex.join(meta.get('command', [])), one_line=True)}")
        print(f"  caseload: {visible(str(meta.get('caseload', '?')), one_line=True)}")
    print("\n'fscli drafts recover ID' opens it in your editor and records it; 'fscli drafts discard ID' drops it.")


def _recover(draft, *, as_is: bool) -> None:
    """Re-run the draft's command on its caseload, with the draft as the note, under the draft's key."""
    from fscli.cli import editor
    from fscli.cli.app import _invoked, app
    from fscli.cli.context import ARGS, AS_OF, INVOKED
    from fscli.errors import AlreadyDone, FscliError

    try:
        meta = draft.meta()
        command = [str(word) for word in meta["command"]]
        caseload, key = str(meta["caseload"]), str(meta["key"])
        from datetime import datetime

        started = datetime.fromisoformat(meta["started"])
    except (OSError, ValueError, KeyError, TypeError):
        from fscli.errors import DataProblem

        raise DataProblem(f"draft {draft.number}: what it was written for cannot be read, so it cannot be recorded", hint=f"its text is {draft.text_path}; 'fscli drafts discard {draft.number}' removes it") from None
    args = ["--db", caseload, "--idempotency-key", key, *command]
    INVOKED[:] = [word for word in _invoked(command) if word]
    ARGS[:] = args
    editor.RECOVERING[:] = [(draft, as_is)]
    AS_OF[:] = [started]  # 'today' and 'now' in its command are the day and time it was first run
    try:
        result = app(args=args, prog_name="fscli", standalone_mode=False)
    except AlreadyDone:
        draft.remove()  # recorded by the run that left it (killed after its commit): never twice
        raise
    finally:
        editor.RECOVERING.clear()
        AS_OF.clear()
    if isinstance(result, int) and result:
        raise typer.Exit(result)
    if draft.exists():
        raise FscliError(f"draft {draft.number}: 'fscli {' '.join(INVOKED)}' did not take the note, which is still kept", hint=draft.kept_hint())
