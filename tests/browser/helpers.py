"""Small helpers shared by the browser flow tests."""

import re
from pathlib import Path

SHOTS = Path("/tmp/h1_shots")  # end-of-flow screenshots, kept for a human to look at


def shot(page, name, *, full_page=True):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def named(text):
    """Accessible name of a link or button with a Bootstrap icon in front: the icon font's glyph is part of the
    computed name (the <i class="bi"> elements are not aria-hidden), so match the text at the end."""
    return re.compile(r"^\W*" + re.escape(text) + r"$")


def nav(page, text):
    """Follow a link of the sidebar menu."""
    page.locator("#sidebar").get_by_role("link", name=named(text)).click()


def content_link(page, text):
    return page.locator("#konten").get_by_role("link", name=named(text))


def content_button(page, text):
    return page.locator("#konten").get_by_role("button", name=named(text))
