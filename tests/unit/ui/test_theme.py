"""WCAG 2.1 contrast of the themes, computed from the palette the stylesheet is made of."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from koffer.ui import theme


def test_contrast_formula_matches_wcag_reference_values():
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert theme.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize(("fg", "bg"), theme.TEXT_PAIRS)
def test_default_theme_text_contrast_is_at_least_4_5(fg, bg):
    palette = theme.DEFAULT
    ratio = theme.contrast_ratio(getattr(palette, fg), getattr(palette, bg))
    assert ratio >= 4.5, f"{fg} on {bg}: {ratio:.2f}"


@pytest.mark.parametrize(("fg", "bg"), theme.TEXT_PAIRS)
def test_high_contrast_theme_text_contrast_is_at_least_7(fg, bg):
    palette = theme.HIGH_CONTRAST
    ratio = theme.contrast_ratio(getattr(palette, fg), getattr(palette, bg))
    assert ratio >= 7.0, f"{fg} on {bg}: {ratio:.2f}"


@pytest.mark.parametrize("name", sorted(theme.THEMES))
@pytest.mark.parametrize(("fg", "bg"), theme.UI_PAIRS)
def test_borders_and_focus_ring_reach_3_to_1(name, fg, bg):
    palette = theme.THEMES[name]
    assert theme.contrast_ratio(getattr(palette, fg), getattr(palette, bg)) >= 3.0


def test_stylesheet_uses_only_known_tokens_and_fills_them_all():
    known = {f.name for f in fields(theme.Palette)} | {
        "font_base",
        "font_small",
        "font_h1",
        "font_h2",
        "font_review",
        "focus_width",
        "indicator",
        "indicator_radius",
        "check_icon",
    }
    assert theme.tokens_used() <= known
    for name in theme.THEMES:
        for scale in (100, 200):
            assert "@" not in theme.stylesheet(name, scale).replace("@font", "")


def test_tick_boxes_grow_with_the_text_and_the_tick_icon_exists():
    for name in theme.THEMES:
        small = theme.stylesheet(name, 100)
        large = theme.stylesheet(name, 200)
        assert "width: 20px;" in small
        assert "width: 40px;" in large
        icon = re.search(r"image: url\(([^)]+)\)", small)
        assert icon is not None
        assert Path(icon.group(1)).is_file()


def test_text_scale_grows_fonts_and_is_clamped():
    small = theme.stylesheet("default", 100)
    large = theme.stylesheet("default", 200)
    assert f"font-size: {theme.point_size(100)}pt" in small
    assert f"font-size: {theme.point_size(200)}pt" in large
    assert theme.clamp_scale(300) == 200
    assert theme.clamp_scale(50) == 100
