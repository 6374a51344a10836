"""Plain frozen models for what a facilitator writes, each field checked on the way in.

The script models (:mod:`mindful_listening.core.script`) were pydantic models; importing pydantic and building
their schemas was ~100 ms and ~18 MiB of every start (docs/decisions/0017-script-models-plain.md).
They are now frozen, slotted dataclasses checked by the small set of rules here. The rules keep pydantic's
behaviour for every value a TOML or JSON file can hold (the differential run behind the decision compared the
two on the built-ins and ~200,000 altered copies of them), and each problem is recorded in pydantic's shape (a
``type``, a ``loc`` path, the ``input``, a ``ctx``), so :mod:`mindful_listening.core.loading` explains them in
the same words as before.

A model offers what the app used of pydantic's: ``Model(**fields)`` and :meth:`Model.model_validate` check,
:meth:`Model.model_construct` and :meth:`Model.model_copy` do not, :meth:`Model.model_dump` gives plain data.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any, ClassVar, TypeVar

from mindful_listening.core.characters import check_plain

Loc = tuple[str | int, ...]
ErrorDetails = dict[str, Any]
Found = list[ErrorDetails]
# What pydantic's ``str_strip_whitespace`` strips: Unicode's White_Space (Rust's ``str::trim``). Python's own
# ``str.strip()`` also strips U+001C–U+001F, control characters a script is told about instead.
_WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
# Lax list input, as pydantic takes it (a TOML or JSON array is a list).
_SEQUENCES = (list, tuple, set, frozenset)


class _Bad:
    """What a check returns for a value it has recorded a problem about."""


BAD = _Bad()


class InvalidModel(ValueError):
    """Every problem found checking one model's input, in pydantic's shape (``errors()``, ``error_count()``).

    A ``ValueError``, as pydantic's ``ValidationError`` is, so code that caught that catches this."""

    def __init__(self, title: str, found: Found) -> None:
        self.title = title
        self._found = found
        count = len(found)
        lines = [f"{count} problem{'s' if count != 1 else ''} in {title}"]
        lines += [f"{'.'.join(str(p) for p in e['loc']) or '(the whole)'}: {e['msg']}" for e in found[:20]]
        super().__init__("\n".join(lines))

    def errors(self, include_url: bool = False) -> list[ErrorDetails]:
        """The problems, one dictionary each: ``type``, ``loc``, ``msg``, ``input`` and (some) ``ctx``."""
        return [dict(e) for e in self._found]

    def error_count(self) -> int:
        return len(self._found)


def problem(found: Found, kind: str, loc: Loc, given: object, msg: str, **ctx: Any) -> _Bad:
    """Record one problem and return :data:`BAD`."""
    entry: ErrorDetails = {"type": kind, "loc": loc, "msg": msg, "input": given}
    if ctx:
        entry["ctx"] = ctx
    found.append(entry)
    return BAD


def value_problem(found: Found, loc: Loc, given: object, error: ValueError | str) -> _Bad:
    """A rule of the app's own said no (a validator raising ``ValueError``, in pydantic's words)."""
    return problem(found, "value_error", loc, given, f"Value error, {error}", error=error)


class Check:
    """The rule for one field: ``run(value, loc, found)`` gives the value to keep, or :data:`BAD`.

    ``model``: the model the field holds (or holds a list of), for suggesting a misspelt key's name. (A plain
    class, as :class:`FieldInfo`: a dataclass costs ~1 ms of every start to make.)"""

    __slots__ = ("model", "run")

    def __init__(self, run: Callable[[object, Loc, Found], object], model: type[Model] | None = None) -> None:
        self.run = run
        self.model = model


class FieldInfo:
    """A field as :func:`mindful_listening.core.loading._known_fields` reads it (like pydantic's)."""

    __slots__ = ("annotation",)

    def __init__(self, annotation: type[Model] | None) -> None:
        self.annotation = annotation


