"""Documents people read, registered on `fscli case`: page (the family's plan on a page) and
summary (the case summary for a conference or a hearing; with --handover, the handover pack).

Each is one file written as a return's file is (services/return_file.py: private, whole or not
at all, the view's access row, when the access log is on, in the same transaction);
docs/documents.md says what is in each.
"""

from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

from fscli.cli.options import DbOpt, RefArg

OutOpt = Annotated[Path, typer.Option("--out", metavar="FILE.html", help="The file to write: yours alone (0600), complete or not at all; it must not exist, unless --replace.", show_default=False)]
ReplaceOpt = Annotated[bool, typer.Option("--replace", help="Replace an existing file, whole, once the new one is complete.")]


# Each document's file formats, by the suffix of the file: the one home of which --out a document takes.
SUFFIXES = {"html": (".html", ".htm"), "docx": (".docx",)}


def choose_format(out: Path, fmt: str | None, allowed: tuple[str, ...], what: str) -> str:
    """The format a document is written in: --format, else the one --out's suffix names; refused
    in one line (exit 1) for no file name, a --format the document has not, a suffix of none of its
    formats (a .pdf, a .txt: never HTML written silently under another name), or the two at odds."""
    from fscli.errors import InvalidInput

    if out.name in ("", ".", ".."):
        raise InvalidInput("--out", None, "give a file name", hint=f"for example --out {what.replace(' ', '-')}.{allowed[0]}")
    shown = " or ".join(f".{f}" for f in allowed)
    if fmt is not None and fmt not in allowed:
        raise InvalidInput("--format", fmt, f"is not a format of the {what}", hint=" or ".join(allowed))
    by_suffix = next((f for f in allowed if out.suffix.lower() in SUFFIXES[f]), None)
    if by_suffix is None:
        pdf = "; print the HTML to PDF from a browser" if out.suffix.lower() == ".pdf" else ""
        raise InvalidInput("--out", str(out), f"a {what} is written as {shown}" + (" (--format)" if len(allowed) > 1 else "") + pdf, hint=f"name the file {out.stem or what}.{allowed[0]}")
    if fmt is not None and fmt != by_suffix:
        raise InvalidInput("--out", str(out), f"ends {out.suffix} but --format is {fmt}", hint=f"name the file {out.stem}.{fmt}, or leave --format out")
    return by_suffix


def write_document(ctx: Any, out: Path, replace: bool, view: str, cases: Callable[[Any, Any], list[int]], build: Callable[[Any], Any], render: Callable[[Any], bytes], detail: dict | None = None) -> Path:
    """Build the document's facts on a logged reader, stage its file in the same transaction, and
    put it in place once that transaction has committed; any failure leaves no file. `cases` names
    the cases the document shows, for its access row (reports/seen.py)."""
    from fscli.cli.signals import stopping
    from fscli.services import return_file

    destination = return_file.check_destination(out, replace=replace)
    staged: list = []

    def made(reader):
        facts = build(reader)
        staged.append(return_file.stage(destination, render(facts), replace=replace))
        return facts

    with stopping():
        try:
            ctx.view(view, made, cases, {"destination": "file", "replace": replace, **(detail or {})})
            return return_file.place(staged[0])
        except BaseException:
            return_file.discard(staged[0] if staged else None)
            raise


