"""The outcome indicators of a period: kept at home, families improving, time open, continuity, timeliness.

Each row carries its definition, numerator and denominator (domain/indicators.py says how each is
counted). Facts come from aggregate queries, some over facts derived beside the records (each
goal's family ratings, each step from plan to plan, when each child was last seen: store/derived.py);
Python walks only the rows that need a date rule: the children ever looked after, and the
reopenings, assessments, closures and first CP reviews of the period.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache

from fscli.domain import processing
from fscli.domain import indicators as rules
from fscli.domain import time_limited
from fscli.domain.time_limited import LIMIT, TARGET
from fscli.domain.indicators import ChildWork, Indicator
from fscli.domain.outcomes import FOLLOW_UP
from fscli.domain.contacts import face_to_face_sql
from fscli.domain.live_rows import live_sql
from fscli.domain.due import first_cp_review
from fscli.domain.episode_kinds import began_with_step_up_sql
from fscli.domain.timescales import Profile
from fscli.domain.workdays import WorkingCalendar
from fscli.reports.lanes import in_lanes
from fscli.reports.spec import Column, Report
from fscli.reports.summary import Period, _cases_in, held_back, reopened_after_end, with_held_back, work_closed_since
from fscli.store.db import Reader, as_date

COLUMNS = [
    Column("key", "Key", "code", in_table=False),
    Column("indicator", "Indicator"),
    Column("value", "Value"),
    Column("numerator", "Numerator", "number", in_table=False),
    Column("denominator", "Denominator", "int", in_table=False),
    Column("definition", "Definition"),
]


def _began_by(day: str) -> str:
    """SQL for when the case's piece of work in hand on `day` began: the start of its latest episode
    by then (a referral, reopening, step-down or step-up: domain/episodes.py), else the referral.
    The derived start of the case's latest work (`d`, joined by OPENED) answers when it began by
    `day`; only earlier episodes are looked up."""
    return (f"CASE WHEN d.opened_on <= {day} THEN d.opened_on ELSE coalesce((SELECT max(ro.start_on) FROM episode ro"
            f" WHERE ro.case_id = c.id AND ro.start_on <= {day}), c.referred_on) END")  # fmt: skip


OPENED = "LEFT JOIN case_due d ON d.case_id = c.id"


# A plan voided as made in error was never a plan: every plan read here is live (domain/voiding.py).
OVERLAPS = f"p.start_on <= :p_end AND (p.end_on IS NULL OR p.end_on >= :p_start) AND {live_sql('plan', 'p')}"


# A child under restriction of processing is in no figure (domain/processing.py): their plans are left out.
COUNTED_CHILD = processing.counted_person_sql("p.person_id")


def _children_on_plans(reader: Reader, where: str, params: dict) -> tuple[int, int]:
    """(children on any plan in the period, those on work other than CLA), counted in SQL: the
    children's own rows, one a child, were most of the indicators' time at council scale. Two
    distinct counts over the plans in one pass: grouping the plans by child first walked them in
    the child index's order, fetching each plan's row apart (council: 88 -> 74 ms)."""
    return reader.tuples(
        "SELECT count(DISTINCT p.person_id), count(DISTINCT CASE WHEN p.kind <> 'cla' THEN p.person_id END)"
        f" FROM plan p JOIN cases c ON c.id = p.case_id WHERE {where} AND {OVERLAPS} AND {COUNTED_CHILD}",
        params,
    )[0]


def _looked_after_work(reader: Reader, where: str, params: dict) -> list[ChildWork]:
    """The work in the period of the children whose care bears on it: looked after when it began,
    or since. The rest were kept at home, whatever their dates: children never looked after, and
    those whose every care episode ended before their work began."""
    care: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    work: dict[int, tuple[date, date | None]] = {}
    day = cache(as_date)  # 14,000 children's rows share a few thousand dates
    for person_id, began, ended, open_plans, start_on, end_on in reader.tuples(
        # When the work in the period began and ended (None: still open), and the child's care
        # episodes that had not ended by then, read from their own index.
        "SELECT w.person_id, w.began, w.ended, w.open_plans, l.start_on, l.end_on FROM"
        " (SELECT p.person_id, min(p.start_on) AS began, max(p.end_on) AS ended, count(*) - count(p.end_on) AS open_plans"
        f"  FROM plan p JOIN cases c ON c.id = p.case_id WHERE {where} AND p.kind <> 'cla' AND {OVERLAPS} AND {COUNTED_CHILD}"
        f"   AND p.person_id IN (SELECT l.person_id FROM plan l WHERE l.kind = 'cla' AND {live_sql('plan', 'l')}) GROUP BY p.person_id) w"
        f" JOIN plan l ON l.person_id = w.person_id AND l.kind = 'cla' AND (l.end_on IS NULL OR l.end_on >= w.began) AND {live_sql('plan', 'l')}",
        params,
    ):
        if person_id not in work:
            work[person_id] = (day(began), None if open_plans else day(ended))
        care[person_id].append((day(start_on), day(end_on)))
    return [ChildWork.of(began, ended, care[person_id]) for person_id, (began, ended) in work.items()]


def _kept_at_home(looked_after: list[ChildWork], in_work: int, profile: Profile, calendar: WorkingCalendar, today: date) -> Indicator:
    follow_up = profile.interval(FOLLOW_UP)
    kept, counted = rules.kept_at_home(looked_after, today, follow_up, calendar, care_ended_before=in_work - len(looked_after))
    return Indicator("kept-at-home", "Children kept at home", kept, counted,
                     f"Children on Early Help, CIN, CP or reunification work in the period, not looked after when it began, who did not become looked after during it or within {follow_up} after it ended (to today; the profile's {FOLLOW_UP}). A child in care when reunification work began is not in it: 'summary --ended' counts going home as that work's success")  # fmt: skip


def _improved(reader: Reader, period: Period, where: str, params: dict) -> Indicator:
    from fscli.domain import scoring

    # Per family: goals it rated, goals rated at least twice, and the sum of their changes, from
    # each goal's derived first and latest family rating. Families with a goal rated again after
    # the period's end (none, for a period ending today) are worked out from their scores up to
    # that end; the rest are counted in SQL by the signs the verdict turns on.
    since = "f.case_id IN (SELECT x.case_id FROM goal_family x WHERE x.latest_on > :p_end)"
    per_family = ("SELECT f.case_id, count(*) AS rated, count(CASE WHEN f.ratings >= 2 THEN 1 END) AS twice,"
                  " sum(CASE WHEN f.ratings >= 2 THEN f.latest_value - f.first_value ELSE 0 END) AS moved"
                  f" FROM goal_family f JOIN cases c ON c.id = f.case_id WHERE {where} AND f.latest_on <= :p_end AND {{since}} GROUP BY f.case_id")  # fmt: skip
    verdicts: Counter[str | None] = Counter()
    for rated, twice, moved, n in reader.tuples(
        "SELECT 1, CASE WHEN twice > 0 THEN 1 ELSE 0 END, CASE WHEN moved > 0 THEN 1 WHEN moved < 0 THEN -1 ELSE 0 END, count(*)"
        f" FROM ({per_family.format(since='NOT ' + since)}) fam GROUP BY 2, 3",
        params,
    ):
        verdicts[scoring.verdict_of(rated, twice, moved)] += n
    families: dict[int, list[int]] = {case_id: [rated, twice, moved or 0] for case_id, rated, twice, moved in reader.tuples(per_family.format(since=since), params)}
    later: dict[tuple[int, int], list[int]] = defaultdict(list)
    for case_id, goal_id, value in reader.tuples(
        # Read from the goals rated after the period's end, on their index (none for a period
        # ending today), then their scores: joined freely, SQLite walked every family score
        # first and found none of them wanted (council: 180-290 ms for no row). CROSS JOIN fixes
        # SQLite's order; PostgreSQL plans it as the inner join it is.
        "SELECT g.case_id, s.goal_id, s.value FROM goal_family f CROSS JOIN goal g CROSS JOIN cases c CROSS JOIN goal_score s"
        f" WHERE g.id = f.goal_id AND c.id = g.case_id AND s.goal_id = f.goal_id AND {where} AND f.latest_on > :p_end AND s.rater_kind = 'family' AND s.scored_on <= :p_end"
        f" AND {live_sql('goal_score', 's')} AND {processing.counted_person_sql('s.rater_person_id')} ORDER BY s.scored_on, s.id",
        params,
    ):
        later[case_id, goal_id].append(value)
    for (case_id, _goal), values in later.items():
        counts = families.setdefault(case_id, [0, 0, 0])
        counts[0] += 1
        if len(values) >= 2:
            counts[1] += 1
            counts[2] += values[-1] - values[0]
    verdicts.update(scoring.verdict_of(*counts) for counts in families.values())
    counted = sum(n for verdict, n in verdicts.items() if verdict not in (None, "single rating"))
    return Indicator("families-improved", "Families whose own goal scores improved", verdicts["improved"], counted,
                     scoring.SHARE_DEFINITION + f" Scores up to {period.end:%d/%m/%Y}; {_families(verdicts['single rating'])} with a single rating left out.")  # fmt: skip


def _open_past(reader: Reader, period: Period, params: dict, profile: Profile, calendar: WorkingCalendar) -> list[Indicator]:
    # Open on the period's last day: a case whose latest work began after it was open then only
    # if an earlier piece of work ran past that day (summary._cases_in says why). Only time-limited
    # work is counted, as the closures list flags it (domain/time_limited.py): CP and CLA work has no target end.
    sql, bound = open_time_limited(period, params, profile, calendar)
    found = reader.one(f"SELECT count(*) AS open_cases, count(CASE WHEN o.began < :w12 THEN 1 END) AS past12, count(CASE WHEN o.began < :w16 THEN 1 END) AS past16 FROM ({sql}) o", bound)
    where = f"cases open on {period.end:%d/%m/%Y} in {time_limited.WHOM}, counted from the start of the work in hand (the referral, or the latest reopening, step-down or step-up)"
    return [Indicator("open-past-12-weeks", f"Cases open past {profile.interval(TARGET)}", found["past12"], found["open_cases"], f"Of the {where}; past the target closure ({profile.interval(TARGET)})"),
            Indicator("open-past-16-weeks", f"Cases open past {profile.interval(LIMIT)}", found["past16"], found["open_cases"], f"Of the {where}; past the limit of the work ({profile.interval(LIMIT)}), as 'fscli closures' flags them")]  # fmt: skip


def open_time_limited(period: Period, params: dict, profile: Profile, calendar: WorkingCalendar) -> tuple[str, dict]:
    """SQL for the cases in time-limited work open on the period's last day (c.id, ref, family, and
    when their work in hand began), with its parameters: w12 and w16, the starts before which the
    work is past its target and its limit."""
    open_then = f"(d.opened_on IS NULL OR NOT ({reopened_after_end('d')}) OR {work_closed_since(':p_after')})"
    sql = (f"SELECT c.id, c.ref, c.family, {_began_by(':p_end')} AS began FROM cases c {OPENED} WHERE c.referred_on <= :p_end AND (c.status = 'open' OR c.closed_on > :p_end)"
           f" AND {open_then} AND {time_limited.time_limited_sql('c', 'd', ':p_end')}{_worker_clause(period)}")  # fmt: skip
    return sql, {**params, "p_after": period.end + timedelta(days=1), "w12": time_limited.began_before(TARGET, period.end, profile, calendar), "w16": time_limited.began_before(LIMIT, period.end, profile, calendar)}


def _worker_clause(period: Period) -> str:
    """The condition on `c` of the queries that find their cases by an event rather than by
    summary._cases_in: never a case under restriction of processing; with --worker, that worker's."""
    counted = f" AND {processing.counted_case_sql('c.id')}"
    if not period.worker:
        return counted
    return counted + (" AND c.id IN (SELECT a.case_id FROM allocation a JOIN worker w ON w.id = a.worker_id WHERE lower(w.name) = lower(:p_worker)"
            " AND a.start_on <= :p_end AND (a.end_on IS NULL OR a.end_on >= :p_start))")  # fmt: skip