def _expected(values: Iterable[object]) -> str:
    shown = [repr(v) for v in values]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} or {shown[-1]}"


def text(
    min_length: int = 0,
    max_length: int | None = None,
    *,
    plain: bool = True,
    pattern: str | None = None,
    after: Callable[[str], str] | None = None,
) -> Check:
    """Text: stripped of white space, then measured, matched and checked for what a room can see."""
    matcher = re.compile(pattern) if pattern is not None else None

    def run(value: object, loc: Loc, found: Found) -> object:
        if not isinstance(value, str):
            return problem(found, "string_type", loc, value, "Input should be a valid string")
        kept = str.strip(value, _WHITE_SPACE)
        if len(kept) < min_length:
            return problem(
                found,
                "string_too_short",
                loc,
                value,
                f"String should have at least {min_length} character{'s' if min_length != 1 else ''}",
                min_length=min_length,
            )
        if max_length is not None and len(kept) > max_length:
            return problem(
                found,
                "string_too_long",
                loc,
                value,
                f"String should have at most {max_length} characters",
                max_length=max_length,
            )
        if matcher is not None and matcher.search(kept) is None:
            return problem(
                found,
                "string_pattern_mismatch",
                loc,
                value,
                f"String should match pattern '{pattern}'",
                pattern=pattern,
            )
        for rule in (check_plain if plain else None, after):
            if rule is not None:
                try:
                    kept = rule(kept)
                except ValueError as exc:
                    return value_problem(found, loc, value, exc)
        return kept

    return Check(run)


def choice(*values: str) -> Check:
    """One of the words given, exactly as written (a ``Literal`` of them)."""
    allowed = frozenset(values)
    expected = _expected(values)

    def run(value: object, loc: Loc, found: Found) -> object:
        if isinstance(value, str) and value in allowed:
            return str(value)
        return problem(found, "literal_error", loc, value, f"Input should be {expected}", expected=expected)

    return Check(run)


E = TypeVar("E", bound=Enum)


def member(kind: type[E]) -> Check:
    """A member of the enumeration ``kind``, given as its value (a word)."""
    by_value = {m.value: m for m in kind}
    expected = _expected(by_value)

    def run(value: object, loc: Loc, found: Found) -> object:
        if isinstance(value, kind):
            return value
        if isinstance(value, str) and value in by_value:
            return by_value[value]
        return problem(found, "enum", loc, value, f"Input should be {expected}", expected=expected)

    return Check(run)


def strict_bool() -> Check:
    def run(value: object, loc: Loc, found: Found) -> object:
        if isinstance(value, bool):
            return value
        return problem(found, "bool_type", loc, value, "Input should be a valid boolean")

    return Check(run)


def strict_int(ge: int | None = None, le: int | None = None) -> Check:
    """A whole number written as one (not ``true``, not ``1.0``, not ``"1"``), within ``ge``–``le``."""

    def run(value: object, loc: Loc, found: Found) -> object:
        if not isinstance(value, int) or isinstance(value, bool):
            return problem(found, "int_type", loc, value, "Input should be a valid integer")
        if ge is not None and value < ge:
            return problem(
                found,
                "greater_than_equal",
                loc,
                value,
                f"Input should be greater than or equal to {ge}",
                ge=ge,
            )
        if le is not None and value > le:
            return problem(
                found, "less_than_equal", loc, value, f"Input should be less than or equal to {le}", le=le
            )
        return int(value)

    return Check(run)


def converted(to: Callable[[object], Any], *after: Callable[[Any], Any]) -> Check:
    """A value read by ``to`` (``ValueError``: a problem), then passed through each of ``after``."""

    def run(value: object, loc: Loc, found: Found) -> object:
        try:
            kept = to(value)
            for rule in after:
                kept = rule(kept)
        except ValueError as exc:
            return value_problem(found, loc, value, exc)
        return kept

    return Check(run)


