"""Every dataclass of the app's own says what it is in a docstring of its own. Besides telling the reader,
it spares the first screen's start: a dataclass without one has Python work its signature out for a
docstring as the class is made (32 of the 61 made before the first paint, 2.3 ms, issue 16). Read from the
sources, so that nothing is imported (the sound player's module brings in Qt Multimedia)."""

from __future__ import annotations

import ast
from pathlib import Path

import mindful_listening

SOURCES = Path(mindful_listening.__file__).parent


def _is_dataclass(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name == "dataclass"


def test_every_dataclass_of_the_app_has_a_docstring_of_its_own() -> None:
    missing = []
    checked = 0
    for path in sorted(SOURCES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(_is_dataclass(d) for d in node.decorator_list):
                checked += 1
                if ast.get_docstring(node) is None:
                    missing.append(f"{path.relative_to(SOURCES)}:{node.lineno} {node.name}")
    assert checked > 60, "the dataclasses were found"
    assert missing == [], f"dataclasses without a docstring: {missing}"
