"""Moving data out and in: the nightly export, and importing an export or a spreadsheet."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from fscli import formats
from fscli.cli.context import AppContext
from fscli.cli.output import confirm, output_format
from fscli.cli.options import DbOpt, ExportFormat, ExportFormatOpt


def _progress():
    """A Rich progress bar on a terminal (stderr); nothing at all for cron."""
    if not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(TextColumn("{task.description:>14}"), BarColumn(), MofNCompleteColumn(), console=Console(file=sys.stderr), transient=True)
    tasks: dict[str, int] = {}

    def update(table: str, done: int, total: int) -> None:
        if table not in tasks:
            tasks[table] = bar.add_task(table, total=total or 1)
        bar.update(tasks[table], completed=done if total else 1)

    return bar, update


def export(
    out: Annotated[Path, typer.Option("--out", help="The folder to create: one file per table and manifest.json.", show_default=False)],
    fmt: ExportFormatOpt = ExportFormat(formats.EXPORT_DEFAULT),
    since: Annotated[Optional[str], typer.Option("--since", help="Only cases changed since then (every row of each), and workers, diary and audit rows created since: for nightly incremental loads.", show_default=False)] = None,
    tables: Annotated[Optional[list[str]], typer.Option("--tables", help="Only these tables (comma-separated or repeated), e.g. cases,person,plan.", show_default=False)] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace an existing export folder, whole, once the new one is complete.")] = False,
    encrypt_to: Annotated[Optional[list[str]], typer.Option("--encrypt-to", help="Encrypt every file to this age public key (age1..., repeatable): the warehouse's key. Files are written encrypted (cases.csv.age); no plain copy ever touches the disk.", show_default=False)] = None,
    encrypt_to_file: Annotated[Optional[list[Path]], typer.Option("--encrypt-to-file", help="Encrypt to every age public key listed in this file, one a line ('#' comments), as age -R reads it.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Export every table from one consistent snapshot, for a warehouse or a move to another machine.

    The folder appears only when every file is complete and fsynced; a failure, Ctrl-C, SIGTERM or
    SIGHUP leaves nothing, and a folder left by an export that was killed (SIGKILL) is removed by
    the next export into the same place. Files are yours alone (0600, folder 0700). With
    --encrypt-to, every file is sealed with age to the warehouse's public key and manifest.json
    says so; 'fscli import --identity FILE' reads it back. Exit codes for a nightly job: 0 done,
    1 a bad value (a recipient that is not an age key), 73 cannot create the output, 75 the
    database was busy (retry), 143 stopped by SIGTERM, 129 by SIGHUP, 70 an internal error.

    Example: fscli export --out /srv/exports/fscli-$(date +%F) --format csv --encrypt-to-file /etc/fscli/warehouse.pub
    """
    from fscli.cli.signals import stopping
    from fscli.domain.dates import parse_when
    from fscli.render.emit import message
    from fscli.services.export import check_destination, choose_tables, export as run_export, sweep_stale

    ctx = AppContext(db)
    chosen = choose_tables(tables)
    sealed_to = None
    if encrypt_to or encrypt_to_file:
        from fscli.services.sealing import recipients

        sealed_to = recipients(encrypt_to, encrypt_to_file)
    since_at = None
    if since is not None:
        when = parse_when(since, ctx.today, field="--since")
        since_at = when.as_datetime().astimezone()  # the local wall clock, as an instant
    check_destination(out, replace=replace)
    if sealed_to is None and ctx.database.encrypted:
        message(f"fscli: warning: {ctx.database.location.shown} is encrypted, and this export will not be: its files can be read by anyone who reaches them (add --encrypt-to the warehouse's key)")
    swept = sweep_stale(out)
    if swept:
        message(f"Removed {len(swept)} unfinished export folder{'s' if len(swept) != 1 else ''} left by an export that was killed: {', '.join(swept)}")
    bar, update = _progress()
    # The export is a view of every case's records: logged (fscli audit REF --views) with what was
    # asked, never where to (a folder's name may say whose it is).
    asked = {"format": fmt.value, "tables": len(chosen), "since": since_at is not None, "encrypted": sealed_to is not None, "destination": "folder"}
    log = (lambda reader, cases: ctx.log_view(reader, "export", asked, cases)) if ctx.logs_views else None
    with stopping():
        if bar is not None:
            with bar:
                done = run_export(ctx.database, out, fmt=fmt.value, since=since_at, tables=chosen, replace=replace, now=ctx.clock.utcnow(), progress=update, recipients=sealed_to, log=log)
        else:
            done = run_export(ctx.database, out, fmt=fmt.value, since=since_at, tables=chosen, replace=replace, now=ctx.clock.utcnow(), recipients=sealed_to, log=log)
    window = f" changed since {since_at:%d/%m/%Y %H:%M}" if since_at else ""
    sealed = f", encrypted to {len(sealed_to.keys)} age key{'s' if len(sealed_to.keys) != 1 else ''}" if sealed_to else ""
    confirm(f"Exported {done.rows:,} rows from {len(done.tables)} tables{window} to {done.folder} ({fmt.value}{sealed}); manifest.json has the counts and SHA-256 sums.", str(done.folder))
    if done.held_back:
        confirm(f"Held back {done.held_back:,} rows under restriction of processing: manifest.json's held_back counts them by table, apart those whose text names a restricted person ('fscli processing list' names the cases).")