def optional(check: Check) -> Check:
    """``check``'s value, or nothing (``None``, as a JSON snapshot writes a field left out)."""

    def run(value: object, loc: Loc, found: Found) -> object:
        return None if value is None else check.run(value, loc, found)

    return Check(run, check.model)


def nested(model: type[Model]) -> Check:
    """A table of settings checked as ``model``."""

    def run(value: object, loc: Loc, found: Found) -> object:
        return model.checked(value, loc, found)

    return Check(run, model)


def many(item: Check, min_length: int = 0, max_length: int | None = None) -> Check:
    """A list of values, each checked by ``item``; its length within ``min_length``–``max_length``."""

    def run(value: object, loc: Loc, found: Found) -> object:
        if not isinstance(value, _SEQUENCES):
            return problem(found, "list_type", loc, value, "Input should be a valid list")
        # As pydantic: a list longer than allowed is told as that alone, its items unchecked.
        if max_length is not None and len(value) > max_length:
            return problem(
                found,
                "too_long",
                loc,
                value,
                f"List should have at most {max_length} items after validation, not {len(value)}",
                field_type="List",
                max_length=max_length,
                actual_length=len(value),
            )
        kept = [item.run(v, (*loc, index), found) for index, v in enumerate(value)]
        if any(v is BAD for v in kept):
            return BAD
        if len(kept) < min_length:
            return problem(
                found,
                "too_short",
                loc,
                value,
                f"List should have at least {min_length} item{'s' if min_length != 1 else ''} after "
                f"validation, not {len(kept)}",
                field_type="List",
                min_length=min_length,
                actual_length=len(kept),
            )
        return kept

    return Check(run, item.model)


M = TypeVar("M", bound="Model")


