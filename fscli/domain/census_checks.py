"""The CIN census return's problems, found before a file is written (fscli return cin --check):
the DfE validator's most common errors and queries (csc-validator-be-cin, ruleset cin2025_26),
each said in a worker's words with what to record, per child and episode.

They read the return as it would be written (domain/census.py: the scope of the year, with dates
after the reference date left out), so they see what the DfE's validator would see; and the
facts the return cannot say at all (its blocking findings) come first.
"""

from __future__ import annotations

from datetime import date, timedelta

from fscli.domain.census import CensusReturn, CensusYear, CinDetails, Finding, ReturnChild, statutory
from fscli.domain.dates import british
from fscli.domain.census_entry import CLOSED_AFTER_ASSESSMENT, FACTORS_NONE, primary_need_missing, upn_wanted
from fscli.domain.journey import is_weekend
from fscli.domain.upn import upn_problems
from fscli.domain.live_rows import PREFIXES
from fscli.domain.workdays import WorkingCalendar
from fscli.domain.frozen import frozen

DISABILITY_CODES_EXPECTED = 8  # fewer distinct disability codes in a whole return is a query (2887Q)
# 2887Q is the DfE's question about a council's return of hundreds of children; a team's part of
# a few dozen can truly use fewer codes, so fscli asks it of a return of this many children or more
# (its own threshold, not the DfE's), else every small return would carry it.
RETURN_ASKED_ABOUT_DISABILITY_CODES = 100
PLAN = PREFIXES["plan"]  # a plan's number as a worker types it: P12


@frozen
class CensusProblem:
    rule: str  # the DfE rule number ("8610"; a query ends in Q)
    case_ref: str
    child: str
    episode: date | None  # the referral date of the episode it is in, if it is in one
    problem: str
    fix: str
    query: bool = False  # a query asks for a check or a reason; an error must be put right
    note: bool = False  # what was written in a fact's place (NOBT, source 10): to check, neither a DfE error nor a DfE query

    @property
    def error(self) -> bool:
        """An error of the DfE's validator: the return fails until it is put right."""
        return not self.query and not self.note