def import_(
    path: Annotated[Path, typer.Argument(help=f"An export folder ({formats.or_list(formats.IMPORT)}, with its manifest.json), one CSV file of cases or people in the export's columns, or a caseload file written as sample_data/caseload.toml is.", show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check everything and say what would be added; write nothing.")] = False,
    skip_existing: Annotated[bool, typer.Option("--skip-existing", help="Merge: records already here (matched by what they are, never by id) are left as they are; new ones get free ids. A reference for another family refuses it all.")] = False,
    identity: Annotated[Optional[Path], typer.Option("--identity", help="For an export encrypted with --encrypt-to: the age identity file (AGE-SECRET-KEY-1...) that opens it; yours alone (mode 0600), or it is refused. Files are decrypted in memory only.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Import an export into this database, all of it or nothing, with one audit row.

    Every problem is listed with its file, row, column and value; exit 65 and nothing changes.
    Every text is held to the command line's rules: a name or reason with an escape code, a TAB
    or a bidi control is refused as 'case open' refuses it; a note keeps what a note may hold.
    A move to another machine: 'fscli init' there, then import the folder. A caseload file
    (TOML, as sample_data/caseload.toml) is entered case by case through the same rules as the
    commands, its relative dates read from today. A team lead merges a worker's caseload with
    --skip-existing: a case is matched by its reference, family and referral date, a person by
    case and name (or child id), a visit by its case and when it was recorded; new records get
    free ids with every reference kept; a reference for another family refuses it all (exit 65).

    Example: fscli import /srv/exports/fscli-2026-11-23 --dry-run

    An encrypted export: fscli import /srv/exports/fscli-2026-11-23 --identity ~/.config/age/warehouse.key

    Merging a worker's export: fscli import ~/from-sam/fscli-2026-12-01 --db team.db --skip-existing (docs/merging.md)
    """
    from fscli.reports.spec import Column, Report
    from fscli.render.emit import emit
    from fscli.services.importer import MAX_SHOWN, DryRunDone, ImportRefused, import_path

    ctx = AppContext(db)
    try:
        result = ctx.write(lambda uow: import_path(uow, path, dry_run=dry_run, skip_existing=skip_existing, identity=identity))
    except DryRunDone as done:
        result = done.result
    except ImportRefused as refused:
        shown = refused.result.problems[:MAX_SHOWN]
        columns = [Column("file", "File"), Column("row", "Row", "int"), Column("column", "Column", "code"), Column("value", "Value"), Column("reason", "Problem")]
        rows = [{"file": p.file, "row": p.row, "column": p.column, "value": None if p.value is None else str(p.value), "reason": p.reason} for p in shown]
        more = len(refused.result.problems) - len(shown)
        emit(Report("Problems in the import", columns, rows, note=f"... and {more} more" if more else None), output_format(None))
        raise
    for warning in result.warnings:
        confirm(warning)
    if identity is not None and ctx.database.location.is_sqlite and not ctx.database.encrypted:
        confirm(f"fscli: warning: {ctx.database.location.shown} is not encrypted: the records of this sealed export are readable by anyone who reaches that file ('fscli db encrypt' encrypts it)")
    counts = ", ".join(f"{table} {n:,}" for table, n in result.added.items() if n)
    skipped = "; skipped (already there): " + ", ".join(f"{t} {n:,}" for t, n in result.skipped.items()) if result.skipped else ""
    if result.left_in_export:
        trail = ", ".join(f"{table} {n:,}" for table, n in result.left_in_export.items())  # audit_row alone when its audit rows are here already
        skipped += f"; the export's own audit trail ({trail} rows) stays with the export: this caseload keeps its own chain"
    if result.dry_run:
        confirm(f"Dry run: {result.rows:,} rows would be added ({counts or 'none'}){skipped}; nothing was written.")
    else:
        confirm(f"Imported {result.rows:,} rows ({counts or 'none'}){skipped}.", str(result.rows))