def _closures(reader: Reader, period: Period, params: dict) -> list[Indicator]:
    from fscli.domain.codes import CLOSURE_REASON

    closed = reader.tuples(
        f"SELECT {_began_by('e.on_date')}, e.on_date, e.reason_code"
        f" FROM case_event e JOIN cases c ON c.id = e.case_id {OPENED} WHERE e.kind = 'closed' AND e.on_date BETWEEN :p_start AND :p_end" + _worker_clause(period),
        params,
    )
    day = cache(as_date)
    spans = [(day(began), day(closed_on)) for began, closed_on, _reason in closed]
    out = [Indicator("median-weeks-open", "Median weeks open at closure", rules.median_weeks(spans), len(spans), f"Over the {len(spans)} closures in the period, from the start of the work in hand (referral, reopening, step-down or step-up) to the closure", unit="weeks")]
    reasons = Counter(reason for _began, _closed_on, reason in closed)
    for code, n in sorted(reasons.items(), key=lambda item: (-item[1], item[0])):
        out.append(Indicator(f"closed-{code.lower()}", f"Closed: {CLOSURE_REASON.label(code)} ({code})", n, len(closed), "Of the closures in the period"))
    return out


def _moves(reader: Reader, where: str, params: dict) -> Counter[str]:
    """Step-ups and step-downs in the period, counted in SQL from the derived steps (store/derived.py)."""
    level_from, level_to = (_level_sql(column) for column in ("m.from_kind", "m.to_kind"))
    counts = f"SELECT count(CASE WHEN {level_to} > {level_from} THEN 1 END), count(CASE WHEN {level_to} < {level_from} THEN 1 END)"
    in_period = f" JOIN cases c ON c.id = m.case_id WHERE {where} AND m.on_date BETWEEN :p_start AND :p_end"
    # Every child's steps, read from the date index alone, less those of the children under
    # restriction of processing, found from them: asked of each step, whether its plan's child was
    # restricted read every plan of the council (council: 87 -> 41 ms).
    up, down = reader.tuples(counts + " FROM plan_step m" + in_period, params)[0]
    held_up, held_down = reader.tuples(counts + " FROM plan p JOIN plan_step m ON m.plan_id = p.id" + in_period + f" AND p.person_id IN ({processing.HELD_PEOPLE_SQL})", params)[0]
    return Counter(up=up - held_up, down=down - held_down)


