"""The room view fits its text once per change, not once per call (issue 16: a step change set the roles,
showed its page and its first caption, and each of the three views fitted its page three times), and what it
keeps to fit quickly (each label's font) follows the looks."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from mindful_listening.core.flow import Stage
from mindful_listening.core.library import find_script
from mindful_listening.ui.phase import PhaseLook
from mindful_listening.ui.room import AudienceView, RoomFeed, fit_pixel_size, font_shape
from mindful_listening.ui.theme import Tone
from mindful_listening.ui.window import MainWindow

FULL_HD = (1920, 1080)


def _view(qtbot: QtBot) -> AudienceView:
    view = AudienceView()
    qtbot.add_widget(view)
    view.resize(*FULL_HD)
    view.show()
    qtbot.wait_exposed(view)
    return view


def _count_fits(view: AudienceView) -> list[int]:
    done = [0]
    real = view._fit_practice

    def counted(h: int, inner: int, margin: int) -> None:
        done[0] += 1
        real(h, inner, margin)

    view._fit_practice = counted  # type: ignore[method-assign]
    return done


def test_a_batch_fits_each_view_once_with_everything_changed_inside_it(qtbot: QtBot) -> None:
    feed = RoomFeed()
    views = [_view(qtbot), _view(qtbot)]
    for view in views:
        feed.attach(view)
    feed.show_practice()
    counts = [_count_fits(view) for view in views]
    with feed.batch():
        feed.set_roles(["Speaking: A", "Listening: B"], "")
        feed.show_practice()
        feed.set_caption("Speaker, please begin when you're ready.")
        assert [c[0] for c in counts] == [0, 0]  # nothing fitted yet, inside
    assert [c[0] for c in counts] == [1, 1]
    # Outside a batch each change is fitted at once, as before.
    feed.set_caption("One minute left.")
    assert [c[0] for c in counts] == [2, 2]


def test_what_a_batch_changed_is_fitted_as_if_each_change_had_been(qtbot: QtBot) -> None:
    batched, direct = _view(qtbot), _view(qtbot)
    roles = ["Speaking: A", "Listening: B", "Observing: C"]
    caption = "Let your last words land, and when you are ready, swap roles."
    with RoomFeed().batch():
        pass  # an empty batch changes nothing
    feed = RoomFeed()
    feed.attach(batched)
    with feed.batch():
        feed.show_practice()
        feed.set_roles(roles, "")
        feed.set_caption(caption)
    direct.show_practice()
    direct.set_roles(roles, "")
    direct.set_caption(caption)
    for a, b in ((batched.role_labels[0], direct.role_labels[0]), (batched.caption, direct.caption)):
        assert a.styleSheet() == b.styleSheet() != ""


def test_the_fonts_kept_for_fitting_follow_a_new_text_size_and_window_font(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_practice()
    view.set_roles(["Speaking: A", "Listening: B"], "")
    before = view.role_labels[0].styleSheet()
    view.set_font_scale(0.6)
    assert view.role_labels[0].styleSheet() != before  # fitted again at the new scale
    # A window font of another family reaches the labels: the kept fonts are dropped with it.
    wide = QFont("DejaVu Sans Mono")
    wide.setPointSize(14)
    kept = view._base(view.caption).key()
    view.setFont(wide)
    assert view._base(view.caption).key() != kept


def test_a_kept_shape_gives_the_same_answer_as_the_font(qtbot: QtBot) -> None:
    font = QFont()
    font.setBold(True)
    text = "Listening: B"
    assert fit_pixel_size(text, font, 120, 12, 300) == fit_pixel_size(
        text, font, 120, 12, 300, shape=font_shape(font)
    )


def test_a_step_change_in_the_window_fits_each_room_view_once(
    qtbot: QtBot, make_window: Callable[..., MainWindow], advance: Callable[[int], None]
) -> None:
    window = make_window()
    window.resize(1366, 768)
    window.actions_by_name["audience_window"].setChecked(True)
    window.use_script(find_script("speak-reflect-respond"))
    window.set_stage(Stage.PRACTICE)
    window.toggle()
    advance(1_000)
    controller = window.controller
    assert controller is not None
    assert window.audience_window is not None
    views = [window.audience_window.view, window.practice_page.mirror, window.room]
    step = controller.snapshot().index
    advance(controller.snapshot().remaining_ms - 1)  # the step's own cues on the way
    counts = [_count_fits(view) for view in views]
    advance(1)  # the step change, its caption cleared, the next step's first cue and its tick: one poll
    assert controller.snapshot().index == step + 1
    assert controller.timeline.steps[step + 1].cues, "the next step should start with a cue"
    assert counts[0][0] == 1  # the caption cleared, the roles, the page, the cue: one fit
    # The console's mirror takes them (and the cues' before them) in the event loop's next turn, in one go.
    assert counts[1][0] == 0
    caught_up: list[AudienceView] = []
    real = window.feed._catch_up

    def catching_up(view: AudienceView) -> None:
        caught_up.append(view)
        real(view)

    window.feed._catch_up = catching_up  # type: ignore[method-assign]
    QApplication.processEvents()
    assert caught_up == [window.practice_page.mirror]
    assert counts[1][0] >= 1
    # The room view inside the window is hidden while the console shows: it is fitted when shown, once.
    assert counts[2][0] == 0
    window.actions_by_name["room_view"].setChecked(True)
    assert counts[2][0] == 1


def test_a_caption_coming_and_going_moves_nothing_else_in_the_room(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_practice()
    view.set_roles(["Speaking: A", "Listening: B"], "")
    view.set_tick(PhaseLook("Speaking", Tone.SPEAK), 0.5, False, "2:30", "Next: B speaks, A listens · 3 min")
    QApplication.processEvents()

    def places() -> list[QRect]:
        return [view.disc.geometry(), view.roles.geometry(), view.next_label.geometry()]

    quiet = places()
    view.set_caption("Speaker, please begin when you're ready; listener, simply receive what is said.")
    QApplication.processEvents()
    assert places() == quiet
    assert view.caption.height() == round(view.height() * 0.13)
    assert view.caption.text()
    view.set_caption("")
    QApplication.processEvents()
    assert places() == quiet
