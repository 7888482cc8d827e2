"""Colours, font sizes and the stylesheet: the calm default theme and a high-contrast one.

Colours live here as data (not inside the stylesheet) so a unit test can check every
foreground/background pair against WCAG 2.1 contrast ratios. The stylesheet in
``resources/styles/koffer.qss`` refers to them as ``@name`` tokens.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import cache

from koffer.ui.resources import resource

#: The body text size at 100 % (points). Large on purpose: seniors read along.
BASE_POINT_SIZE = 13
#: Allowed text scale, percent.
MIN_SCALE, MAX_SCALE, SCALE_STEP = 100, 200, 25


@dataclass(frozen=True)
class Palette:
    """Every colour of one theme, as #rrggbb."""

    window: str  # page background
    surface: str  # cards, inputs
    text: str
    muted: str  # secondary text (help)
    border: str  # input borders (non-text contrast >= 3:1)
    primary: str  # primary button background
    on_primary: str
    secondary_bg: str  # other buttons
    on_secondary: str
    focus: str  # the focus ring
    error: str
    warning_bg: str
    on_warning: str
    success: str
    selection: str
    on_selection: str
    disabled: str  # text of disabled controls (exempt from 4.5:1 but kept readable)
    nav_bg: str
    on_nav: str


DEFAULT = Palette(
    window="#f6f5f1",
    surface="#ffffff",
    text="#1c1f23",
    muted="#4a5059",
    border="#767b82",
    primary="#0b5394",
    on_primary="#ffffff",
    secondary_bg="#e6e9ee",
    on_secondary="#1c1f23",
    focus="#b45309",
    error="#b3261e",
    warning_bg="#fff1d6",
    on_warning="#6b3a00",
    success="#1d6b36",
    selection="#0b5394",
    on_selection="#ffffff",
    disabled="#6b6f76",
    nav_bg="#1f3a5a",
    on_nav="#ffffff",
)

HIGH_CONTRAST = Palette(
    window="#000000",
    surface="#000000",
    text="#ffffff",
    muted="#f0f0f0",
    border="#ffffff",
    primary="#ffff00",
    on_primary="#000000",
    secondary_bg="#000000",
    on_secondary="#ffffff",
    focus="#00ffff",
    error="#ff9c9c",
    warning_bg="#000000",
    on_warning="#ffff00",
    success="#7dff7d",
    selection="#ffff00",
    on_selection="#000000",
    disabled="#c8c8c8",
    nav_bg="#000000",
    on_nav="#ffffff",
)

THEMES: dict[str, Palette] = {"default": DEFAULT, "high_contrast": HIGH_CONTRAST}

#: (foreground, background) pairs that appear as text on background somewhere.
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "window"),
    ("text", "surface"),
    ("muted", "window"),
    ("muted", "surface"),
    ("on_primary", "primary"),
    ("on_secondary", "secondary_bg"),
    ("error", "window"),
    ("error", "surface"),
    ("on_warning", "warning_bg"),
    ("success", "window"),
    ("success", "surface"),
    ("on_selection", "selection"),
    ("on_nav", "nav_bg"),
)
#: (foreground, background) pairs of non-text elements (WCAG 1.4.11: at least 3:1).
UI_PAIRS: tuple[tuple[str, str], ...] = (
    ("border", "surface"),
    ("border", "window"),
    ("focus", "window"),
    ("focus", "surface"),
    ("primary", "window"),
)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of a #rrggbb colour."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio (1..21) of two #rrggbb colours."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    light, dark = max(a, b), min(a, b)
    return (light + 0.05) / (dark + 0.05)


def clamp_scale(percent: int) -> int:
    """A text scale inside the allowed range."""
    return max(MIN_SCALE, min(MAX_SCALE, percent))


def point_size(scale_percent: int, factor: float = 1.0) -> int:
    """A font size in points for the scale (percent) and a relative factor."""
    return max(8, round(BASE_POINT_SIZE * scale_percent / 100 * factor))


@cache
def _template() -> str:
    return resource("styles", "koffer.qss").read_text(encoding="utf-8")


TOKEN = re.compile(r"@([a-z_0-9]+)")


def stylesheet(theme: str, scale_percent: int) -> str:
    """The application stylesheet for a theme and text scale.

    Sizes in the stylesheet are in points and derive from the scale, so everything
    grows together; layouts (never fixed sizes) make room.
    """
    palette = asdict(THEMES[theme])
    scale = clamp_scale(scale_percent)
    indicator = round(20 * scale / 100)
    sizes = {
        "font_base": f"{point_size(scale)}pt",
        "font_small": f"{point_size(scale, 0.92)}pt",
        # Headings grow less than body text, so 200 % still leaves room for the form.
        "font_h1": f"{point_size(scale, 1.6 - 0.35 * (scale - 100) / 100)}pt",
        "font_h2": f"{point_size(scale, 1.3 - 0.15 * (scale - 100) / 100)}pt",
        "font_review": f"{point_size(scale, 1.35)}pt",
        "focus_width": "3px" if theme == "default" else "4px",
        # Tick boxes and radio buttons grow with the text, so they stay easy to hit.
        "indicator": f"{indicator}px",
        "indicator_radius": f"{(indicator + 4) // 2}px",
        "check_icon": resource(
            "icons", "check-white.svg" if palette["on_primary"] == "#ffffff" else "check-black.svg"
        ).as_posix(),
    }
    values = {**palette, **sizes}

    def replace(match: re.Match[str]) -> str:
        return str(values[match.group(1)])

    return TOKEN.sub(replace, _template())


def tokens_used() -> set[str]:
    """Every @token the stylesheet template uses (for tests)."""
    return set(TOKEN.findall(_template()))