def _level_sql(column: str) -> str:
    """The plan type's level (domain/indicators.py) as SQL, so that steps are counted without sorting them by type."""
    return f"CASE {column} " + " ".join(f"WHEN '{kind}' THEN {level}" for kind, level in rules.PLAN_LEVEL.items()) + " END"


def _steps(moves: Counter[str], children: int) -> list[Indicator]:
    # Counts, not shares: one child may step up twice in a period (Early Help to CIN, CIN to CP),
    # so a share of the children on plans could pass 100%. The children are the denominator, given for scale.
    definition = ("A plan starting in the period on the day another of the same child's plans ended, at a higher (up) or lower (down) level:"
                  f" Early Help and reunification, then CIN, CP, looked after; a count of steps, among {_children(children)} on a plan in the period")  # fmt: skip
    return [Indicator("step-ups", "Step-ups", moves["up"], children, definition, unit=_noun(moves["up"], "step-up", "step-ups")),
            Indicator("step-downs", "Step-downs", moves["down"], children, definition, unit=_noun(moves["down"], "step-down", "step-downs"))]  # fmt: skip


def _episode_steps(reader: Reader, where: str, params: dict) -> list[Indicator]:
    """Of the episodes ended in the period, those that ended in a step (domain/episodes.py): a
    statutory episode ended RC7 or RC9 with Early Help begun that day; an Early Help episode
    ended stepped up with a statutory episode begun that day. Counted per family, as the census
    counts episodes, beside the children's plan steps above."""
    from fscli.domain.episodes import STEP_DOWN_REASONS, STEP_UP_REASON

    steps = {f"step_{i}": reason for i, reason in enumerate((*STEP_DOWN_REASONS, STEP_UP_REASON))}  # bound, never spliced in
    rows = reader.tuples(
        "SELECT e.kind, count(*), count(CASE WHEN EXISTS (SELECT 1 FROM episode n WHERE n.case_id = e.case_id AND n.start_on = e.end_on AND n.kind <> e.kind)"
        f" AND e.end_reason IN ({', '.join(':' + name for name in steps)}) THEN 1 END)"
        f" FROM episode e JOIN cases c ON c.id = e.case_id WHERE {where} AND e.end_on BETWEEN :p_start AND :p_end GROUP BY e.kind",
        {**params, **steps},
    )
    ended = {kind: (n, stepped) for kind, n, stepped in rows}
    statutory, early_help = ended.get("statutory", (0, 0)), ended.get("early-help", (0, 0))
    return [Indicator("stepped-down-to-early-help", "Statutory episodes ended in a step-down to Early Help", statutory[1], statutory[0],
                      f"Of the statutory episodes (referral to census closure) ended in the period, those ended {' or '.join(STEP_DOWN_REASONS)} with Early Help begun the same day"),
            Indicator("stepped-up-from-early-help", "Early Help episodes ended in a step-up", early_help[1], early_help[0],
                      "Of the Early Help episodes ended in the period, those ended by a step-up: a new referral to children's social care the same day")]  # fmt: skip


