"""What each first screen does before its first paint and what it leaves until just after (issue 16), seen in
a process of its own started as the command starts it. No timing is asserted (benchmarks/startup.py
measures that); these hold the means the measured figures rest on."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.fresh_process import run_child

# The app started through its entry point; at the event loop's start, and once its window has painted (and
# what the app queued for just after that paint has run), what it found is printed.
CHILD = """
import enum, gc, json, os, sys

made = []
real_create = enum.EnumType._create_

def create(cls, class_name, names, *args, **kwargs):
    made.append(class_name)
    return real_create(cls, class_name, names, *args, **kwargs)

enum.EnumType._create_ = create
from mindful_listening import app as entry
from mindful_listening.core import library
from mindful_listening.ui import main as ui_main
from mindful_listening.timers import after_first_paint, soon

validated = []
real_check = library.check_parsed

def counted(parsed, text, source):
    validated.append(source)
    return real_check(parsed, text, source)

library.check_parsed = counted

real_exec = ui_main._exec

def watch(app):
    window = next(w for w in app.topLevelWidgets() if w.isVisible())
    found = {"shown": type(window).__name__, "collecting_before_the_paint": gc.isenabled()}

    def after_the_app_s_own():
        found["collecting_after_it"] = gc.isenabled()
        found["modules_after_it"] = sorted(sys.modules)
        print(json.dumps(found), flush=True)
        os._exit(0)

    def painted():
        found["modules_at_first_paint"] = sorted(sys.modules)
        found["validated_at_first_paint"] = sorted(validated)
        found["enum_types_at_first_paint"] = sorted(set(made))
        soon(window, after_the_app_s_own)

    after_first_paint(window, painted)
    return real_exec(app)

ui_main._exec = watch
entry.main(sys.argv[1:])
"""


@pytest.mark.parametrize("args", [(), ("--one-to-one",)])
def test_the_garbage_collector_waits_for_the_first_paint_then_runs_again(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    found = run_child(CHILD, tmp_path, *args)
    assert found["shown"] == ("OneToOneWindow" if args else "MainWindow")
    assert found["collecting_before_the_paint"] is False
    assert found["collecting_after_it"] is True


def test_the_entry_point_leaves_the_collector_as_it_found_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Called in a process that goes on (a test's), the entry point starts the collector again on its way out,
    whether the window painted or not; one that found it off leaves it off."""
    import gc

    from mindful_listening import app
    from mindful_listening.ui import main as ui_main

    seen: list[bool] = []

    def run(argv: list[str]) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(ui_main, "run", run)
    assert gc.isenabled()
    try:
        assert app.main([]) == 0
        assert gc.isenabled()
        gc.disable()
        assert app.main([]) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
        ui_main.release_collection()
    assert seen == [False, False]


# The stage pages after the library and what only they need (decision 0016): the window that opens the app
# makes them just after its first paint, so their modules are imported then, not before.
STAGE_PAGES = (
    "mindful_listening.ui.presenter",
    "mindful_listening.ui.reflection",
    "mindful_listening.ui.group_size",
)


def test_the_stage_pages_modules_load_after_the_facilitators_first_paint(tmp_path: Path) -> None:
    found = run_child(CHILD, tmp_path)
    assert found["shown"] == "MainWindow"
    at_paint = set(found["modules_at_first_paint"])
    assert "mindful_listening.ui.library_page" in at_paint  # the check itself sees what is loaded
    assert sorted(at_paint & set(STAGE_PAGES)) == []
    assert sorted(set(found["modules_after_it"]) & set(STAGE_PAGES)) == sorted(STAGE_PAGES)


def test_the_rehearse_timeline_is_made_and_filled_when_it_is_first_looked_at(qtbot: QtBot) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QTreeWidget

    from mindful_listening.core.library import builtin_scripts
    from mindful_listening.core.timeline import compile_script
    from mindful_listening.ui.library_page import LibraryPage

    page = LibraryPage(QAction("Open"), QAction("Use"))
    qtbot.add_widget(page)
    scripts = list(builtin_scripts()[:2])
    page.set_scripts(scripts, ["built in"] * 2)
    assert page.tabs.currentIndex() == 0
    assert page.findChild(QTreeWidget, "rehearsePlan") is None, "the About tab is on show: the timeline waits"
    page.tabs.setCurrentIndex(1)
    tree = page.findChild(QTreeWidget, "rehearsePlan")
    assert isinstance(tree, QTreeWidget)
    assert tree.parentWidget() is page.tabs.widget(1)

    def rows() -> list[str]:
        return [tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())]  # type: ignore[union-attr]

    first = rows()
    assert len(first) == len(compile_script(scripts[0]).steps) + 1  # every step, and the end
    page.list.setCurrentRow(1)  # chosen with the Rehearse tab on show: filled at once
    second = rows()
    assert len(second) == len(compile_script(scripts[1]).steps) + 1
    assert second != first
    page.tabs.setCurrentIndex(0)
    page.list.setCurrentRow(0)
    assert rows() == []
    assert page.plan is tree  # read by a caller: filled then
    assert rows() == first


