"""`@frozen`: a frozen dataclass, made for a fifth of what `@dataclass(frozen=True)` costs at import.

Every command imports the records its rules use before it does anything, and on Python 3.11
`@dataclass(frozen=True)` compiles six methods for each class (`__init__`, `__repr__`, `__eq__`,
`__hash__`, `__setattr__`, `__delattr__`), each in a closure of its own, and asks `inspect` for a
signature to write a docstring: about 0.9 ms a class, and `case show` made 34 of them, some 25 ms
of a read view's 150 (issue 22, benchmarks/startup.py). Here dataclasses still reads the fields
(so `fields`, `replace`, `asdict` and `match` work as before), one small `__init__` is compiled,
and the other five methods are shared functions reading the class's field names: about 0.15 ms
a class. What an instance does is what the dataclass did: the same constructor, equality with its
own class only, the same hash, the same repr, and the same FrozenInstanceError on assignment.

A class asking for more than plain fields with defaults or default factories (field options,
`__post_init__`, its own `__eq__`/`__repr__`/`__hash__`, another dataclass as its base) is made
by `dataclass(frozen=True)` itself: never a different behaviour, only the slower path.
"""

from __future__ import annotations

import dataclasses
from dataclasses import MISSING, FrozenInstanceError
from operator import attrgetter

_OWN = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__post_init__")
# What `dataclass(frozen=True)` records of itself, so a frozen dataclass may subclass a record.
_PARAMS = dataclasses.dataclass(frozen=True)(type("_Params", (), {"__doc__": "-"})).__dataclass_params__


def frozen(cls: type) -> type:
    """The class as `@dataclass(frozen=True)` makes it (see the module's docstring)."""
    if not _plain(cls):
        return dataclasses.dataclass(frozen=True)(cls)
    given_doc = cls.__dict__.get("__doc__")
    if not given_doc:
        cls.__doc__ = cls.__name__  # else dataclasses asks inspect for a signature to write one (~0.2 ms)
    made = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)  # reads the fields; compiles nothing
    fields = dataclasses.fields(made)
    names = tuple(f.name for f in fields)
    if not given_doc:
        made.__doc__ = f"{made.__name__}({', '.join(names)})"
    made.__init__ = _init(made, fields)
    made.__repr__ = _repr
    made.__eq__ = _eq
    made.__hash__ = _hash
    made.__setattr__ = _setattr
    made.__delattr__ = _delattr
    made._frozen_names = names
    # Values as the dataclass compares and hashes them, a tuple even of one field or none: the same
    # hashes, so a set of records iterates in the same order as before.
    made._frozen_values = attrgetter(*names) if len(names) > 1 else _one(names[0]) if names else _none
    made.__dataclass_params__ = _PARAMS
    return made


def _plain(cls: type) -> bool:
    """Only plain fields, with a default or a default factory at most, and no method or base of dataclasses' own."""
    if any(name in cls.__dict__ for name in _OWN) or any(dataclasses.is_dataclass(base) for base in cls.__mro__[1:]):
        return False
    if any("InitVar" in str(kind) or "KW_ONLY" in str(kind) for kind in cls.__dict__.get("__annotations__", {}).values()):
        return False
    options = [value for value in cls.__dict__.values() if isinstance(value, dataclasses.Field)]
    return all(f.init and f.repr and f.compare and f.hash is None and f.kw_only is MISSING for f in options)


def _one(name: str):
    get = attrgetter(name)
    return lambda record: (get(record),)


def _none(record) -> tuple:
    return ()


def _init(cls: type, fields: tuple[dataclasses.Field, ...]):
    """The constructor dataclasses would write, compiled alone: positional or keyword, defaults, factories."""
    scope: dict[str, object] = {"_set": object.__setattr__, "_MISSING": MISSING}
    # Straight into the instance's __dict__ where it has one and no field is a descriptor of the
    # class: what object.__setattr__ does then, at a quarter of the cost (a council's due list
    # makes 115,000 items; benchmarks/due.py).
    direct = "__slots__" not in cls.__dict__ and not any(hasattr(getattr(cls, f.name, None), "__set__") for f in fields)
    params, body = ["self"], ["    _fields_of_self = self.__dict__\n"] if direct and fields else []
    for f in fields:
        if f.default is not MISSING:
            scope[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
            value = f.name
        elif f.default_factory is not MISSING:
            scope[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            value = f"_factory_{f.name}() if {f.name} is _MISSING else {f.name}"
        else:
            params.append(f.name)
            value = f.name
        body.append(f"    _fields_of_self[{f.name!r}] = {value}\n" if direct else f"    _set(self, {f.name!r}, {value})\n")
    source = f"def __init__({', '.join(params)}) -> None:\n" + ("".join(body) or "    pass\n")
    exec(source, scope)  # noqa: S102 (its names are the class's own fields, as in dataclasses)
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _repr(self) -> str:
    return f"{self.__class__.__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in self._frozen_names)})"


def _eq(self, other):
    if other.__class__ is self.__class__:
        values = self.__class__._frozen_values
        return values(self) == values(other)
    return NotImplemented


def _hash(self) -> int:
    return hash(self.__class__._frozen_values(self))


def _setattr(self, name: str, value) -> None:
    if "_frozen_names" in type(self).__dict__ or name in self._frozen_names:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _delattr(self, name: str) -> None:
    if "_frozen_names" in type(self).__dict__ or name in self._frozen_names:
        raise FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)