def _re_referrals(reader: Reader, period: Period, params: dict) -> Indicator:
    in_period = " FROM case_event e JOIN cases c ON c.id = e.case_id WHERE e.on_date BETWEEN :p_start AND :p_end" + _worker_clause(period)
    referrals = reader.scalar("SELECT count(*)" + in_period + " AND e.kind IN ('referred', 'reopened')", params)
    again = sum(
        rules.is_re_referral(kind, as_date(day), as_date(last_closed))
        for kind, day, last_closed in reader.tuples(
            # Each reopening in the period with the case's last closure on or before its day.
            "SELECT e.kind, e.on_date, (SELECT max(x.on_date) FROM case_event x WHERE x.case_id = e.case_id AND x.kind = 'closed' AND x.on_date <= e.on_date)"
            + in_period + " AND e.kind = 'reopened'",
            params,
        )
    )
    # A step-up is a new referral too (domain/episodes.py); a re-referral when the family's statutory
    # work last ended, by a closure or a step-down, in the 12 months before.
    step_ups = reader.tuples(
        "SELECT e.start_on, (SELECT max(x.end_on) FROM episode x WHERE x.case_id = e.case_id AND x.kind = 'statutory' AND x.end_on <= e.start_on)"
        f" FROM episode e JOIN cases c ON c.id = e.case_id WHERE {began_with_step_up_sql('e', 'c')} AND e.start_on BETWEEN :p_start AND :p_end" + _worker_clause(period),
        params,
    )
    referrals += len(step_ups)
    again += sum(rules.is_re_referral("stepped-up", as_date(day), as_date(ended)) for day, ended in step_ups)
    return Indicator("re-referrals", "Re-referrals within 12 months", again, referrals,
                     "Referrals in the period (step-ups from Early Help among them) that reopened a case closed, or stepped up a family whose statutory work ended, in the 12 months before")  # fmt: skip


