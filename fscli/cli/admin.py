"""fscli init, demo, codes, db info|check|backup|restore|upgrade, config show."""

import sys
from typing import Annotated, Optional

import typer

from fscli.cli.context import AppContext
from fscli.cli.output import confirm, show
from fscli.cli.options import Color, ColorOpt, DbOpt, FormatOpt

db_app = typer.Typer(help="Look after the database: info, check, backup, restore, upgrade, encrypt, rekey, lock, grants.", no_args_is_help=True)
config_app = typer.Typer(help="Show the settings fscli is using, and where each comes from.", no_args_is_help=True)


def _describe_upgrade(result, where: str) -> str:
    if result.created:
        return f"Created the fscli database at {where} (schema {result.to_revision})."
    if result.from_revision is None:
        return f"Set up fscli's tables in {where} (schema {result.to_revision})."
    if not result.changed and result.facts_rebuilt:
        return f"The fscli database at {where} is up to date (schema {result.to_revision}); its derived facts were out of step with the records and were worked out again ({'; '.join(result.facts_rebuilt)})."
    if not result.changed:
        return f"The fscli database at {where} is up to date (schema {result.to_revision}); nothing changed."
    backup = f"; backup first at {result.backup}" if result.backup else ""
    return f"Upgraded the fscli database at {where} from schema {result.from_revision} to {result.to_revision}{backup}."


def _warn_if_lost_at_restart(database) -> None:
    """One line on stderr when the SQLite file is on tmpfs (fscli/store/location.py)."""
    from fscli.render.emit import message
    from fscli.store.location import lost_at_restart

    warning = lost_at_restart(database.path, database.location.named) if database.location.is_sqlite else None
    if warning:
        message(f"fscli: warning: {warning}")


def init(
    encrypt: Annotated[bool, typer.Option("--encrypt", help="Encrypt the new caseload (SQLCipher) with a passphrase typed twice, or the one in key_file.")] = False,
    db: DbOpt = None,
) -> None:
    """Create the database, or bring it to the newest schema, and say where it lives.

    Safe to run again: an up-to-date database is left as it is; an older one is backed up first.
    With --encrypt the new caseload is unreadable without its passphrase: keep the passphrase
    safe, as nothing can open the records without it.

    Example: fscli init --encrypt --db ~/caseload/fscli.db
    """
    from fscli.services.encryption import new_caseload_key
    from fscli.store.upgrade import upgrade as upgrade_database

    ctx = AppContext(db)
    new_key = new_caseload_key(ctx.database, ctx.settings.key_file) if encrypt else None
    result = upgrade_database(ctx.database, None, new_key=new_key, roles=ctx.server_roles, clock=ctx.clock, worker=ctx.settings.get("worker"))  # before the schema: no login lookup
    if new_key is not None:
        from fscli.store.keys import remember

        remember(ctx.database.path, new_key)
    told = ""
    if encrypt:
        told = " It is encrypted with the passphrase in the key file." if ctx.settings.key_file else " It is encrypted: fscli asks for its passphrase once a login session."
    confirm(_describe_upgrade(result, ctx.database.location.shown) + told, ctx.database.location.shown)
    _warn_if_lost_at_restart(ctx.database)
    if result.created:
        confirm("Next: fscli case open \"Family name\" --referred DATE --source CODE --reason TEXT  (see fscli codes referral-source)")


