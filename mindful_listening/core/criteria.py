"""Criteria sets: what a tutor assesses a trainee's teaching against, as validated Python objects.

A criteria set is a TOML file with ``kind = "criteria"`` at the top (docs/criteria-format.md). It is read and
checked with the same machinery as scripts (:mod:`mindful_listening.core.loading`), so every problem names the
file, the line and the field. The built-in sets live in ``resources/criteria/``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from mindful_listening.core.characters import quoted
from mindful_listening.core.library import resource
from mindful_listening.core.loading import (
    FieldPath,
    Problem,
    ScriptProblems,
    check_parsed,
    format_path,
    line_for,
    locate_lines,
    read_capped,
    read_toml,
    source_name,
    validate_model,
)

KIND = "criteria"
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]


def _level_from_text(value: object) -> object:
    """Let a set list its levels as plain names: ``levels = ["Beginner", "Competent"]``."""
    if isinstance(value, str):
        return {"name": value}
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Level(_Strict):
    """One step on a set's rating scale, lowest first."""

    name: Annotated[str, Field(min_length=1, max_length=60)]
    description: Annotated[str, Field(max_length=600)] = ""


class Criterion(_Strict):
    """One thing the assessor looks for (a criterion, or a domain of a larger framework)."""

    id: Identifier
    name: Annotated[str, Field(min_length=1, max_length=200)]
    description: Annotated[str, Field(max_length=1000)] = ""


class CriteriaSet(_Strict):
    kind: Literal["criteria"]
    format: Literal[1] = 1
    id: Identifier
    title: Annotated[str, Field(min_length=1, max_length=200)]
    summary: Annotated[str, Field(max_length=1000)] = ""
    source: Annotated[str, Field(max_length=1000)] = ""
    levels: Annotated[list[Annotated[Level, BeforeValidator(_level_from_text)]], Field(max_length=12)] = []
    criteria: Annotated[list[Criterion], Field(min_length=1, max_length=40)]

    @property
    def level_names(self) -> list[str]:
        return [level.name for level in self.levels]

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def duplicate_problems(self) -> list[tuple[FieldPath, str]]:
        """Ids and names used twice, as (field path, reason) pairs."""
        problems: list[tuple[FieldPath, str]] = []
        seen_ids: dict[str, int] = {}
        seen_names: dict[str, int] = {}
        for index, criterion in enumerate(self.criteria):
            if criterion.id in seen_ids:
                problems.append(
                    (
                        ("criteria", index, "id"),
                        f'"{criterion.id}" is already the id of criteria[{seen_ids[criterion.id]}]; '
                        "each criterion needs its own id",
                    )
                )
            seen_ids.setdefault(criterion.id, index)
            key = criterion.name.casefold()
            if key in seen_names:
                problems.append(
                    (
                        ("criteria", index, "name"),
                        f'"{criterion.name}" is already the name of criteria[{seen_names[key]}]',
                    )
                )
            seen_names.setdefault(key, index)
        levels: dict[str, int] = {}
        for index, level in enumerate(self.levels):
            key = level.name.casefold()
            if key in levels:
                problems.append((("levels", index, "name"), f'the level "{level.name}" is listed twice'))
            levels.setdefault(key, index)
        if len(self.levels) == 1:
            problems.append((("levels",), "a rating scale needs at least two levels (or none at all)"))
        return problems

    def to_summary(self) -> dict[str, Any]:
        """Plain data for ``mindful-listening criteria --json`` and for snapshots kept with an assessment."""
        levels = [{"name": level.name, "description": level.description} for level in self.levels]
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "source": self.source,
            "criteria": [
                {
                    "id": c.id,
                    "name": c.name,
                    "description": c.description,
                    **({"levels": self.level_names} if self.levels else {}),
                }
                for c in self.criteria
            ],
        }
        if self.levels:
            data["levels"] = levels
        return data


def is_criteria_file(parsed: Mapping[str, Any]) -> bool:
    """Whether parsed TOML declares itself something other than a script (a top-level ``kind`` key).

    Scripts have no ``kind`` key, so any file that has one is checked as a criteria set; a misspelt kind
    (``kind = "criterion"``) then gets a clear message instead of a confusing script error.
    """
    kind = parsed.get("kind")
    return kind is not None and kind != "script"


def parse_criteria(data: bytes, source: str = "<criteria>", size: int | None = None) -> CriteriaSet:
    parsed, text = read_toml(data, source, size)
    return criteria_from_parsed(parsed, text, source)