def _continuity(reader: Reader, where: str, params: dict) -> list[Indicator]:
    families, workers, three_or_more = reader.tuples(
        "SELECT count(*), sum(workers), count(CASE WHEN workers >= 3 THEN 1 END) FROM"
        # Continuity is kept per role: a family support worker joining is not a change of social
        # worker. A family's count is that of its role with the most workers.
        # Each family's allocations are read from its own index, the family's roles counted
        # together: grouping every allocation of the council by case and role first, then
        # joining, took 79 ms against 57 (a family without one counts no worker: count of NULL).
        " (SELECT r.id, max(r.workers) AS workers FROM (SELECT c.id, count(DISTINCT a.worker_id) AS workers FROM cases c"
        f"   LEFT JOIN allocation a ON a.case_id = c.id AND a.start_on <= :p_end WHERE {where} GROUP BY c.id, a.role) r GROUP BY r.id) f",
        params,
    )[0]
    mean = round(int(workers) / families, 1) if families else None  # int(): PostgreSQL sums as numeric
    return [Indicator("workers-per-family", "Workers per family (mean)", mean, families, "Different workers each family in the period has had in one role (the role with the most), from its referral to the period's end", unit="workers"),
            Indicator("three-or-more-workers", "Families with 3 or more workers", three_or_more, families, "Continuity: families in the period who have had three or more workers in one role")]  # fmt: skip


def _assessments(reader: Reader, period: Period, where: str, params: dict, profile: Profile, calendar: WorkingCalendar) -> Indicator:
    found = reader.tuples(
        # Single assessments only: an Early Help assessment has its own local timescale and is never
        # counted in the 45-working-day figure (domain.md §2, Early Help assessment row).
        f"SELECT {_began_by('a.start_on')}, a.completed_on FROM assessment a JOIN cases c ON c.id = a.case_id {OPENED} WHERE {where} AND a.kind = 'single' AND a.completed_on BETWEEN :p_start AND :p_end AND {processing.counted_person_sql('a.person_id')}",
        params,
    )
    interval = profile.interval("assessment")
    day, deadline = cache(as_date), cache(lambda began: interval.after(as_date(began), calendar))
    on_time = sum(day(completed_on) <= deadline(began) for began, completed_on in found)
    return Indicator("assessments-in-time", f"Assessments within {interval}", on_time, len(found),
                     f"Single assessments authorised in the period within {interval} of the referral (or reopening, or step-up); Early Help assessments are not counted")  # fmt: skip