def _episode_problems(child: ReturnChild, episode: CinDetails, year: CensusYear, today: date, calendar: WorkingCalendar) -> list[CensusProblem]:
    ref, name, on = child.case_ref, child.name, episode.referral_date
    year_start = year.start
    # While the year runs, work begun before it and still open can yet be finished by the reference
    # date: not an error of the return yet, but a query saying by when (the return is written after 31 March).
    running = today < year.reference
    by_end = f": finish it by {british(year.reference)}, or the return will fail: " if running else ": "
    found = []

    def add(rule: str, problem: str, fix: str, query: bool = False) -> None:
        found.append(CensusProblem(rule, ref, name, on, problem, fix, query))

    # An undecided referral is not yet further action (its ReferralNFA 0 is a stand-in, said as a note).
    if primary_need_missing(nfa=episode.referral_nfa, decided=not episode.undecided, need=episode.primary_need):
        add("8610", "the referral led to further action but has no primary need", f"fscli case referral {ref} --need N1..N9 (see 'fscli codes primary-need')")
    if episode.referral_nfa and (episode.assessments or episode.cin_plans or episode.enquiries or episode.cp_plans):
        add("8831", "the referral is marked no further action, yet work is recorded on it (an assessment, a plan or an enquiry)", f"if the referral led to further action: fscli case referral {ref} --further-action")
    for assessment in episode.assessments:
        if assessment.completed_on is None and assessment.start_on < year_start:
            add("8736", f"the assessment begun {british(assessment.start_on)} is still open{by_end}one not completed must have begun in the census year",
                f"complete it: fscli assessment complete {ref} --date DATE --outcome OUTCOME --factors CODES", query=running)
        if assessment.completed_on is not None and not assessment.factors:
            add("8897Q", f"the assessment authorised {british(assessment.completed_on)} has no factors identified", "record them (21 when none were found): fscli correct assessment, or at completion --factors CODES", query=True)
        if FACTORS_NONE in assessment.factors and len(assessment.factors) > 1:
            add("8869", f"the assessment authorised {british(assessment.completed_on)} has factor 21 (no factors identified) with others: {', '.join(assessment.factors)}", "keep 21 only when no factor was found")
        if episode.closure_date is not None and assessment.completed_on is None:
            add("8867", f"the episode is closed ({british(episode.closure_date)}) but the assessment begun {british(assessment.start_on)} is not completed", f"complete it: fscli assessment complete {ref} --date DATE --outcome OUTCOME --factors CODES")
    # 8670Q and 8675Q: work open longer than its working days at the reference date, counted as
    # the validator counts (England's working days before 31 March). While the year runs, counted
    # to today: the work already late, which the return will ask about if it is still open then.
    # The intervals are the statute's (the practice profile's defaults: 45 and 15 working days).
    counted_to = min(today, year.reference)
    assessing, conferring = statutory("assessment"), statutory("icpc")
    for assessment in episode.assessments:
        if assessment.completed_on is None and assessing.after(assessment.start_on, calendar) < counted_to:
            add("8670Q", f"the assessment begun {british(assessment.start_on)} is not authorised after more than {assessing}"
                + (f": if it is still open on {british(year.reference)}, the DfE asks why" if running else ", on the reference date"),
                f"complete it: fscli assessment complete {ref} --date DATE --outcome OUTCOME --factors CODES; or give the DfE the reason", query=True)
    for enquiry in episode.enquiries:
        if enquiry.icpc is None and not enquiry.icpc_not_required and conferring.after(enquiry.start, calendar) < counted_to:
            add("8675Q", f"the section 47 enquiry begun {british(enquiry.start)} has no ICPC after more than {conferring}"
                + (f": if it has none on {british(year.reference)}, the DfE asks why" if running else ", on the reference date"),
                f"fscli s47 outcome {ref} --child '{name}' --icpc DATE (or --icpc-not-required); or give the DfE the reason", query=True)
    for enquiry in episode.enquiries:
        finished = enquiry.icpc is not None or enquiry.icpc_not_required
        if not finished and enquiry.start < year_start:
            add("8740", f"the section 47 enquiry begun {british(enquiry.start)} has no ICPC and is not marked as needing none{by_end}one still open must have begun in the census year",
                f"fscli s47 outcome {ref} --child '{name}' --icpc DATE (or --icpc-not-required)", query=running)
        if not finished and episode.closure_date is not None:
            add("8868", f"the episode is closed ({british(episode.closure_date)}) but the section 47 enquiry begun {british(enquiry.start)} has no ICPC and is not marked as needing none", f"fscli s47 outcome {ref} --child '{name}' --icpc DATE (or --icpc-not-required)")
        if enquiry.icpc is not None and is_weekend(enquiry.icpc):
            add("8875", f"the ICPC of {british(enquiry.icpc)} is on a {enquiry.icpc:%A}: a conference is never held at a weekend", "correct the date: fscli correct icpc")
    if episode.enquiries and not episode.assessments:
        add("2991Q", "a section 47 enquiry is recorded on the episode but no assessment", f"record the single assessment the enquiry is part of: fscli assessment start {ref} --date DATE", query=True)
    completed = [a for a in episode.assessments if a.completed_on is not None]
    if len(episode.assessments) == 1 and completed and completed[0].factors == (FACTORS_NONE,) and episode.closure_reason not in CLOSED_AFTER_ASSESSMENT.values():
        how = f"it closed {episode.closure_reason}" if episode.closure_reason else "the episode is still open"
        add("8873Q", f"the episode's one assessment found no factors (21), yet {how}, not RC8 or RC9 (closed after assessment)",
            "check the closure reason: RC8 when the case closed because the assessment found nothing to do (RC9 when referred to Early Help)", query=True)
    died = child.death_date
    if died is not None:
        for cin in episode.cin_plans:
            if cin.start > died:
                add("4008", f"the CIN plan from {british(cin.start)} starts after the child's death ({british(died)})", "correct the plan's start or the date of death: fscli correct plan, or fscli person set REF NAME --died DATE")
        for plan in episode.cp_plans:
            if plan.start > died:
                add("8915", f"the CP plan from {british(plan.start)} starts after the child's death ({british(died)})", "correct the plan's start or the date of death: fscli correct plan, or fscli person set REF NAME --died DATE")
            elif plan.end is not None and plan.end > died:
                add("8920", f"the CP plan from {british(plan.start)} ends ({british(plan.end)}) after the child's death ({british(died)})", "end the plan on the day of death, or correct the date: fscli correct plan")
    icpcs = {e.icpc for e in episode.enquiries if e.icpc is not None} | ({episode.initial_cpc} if episode.initial_cpc else set())
    for plan in episode.cp_plans:
        if plan.start >= year_start and plan.start not in icpcs:
            which = f"CP plan {PLAN}{plan.ident}" if plan.ident is not None else "CP plan"
            held = f"the ICPC was on {', '.join(british(d) for d in sorted(icpcs))}" if icpcs else "no ICPC is recorded in this episode"
            to = f"fscli correct plan {PLAN}{plan.ident} --start {british(max(icpcs))} --reason TEXT" if icpcs and plan.ident is not None else "fscli correct plan"
            add("2885", f"the {which} from {british(plan.start)} does not start on the day of its ICPC: {held}",
                f"a CP plan starts on its ICPC's day: {to}; or, if the ICPC's date is wrong, fscli correct icpc {ref} --date DATE --reason TEXT" if icpcs
                else f"record the ICPC: fscli s47 outcome {ref} --child '{name}' --icpc DATE")
        for cin in episode.cin_plans:
            if cin.start < (plan.end or date.max) and plan.start < (cin.end or date.max):
                add("4001", f"the CIN plan from {british(cin.start)} runs at the same time as the CP plan from {british(plan.start)}", "end the CIN plan on the day the CP plan starts: fscli correct plan")
    return found