def test_a_library_page_read_at_once_has_its_timeline(qtbot: QtBot) -> None:
    """A caller that reads ``plan`` before any tab change (the tests, the screenshot tools) finds it made,
    filled, and in the keyboard's order between the tabs and Use this script."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from mindful_listening.core.library import builtin_scripts
    from mindful_listening.ui.library_page import LibraryPage

    page = LibraryPage(QAction("Open"), QAction("Use"))
    qtbot.add_widget(page)
    page.set_scripts(list(builtin_scripts()[:1]), ["built in"])
    plan = page.plan
    assert plan.topLevelItemCount() > 1
    wanted = [page.list, page.open_button, page.tabs.tabBar(), plan, page.use_button]
    order: list[QWidget] = []
    widget: QWidget | None = page.list
    for _ in range(200):
        assert widget is not None
        if widget in wanted and widget not in order:
            order.append(widget)
        widget = widget.nextInFocusChain()
    assert order == wanted


def test_the_one_to_one_timer_validates_only_its_own_built_ins(tmp_path: Path) -> None:
    from mindful_listening.core.library import builtin_scripts_for
    from mindful_listening.core.script import Mode

    own = sorted(f"built-in {s.id}.toml" for s in builtin_scripts_for(Mode.ONE_TO_ONE))
    for start in ("first", "second"):  # the TOML read, then its kept parse
        found = run_child(CHILD, tmp_path, "--one-to-one")
        assert found["shown"] == "OneToOneWindow"
        assert found["validated_at_first_paint"] == own, start


# The app started through its entry point, PySide6 imported first here only to stop it at the event loop's
# start: which modules' sources were read (``inspect.getsource``, what PySide6's import hook reads them by).
CHILD_SOURCES = """
import inspect, json, os, sys
read = []
real_getsource = inspect.getsource

def getsource(obj):
    read.append(getattr(obj, "__name__", "?"))
    return real_getsource(obj)

inspect.getsource = getsource
from mindful_listening import app as entry
from PySide6.QtWidgets import QApplication

def at_first_screen(self):
    shown = sorted(type(w).__name__ for w in self.topLevelWidgets() if w.isVisible())
    ours = sorted(name for name in read if name.split(".")[0] == "mindful_listening")
    print(json.dumps({"shown": shown, "ours_read": ours}), flush=True)
    os._exit(0)

QApplication.exec = at_first_screen
entry.main(sys.argv[1:])
"""


@pytest.mark.parametrize("args", [(), ("--one-to-one",)])
def test_pyside6_reads_none_of_the_apps_sources_at_start(tmp_path: Path, args: tuple[str, ...]) -> None:
    found = run_child(CHILD_SOURCES, tmp_path, *args)
    assert found["shown"] == ["OneToOneWindow" if args else "MainWindow"]
    assert found["ours_read"] == []


# Enum types of widget classes neither first screen uses (a multiple-document area, a wizard, a calendar).
# PySide6 makes every widget class it has not made yet, with its enum types, the first time Python is given a
# widget Qt made itself (a scroll area's own viewport, met by the keys' router just before the first frame:
# 6-10 ms); the console's scroll areas have viewports made in Python (widgets.scrolled).
UNUSED_WIDGETS_ENUMS = {"SubWindowOption", "WizardOption", "HorizontalHeaderFormat"}


@pytest.mark.parametrize("args", [(), ("--one-to-one",)])
def test_no_widget_class_the_first_screen_does_not_use_is_made_before_its_first_paint(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    found = run_child(CHILD, tmp_path, *args)
    made = set(found["enum_types_at_first_paint"])
    assert "WidgetAttribute" in made  # the check itself sees the enum types made
    assert sorted(made & UNUSED_WIDGETS_ENUMS) == []


# The entry point's own order, up to the event loop's start (as benchmarks/startup.py's children do): every
# source PySide6's import hook still reads, which should be only PySide6's own, read as it is imported.
CHILD_EVERY_SOURCE = """
import inspect, json, os, sys
read = []
real_getsource = inspect.getsource

def getsource(obj):
    read.append(getattr(obj, "__name__", "?"))
    return real_getsource(obj)

inspect.getsource = getsource
from mindful_listening import app as entry
from mindful_listening import cli

entry.import_qt_free_first(one_to_one="--one-to-one" in sys.argv)
entry.spare_pyside_the_sources()
from mindful_listening.ui import main as ui_main

def at_first_screen(app):
    print(json.dumps({"read": read}), flush=True)
    os._exit(0)

ui_main._exec = at_first_screen
cli.main(sys.argv[1:])
"""


@pytest.mark.parametrize("args", [(), ("--one-to-one",)])
def test_pyside6_reads_only_its_own_sources_at_start(tmp_path: Path, args: tuple[str, ...]) -> None:
    """At a start after the first (the built-ins' parse kept: the first reads their TOML, and imports and
    reads ``tomllib`` for it)."""
    run_child(CHILD_EVERY_SOURCE, tmp_path, *args)
    read = run_child(CHILD_EVERY_SOURCE, tmp_path, *args)["read"]
    assert "PySide6" in read  # the check itself sees what is read
    its_own = ("PySide6", "shiboken6", "shibokensupport", "enum")
    assert [name for name in read if name.split(".")[0] not in its_own] == []