def _cp_reviews(reader: Reader, period: Period, where: str, params: dict, profile: Profile, calendar: WorkingCalendar) -> Indicator:
    first, after_birth = profile.interval("cp-review-first"), profile.interval("cp-review-after-birth")
    # Only the plans whose first review fell due in the period, not a council's CP plans of every
    # year: those begun when a 3-month review falls in it, and pre-birth plans of children born when
    # a review after the birth falls in it (domain/due.py: first_cp_review).
    window = {"s_from": first.first_start_due_from(period.start, calendar), "s_to": first.first_start_due_from(period.end + timedelta(days=1), calendar) - timedelta(days=1),
              "b_from": after_birth.first_start_due_from(period.start, calendar), "b_to": after_birth.first_start_due_from(period.end + timedelta(days=1), calendar) - timedelta(days=1)}  # fmt: skip
    # Both kinds of plan in one pass over the plans (two statements read them twice), each plan once.
    plans = reader.tuples(
        f"SELECT p.start_on, pe.dob, (SELECT min(m.on_date) FROM meeting m WHERE m.case_id = p.case_id AND m.kind = 'rcpc' AND m.on_date >= p.start_on AND {live_sql('meeting', 'm')})"
        f" FROM plan p JOIN person pe ON pe.id = p.person_id JOIN cases c ON c.id = p.case_id WHERE {where} AND p.kind = 'cp'"
        f" AND (p.start_on BETWEEN :s_from AND :s_to OR pe.dob BETWEEN :b_from AND :b_to AND pe.dob > p.start_on) AND {live_sql('plan', 'p')} AND {COUNTED_CHILD}",
        {**params, **window},
    )

    @cache
    def deadline_of(start_on, born_since):
        return first_cp_review(as_date(start_on), [as_date(born_since)] if born_since else [], profile, calendar)[1]

    due = held = 0
    for start_on, dob, review in plans:
        # Worked out once a start day: a birth before the plan began does not move its review
        # (first_cp_review looks only at births after the start), so it is left out of the key.
        deadline = deadline_of(start_on, dob if dob is not None and dob > start_on else None)
        if period.start <= deadline <= period.end:
            due += 1
            held += bool(review) and as_date(review) <= deadline
    return Indicator("cp-reviews-in-time", "First CP reviews in timescale", held, due,
                     f"CP plans whose first review conference fell due in the period ({first} after the ICPC, or {after_birth} after the birth of a child on a pre-birth plan when sooner) and was held by then")


# The earliest last visit still in time on the period's last day, by kind of plan (bound by _visits).
THRESHOLD = "(CASE p.kind WHEN 'cp' THEN :t_cp ELSE :t_cin END)"
SEEN_FACE_TO_FACE_SINCE_THRESHOLD = (
    # Whether the child was seen face to face from the kind's threshold to the period's end: the
    # family's contacts in those few weeks, found on the index on contact (case, date).
    "EXISTS (SELECT 1 FROM contact k JOIN contact_party cp ON cp.contact_id = k.id"
    f" WHERE k.case_id = p.case_id AND k.on_date BETWEEN {THRESHOLD} AND :p_end"
    f" AND {face_to_face_sql('k.kind')} AND +cp.person_id = p.person_id AND cp.seen = 1 AND {live_sql('contact', 'k')})"
)


