"""Large text (150–200 %) on a 13-inch laptop: the form stays usable, the top bar one line."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget

pytestmark = pytest.mark.gui
WOHNGELD = "wohngeld-mietzuschuss"


def open_form(window, size, scale):
    window.resize(*size)
    window.set_scale(scale)
    window.start_draft(window.catalog.get(WOHNGELD))
    form = window.form
    assert form is not None
    form.go_to("wohnung")
    QApplication.processEvents()
    return form


def shown_in(widget: QWidget, viewport: QWidget) -> bool:
    """The whole widget lies inside the scroll area's visible part."""
    top_left = widget.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(QRect(top_left, widget.size()))


def focusable(widget: QWidget, form: QWidget) -> bool:
    return bool(
        widget.isVisibleTo(form)
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    )


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_200_percent_shows_section_title_and_first_field_without_scrolling(unlocked, qtbot, size):
    form = open_form(unlocked, size, 200)
    qtbot.waitUntil(lambda: form.compact)
    assert form.side_box.isHidden()
    assert form.section_picker.isVisibleTo(form)
    page = form.stack.currentWidget()
    assert isinstance(page, QScrollArea)
    assert page.verticalScrollBar().value() == 0
    title = page.findChild(QLabel, "title_wohnung")
    section = next(s for s in form.template.sections if s.id == "wohnung")
    first = form.rows[section.fields[0].id]
    assert shown_in(title, page.viewport())
    assert shown_in(first, page.viewport())
    assert form.section_picker.currentText().endswith(section.title)


def test_100_percent_keeps_the_side_panel(unlocked, qtbot):
    form = open_form(unlocked, (1280, 800), 100)
    qtbot.waitUntil(lambda: form.width() >= 1000)
    assert not form.compact
    assert form.navigator.isVisibleTo(form)
    assert form.compact_bar.isHidden()


def test_layout_follows_the_text_scale(unlocked, qtbot):
    form = open_form(unlocked, (1280, 800), 100)
    unlocked.set_scale(200)
    qtbot.waitUntil(lambda: form.compact)
    unlocked.set_scale(100)
    qtbot.waitUntil(lambda: not form.compact)
    assert form.navigator.isVisibleTo(form)


def test_section_picker_is_reached_by_tab_and_changes_the_page(unlocked, qtbot):
    form = open_form(unlocked, (1280, 800), 200)
    qtbot.waitUntil(lambda: form.compact)
    widget: QWidget = form.undo_button
    for _ in range(100):
        widget = widget.nextInFocusChain()
        if focusable(widget, form):
            break
    assert widget is form.section_picker
    section = next(s for s in form.template.sections if s.id == "wohnung")
    for _ in range(100):
        widget = widget.nextInFocusChain()
        bar = (form.open_points, form.compact_undo, form.language_menu_button)
        if focusable(widget, form) and widget not in bar:
            break
    assert widget is form.rows[section.fields[0].id].editor.focus_widgets()[0]
    form.section_picker.setFocus()
    before = form.current_section()
    QTest.keyClick(form.section_picker, Qt.Key.Key_Down)
    assert form.current_section() != before
    assert form.section_picker.currentIndex() == form.navigator.currentRow()


def test_open_points_button_lists_findings_and_jumps_to_the_field(unlocked, qtbot):
    form = open_form(unlocked, (1280, 800), 200)
    qtbot.waitUntil(lambda: form.compact)
    form.reveal_all_findings()
    assert form.open_points.isVisibleTo(form)
    assert str(form.summary.count()) in form.open_points.text()
    actions = form.open_points_menu.actions()
    assert len(actions) == form.summary.count() > 0
    # Short entries (the field's name); the whole message is the tooltip.
    assert actions[0].toolTip() == form.summary.item(0).text()
    assert len(actions[0].text()) < len(actions[0].toolTip())
    target = form.summary.item(0).data(Qt.ItemDataRole.UserRole)
    actions[0].trigger()
    top = target.split("[", 1)[0].split(".", 1)[0]
    assert form.current_section() == form.template.section_of[top]


def test_top_bar_stays_on_one_line_at_200_percent(unlocked, qtbot):
    unlocked.resize(1280, 800)
    unlocked.start_draft(unlocked.catalog.get(WOHNGELD))
    nav = unlocked.navbar.layout()
    assert unlocked.brand.isVisibleTo(unlocked)  # 100 %: room for everything
    unlocked.set_scale(200)
    qtbot.waitUntil(
        lambda: nav.heightForWidth(unlocked.navbar.width()) <= nav.heightForWidth(1_000_000)
    )
    for needed in (unlocked.nav_catalog, unlocked.nav_drafts, unlocked.nav_form):
        assert needed.isVisibleTo(unlocked)
    assert unlocked.lock_button.isVisibleTo(unlocked)
    assert unlocked.view_button.isVisibleTo(unlocked)
    # What left the bar is still there: "Termine" in the menu, the name in the tooltip.
    assert unlocked.nav_visits.isVisibleTo(unlocked) or unlocked.visits_action.isVisible()
    if unlocked.staff.isHidden() and unlocked.staff.text():
        assert unlocked.staff.text() in unlocked.lock_button.toolTip()
    unlocked.set_scale(100)
    qtbot.waitUntil(lambda: unlocked.brand.isVisibleTo(unlocked))


def test_picker_leaves_out_sections_that_do_not_apply(unlocked, qtbot):
    form = open_form(unlocked, (1280, 800), 200)
    qtbot.waitUntil(lambda: form.compact)
    index = form.page_keys().index("hauptmieter_abschnitt")
    view = form.section_picker.view()
    entry = form.section_picker.model().item(index)
    assert view.isRowHidden(index)
    assert not entry.isEnabled()  # arrow keys on the closed box skip it too
    form.go_to("wohnverhaeltnis_abschnitt")
    combo = form.rows["wohnverhaeltnis"].editor
    form.apply_change("wohnverhaeltnis", "untermiete")
    combo.set_value("untermiete")
    assert not view.isRowHidden(index)
    assert entry.isEnabled()


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_200_percent_leaves_the_page_most_of_the_window(unlocked, qtbot, size):
    # It was about a third (250 px of 768): title, tool row and section bar took the rest.
    form = open_form(unlocked, size, 200)
    qtbot.waitUntil(lambda: form.compact)
    QApplication.processEvents()
    page = form.stack.currentWidget()
    assert isinstance(page, QScrollArea)
    assert page.viewport().height() >= 0.44 * unlocked.height(), page.viewport().height()
    assert form.language_menu_button.isVisibleTo(form)
    assert not form.easy_toggle.isVisibleTo(form)
    form.language_menu.actions()[0].trigger()  # "Leichte Sprache" from the menu
    assert form.easy_toggle.isChecked()


def test_at_200_percent_kollegin_zuschalten_is_in_the_compact_menu(unlocked, qtbot):
    """The tool row is hidden at large text; its "Kollegin zuschalten" must not go with it."""
    form = open_form(unlocked, (1366, 768), 200)
    qtbot.waitUntil(lambda: form.compact)
    assert not form.assist_button.isVisibleTo(form)
    (action,) = [a for a in form.language_menu.actions() if a.text() == "Kollegin zuschalten"]
    asked = []

    class Assist:  # stands in for the session flow, which would open its dialog
        def start(self, shown_form):
            asked.append(shown_form)

    unlocked.assist = Assist()
    form.language_menu.aboutToShow.emit()
    assert action.isEnabled()
    action.trigger()
    assert asked == [form]
