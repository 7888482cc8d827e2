"""Walk what a screen reader gets: Qt's accessibility tree (`QAccessible`) of a window.

The AT-SPI bridge on Linux and UI Automation on Windows both read this tree, so a test
that walks it checks what Orca or NVDA would announce without starting either. What
the walker reports is independent of how the screen was built: it asks Qt's interface
of each widget for role, name, description, value and state, exactly as the bridge does.

A combo box's name on Linux is its current text (Qt's `QAccessibleComboBox` leaves the
name to the "labelled by" relation there), so Orca announces the label a combo box's
buddy label gives it; the walker reads that relation, and a combo box without one is
announced by its value.

Qt's AT-SPI bridge carries no "required" and no "invalid entry" state
(`spiStatesFromQState` maps neither), so Koffer says both in words: the required marker
of the form's language in the field's name, the error message at the start of its
description. `expect_field` states what the test expects of one field; the expectation
comes from the engine's evaluation, never from the screen under test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QRect
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QWidget

Role = QAccessible.Role
Text = QAccessible.Text

#: Roles a person operates (focus, press, type, choose): each needs a name of its own.
INTERACTIVE: frozenset[QAccessible.Role] = frozenset(
    {
        Role.Button,
        Role.PushButton,
        Role.ButtonMenu,
        Role.ButtonDropDown,
        Role.ButtonDropGrid,
        Role.CheckBox,
        Role.RadioButton,
        Role.ComboBox,
        Role.EditableText,
        Role.SpinBox,
        Role.Slider,
        Role.Dial,
        Role.List,
        Role.Table,
        Role.Tree,
        Role.PageTab,
        Role.Link,
        Role.Client,
        Role.Switch,
        Role.Pane,
        Role.Canvas,
    }
)
#: Roles whose children belong to them (a combo box's popup list and its items).
_SEALED: frozenset[QAccessible.Role] = frozenset({Role.ComboBox, Role.ScrollBar})
#: Roles whose value is what the person typed or chose (never a name).
_VALUED: frozenset[QAccessible.Role] = frozenset(
    {Role.ComboBox, Role.EditableText, Role.SpinBox, Role.Slider}
)


@dataclass(frozen=True)
class Node:
    """One element as an assistive technology sees it."""

    role: QAccessible.Role
    name: str  # what the element calls itself
    label: str  # the text of the labels it is "labelled by" (its buddy label)
    description: str
    value: str
    focusable: bool
    disabled: bool
    invisible: bool
    rect: QRect
    widget: QWidget | None
    trail: str  # where it is: the names/roles of its ancestors, for messages

    @property
    def spoken(self) -> str:
        """The name a screen reader announces: its own, or for a combo box its label."""
        if self.role == Role.ComboBox and self.label:
            return self.label
        return self.name or self.label

    @property
    def interactive(self) -> bool:
        """Something a person operates (and that is there to operate)."""
        if self.invisible or self.disabled or self.role not in INTERACTIVE:
            return False
        # A pane, canvas or plain widget is operated only when it takes focus (a scroll
        # area, the signature pad).
        if self.role in (Role.Pane, Role.Canvas, Role.Client):
            return self.focusable
        return True

    def __str__(self) -> str:
        return f"{self.role.name} {self.spoken!r} at {self.trail}"


def _node(iface: QAccessibleInterface, trail: str) -> Node:
    state = iface.state()
    obj = iface.object()
    widget = obj if isinstance(obj, QWidget) else None
    labels = [
        (other.text(Text.Name) or "").strip()
        for other, _relation in iface.relations(QAccessible.RelationFlag.Label)
        if other is not None and other.isValid()
    ]
    return Node(
        role=iface.role(),
        name=(iface.text(Text.Name) or "").strip(),
        label=" ".join(t for t in labels if t),
        description=(iface.text(Text.Description) or "").strip(),
        value=(iface.text(Text.Value) or "").strip(),
        focusable=bool(state.focusable),
        disabled=bool(state.disabled),
        invisible=bool(state.invisible) or (widget is not None and not widget.isVisible()),
        rect=iface.rect(),
        widget=widget,
        trail=trail,
    )


def walk(root: QWidget) -> list[Node]:
    """Every element of `root`'s accessibility tree, depth first, in the tree's order."""
    out: list[Node] = []
    top = QAccessible.queryAccessibleInterface(root)
    assert top is not None, f"{root!r} has no accessible interface"
    assert top.isValid(), f"{root!r} has no valid accessible interface"

    def visit(iface: QAccessibleInterface, trail: str, depth: int) -> None:
        node = _node(iface, trail)
        out.append(node)
        if node.role in _SEALED or node.invisible or depth > 60:
            return
        here = f"{trail} > {node.role.name}" + (f" {node.name!r}" if node.name else "")
        for index in range(iface.childCount()):
            child = iface.child(index)
            if child is not None and child.isValid():
                visit(child, here, depth + 1)

    visit(top, root.objectName() or type(root).__name__, 0)
    return out


@dataclass(frozen=True)
class FieldExpectation:
    """What the engine says about the field a widget edits (see module docstring)."""

    required: bool
    message: str | None  # the error shown now, None when the field has none
    required_word: str  # the marker of the form's language: "Pflichtfeld", "required"


#: Returns the expectation for a widget that edits a form field, None for other widgets.
Expect = Callable[[QWidget], FieldExpectation | None]


def problems(root: QWidget, expect: Expect | None = None) -> list[str]:
    """What a screen reader user would miss in `root`, one line each (empty: nothing).

    Every interactive element needs a name; the name must not be its value (a combo box
    announced as "— bitte wählen —" instead of "Familienstand"); two elements of one
    screen must not share a name unless something else tells them apart (a "Vorname" in
    each household row must say which row); and a form field must say it is required
    and what is wrong with it, as `expect` states.
    """
    found: list[str] = []
    nodes = [n for n in walk(root) if n.interactive]
    for node in nodes:
        if not node.spoken:
            found.append(f"no name: {node}")
            continue
        if node.role in _VALUED and node.value and node.spoken == node.value:
            found.append(f"named by its value {node.value!r}: {node}")
        if expect is not None and node.widget is not None:
            wanted = expect(node.widget)
            if wanted is not None:
                found.extend(_field_problems(node, wanted))
    seen: dict[tuple[str, str], Node] = {}
    for node in nodes:
        if not node.spoken:
            continue
        key = (node.spoken, node.description)
        if key in seen:
            found.append(f"same name and description as {seen[key]}: {node}")
        seen.setdefault(key, node)
    return found


def _field_problems(node: Node, wanted: FieldExpectation) -> Iterator[str]:
    says_required = wanted.required_word.casefold() in node.spoken.casefold()
    if wanted.required and not says_required:
        yield f"required, but the name does not say {wanted.required_word!r}: {node}"
    if not wanted.required and says_required:
        yield f"not required, but the name says {wanted.required_word!r}: {node}"
    if wanted.message is not None and not node.description.startswith(wanted.message):
        yield f"invalid, but the description does not start with {wanted.message!r}: {node}"


def names(root: QWidget) -> list[str]:
    """The names of the interactive elements, in tree order (for readable assertions)."""
    return [n.spoken for n in walk(root) if n.interactive]