def demo(
    reset: Annotated[bool, typer.Option("--reset", help="Rebuild the demo database from the sample caseload, dated from today.")] = False,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """Load the fictional sample caseload into a demo database of its own, and show it.

    Never touches your own database: FSCLI_DB and --db are ignored here.

    Example: fscli demo --reset
    """
    import os

    from fscli.config import demo_db, pointing_at
    from fscli.services import sample
    from fscli.store.upgrade import upgrade as upgrade_database

    demo_path = demo_db()
    if os.environ.get("FSCLI_DB"):
        confirm(f"The demo uses its own database ({demo_path}), not FSCLI_DB.")
    ctx = AppContext(str(demo_path))
    database = ctx.database
    if reset and demo_path.exists():
        database.check_path()
        # Wait for, or refuse with exit 75, any command still writing the demo before removing it.
        database.transact(lambda conn: None, write=True, check_schema=False)
        database.dispose()
        for suffix in ("", "-wal", "-shm"):
            demo_path.with_name(demo_path.name + suffix).unlink(missing_ok=True)
    fresh = not demo_path.exists()
    upgrade_database(database, None)
    if fresh:
        name, data = sample.read_sample()
        loaded = ctx.write(lambda uow: sample.load(uow, name, data))
        confirm(f"Loaded the sample caseload: {loaded.cases} families, {loaded.people} people, {loaded.agencies} agencies (all invented), dated from {ctx.today:%d/%m/%Y}.")
    from fscli.reports.dashboard import dashboard

    practice = ctx.practice
    show(ctx.read(lambda reader: dashboard(reader, practice, ctx.today, str(demo_path))), fmt, color)
    confirm(
        "\nExplore it with any command: point this terminal at the demo database (or give --db PATH to one command)\n"
        f"  {pointing_at(demo_path)}\n"
        "  fscli due --worker \"Sam Okafor\"      what is due or overdue, most urgent first\n"
        "  fscli reviews                        the next review of every plan\n"
        "  fscli case show FS-0011              a family on a page, with what is due\n"
        "  fscli goal progress --all            how far families have moved\n"
        "  fscli week                           the week day by day\n"
        "  fscli case summary FS-0001 --out ashworth.html   the case summary for a hearing (.docx for Word)\n"
        "  fscli case page FS-0008 --out lewis-plan.html    a family's plan on a page, to print\n"
        "Start your own caseload with 'fscli init' (after 'unset FSCLI_DB'). 'fscli demo --reset' rebuilds the demo."
    )


def codes(
    name: Annotated[Optional[str], typer.Argument(help="A code set, e.g. referral-source, closure-reason, agency-kind. Leave out to list the sets.", show_default=False)] = None,
    fmt: FormatOpt = None,
    color: ColorOpt = Color.auto,
) -> None:
    """List the code sets, or the codes of one set with their meanings.

    Example: fscli codes referral-source
    """
    from fscli.reports.admin import codes_report

    show(codes_report(name), fmt, color)


@db_app.command("info")
def info(fmt: FormatOpt = None, color: ColorOpt = Color.auto, db: DbOpt = None) -> None:
    """Where the database is, its size, schema revision and rows per table.

    Example: fscli db info
    """
    from fscli.reports.admin import db_info

    ctx = AppContext(db)
    show(db_info(ctx.database), fmt, color)
    _warn_if_lost_at_restart(ctx.database)


@db_app.command("check")
def check(
    since_export: Annotated[Optional[str], typer.Option("--since-export", help="An export folder (or its manifest.json): also check that the audit trail still holds, unchanged, the newest row it recorded.", show_default=False)] = None,
    anchor: Annotated[Optional[list[str]], typer.Option("--anchor", help="A line 'fscli db anchor' printed: also check that the audit row it names is still there, unchanged. May be given more than once.", show_default=False)] = None,
    anchors: Annotated[Optional[str], typer.Option("--anchors", help="A file of such lines, one a line (# starts a comment): each is checked.", show_default=False)] = None,
    signed_with: Annotated[Optional[str], typer.Option("--signed-with", metavar="KEYFILE", help="The key file the anchors were signed with ('fscli db anchor --sign'): each anchor's signature must match.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Check integrity, foreign keys, the audit chain, and every record against the seal of the
    command that last wrote it; exits 65 if anything is wrong.

    Each record changed, removed or inserted outside fscli (with sqlite3, psql or any other tool)
    is named, with the audit row that last wrote it; so is each missing guard trigger of the audit
    trail. An anchor (an export's manifest, or a line kept elsewhere) shows whether the newest
    audit rows were rewritten whole. An audit row dated more than 5 minutes before the row
    before it (a clock set back) is named in a warning: exit 0, unless something else is wrong.

    Example: fscli db check --since-export /srv/exports/2026-11-23

    Example: fscli db check --anchors ~/fscli-anchors.txt --signed-with /etc/fscli/anchor.key
    """
    from fscli.errors import DataProblem
    from fscli.store import anchors as kept
    from fscli.store.check import check as check_database

    ctx = AppContext(db)
    given = [kept.from_export(since_export)] if since_export is not None else []
    given += [kept.parse(text, "the anchor line") for text in anchor or []]
    given += kept.from_file(anchors) if anchors is not None else []
    key = kept.read_key(signed_with, "--signed-with") if signed_with is not None else None
    report = check_database(ctx.database, given, key)
    for name, result in report.checks:
        sys.stdout.write(f"{name}: {result}\n")
    for warning in report.warnings:
        sys.stderr.write(f"fscli: warning: {warning}\n")
    warned = f", with {len(report.warnings)} warning(s) above" if report.warnings else ""
    if not report.ok:
        for problem in report.problems:
            sys.stderr.write(f"fscli: problem: {problem}\n")
        repairable = all(p.startswith("derived facts:") for p in report.problems)
        restore = "restore from a backup ('fscli db backup' makes one)" if ctx.database.location.is_sqlite else "compare with the server's backups (pg_dump or the DBA's own; 'fscli db backup' prints the pg_dump command)"
        hint = "run 'fscli db upgrade': it works the derived facts out again from the records" if repairable else f"{restore} and tell your IT team"
        raise DataProblem(f"{len(report.problems)} problem(s) found in {ctx.database.location.shown}", hint=hint)
    confirm(f"The database passed every check{warned}.")


@db_app.command("anchor")
def anchor(
    sign: Annotated[Optional[str], typer.Option("--sign", metavar="KEYFILE", help="Sign the line with this key file (HMAC-SHA256), one the database's users cannot read.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Print the audit trail's newest row (id, instant, hash) as one line to keep outside the database.

    Kept elsewhere (another system's log, a mailbox, paper), the line lets 'fscli db check
    --anchor LINE' show later whether the newest audit rows were removed or rewritten, which the
    chain alone cannot show. Signed with --sign, the line cannot be forged without the key.

    Example: fscli db anchor --sign /etc/fscli/anchor.key >> ~/fscli-anchors.txt
    """
    from fscli.errors import FscliError
    from fscli.store import anchors as kept

    ctx = AppContext(db)
    key = kept.read_key(sign, "--sign") if sign is not None else None
    head = ctx.read(kept.newest)
    if head is None:
        raise FscliError(f"{ctx.database.location.shown} has no audit rows yet: there is nothing to anchor", hint="anchor it after the first change is recorded")
    sys.stdout.write(kept.line(head, key) + "\n")


@db_app.command("backup")
def backup(
    path: Annotated[Optional[str], typer.Argument(help="Where to write the backup (default: a dated file in the backups folder beside the database).", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Back up the database with SQLite's online backup API, check the copy, keep it private (0600).

    Safe while others are writing. On PostgreSQL the server's own tool makes a consistent backup:
    fscli prints its command (stdout; host, port, the database owner's login and the database,
    never a password) and exits 0, for a nightly job to run.

    Example: fscli db backup ~/backups/caseload-friday.db
    Also (a team's server): sh -c "$(fscli db backup /srv/backups/fscli-nightly.dump)"
    """
    from pathlib import Path

    from fscli.store.backup import backup_sqlite, default_backup_path, pg_dump_command

    ctx = AppContext(db)
    database = ctx.database
    if not database.location.is_sqlite:
        from fscli.render.emit import message

        command = ctx.read(lambda reader: pg_dump_command(reader, path))
        message("fscli: on PostgreSQL the server's own pg_dump makes the backup; run this, as the database's owner (the password from ~/.pgpass or PGPASSWORD):")
        sys.stdout.write(command + "\n")
        return
    target = Path(path) if path else default_backup_path(database)
    log = (lambda reader, cases: ctx.log_view(reader, "db.backup", {"destination": "file"}, cases)) if ctx.logs_views else None
    written = backup_sqlite(database, target, log=log)
    confirm(f"Backed up {database.location.shown} to {written} (checked: integrity ok; readable by you only).", str(written))


@db_app.command("restore")
def restore(
    path: Annotated[str, typer.Argument(help="The backup to put back (a file 'fscli db backup' made).", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help="Restore without asking (for scripts).")] = False,
    db: DbOpt = None,
) -> None:
    """Put a backup back in place of the database, after checking it and backing up the current one.

    Everything recorded since the backup was taken is replaced; the current database is kept as a
    backup first, so the restore itself can be undone. A database file that was lost or deleted is
    made again from the backup. Asks first unless --yes.

    Example: fscli db restore ~/backups/caseload-friday.db
    """
    from pathlib import Path

    from fscli.errors import FscliError
    from fscli.store.backup import restore_sqlite
    from fscli.store.schema import HEAD

    ctx = AppContext(db)
    database = ctx.database
    if not database.location.is_sqlite:
        raise FscliError("fscli db restore puts back SQLite files; on PostgreSQL restore with the server's own tool", hint="run: pg_restore --clean --dbname=... the file pg_dump made")
    if not yes:
        if not sys.stdin.isatty():
            raise FscliError(f"restoring {path} replaces everything recorded since that backup", hint="add --yes to restore from a script")
        if not typer.confirm(f"Replace {database.location.shown} with the backup {path}? Records made since that backup are set aside in a backup of their own", default=False):
            raise FscliError("nothing was restored", hint="run again and answer y to restore")
    result = restore_sqlite(database, Path(path), clock=ctx.clock, worker=ctx.settings.worker)
    upgraded = f", brought from schema {result.from_revision} to the newest" if result.from_revision != HEAD else ""
    if result.safety_copy is None:
        confirm(f"Restored {database.location.shown} from {result.source}{upgraded}; there was no database there before.", database.location.shown)
        return
    confirm(f"Restored {database.location.shown} from {result.source}{upgraded}; the database as it was is kept at {result.safety_copy}.", str(result.safety_copy))


@db_app.command("encrypt")
def encrypt(db: DbOpt = None) -> None:
    """Encrypt a caseload kept in a plain file, and its backups, with a passphrase typed twice.

    The records are copied into an encrypted file, checked row by row, backed up, and only then
    put in the caseload's place; the plain file is overwritten. Close other fscli windows first.
    For a nightly job, set key_file in the config to a private file holding the passphrase.

    Example: fscli db encrypt
    """
    from fscli.services.encryption import encrypt_caseload

    ctx = AppContext(db)
    done = encrypt_caseload(ctx.database, ctx.settings.key_file, clock=ctx.clock, worker=ctx.settings.worker)
    confirm(
        f"Encrypted {ctx.database.location.shown}{_backups_told(done)} Copies made before this elsewhere (a 'db backup PATH' outside backups/, an export not sealed for the warehouse) are still plain: delete them.",
        str(done.backup),
    )


@db_app.command("rekey")
def rekey(
    new_key_file: Annotated[Optional[str], typer.Option("--new-key-file", help="A private file holding the new passphrase (for scripts); otherwise it is typed twice.", show_default=False)] = None,
    db: DbOpt = None,
) -> None:
    """Give an encrypted caseload, and its backups, a new passphrase.

    After a passphrase was seen by someone else, or a laptop was shared. The old passphrase opens
    nothing fscli keeps beside the caseload afterwards; a copy kept elsewhere keeps the old one.

    Example: fscli db rekey
    """
    from pathlib import Path

    from fscli.services.encryption import rekey_caseload

    ctx = AppContext(db)
    new_file = Path(new_key_file).expanduser().absolute() if new_key_file else None
    done = rekey_caseload(ctx.database, new_file, clock=ctx.clock, worker=ctx.settings.worker)
    confirm(f"Gave {ctx.database.location.shown} a new passphrase{_backups_told(done)}", str(done.backup))
    stale = ctx.settings.key_file
    if stale is not None and stale != new_file:
        from fscli.render.emit import message

        message(f"fscli: warning: key file {stale} (key_file) still holds the old passphrase: put the new one in it, or a nightly job using it is refused (exit 77)")


def _backups_told(done) -> str:
    told = f"; a checked copy is at {done.backup}"
    if done.backups_rewritten:
        told += f"; {done.backups_rewritten} earlier backup(s) beside it were rewritten under the new key"
    if done.backups_left:
        told += f"; {len(done.backups_left)} backup(s) the old key does not open were left as they are ({', '.join(p.name for p in done.backups_left[:3])})"
    return told + "."


@db_app.command("lock")
def lock(
    forget: Annotated[bool, typer.Option("--forget", help="Also remove the key from the OS keyring: the passphrase is asked again next login.")] = False,
    db: DbOpt = None,
) -> None:
    """Forget an encrypted caseload's key for this login session: the next command asks for it.

    Example: fscli db lock --forget
    """
    from fscli.store.keys import forget as forget_key

    ctx = AppContext(db)
    database = ctx.database
    database.check_path()
    kept = forget_key(database.path, keyring_too=forget)
    where = "this session and the OS keyring (where there is one)" if forget else "this session"
    if not database.encrypted:
        confirm(f"{database.location.shown} is not encrypted: there was no key to forget.")
    elif kept:
        confirm(f"Forgot the key of {database.location.shown} for {where}.")
    else:
        confirm(f"No key of {database.location.shown} was kept for {where}: there was nothing to forget.")


@db_app.command("upgrade")
def upgrade(db: DbOpt = None) -> None:
    """Bring the database to the newest schema, after a checked backup.

    At the newest schema already, the facts fscli derives from the records (what 'fscli due'
    reads) are compared with the records and worked out again if they differ.

    Example: fscli db upgrade
    """
    from fscli.store.upgrade import upgrade as upgrade_database

    ctx = AppContext(db)
    ctx.database.check_path()
    result = upgrade_database(ctx.database, None, repair_facts=True, roles=ctx.server_roles, clock=ctx.clock, worker=ctx.settings.get("worker"))  # before the schema: no login lookup
    confirm(_describe_upgrade(result, ctx.database.location.shown))


@db_app.command("grants")
def grants() -> None:
    """Print the SQL fscli applies to a team's PostgreSQL server at every init and upgrade.

    The everyday role's grants, the functions that write the audit row and decide who sees which
    case, and the row-security policies, for the role names in the settings (team_role,
    oversight_role). Nothing is run: fscli applies them itself, as the migration role.

    Example: fscli db grants > team-server.sql
    """
    from fscli.store.server_rules import script

    sys.stdout.write(script(AppContext().server_roles))


@config_app.command("show")
def config_show(fmt: FormatOpt = None, color: ColorOpt = Color.auto, db: DbOpt = None) -> None:
    """Show each setting, its value and where it came from (option, environment, file, default).

    Example: fscli config show
    """
    from fscli.reports.admin import config_report

    ctx = AppContext(db)
    show(config_report(ctx.settings), fmt, color)