def criteria_from_parsed(parsed: dict[str, Any], text: str, source: str) -> CriteriaSet:
    """Validate already-parsed TOML as a criteria set; every problem is reported at once."""
    criteria_set = validate_model(CriteriaSet, parsed, text, source)
    extra = criteria_set.duplicate_problems()
    if extra:
        lines = locate_lines(text)
        raise ScriptProblems([Problem(source, line_for(p, lines), format_path(p), m) for p, m in extra])
    return criteria_set


def _read(path: Path) -> tuple[bytes, int]:
    return read_capped(path, "criteria")


def load_criteria(path: str | Path) -> CriteriaSet:
    """Read and validate one criteria file."""
    path = Path(path)
    data, size = _read(path)
    return parse_criteria(data, str(path), size)


def criteria_problems_if_any(path: str | Path) -> list[Problem] | None:
    """The problems of ``path`` if it is a criteria file (``[]`` when it is fine), else ``None``.

    ``None`` means "not a criteria file: check it as a script" (unreadable files and broken TOML included, so
    the script checker reports them exactly as before).
    """
    path = Path(path)
    try:
        data, size = _read(path)
        parsed, text = read_toml(data, str(path), size)
    except ScriptProblems:
        return None
    if not is_criteria_file(parsed):
        return None
    try:
        criteria_from_parsed(parsed, text, str(path))
    except ScriptProblems as exc:
        return exc.problems
    return []


@dataclass(frozen=True)
class FileCheck:
    """What ``validate`` found in one file: its problems (none: it can be used) and its warnings."""

    source: str
    problems: list[Problem]
    warnings: list[Problem]


def check_files(paths: Iterable[str | Path]) -> list[FileCheck]:
    """Validate several files given together (scripts, or criteria sets when they say ``kind``).

    Each file is read once (``-`` is standard input; a pipe or a FIFO works), and a file named twice is
    checked once. Two scripts with the same id are a problem in each of them (criteria sets are not compared:
    their ids are the assessment's business).
    """
    checks: list[FileCheck] = []
    ids: dict[tuple[str, str], list[tuple[int, int | None]]] = {}  # (kind, id) -> (check, line of its id)
    named: set[str] = set()
    for path in paths:
        source = source_name(path)
        if source in named:
            continue
        named.add(source)
        warnings: list[Problem] = []
        try:
            data, size = read_capped(path)
            parsed, text = read_toml(data, source, size)
        except ScriptProblems as exc:
            checks.append(FileCheck(source, exc.problems, []))
            continue
        kind = "criteria set" if is_criteria_file(parsed) else "script"
        try:
            if kind == "script":
                warnings = check_parsed(parsed, text, source).warnings
            else:
                criteria_from_parsed(parsed, text, source)
            problems: list[Problem] = []
        except ScriptProblems as exc:
            problems = exc.problems
        identity = parsed.get("id")
        if kind == "script" and isinstance(identity, str) and identity:
            ids.setdefault((kind, identity), []).append((len(checks), line_for(("id",), locate_lines(text))))
        checks.append(FileCheck(source, problems, warnings))
    for (kind, identity), where in ids.items():
        if len(where) < 2:
            continue
        for index, line in where:
            others = ", ".join(checks[other].source for other, _ in where if other != index)
            message = (
                f"{quoted(identity)} is also the id of {others}: each {kind} needs its own id, so the "
                "library and the session records can tell them apart"
            )
            check = checks[index]
            problem = Problem(check.source, line, "id", message)
            checks[index] = FileCheck(check.source, [problem, *check.problems], check.warnings)
    return checks


def all_file_problems(paths: Iterable[str | Path]) -> dict[str, list[Problem]]:
    """Validate several files (scripts, or criteria sets when they say ``kind``); each file's problems."""
    return {check.source: check.problems for check in check_files(paths)}


@cache
def builtin_criteria() -> tuple[CriteriaSet, ...]:
    """Every shipped criteria set, validated, in a stable order (by file name)."""
    folder = resource("criteria")
    entries = sorted((e for e in folder.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name)
    return tuple(parse_criteria(entry.read_bytes(), f"built-in {entry.name}") for entry in entries)


def find_criteria(reference: str) -> CriteriaSet:
    """A built-in set by id, or a criteria file by path."""
    for criteria_set in builtin_criteria():
        if criteria_set.id == reference:
            return criteria_set
    path = Path(reference).expanduser()
    if path.suffix == ".toml" or path.exists() or "/" in reference or "\\" in reference:
        return load_criteria(path)
    known = ", ".join(c.id for c in builtin_criteria())
    raise ScriptProblems(
        [
            Problem(
                reference, None, "", f"no built-in criteria set has this id and no such file exists ({known})"
            )
        ]
    )