def page(ref: RefArg, out: OutOpt, replace: ReplaceOpt = False, db: DbOpt = None) -> None:
    """Write the family's plan on a page: one HTML file to print or to send to the family.

    In plain words, for the family: their open goals in their own words, with a chart of where
    they and their worker scored each at the start, midway and now; a star of their areas (Happy,
    Healthy, Safe, or the areas their goals use) at the start and now; who is helping and how to
    reach them; what happens next (bookings, reviews, when the work is meant to end). No case
    reference and nothing of any other family. A person under restriction of processing is left
    out (a case restricted whole is refused). The file has no links to anywhere: it opens offline,
    on a phone, and prints on A4 (for a PDF, print it from a browser). How the family reaches
    their worker comes from the [contact] table of the team's profile file or the config file
    (name, phone, email, hours, out_of_hours: the team's, never a worker's own). Exit codes: 0 written,
    1 no such case, an --out not ending .html, or a case under restriction of processing, 73 the
    file exists (without --replace) or cannot be written.

    Example: fscli case page FS-0001 --out ashworth-plan.html
    """
    from fscli.cli.context import AppContext
    from fscli.cli.output import confirm
    from fscli.render.document import plan_page
    from fscli.reports.documents import plan_on_a_page

    choose_format(out, None, ("html",), "plan on a page")
    ctx = AppContext(db)
    practice, me = ctx.practice, ctx.settings.worker
    left_out: list[str] = []

    def build(reader):
        plan = plan_on_a_page(reader, ref, ctx.today, practice)
        left_out.extend(plan.left_out)
        return plan

    from fscli.reports.seen import the_case

    path = write_document(ctx, out, replace, "case.page", the_case(ref), build, lambda plan: plan_page(plan, made_by=me))
    confirm(f"Wrote the plan on a page to {path}.", str(path))
    if not any(key in dict(practice.contact) for key in ("phone", "email")):
        confirm("The plan does not say how to reach the team: set phone (and hours, out_of_hours) under [contact] in the team's profile file (see 'fscli case page --help').")
    for line in left_out:
        confirm(line)


FORMATS = ("html", "docx")


def summary(
    ref: RefArg,
    out: Annotated[Path, typer.Option("--out", metavar="FILE", help="The file to write (.html or .docx): yours alone (0600), complete or not at all; it must not exist, unless --replace.", show_default=False)],
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", metavar="html|docx", help="html, or docx to edit in Word; without it, the suffix of --out says which (.html or .docx).", show_default=False)] = None,
    handover: Annotated[bool, typer.Option("--handover", help="The handover pack, for a new worker: the summary with open tasks, what is due and booked, and how to reach the family.")] = False,
    replace: ReplaceOpt = False,
    db: DbOpt = None,
) -> None:
    """Write the case summary for a conference or a court or children's hearing report (HTML or Word).

    The family and the children, the reasons for involvement, the chronology in full (every
    significant event with its text), plans and their history, when each child was last seen and
    seen alone, goals and scores with their charts (tables in Word), the agencies involved, and
    "Worker's analysis" as a heading to fill. With --handover, the handover pack when the case is
    reallocated: the same with open tasks, what is due and booked, the latest contacts and the
    family's details, in place of the analysis. A person under restriction of processing is left
    out (a case restricted whole is refused). Codes are said by their labels, for a reader who
    knows none. The format follows --out's suffix (.html or .docx) unless --format says it; for a
    PDF, print the HTML from a browser. Exit codes: 0 written, 1 no such case, a format or an --out
    suffix other than html or docx (or the two at odds), or a case under restriction of
    processing, 73 the file exists (without --replace) or cannot be written.

    Example: fscli case summary FS-0001 --out ashworth-hearing.docx

    The pack for the new worker: fscli case summary FS-0001 --handover --out ashworth-handover.html
    """
    from fscli.cli.context import AppContext
    from fscli.cli.output import confirm
    from fscli.reports.documents import case_summary

    chosen = choose_format(out, fmt, FORMATS, "case summary")
    ctx = AppContext(db)
    practice, me = ctx.practice, ctx.settings.worker
    left_out: list[str] = []

    def build(reader):
        made = case_summary(reader, ref, ctx.today, practice, handover=handover)
        left_out.extend(made.left_out)
        return made

    def render(made) -> bytes:
        if chosen == "docx":
            from fscli.render.docx_document import summary_docx

            return summary_docx(made, made_by=me)
        from fscli.render.document import summary_page

        return summary_page(made, made_by=me)

    from fscli.reports.seen import the_case

    path = write_document(ctx, out, replace, "case.handover" if handover else "case.summary", the_case(ref), build, render)
    confirm(f"Wrote the {'handover pack' if handover else 'case summary'} to {path}.", str(path))
    for line in left_out:
        confirm(line)
