"""The tables. Every change to them is an Alembic migration in store/migrations/versions.

Constraints repeat the domain rules as a second line of defence: a bug in a service must hit a
CHECK, a foreign key or a unique index rather than store something a worker would trust.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from fscli.domain.allocation import ROLES
from fscli.domain.booking_kinds import BOOKING_OF, CANCELLED_BY, CASELESS_MEETINGS
from fscli.domain.episode_kinds import ASSESSMENT_KINDS, EPISODE_KINDS
from fscli.domain.family import DETAILS
from fscli.store.types import IsoDate, UtcDateTime, date_check

STRICT = {"sqlite_strict": True}
TEAM_ROLES = ("member", "manager")  # a manager of a team sees its cases as a member does, and manages who is in it
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING


def _text(*, nullable: bool = False, unique: bool = False, index: bool = False):
    return Field(default=None if nullable else ..., sa_type=sa.Text, nullable=nullable, unique=unique, index=index)


def _date(*, nullable: bool = False):
    return Field(default=None if nullable else ..., sa_type=IsoDate, nullable=nullable)


def _instant():
    return Field(sa_type=UtcDateTime, nullable=False)


def _fk(target: str, *, nullable: bool = False, index: bool = True):
    return Field(default=None if nullable else ..., foreign_key=target, nullable=nullable, index=index, ondelete="RESTRICT")


def _length(column: str, low: int, high: int) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"length({column}) BETWEEN {low} AND {high}", name=f"{column}_length")


def _one_of(column: str, values: tuple[str, ...], *, nullable: bool = False) -> sa.CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    condition = f"{column} IN ({listed})"
    return sa.CheckConstraint(f"{column} IS NULL OR {condition}" if nullable else condition, name=f"{column}_allowed")


def _void_instant():
    return Field(default=None, sa_type=UtcDateTime, nullable=True)


def _voidable() -> tuple[sa.CheckConstraint, ...]:
    """An entry made in error is voided, never deleted: it leaves every view, clock and count, and
    stays in the audit and the export with the instant and the reason (domain/voiding.py)."""
    return (_length("void_reason", 1, 2000), sa.CheckConstraint("(voided_at IS NULL) = (void_reason IS NULL)", name="void_has_reason"))


class Worker(SQLModel, table=True):
    __tablename__ = "worker"
    __table_args__ = (_length("name", 1, 200), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    name: str = _text(unique=True)
    created_at: datetime = _instant()
    # The database login that is this worker on a team server (PostgreSQL's session_user): who
    # writes and who sees are read from the login there, never from FSCLI_WORKER.
    login: str | None = Field(default=None, sa_type=sa.Text, nullable=True, unique=True, index=True)


class Team(SQLModel, table=True):
    """A team of workers (a locality team, a pod, a duty rota): its members and managers see its cases."""

    __tablename__ = "team"
    __table_args__ = (_length("name", 1, 200), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    name: str = _text(unique=True)
    created_at: datetime = _instant()


class TeamMember(SQLModel, table=True):
    __tablename__ = "team_member"
    __table_args__ = (sa.UniqueConstraint("team_id", "worker_id"), _one_of("role", TEAM_ROLES), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = _fk("team.id", index=False)  # uq_team_member_team_id_worker_id begins with it
    worker_id: int = _fk("worker.id")
    role: str = _text()
    created_at: datetime = _instant()


class CaseTeam(SQLModel, table=True):
    """The team whose case it is: its members and managers see it on a team server."""

    __tablename__ = "case_team"
    __table_args__ = (STRICT,)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", unique=True, nullable=False, ondelete="RESTRICT")
    team_id: int = _fk("team.id")


class Case(SQLModel, table=True):
    __tablename__ = "cases"
    __table_args__ = (
        _length("ref", 1, 30),
        _length("family", 1, 200),
        _length("reason", 1, 2000),
        _one_of("status", ("open", "closed")),
        sa.CheckConstraint(
            "(status = 'open' AND closed_on IS NULL AND closure_reason IS NULL)"
            " OR (status = 'closed' AND closed_on IS NOT NULL AND closure_reason IS NOT NULL)",
            name="closed_has_date_and_reason",
        ),
        sa.CheckConstraint("closed_on IS NULL OR closed_on >= referred_on", name="closed_after_referral"),
        sa.Index("ix_cases_ref_upper", sa.text("upper(ref)")),  # a reference typed in any case, found on an index
        date_check("referred_on"),
        date_check("closed_on"),
        date_check("referral_decided_on"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    ref: str = _text(unique=True)
    family: str = _text()
    referred_on: date = _date()
    referral_source: str = _text()
    reason: str = _text()
    status: str = _text(index=True)
    closed_on: date | None = _date(nullable=True)
    closure_reason: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    primary_need: str | None = _text(nullable=True)
    referral_nfa: int = Field(default=0, nullable=False, sa_column_kwargs={"server_default": "0"})
    # The day the referral was decided (no further action, or further action), so the decision's
    # clock stops; referral_nfa alone cannot tell "further action" from "not decided yet".
    referral_decided_on: date | None = _date(nullable=True)


class CaseEvent(SQLModel, table=True):
    """The case's own history: referral, each closure and each reopening; never rewritten."""

    __tablename__ = "case_event"
    __table_args__ = (
        _one_of("kind", ("referred", "closed", "reopened")),
        _length("reason_text", 0, 2000),
        _length("summary", 0, 20000),
        _length("sustain", 0, 20000),
        date_check("on_date"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    kind: str = _text()
    on_date: date = _date()
    reason_code: str | None = _text(nullable=True)
    reason_text: str | None = _text(nullable=True)
    summary: str | None = _text(nullable=True)
    sustain: str | None = _text(nullable=True)
    recorded_by: str | None = _text(nullable=True)
    recorded_at: datetime = _instant()


class Episode(SQLModel, table=True):
    """A stretch of one kind of work inside a case, as the census counts it: a statutory episode
    runs from its referral to its closure with a census reason (RC1-RC9); an early help episode
    from its start to its end, with its own clocks. A step down or up ends one and starts the next
    on the same day; a closure ends the open one; a reopening starts one (domain/episodes.py)."""

    __tablename__ = "episode"
    __table_args__ = (
        _one_of("kind", EPISODE_KINDS),
        sa.CheckConstraint("end_on IS NULL OR end_on >= start_on", name="episode_ends_after_start"),
        sa.CheckConstraint("(end_on IS NULL) = (end_reason IS NULL)", name="ended_episode_has_reason"),
        _partial("uq_episode_one_open", "case_id", unique=True, where="end_on IS NULL"),
        date_check("start_on"),
        date_check("end_on"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    kind: str = _text()
    start_on: date = _date()
    referral_source: str | None = _text(nullable=True)  # a statutory episode's referral source (a step up: 5D)
    end_on: date | None = _date(nullable=True)
    end_reason: str | None = _text(nullable=True)  # RC1-RC9 for a statutory episode; the case closure code otherwise
    created_at: datetime = _instant()


class Person(SQLModel, table=True):
    __tablename__ = "person"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "name"),
        _length("name", 1, 200),
        _length("relationship", 0, 200),
        _one_of("role", ("child", "parent", "carer", "other")),
        _one_of("sex", ("M", "F", "U"), nullable=True),
        sa.CheckConstraint("dob IS NULL OR due_on IS NULL", name="born_or_unborn"),
        sa.CheckConstraint("due_on IS NULL OR role = 'child'", name="only_children_unborn"),
        date_check("dob"),
        date_check("due_on"),
        sa.Index("uq_person_child_id", "child_id", unique=True),
        sa.Index("ix_person_child_id_upper", sa.text("upper(child_id)")),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    name: str = _text()
    role: str = _text()
    dob: date | None = _date(nullable=True)
    due_on: date | None = _date(nullable=True)
    sex: str | None = _text(nullable=True)
    relationship: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    child_id: str | None = _text(nullable=True)  # the local child identifier of statutory returns
    ethnicity: str | None = _text(nullable=True)
    disabilities: str | None = _text(nullable=True)  # comma-separated disability codes
    upn: str | None = _text(nullable=True)
    upn_unknown: str | None = _text(nullable=True)
    died_on: date | None = _date(nullable=True)
    in_referral: int = Field(default=1, nullable=False, sa_column_kwargs={"server_default": "1"})


class Agency(SQLModel, table=True):
    """An agency or professional involved with the family."""

    __tablename__ = "agency"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "kind", "name"),
        _length("name", 1, 200),
        _length("contact", 0, 2000),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    name: str = _text()
    kind: str = _text()
    contact: str | None = _text(nullable=True)
    created_at: datetime = _instant()


class Allocation(SQLModel, table=True):
    """Who worked the case in which role from when to when; at most one current holder per role.

    A case allocated without a role has a key worker, who owns every duty no other role owns
    (domain/allocation.py): the one-worker cases of earlier releases read as before.
    """

    __tablename__ = "allocation"
    __table_args__ = (
        sa.CheckConstraint("end_on IS NULL OR end_on >= start_on", name="ends_after_start"),
        _one_of("role", ROLES),
        _partial("uq_allocation_one_current", "case_id", "role", unique=True, where="end_on IS NULL"),
        date_check("start_on"),
        date_check("end_on"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    worker_id: int = _fk("worker.id")
    start_on: date = _date()
    end_on: date | None = _date(nullable=True)
    reason: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    role: str = Field(default="key-worker", sa_type=sa.Text, nullable=False, sa_column_kwargs={"server_default": "key-worker"})


class Assessment(SQLModel, table=True):
    """A single (child and family) assessment of one child; completed_on is its authorisation."""

    __tablename__ = "assessment"
    __table_args__ = (
        sa.CheckConstraint("completed_on IS NULL OR completed_on >= start_on", name="completed_after_start"),
        sa.CheckConstraint("child_seen IS NULL OR child_seen IN (0, 1)", name="child_seen_flag"),
        _one_of("kind", ASSESSMENT_KINDS),
        _partial("uq_assessment_one_open", "person_id", unique=True, where="completed_on IS NULL"),
        date_check("start_on"),
        date_check("completed_on"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    person_id: int = _fk("person.id")
    start_on: date = _date()
    completed_on: date | None = _date(nullable=True)
    factors: str | None = _text(nullable=True)
    child_seen: int | None = Field(default=None, nullable=True)
    outcome: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    # single: the statutory single assessment (45 working days); early-help: an EHA (JAFF or the
    # local name), with its own local timescale and never counted in the single assessment figures.
    kind: str = Field(default="single", sa_type=sa.Text, nullable=False, sa_column_kwargs={"server_default": "single"})


class Section47(SQLModel, table=True):
    """A section 47 enquiry, from the strategy discussion that started it to the ICPC decision."""

    __tablename__ = "s47"
    __table_args__ = (
        sa.CheckConstraint("icpc_on IS NULL OR icpc_on >= start_on", name="icpc_after_start"),
        sa.CheckConstraint("icpc_not_required IN (0, 1)", name="icpc_not_required_flag"),
        sa.CheckConstraint("NOT (icpc_on IS NOT NULL AND icpc_not_required = 1)", name="icpc_once"),
        _partial("uq_s47_one_open", "person_id", unique=True, where="icpc_on IS NULL AND icpc_not_required = 0"),
        date_check("start_on"),
        date_check("icpc_on"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    person_id: int = _fk("person.id")
    start_on: date = _date()
    icpc_on: date | None = _date(nullable=True)
    icpc_not_required: int = Field(default=0, nullable=False)
    created_at: datetime = _instant()


class Plan(SQLModel, table=True):
    """A plan episode for one child: early-help, cin, cp, cla or reunification."""

    __tablename__ = "plan"
    __table_args__ = (
        _one_of("kind", ("early-help", "cin", "cp", "cla", "reunification")),
        sa.CheckConstraint("end_on IS NULL OR end_on >= start_on", name="plan_ends_after_start"),
        _partial("uq_plan_one_open_kind", "person_id", "kind", unique=True, where="end_on IS NULL"),
        _partial("ix_plan_open", "case_id", "start_on", "kind", "person_id", where="end_on IS NULL"),
        sa.Index("ix_plan_child_kind", "person_id", "kind", "start_on", "end_on", "case_id"),  # a child's plans, a period's children
        _partial("ix_plan_care", "person_id", "start_on", "end_on", where="kind = 'cla'"),  # every care episode, a tenth of the plans
        date_check("start_on"),
        date_check("end_on"),
        date_check("returned_home_on"),
        date_check("order_discharged_on"),
        date_check("discharge_applied_on"),
        *_voidable(),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    person_id: int = _fk("person.id", index=False)  # ix_plan_child_kind begins with it
    kind: str = _text()
    start_on: date = _date()
    end_on: date | None = _date(nullable=True)
    start_reason: str | None = _text(nullable=True)
    end_reason: str | None = _text(nullable=True)
    returned_home_on: date | None = _date(nullable=True)
    order_discharged_on: date | None = _date(nullable=True)
    created_at: datetime = _instant()
    discharge_applied_on: date | None = _date(nullable=True)  # reunification: the application to discharge the care order
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)


class PlanCategory(SQLModel, table=True):
    """A CP plan's category of abuse from a date: the first row is the initial, the last the latest."""

    __tablename__ = "plan_category"
    __table_args__ = (_one_of("category", ("NEG", "PHY", "SAB", "EMO", "MUL")), date_check("from_on"), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = _fk("plan.id")
    category: str = _text()
    from_on: date = _date()
    created_at: datetime = _instant()


class Goal(SQLModel, table=True):
    """A family's goal in their own words; its id is the short number workers type."""

    __tablename__ = "goal"
    __table_args__ = (
        _length("text", 1, 2000),
        _one_of("status", ("open", "achieved", "withdrawn")),
        sa.CheckConstraint("scale_min IN (0, 1) AND scale_max = 10", name="scale_allowed"),
        sa.CheckConstraint("(status = 'open') = (closed_on IS NULL)", name="closed_goal_has_date"),
        date_check("closed_on"),
        *_voidable(), STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    person_id: int | None = _fk("person.id", nullable=True)
    text: str = _text()
    area: str | None = _text(nullable=True)
    outcome: str | None = _text(nullable=True)
    scale_min: int = Field(nullable=False)
    scale_max: int = Field(nullable=False)
    status: str = _text()
    closed_on: date | None = _date(nullable=True)
    close_note: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)


class GoalScore(SQLModel, table=True):
    """One rating of a goal; a correction is a new row that supersedes an earlier one."""

    __tablename__ = "goal_score"
    __table_args__ = (
        sa.CheckConstraint("value BETWEEN 0 AND 10", name="value_on_scale"),
        _one_of("rater_kind", ("family", "worker", "professional")),
        _one_of("phase", ("baseline", "midway", "end", "review")),
        sa.Index("uq_goal_score_superseded_once", "supersedes_id", unique=True),
        sa.Index("ix_goal_score_goal_rater", "goal_id", "rater_kind"),  # "rated by the family?" answered from the index alone
        date_check("scored_on"),
        *_voidable(), STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = _fk("goal.id")
    value: int = Field(nullable=False)
    scored_on: date = _date()
    rater_kind: str = _text()
    rater_name: str = _text()
    rater_person_id: int | None = _fk("person.id", nullable=True)
    phase: str = _text()
    note: str | None = _text(nullable=True)
    next_step: str | None = _text(nullable=True)
    supersedes_id: int | None = Field(default=None, foreign_key="goal_score.id", nullable=True, ondelete="RESTRICT")
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)


class Contact(SQLModel, table=True):
    """A visit or other contact with the family; a correction is a new row pointing at the old one."""

    __tablename__ = "contact"
    __table_args__ = (
        sa.CheckConstraint("duration_min IS NULL OR duration_min BETWEEN 1 AND 1440", name="duration_in_a_day"),
        sa.CheckConstraint("unannounced IN (0, 1) AND pre_referral IN (0, 1)", name="contact_flags"),
        _length("note", 0, 20000),
        sa.Index("uq_contact_corrected_once", "corrects_id", unique=True),
        # What is due asks "when was this family last visited?" of millions of contacts.
        sa.Index("ix_contact_case_on_date", "case_id", "on_date"),
        date_check("on_date"),
        *_voidable(), STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    kind: str = _text()
    on_date: date = _date()
    at_time: str | None = _text(nullable=True)  # local wall-clock HH:MM, as the worker wrote it
    duration_min: int | None = Field(default=None, nullable=True)
    unannounced: int = Field(default=0, nullable=False)
    pre_referral: int = Field(default=0, nullable=False)
    location: str | None = _text(nullable=True)
    note: str | None = _text(nullable=True)
    worker: str | None = _text(nullable=True)
    corrects_id: int | None = Field(default=None, foreign_key="contact.id", nullable=True, ondelete="RESTRICT")
    correction_reason: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)


class ContactParty(SQLModel, table=True):
    """Who was at a contact: a person (with seen / seen alone / bedroom seen) or an agency."""

    __tablename__ = "contact_party"
    __table_args__ = (
        sa.CheckConstraint("(person_id IS NULL) <> (agency_id IS NULL)", name="person_or_agency"),
        sa.CheckConstraint("seen IN (0, 1) AND seen_alone IN (0, 1) AND bedroom_seen IN (0, 1)", name="party_flags"),
        sa.CheckConstraint("seen_alone = 0 OR seen = 1", name="alone_means_seen"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = _fk("contact.id")
    person_id: int | None = _fk("person.id", nullable=True)
    agency_id: int | None = _fk("agency.id", nullable=True)
    seen: int = Field(default=0, nullable=False)
    seen_alone: int = Field(default=0, nullable=False)
    bedroom_seen: int = Field(default=0, nullable=False)


class ContactWorker(SQLModel, table=True):
    """A worker present at a contact besides the one who logged it: the joint visit."""

    __tablename__ = "contact_worker"
    __table_args__ = (sa.UniqueConstraint("contact_id", "worker_id"), STRICT)

    id: int | None = Field(default=None, primary_key=True)  # the export's key, like every table's
    contact_id: int = _fk("contact.id", index=False)  # its unique constraint begins with it
    worker_id: int = _fk("worker.id")


class PlannedVisit(SQLModel, table=True):
    """A booking: a visit planned or a meeting booked ahead (domain/booking_kinds.py). A visit is
    fulfilled by the contact logged on or near its date, a meeting by the meeting of its kind, else
    it is missed once passed; unless it was cancelled (who, why) or moved (field_history)."""

    __tablename__ = "planned_visit"
    __table_args__ = (
        date_check("on_date"),
        date_check("cancelled_on"),
        _one_of("booking_of", BOOKING_OF),
        _one_of("cancelled_by", CANCELLED_BY, nullable=True),
        _length("location", 1, 2000),
        _length("invited", 1, 2000),
        _length("note", 1, 20000),
        _length("cancel_reason", 1, 2000),
        sa.CheckConstraint("(cancelled_on IS NULL) = (cancelled_by IS NULL) AND (cancelled_on IS NULL) = (cancel_reason IS NULL)", name="cancelled_by_whom_why"),
        sa.CheckConstraint("case_id IS NOT NULL OR booking_of = 'meeting'", name="visit_has_case"),
        sa.CheckConstraint("fulfilled_by IS NULL OR booking_of = 'visit'", name="visit_held_as_contact"),
        sa.CheckConstraint("held_as IS NULL OR booking_of = 'meeting'", name="meeting_held_as_meeting"),
        sa.Index("ix_planned_visit_on_date", "on_date"),
        *_voidable(),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = _fk("cases.id", nullable=True)  # none: supervision, training, a team meeting
    kind: str = _text()  # a contact type for a visit, a meeting type for a meeting
    on_date: date = _date()
    at_time: str | None = _text(nullable=True)
    fulfilled_by: int | None = _fk("contact.id", nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)
    # Since the worker's calendar (0012); new columns go last: the export's columns keep their order.
    booking_of: str = Field(default="visit", sa_type=sa.Text, nullable=False, sa_column_kwargs={"server_default": "visit"})
    location: str | None = _text(nullable=True)
    invited: str | None = _text(nullable=True)  # names as given: people on the case, agencies, workers
    note: str | None = _text(nullable=True)
    worker: str | None = _text(nullable=True)  # whose diary it is in: who booked it
    series_id: int | None = _fk("planned_visit.id", nullable=True, index=False)  # the first booking of a repeating plan
    held_as: int | None = _fk("meeting.id", nullable=True)
    cancelled_on: date | None = _date(nullable=True)
    cancelled_by: str | None = _text(nullable=True)
    cancel_reason: str | None = _text(nullable=True)


class Meeting(SQLModel, table=True):
    __tablename__ = "meeting"
    __table_args__ = (
        _length("decisions", 0, 20000),
        _length("location", 1, 2000),
        sa.CheckConstraint(f"case_id IS NOT NULL OR kind IN ({', '.join(repr(k) for k in CASELESS_MEETINGS)})", name="caseless_kinds"),
        sa.Index("uq_meeting_corrected_once", "corrects_id", unique=True),
        sa.Index("ix_meeting_case_kind_on_date", "case_id", "kind", "on_date"),
        sa.Index("ix_meeting_next_on", "next_on"),
        date_check("on_date"),
        date_check("next_on"),
        *_voidable(), STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = _fk("cases.id", nullable=True)  # none: supervision, training (meeting_case names the cases discussed)
    kind: str = _text()
    on_date: date = _date()
    at_time: str | None = _text(nullable=True)
    chair: str | None = _text(nullable=True)
    attendees: str | None = _text(nullable=True)  # names as given: people, agencies, others present
    decisions: str | None = _text(nullable=True)
    next_on: date | None = _date(nullable=True)
    worker: str | None = _text(nullable=True)
    corrects_id: int | None = Field(default=None, foreign_key="meeting.id", nullable=True, ondelete="RESTRICT")
    correction_reason: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)
    location: str | None = _text(nullable=True)  # new columns go last: the export's columns keep their order


class MeetingWorker(SQLModel, table=True):
    """A worker present at a meeting besides the one who logged it."""

    __tablename__ = "meeting_worker"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "worker_id"), STRICT)

    id: int | None = Field(default=None, primary_key=True)  # the export's key, like every table's
    meeting_id: int = _fk("meeting.id", index=False)  # its unique constraint begins with it
    worker_id: int = _fk("worker.id")


class MeetingCase(SQLModel, table=True):
    """A case discussed at a meeting that belongs to no one family (supervision, a team meeting,
    calls with professionals): the case's chronology shows the meeting, and a supervision that
    discussed it is management oversight of it."""

    __tablename__ = "meeting_case"
    __table_args__ = (sa.UniqueConstraint("meeting_id", "case_id"), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = _fk("meeting.id", index=False)  # its unique constraint begins with it
    case_id: int = _fk("cases.id")


class DiaryEntry(SQLModel, table=True):
    """The worker's running record; a case is optional (an office day, supervision)."""

    __tablename__ = "diary"
    __table_args__ = (
        _length("text", 1, 20000),
        sa.Index("uq_diary_corrected_once", "corrects_id", unique=True),
        date_check("on_date"),
        *_voidable(), STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = _fk("cases.id", nullable=True)
    on_date: date = _date()
    at_time: str | None = _text(nullable=True)
    text: str = _text()
    tags: str = Field(default="", sa_type=sa.Text, nullable=False)  # ' tag1 tag2 ', lower-case, for LIKE '% tag %'
    worker: str | None = _text(nullable=True)
    corrects_id: int | None = Field(default=None, foreign_key="diary.id", nullable=True, ondelete="RESTRICT")
    correction_reason: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)


class Task(SQLModel, table=True):
    __tablename__ = "task"
    __table_args__ = (
        _length("text", 1, 2000),
        _partial("ix_task_open", "case_id", "due_on", where="done_on IS NULL"),
        date_check("due_on"),
        date_check("done_on"),
        *_voidable(), STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    text: str = _text()
    due_on: date = _date()
    due_time: str | None = _text(nullable=True)
    done_on: date | None = _date(nullable=True)
    worker: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)


class OutcomeCheck(SQLModel, table=True):
    """The six-month check after a closure: did the change hold? It ends the check's clock."""

    __tablename__ = "outcome_check"
    __table_args__ = (_one_of("sustained", ("yes", "no", "unknown")), _length("note", 0, 20000), date_check("on_date"), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id")
    on_date: date = _date()
    sustained: str = _text()
    note: str | None = _text(nullable=True)
    recorded_by: str | None = _text(nullable=True)
    created_at: datetime = _instant()


class FamilyDetail(SQLModel, table=True):
    """A family's or a person's detail from a date: address, telephone, GP, school, language,
    interpreter, consent to share. The latest from_on is current; earlier rows are its history
    (the family moved on the Tuesday). An empty value says the detail no longer holds."""

    __tablename__ = "family_detail"
    __table_args__ = (
        _one_of("field", DETAILS),
        _length("value", 0, 2000),
        sa.Index("ix_family_detail_case_field", "case_id", "field", "from_on"),
        date_check("from_on"),
        *_voidable(),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id", index=False)  # ix_family_detail_case_field begins with it
    person_id: int | None = _fk("person.id", nullable=True)
    field: str = _text()
    value: str = _text()
    from_on: date = _date()
    recorded_by: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()
    void_reason: str | None = _text(nullable=True)


class FieldHistory(SQLModel, table=True):
    """A recorded value corrected: what it was, what it became, why, who, when. The audit keeps no
    values (no personal data there); this is the record's own history, shown with the record."""

    __tablename__ = "field_history"
    __table_args__ = (
        _length("entity", 1, 50),
        _length("field", 1, 50),
        _length("old_value", 0, 20000),
        _length("new_value", 0, 20000),
        _length("reason", 1, 2000),
        sa.Index("ix_field_history_entity", "entity", "entity_id"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = _fk("cases.id", nullable=True)
    entity: str = _text()
    entity_id: int = Field(nullable=False)
    field: str = _text()
    old_value: str | None = _text(nullable=True)
    new_value: str | None = _text(nullable=True)
    reason: str = _text()
    recorded_by: str | None = _text(nullable=True)
    recorded_at: datetime = _instant()


class CaseDue(SQLModel, table=True):
    """Derived, never typed in (store/derived.py): the facts of a case that `fscli due` reads."""

    __tablename__ = "case_due"
    __table_args__ = (STRICT,)

    case_id: int = Field(foreign_key="cases.id", primary_key=True, ondelete="CASCADE")
    opened_on: date = _date()
    worker_id: int | None = Field(default=None, nullable=True, index=True)  # no foreign key: a fact, checked by db check
    outcome_checked: int = Field(nullable=False)
    decided: int = Field(nullable=False)
    baseline_on: date | None = _date(nullable=True)
    midway_on: date | None = _date(nullable=True)


class PlanSeen(SQLModel, table=True):
    """Derived (store/derived.py): when the child on an open statutory plan was last seen."""

    __tablename__ = "plan_seen"
    __table_args__ = (STRICT,)

    plan_id: int = Field(foreign_key="plan.id", primary_key=True, ondelete="CASCADE")
    seen_on: date | None = _date(nullable=True)


class CaseReview(SQLModel, table=True):
    """Derived (store/derived.py): reviews of each kind held since the open plan began, and the last."""

    __tablename__ = "case_review"
    __table_args__ = (STRICT,)

    case_id: int = Field(foreign_key="cases.id", primary_key=True, ondelete="CASCADE")
    kind: str = Field(sa_type=sa.Text, primary_key=True)
    held: int = Field(nullable=False)
    last_on: date = _date()


class GoalFamily(SQLModel, table=True):
    """Derived (store/derived.py): a goal's family ratings, superseded ones left out, summed up."""

    __tablename__ = "goal_family"
    __table_args__ = (
        sa.Index("ix_goal_family_case", "case_id", "latest_on", "ratings", "first_value", "latest_value"),  # a period's families, from the index alone
        sa.Index("ix_goal_family_latest_on", "latest_on"),  # goals rated again since a past period ended
        STRICT,
    )

    goal_id: int = Field(foreign_key="goal.id", primary_key=True, ondelete="CASCADE")
    case_id: int = Field(nullable=False)  # no foreign key: a fact, checked by db check
    ratings: int = Field(nullable=False)
    first_value: int = Field(nullable=False)
    latest_value: int = Field(nullable=False)
    latest_on: date = _date()


class PlanStep(SQLModel, table=True):
    """Derived (store/derived.py): a plan that began the day another of the child's plans ended."""

    __tablename__ = "plan_step"
    __table_args__ = (sa.Index("ix_plan_step_on_date", "on_date", "from_kind", "to_kind", "case_id"), STRICT)  # a period's steps, from the index alone

    plan_id: int = Field(foreign_key="plan.id", primary_key=True, ondelete="CASCADE")
    from_plan_id: int = Field(primary_key=True)  # no foreign key: a fact, checked by db check
    case_id: int = Field(nullable=False)
    on_date: date = _date()
    from_kind: str = _text()
    to_kind: str = _text()


class IdempotencyKey(SQLModel, table=True):
    """A key a script gave a write (--idempotency-key): the retry of a killed write finds it and stops."""

    __tablename__ = "idempotency_key"
    __table_args__ = (_length("key", 1, 200), STRICT)

    key: str = Field(sa_type=sa.Text, primary_key=True)
    command: str = _text()
    action: str = _text()
    label: str | None = _text(nullable=True)
    created_at: datetime = _instant()


class Counter(SQLModel, table=True):
    """Sequences such as the next FS- case number, advanced inside the writing transaction."""

    __tablename__ = "counter"
    __table_args__ = (STRICT,)

    name: str = Field(sa_type=sa.Text, primary_key=True)
    value: int = Field(nullable=False)


class Audit(SQLModel, table=True):
    """Who did what to which record, when. Append-only (triggers) and hash-chained.

    Holds identifiers and the names of fields changed, never the values: no personal data.
    """

    __tablename__ = "audit"
    __table_args__ = (STRICT,)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _instant()
    os_user: str = _text()
    worker: str | None = _text(nullable=True)
    action: str = _text()
    entity: str = _text()
    entity_id: int | None = Field(default=None, nullable=True)
    case_id: int | None = Field(default=None, nullable=True, index=True)
    detail: str = _text()
    prev_hash: str = _text()
    hash: str = _text()
    # A digest of the records this row's command wrote (audit_row), covered by `hash`; NULL on
    # rows made before 0013, which keep their first hash.
    written: str | None = _text(nullable=True)


class AuditRow(SQLModel, table=True):
    """A record an audited command wrote, with a digest of the values it left (NULL: removed).
    Append-only, as the audit is: `fscli db check` compares each live record with its latest."""

    __tablename__ = "audit_row"
    __table_args__ = (sa.UniqueConstraint("audit_id", "tbl", "row_id"), sa.Index("ix_audit_row_tbl_row_id", "tbl", "row_id", "audit_id"), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    audit_id: int = Field(foreign_key="audit.id", nullable=False, ondelete="RESTRICT")
    tbl: str = _text()
    row_id: int = Field(nullable=False)
    digest: str | None = _text(nullable=True)


class Restriction(SQLModel, table=True):
    """A case seen only by the workers named (restriction_worker) and the council's oversight role."""

    __tablename__ = "restriction"
    __table_args__ = (
        _length("reason", 1, 2000),
        sa.CheckConstraint("(lifted_at IS NULL) = (lifted_reason IS NULL)", name="lifted_has_reason"),
        _partial("uq_restriction_one_current", "case_id", unique=True, where="lifted_at IS NULL"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id", index=False)  # uq_restriction_one_current
    reason: str = _text()
    made_at: datetime = _instant()
    made_by: str | None = _text(nullable=True)
    lifted_at: datetime | None = Field(default=None, sa_type=UtcDateTime, nullable=True)
    lifted_reason: str | None = _text(nullable=True)


class RestrictionWorker(SQLModel, table=True):
    __tablename__ = "restriction_worker"
    __table_args__ = (sa.UniqueConstraint("restriction_id", "worker_id"), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    restriction_id: int = _fk("restriction.id", index=False)
    worker_id: int = _fk("worker.id")


class AccessLog(SQLModel, table=True):
    """Who looked at which cases' records (access_case), when, with which view. Append-only."""

    __tablename__ = "access_log"
    __table_args__ = (STRICT,)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _instant()
    os_user: str = _text()
    worker: str | None = _text(nullable=True)
    view: str = _text()
    detail: str = _text()


class AccessCase(SQLModel, table=True):
    __tablename__ = "access_case"
    __table_args__ = (sa.UniqueConstraint("access_id", "case_id"), STRICT)

    id: int | None = Field(default=None, primary_key=True)
    access_id: int = Field(foreign_key="access_log.id", nullable=False, ondelete="RESTRICT")
    # No foreign key: who looked at a case stays in the log after the case is erased (0014).
    case_id: int = Field(nullable=False, index=True)


class SarRequest(SQLModel, table=True):
    """A subject access request (UK GDPR Art. 15) for a person of a case: received, due one calendar
    month later (the practice profile's subject-access rule), extendable with a reason, answered with
    the SHA-256 of the pack sent. An erased case leaves the dates and clears the person and case."""

    __tablename__ = "sar_request"
    __table_args__ = (
        _length("extension_reason", 1, 2000),
        *_voidable(),
        sa.CheckConstraint("(extended_to IS NULL) = (extension_reason IS NULL)", name="extension_has_reason"),
        sa.CheckConstraint("due_on >= received_on", name="due_after_received"),
        sa.CheckConstraint("extended_to IS NULL OR extended_to > due_on", name="extended_after_due"),
        sa.CheckConstraint("answered_on IS NULL OR answered_on >= received_on", name="answered_after_received"),
        sa.CheckConstraint("(person_id IS NULL) = (case_id IS NULL)", name="person_with_case"),
        date_check("received_on"),
        date_check("due_on"),
        date_check("extended_to"),
        date_check("answered_on"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = _fk("cases.id", nullable=True)
    person_id: int | None = _fk("person.id", nullable=True)
    received_on: date = _date()
    due_on: date = _date()
    extended_to: date | None = _date(nullable=True)
    extension_reason: str | None = _text(nullable=True)
    answered_on: date | None = _date(nullable=True)
    pack_sha256: str | None = _text(nullable=True)
    recorded_by: str | None = _text(nullable=True)
    created_at: datetime = _instant()
    voided_at: datetime | None = _void_instant()  # recorded in error (fscli void SAR2): it leaves due, and stays in the audit
    void_reason: str | None = _text(nullable=True)


class ProcessingRestriction(SQLModel, table=True):
    """A case, or one person of it, under restriction of processing (UK GDPR Art. 18): read by those
    allowed, never changed, exported or counted until lifted. One current per case and person."""

    __tablename__ = "processing_restriction"
    __table_args__ = (
        _length("reason", 1, 2000),
        _length("lifted_reason", 1, 2000),
        sa.CheckConstraint("(lifted_on IS NULL) = (lifted_reason IS NULL)", name="lifted_has_reason"),
        sa.CheckConstraint("lifted_on IS NULL OR lifted_on >= from_on", name="lifted_after_from"),
        date_check("from_on"),
        date_check("lifted_on"),
        _partial("uq_processing_restriction_current", "case_id", sa.text("coalesce(person_id, 0)"), unique=True, where="lifted_on IS NULL"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = _fk("cases.id", index=False)  # uq_processing_restriction_current leads with it
    person_id: int | None = _fk("person.id", nullable=True)
    reason: str = _text()
    from_on: date = _date()
    made_by: str | None = _text(nullable=True)
    made_at: datetime = _instant()
    lifted_on: date | None = _date(nullable=True)
    lifted_reason: str | None = _text(nullable=True)
    lifted_by: str | None = _text(nullable=True)


class Erasure(SQLModel, table=True):
    """The tombstone of an erased case: its reference, when, by whom, on what basis (a retention
    rule's key or an erasure decision), how many rows went. No personal data. Append-only."""

    __tablename__ = "erasure"
    __table_args__ = (
        _length("ref", 1, 30),
        _length("basis", 1, 200),
        sa.CheckConstraint("rows_removed >= 1", name="rows_removed_positive"),
        STRICT,
    )

    id: int | None = Field(default=None, primary_key=True)
    ref: str = _text(index=True)
    erased_at: datetime = _instant()
    erased_by: str | None = _text(nullable=True)
    basis: str = _text()
    rows_removed: int = Field(nullable=False)