def _finding_problem(finding: Finding) -> CensusProblem:
    return CensusProblem(finding.rule, finding.case_ref, finding.child, None, finding.message, finding.hint or "", note=not finding.blocks)


def _child_problems(child: ReturnChild, year: CensusYear, today: date, calendar: WorkingCalendar) -> list[CensusProblem]:
    """The child's own problems (not their episodes'), from what the return says of them."""
    found = []
    if upn_wanted(child.birth_date, child.upn, child.upn_unknown, year.reference) and any(not e.referral_nfa for e in child.episodes):
        found.append(CensusProblem("8770Q", child.case_ref, child.name, None, "is of school age and has no UPN, nor a reason it is unknown (UN1 is for a child not of school age)",
                                   f"fscli person set {child.case_ref} '{child.name}' --upn UPN (or --upn-unknown UN2..UN6: see 'fscli codes upn-unknown')", query=True))  # fmt: skip
    if child.upn is not None:
        for rule, problem in upn_problems(child.upn):
            found.append(CensusProblem(rule, child.case_ref, child.name, None, f"the UPN {child.upn}: {problem}", f"check it with the school, then fscli person set {child.case_ref} '{child.name}' --upn UPN"))
    due = child.expected_birth_date
    # 30 days before the reference date (31 March) to 9 months after: March to December of its year.
    earliest, latest = year.reference - timedelta(days=30), date(year.reference.year, 12, 31)
    if due is not None and not (earliest <= due <= latest):
        found.append(CensusProblem("8530Q", child.case_ref, child.name, None, f"an unborn child expected on {british(due)}: outside the census's range ({british(earliest)} to {british(latest)})",
                                   f"if the child was born, record the birth: fscli person born {child.case_ref} '{child.name}' --dob DATE; otherwise check the due date", query=True))  # fmt: skip
    for episode in child.episodes:
        found.extend(_episode_problems(child, episode, year, today, calendar))
    return found


def census_problems(result: CensusReturn, today: date, calendar: WorkingCalendar | None = None) -> list[CensusProblem]:
    """Every problem of the return, child by child: first what stops the child being written (a
    blocking finding), then what was written in a fact's place (a note), then every rule the child
    and their episodes break that can be checked of what the return can say of them: a child held
    back by a missing date of birth still has their other problems listed, to put right at once.
    `today` tells a year still running from one ended: work begun before a running year and still
    open is a query (finish it by 31 March), not yet an error. `calendar` (England's bank holidays)
    counts the working days of 8670Q and 8675Q; without it, weekdays."""
    year = result.year
    calendar = calendar or WorkingCalendar.of(())
    whose: dict[tuple[str, str], list[Finding]] = {}
    for finding in result.findings:
        whose.setdefault((finding.case_ref, finding.child), []).append(finding)
    problems: list[CensusProblem] = []
    for child in result.checked:
        own = whose.pop((child.case_ref, child.name), [])
        problems.extend(_finding_problem(f) for f in sorted(own, key=lambda f: not f.blocks))
        problems.extend(_child_problems(child, year, today, calendar))
    for rest in whose.values():  # a finding of no child checked (none is made so): never lost
        problems.extend(_finding_problem(f) for f in rest)
    used = {d for child in result.checked for d in child.disabilities if d != "NONE"}
    if len(result.checked) >= RETURN_ASKED_ABOUT_DISABILITY_CODES and len(used) < DISABILITY_CODES_EXPECTED:
        problems.append(CensusProblem("2887Q", "", "", None, f"the return uses {len(used)} disability code{'s' if len(used) != 1 else ''}; the DfE asks about a return with fewer than {DISABILITY_CODES_EXPECTED}",
                                      "record every child's disabilities (NONE when none): fscli person set REF NAME --disability CODE; or give the DfE the reason", query=True))  # fmt: skip
    return problems