def _visits(reader: Reader, period: Period, where: str, params: dict, profile: Profile, calendar: WorkingCalendar) -> list[Indicator]:
    kinds = {"cp": ("cp-visit", "CP"), "cin": ("cin-visit", "CIN")}
    intervals = {kind: profile.interval(rule) for kind, (rule, _label) in kinds.items()}
    # The earliest last visit still in time on the period's last day, for each kind of plan.
    thresholds = {kind: interval.first_start_due_from(period.end, calendar) for kind, interval in intervals.items()}
    found = {**params, "t_cp": thresholds["cp"], "t_cin": thresholds["cin"]}
    on_plan = f"p.kind IN ('cp', 'cin') AND p.start_on <= {THRESHOLD} AND (p.end_on IS NULL OR p.end_on >= :p_end) AND {live_sql('plan', 'p')} AND {COUNTED_CHILD}"
    # When an open plan's child was last seen (derived, store/derived.py) by the period's end, that
    # date answers; the rest are looked up in their contacts: open plans whose child was seen
    # after the period's end, and plans ended since (a handful for a period ending today). One
    # pass over the plans: the open ones on their index and the ended ones on a scan of every
    # plan's child index took 47 ms on the council, the plans read once 35.
    counts: Counter[tuple[str, str]] = Counter()
    for kind, children, seen in reader.tuples(
        f"SELECT p.kind, count(*), count(CASE WHEN (CASE WHEN p.end_on IS NOT NULL OR s.plan_id IS NULL OR s.seen_on > :p_end THEN {SEEN_FACE_TO_FACE_SINCE_THRESHOLD}"
        f" ELSE s.seen_on >= {THRESHOLD} END) THEN 1 END) FROM plan p LEFT JOIN plan_seen s ON s.plan_id = p.id JOIN cases c ON c.id = p.case_id WHERE {where} AND {on_plan} GROUP BY p.kind",
        found,
    ):
        counts[kind, "children"] += children
        counts[kind, "seen"] += seen
    out = []
    for kind, (_rule, label) in kinds.items():
        threshold = thresholds[kind]
        out.append(Indicator(f"{kind}-visits-in-time", f"{label} children seen within {intervals[kind]}", counts[kind, "seen"], counts[kind, "children"],
                             f"Children on a {label} plan on {period.end:%d/%m/%Y} (begun by {threshold:%d/%m/%Y}) seen face to face on or after {threshold:%d/%m/%Y}"))  # fmt: skip
    return out


def indicators_report(readers: Sequence[Reader], period: Period, profile: Profile, calendar: WorkingCalendar, today: date) -> Report:
    """The indicators, read in two lanes when two readers share the snapshot (reports/lanes.py)."""
    where, params = _cases_in(period)
    # Plans and assessments dated in the period put their case in it (summary._cases_in).
    by_work, _ = _cases_in(period, via_work_in_period=True)

    # The pieces that read rows into Python beside those SQL answers alone, so that the second
    # lane seldom waits for Python's lock: whole processes took 0.39 s so, 0.43 s with families
    # improved moved across (an ad-hoc A/B of 15 runs each; benchmarks/summary.py times each piece).
    # The steps, SQL alone, ride in the first lane: with families improved and first CP reviews
    # made cheap (issue 27) it had the lighter load (thread CPU on the council 293 ms against 365).
    def first(reader: Reader) -> dict:
        return {
            "looked after": _looked_after_work(reader, by_work, params),
            "improved": _improved(reader, period, where, params),
            "closures": _closures(reader, period, params),
            "assessments": _assessments(reader, period, by_work, params, profile, calendar),
            "cp reviews": _cp_reviews(reader, period, by_work, params, profile, calendar),
            "moves": _moves(reader, by_work, params),
        }

    def second(reader: Reader) -> dict:
        return {
            "children": _children_on_plans(reader, by_work, params),
            "episode steps": _episode_steps(reader, where, params),
            "continuity": _continuity(reader, where, params),
            "visits": _visits(reader, period, by_work, params, profile, calendar),
            "open past": _open_past(reader, period, params, profile, calendar),
            "re-referrals": _re_referrals(reader, period, params),
            "held back": held_back(reader, period),
        }

    one, other = in_lanes(readers, [first, second])
    got = {**one, **other}
    on_plans, in_work = got["children"]
    found: list[Indicator] = [
        _kept_at_home(got["looked after"], in_work, profile, calendar, today),
        got["improved"],
        *got["open past"],
        *got["closures"],
        *_steps(got["moves"], on_plans),
        *got["episode steps"],
        got["re-referrals"],
        *got["continuity"],
        got["assessments"],
        got["cp reviews"],
        *got["visits"],
    ]
    rows = [{"key": i.key, "indicator": i.name, "value": i.value(), "numerator": i.numerator, "denominator": i.denominator, "definition": i.definition} for i in found]
    note = with_held_back("Each value shows its numerator and denominator; 'none in the period' where there was nothing to count.", got["held back"])
    return Report(f"Indicators for {period.words()}", COLUMNS, rows, note=note)


def _noun(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _families(n: int) -> str:
    return f"{n} {_noun(n, 'family', 'families')}"


def _children(n: int) -> str:
    return f"{n} {_noun(n, 'child', 'children')}"
