"""A report read in two lanes: each lane on its own reader, results in order, errors raised once."""

import threading
import time

import pytest

from fscli.reports.lanes import in_lanes


class FakeReader:
    """Stands in for a reader: a lane waits on it until the report stops it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.stopped = threading.Event()

    def interrupt(self) -> None:
        self.stopped.set()


def test_each_lane_reads_on_its_own_reader_on_its_own_thread_and_answers_in_order():
    first, second = FakeReader("first"), FakeReader("second")
    threads = {}

    def lane(reader):
        threads[reader.name] = threading.current_thread().name
        return reader.name

    assert in_lanes([first, second], [lane, lane]) == ["first", "second"]
    assert threads["first"] == threading.main_thread().name and threads["second"] != threads["first"]


def test_with_one_reader_the_lanes_run_one_after_another_on_it():
    only = FakeReader("only")
    order = []
    assert in_lanes([only], [lambda r: order.append(1) or r.name, lambda r: order.append(2) or r.name]) == ["only", "only"]
    assert order == [1, 2]


def test_a_lane_s_error_is_raised_to_the_report():
    def broken(reader):
        raise ValueError("no such column: p.kindd")

    with pytest.raises(ValueError, match="kindd"):
        in_lanes([FakeReader("a"), FakeReader("b")], [lambda r: "fine", broken])


def test_when_the_first_lane_fails_the_others_are_stopped_not_waited_for():
    second = FakeReader("second")

    def slow(reader):
        # A long statement that only an interrupt ends (the watchdog keeps a failure from hanging the suite).
        assert reader.stopped.wait(timeout=30), "the second lane was never interrupted"
        return "stopped"

    def broken(reader):
        raise RuntimeError("the first lane failed")

    started = time.monotonic()
    with pytest.raises(RuntimeError, match="first lane failed"):
        in_lanes([FakeReader("first"), second], [broken, slow])
    assert second.stopped.is_set() and time.monotonic() - started < 10
