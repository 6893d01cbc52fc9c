"""A record made by @frozen behaves as the same class made by @dataclass(frozen=True), only cheaper to define."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from fscli.domain.frozen import frozen


def _both(body: dict):
    """The same class body made both ways."""
    annotations = body.get("__annotations__", {})
    made = frozen(type("Visit", (), {**body, "__annotations__": dict(annotations), "__module__": __name__, "__qualname__": "Visit"}))
    reference = dataclass(frozen=True)(type("Visit", (), {**body, "__annotations__": dict(annotations), "__module__": __name__, "__qualname__": "Visit"}))
    return made, reference


SHAPES = [
    {"__annotations__": {"ref": "str", "day": "int"}},
    {"__annotations__": {"ref": "str", "kind": "str", "seen": "tuple", "note": "str | None"}, "kind": "home-visit", "seen": field(default_factory=tuple), "note": None},
    {"__annotations__": {"ref": "str"}},
    {"__annotations__": {}},
]


@pytest.mark.parametrize("body", SHAPES)
def test_a_record_is_built_compared_hashed_shown_and_refuses_changes_as_the_dataclass_did(body):
    made, reference = _both(body)
    names = list(body["__annotations__"])
    values = [f"v{i}" for i in range(len(names))]
    for args, kwargs in [(values, {}), ([], dict(zip(names, values))), (values[:1], dict(zip(names[1:], values[1:])))]:
        if not names and args:
            continue
        mine, theirs = made(*args, **kwargs), reference(*args, **kwargs)
        assert repr(mine) == repr(theirs)
        assert hash(mine) == hash(theirs)
        assert mine == made(*args, **kwargs) and not (mine != made(*args, **kwargs))
        assert mine != theirs  # equal only to its own class, as a dataclass is
        assert dataclasses.asdict(mine) == dataclasses.asdict(theirs)
        assert [f.name for f in dataclasses.fields(mine)] == names
        assert made.__match_args__ == reference.__match_args__
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field"):
            mine.ref = "changed"
        with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field"):
            del mine.ref
        assert copy.copy(mine) == mine and copy.deepcopy(mine) == mine
    if names:
        with pytest.raises(TypeError):
            made()
        with pytest.raises(TypeError):
            made(*values, unknown=1)


def test_defaults_and_factories_are_each_instance_s_own():
    made, _ = _both(SHAPES[1])
    a, b = made("FS-0001"), made("FS-0002", seen=("Lily",))
    assert (a.kind, a.seen, a.note) == ("home-visit", (), None)
    assert b.seen == ("Lily",)
    lists = frozen(type("Plan", (), {"__annotations__": {"steps": "list"}, "steps": field(default_factory=list), "__module__": __name__}))
    assert lists().steps is not lists().steps


def test_replace_and_pickle_keep_working():
    made, _ = _both(SHAPES[1])
    visit = made("FS-0001", note="seen at home")
    assert dataclasses.replace(visit, note=None) == made("FS-0001")
    assert pickle.loads(pickle.dumps(Pickled("FS-0001", 3))) == Pickled("FS-0001", 3)


def test_a_frozen_dataclass_may_extend_a_record_and_a_record_may_not_be_assigned_through_a_subclass():
    @dataclass(frozen=True)
    class Later(Pickled):
        extra: int = 0

    later = Later("FS-0001", 2, extra=1)
    assert (later.ref, later.day, later.extra) == ("FS-0001", 2, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        later.day = 3

    class Plain(Pickled):
        pass

    plain = Plain("FS-0001", 1)
    plain.scratch = 1  # not a field: as the dataclass allowed on a subclass that is not one
    with pytest.raises(dataclasses.FrozenInstanceError):
        plain.day = 2


def test_a_class_asking_for_more_than_plain_fields_is_made_by_dataclasses_itself():
    @frozen
    class Calendar:
        days: tuple = ()
        _sorted: tuple = field(default=(), compare=False, repr=False)

        def __post_init__(self):
            object.__setattr__(self, "_sorted", tuple(sorted(self.days)))

    assert Calendar((3, 1))._sorted == (1, 3)
    assert repr(Calendar((1,))) == "test_a_class_asking_for_more_than_plain_fields_is_made_by_dataclasses_itself.<locals>.Calendar(days=(1,))"
    assert Calendar((1,)) == Calendar((1,))

    @frozen
    class Ordered:
        ref: str = field(default="", compare=False)

    assert Ordered("a") == Ordered("b")


@frozen
class Pickled:
    ref: str
    day: int
