"""Documents people read, registered on `fscli case`: page (the family's plan on a page) and
summary (the case summary for a conference or a hearing; with --handover, the handover pack).

Each is one HTML file written as a return's file is (services/return_file.py: private, whole or not
at all, the view's access row in the same transaction); docs/documents.md says what is in each.
"""

from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

from fscli.cli.options import DbOpt, RefArg

OutOpt = Annotated[Path, typer.Option("--out", metavar="FILE.html", help="The file to write: yours alone (0600), complete or not at all; it must not exist, unless --replace.", show_default=False)]
ReplaceOpt = Annotated[bool, typer.Option("--replace", help="Replace an existing file, whole, once the new one is complete.")]


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
    on a phone, and prints on A4. Exit codes: 0 written, 1 no such case or a case under
    restriction of processing, 73 the file exists (without --replace) or cannot be written.
    docs/documents.md says more.

    Example: fscli case page FS-0001 --out ashworth-plan.html
    """
    from fscli.cli.context import AppContext
    from fscli.cli.output import confirm
    from fscli.render.document import plan_page
    from fscli.reports.documents import plan_on_a_page

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
    for line in left_out:
        confirm(line)


FORMATS = ("html", "docx")


def summary(
    ref: RefArg,
    out: Annotated[Path, typer.Option("--out", metavar="FILE", help="The file to write (.html or .docx): yours alone (0600), complete or not at all; it must not exist, unless --replace.", show_default=False)],
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", metavar="html|docx", help="html (the default), or docx to edit in Word; without it, a --out ending .docx is docx.", show_default=False)] = None,
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
    out (a case restricted whole is refused). Exit codes: 0 written, 1 no such case, a --format
    other than html or docx, or a case under restriction of processing, 73 the file exists
    (without --replace) or cannot be written. docs/documents.md says more.

    Example: fscli case summary FS-0001 --out ashworth-hearing.docx

    The pack for the new worker: fscli case summary FS-0001 --handover --out ashworth-handover.html
    """
    from fscli.cli.context import AppContext
    from fscli.cli.output import confirm
    from fscli.errors import InvalidInput
    from fscli.reports.documents import case_summary

    chosen = fmt if fmt is not None else ("docx" if out.suffix.lower() == ".docx" else "html")
    if chosen not in FORMATS:
        raise InvalidInput("--format", fmt, "is not a document format", hint="html or docx")
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
