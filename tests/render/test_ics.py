"""The calendar feed writes its events itself (issue 27: through icalendar a council's 55,000 took
36 s), byte for byte as icalendar wrote them: the same order of properties, escaping and folding,
on the words a worker's records can put in a summary or a description."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta, timezone

import icalendar
import pytest

from fscli.render.ics import _basis, _events, _what, fold, initials, text, write_ics
from fscli.reports.due import DUE_COLUMNS
from fscli.reports.spec import Report

TODAY = date(2026, 11, 23)
STAMP = datetime(2026, 11, 23, 9, 30, 15, 123456, tzinfo=timezone.utc)

AWKWARD = [
    "Plain words",
    "Commas, semicolons; and a backslash \\ in a task",
    "A line\nbreak, a CR\r and a CRLF\r\n in one",
    "A literal \\N and \\n as typed",
    "Zoë Brontë-Ó Súilleabháin 😀 and 中文 text long enough to be folded across more than one line of the feed",
    "x" * 73 + "\\;" + "y" * 80,
    "x" * 72 + "^" + "z" * 90,
    "é" * 40 + "," * 30,
]


def row(what: str, due_on: date, **given) -> dict:
    made = {"due_on": due_on, "state": "later", "what": what, "ref": "FS-0001", "family": "Brook", "child": "Lily Brook", "rule": "cin-visit", "basis": "10 working days after Lily Brook was last seen (02/11/2026)"}
    return {**made, **given}


def rows() -> list[dict]:
    found = []
    for k, words in enumerate(AWKWARD):
        found.append(row(words, TODAY + timedelta(days=k)))
        found.append(row(words, TODAY - timedelta(days=k + 1), basis=words))  # overdue: sits on today
        found.append(row(words, TODAY + timedelta(days=k), at_time=f"{9 + k:02d}:30", booking=f"B{k + 1}", booked_on=TODAY + timedelta(days=k), rule="booked"))
        found.append(row(words, TODAY + timedelta(days=k + 2), state="cancelled", at_time="14:00", booking=f"B{k + 20}", rule="booked", ref=None, child=None))
        found.append(row(f"{words} (booked: B{k + 40})", TODAY + timedelta(days=k), booking=f"B{k + 40}", booked_on=TODAY + timedelta(days=k + 3), rule="cp-review"))  # booked late: two events
        found.append(row(words, TODAY + timedelta(days=k), rule="task", child="Élodie d'Arc"))
    return found


def icalendar_feed(report: Report, today: date, stamp: datetime) -> str:
    """The feed as icalendar wrote it, every event through it (fscli/render/ics.py before issue 27)."""
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//fscli//what is due//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "fscli: due")
    for uid, due_on, at_time, r in (event for r in report.rows for event in _events(r)):
        who = f" ({initials(r.get('child'))})" if r.get("child") else ""
        summary = f"{r['ref']}: {_what(r)}{who}" if r.get("ref") else f"{_what(r)}{who}"
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp.astimezone(timezone.utc))
        if r.get("state") == "cancelled":
            event.add("status", "CANCELLED")
            summary = f"Cancelled: {summary}"
        if due_on < today:
            event.add("summary", f"OVERDUE since {due_on:%d/%m/%Y}: {summary}")
            event.add("dtstart", today)
            event.add("dtend", today + timedelta(days=1))
        elif at_time:
            start = datetime.combine(due_on, time.fromisoformat(at_time), tzinfo=london)
            event.add("summary", summary)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(hours=1))
        else:
            event.add("summary", summary)
            event.add("dtstart", due_on)
            event.add("dtend", due_on + timedelta(days=1))
        see = f" See: fscli case show {r['ref']}" if r.get("ref") else ""
        event.add("description", f"{_basis(r)}. Rule: {r['rule']}.{see}")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")


def feed(report: Report) -> str:
    out = io.StringIO()
    write_ics(report, TODAY, STAMP, out)
    return out.getvalue()


@pytest.mark.parametrize("timed", [True, False], ids=["with times", "dates only"])
def test_the_feed_is_the_one_icalendar_wrote(timed):
    report = Report("Due", DUE_COLUMNS, [r for r in rows() if timed or not r.get("at_time")])
    assert feed(report) == icalendar_feed(report, TODAY, STAMP)


def test_an_empty_list_is_an_empty_calendar_as_before():
    report = Report("Due", DUE_COLUMNS, [])
    assert feed(report) == icalendar_feed(report, TODAY, STAMP)


def test_the_feed_reads_back_with_the_words_it_was_given():
    report = Report("Due", DUE_COLUMNS, rows())
    events = icalendar.Calendar.from_ical(feed(report)).walk("VEVENT")
    assert len(events) == sum(len(_events(r)) for r in report.rows)
    summaries = [str(e["SUMMARY"]) for e in events]
    assert any("Commas, semicolons; and a backslash \\ in a task" in s for s in summaries)
    assert any("Zoë Brontë-Ó Súilleabháin 😀" in s for s in summaries)


@pytest.mark.parametrize("line", ["SUMMARY:" + text(words) for words in AWKWARD] + ["DESCRIPTION:" + "a" * n for n in (73, 74, 75, 76, 148, 149, 150)])
def test_a_line_is_folded_and_escaped_as_icalendar_does(line):
    from icalendar.parser.string import _escape_char, _foldline

    assert fold(line) == _foldline(line)
    name, _, value = line.partition(":")
    assert text(value) == _escape_char(value) or name == "SUMMARY"
    for words in AWKWARD:
        assert text(words) == _escape_char(words)