class Model:
    """A frozen dataclass whose fields are checked as it is made (see :func:`rules`).

    Compared, hashed and shown by its fields here, once for every model: a dataclass's own ``__eq__``,
    ``__hash__`` and ``__repr__`` are each compiled (``exec``) as its class is made, ~1 ms of every start for
    each model class."""

    __slots__ = ()
    checks: ClassVar[dict[str, Check]]
    model_fields: ClassVar[dict[str, FieldInfo]]
    _defaults: ClassVar[dict[str, Callable[[], Any]]]
    # (name, check, default or None) for each field in order: what _fill runs, looked up once.
    _plan: ClassVar[tuple[tuple[str, Callable[[object, Loc, Found], object], Callable[[], Any] | None], ...]]

    def __init__(self, **data: Any) -> None:
        found: Found = []
        if not type(self)._fill(self, data, (), found):
            raise InvalidModel(type(self).__name__, found)

    @classmethod
    def model_validate(cls: type[M], data: object) -> M:
        """``data`` (a table of settings) checked as this model: the model, or :class:`InvalidModel`."""
        found: Found = []
        made = cls.checked(data, (), found)
        if not isinstance(made, cls):
            raise InvalidModel(cls.__name__, found)
        return made

    @classmethod
    def checked(cls: type[M], data: object, loc: Loc, found: Found) -> M | _Bad:
        """This model made from ``data`` found at ``loc``, or :data:`BAD` with its problems in ``found``."""
        if isinstance(data, cls):
            return data
        if not isinstance(data, Mapping):
            return problem(
                found,
                "model_type",
                loc,
                data,
                f"Input should be a valid dictionary or instance of {cls.__name__}",
                class_name=cls.__name__,
            )
        made = cls.__new__(cls)
        return made if cls._fill(made, data, loc, found) else BAD

    @classmethod
    def _fill(cls, made: Model, data: Mapping[Any, Any], loc: Loc, found: Found) -> bool:
        ok = True
        setter = object.__setattr__
        for name, run, default in cls._plan:
            if name in data:
                value = run(data[name], (*loc, name), found)
                if value is BAD:
                    ok = False
                    continue
            elif default is not None:
                value = default()
            else:
                problem(found, "missing", (*loc, name), data, "Field required")
                ok = False
                continue
            setter(made, name, value)
        if data.keys() - cls.checks.keys():  # the unknown keys, told in the order they were written
            for key, value in data.items():
                if key not in cls.checks:
                    problem(found, "extra_forbidden", (*loc, key), value, "Extra inputs are not permitted")
            ok = False
        if not ok:
            return False
        try:
            later = made.after_checks()
        except ValueError as exc:
            value_problem(found, loc, data, exc)
            return False
        for path, reason, given in later:
            value_problem(found, (*loc, *path), given, reason)
        return not later

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.checks)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Model)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.checks)
        return f"{type(self).__qualname__}({fields})"

    def after_checks(self) -> list[tuple[Loc, str, object]]:
        """Rules across fields, run once every field reads: ``ValueError`` for a problem with the whole
        table, or the problems of single fields as (path within the model, reason, the value there)."""
        return []

    @classmethod
    def model_construct(cls: type[M], **values: Any) -> M:
        """The model from ``values`` as they are, unchecked; fields left out take their defaults."""
        made = cls.__new__(cls)
        for name in cls.checks:
            object.__setattr__(made, name, values[name] if name in values else cls._defaults[name]())
        return made

    def model_copy(self: M, update: Mapping[str, Any] | None = None) -> M:
        """A copy with ``update``'s fields in place of this one's (unchecked, as pydantic's)."""
        fields = {name: getattr(self, name) for name in self.checks}
        return type(self).model_construct(**{**fields, **(update or {})})

    def model_dump(
        self, *, mode: str = "python", exclude_defaults: bool = False, exclude_none: bool = False
    ) -> dict[str, Any]:
        """The fields as plain data, in their order; ``mode="json"``: enumerations as their values."""
        out: dict[str, Any] = {}
        for name in self.checks:
            value = getattr(self, name)
            if exclude_none and value is None:
                continue
            if exclude_defaults and name in self._defaults and value == self._defaults[name]():
                continue
            out[name] = _dumped(value, mode, exclude_defaults, exclude_none)
        return out


def _dumped(value: object, mode: str, exclude_defaults: bool, exclude_none: bool) -> object:
    if isinstance(value, Model):
        return value.model_dump(mode=mode, exclude_defaults=exclude_defaults, exclude_none=exclude_none)
    if isinstance(value, list | tuple):
        return [_dumped(v, mode, exclude_defaults, exclude_none) for v in value]
    if mode == "json" and isinstance(value, Enum):
        return value.value
    return value


def rules(**checks: Check) -> Callable[[type[M]], type[M]]:
    """Give a model (a dataclass made with ``frozen=True, slots=True, init=False, eq=False, repr=False``:
    :class:`Model` checks, compares and shows it) the check for each of its fields, in the order of the
    fields; a field without a check, or a check without a field, is a mistake made at import."""

    def apply(cls: type[M]) -> type[M]:
        fields = dataclasses.fields(cls)  # type: ignore[arg-type]
        names = [f.name for f in fields]
        if sorted(names) != sorted(checks):
            raise TypeError(f"{cls.__name__}: the fields {names} and their checks {list(checks)} differ")
        cls.checks = {name: checks[name] for name in names}
        cls.model_fields = {name: FieldInfo(checks[name].model) for name in names}
        defaults: dict[str, Callable[[], Any]] = {}
        for f in fields:
            if f.default_factory is not dataclasses.MISSING:
                defaults[f.name] = f.default_factory
            elif f.default is not dataclasses.MISSING:
                defaults[f.name] = _constant(f.default)
        cls._defaults = defaults
        cls._plan = tuple((name, checks[name].run, defaults.get(name)) for name in names)
        return cls

    return apply


def _constant(value: object) -> Callable[[], object]:
    return lambda: value
