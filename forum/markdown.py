"""Markdown → safe HTML for forum posts, and the @mention syntax.

Two layers, so a bug in one is caught by the other:
1. markdown-it-py in CommonMark mode with raw HTML OFF (any `<script>` the author types is escaped as text),
   images off (no remote images, no tracking pixels) and its own link validation (rejects javascript:,
   vbscript:, file: and data: links).
2. nh3 (ammonia) on the result: an allow-list of tags and attributes, only http/https/mailto URLs, no event
   attributes or styles, and `rel="noopener nofollow"` on every link.

Mention syntax (design):
- ``@username``            one person (portal user name, e.g. ``@hr.bungo``)
- ``@<instansi-kode>``      every user of an instansi, e.g. ``@kab-bungo``
- ``@<instansi-kode>/<unit>`` every user working in a unit (and its sub-units) of that instansi, where
  ``<unit>`` is the unit's singkatan or kode, case-insensitive, e.g. ``@kab-bungo/bpbd``.
A user name wins over an instansi code that happens to be spelled the same. Mentions inside code or links
are ignored.
"""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

# A handle starts and ends with a letter/digit/underscore; dots and dashes inside (hr.bungo, kab-bungo).
_PART = r"[A-Za-z0-9_](?:[\w.\-]*[A-Za-z0-9_])?"
MENTION_RE = re.compile(rf"(?<![\w@/.\-])@({_PART}(?:/{_PART})?)")

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_CLASSES = {"span": {"mention"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener nofollow"


def extract_mentions(text: str) -> list[str]:
    """The distinct handles mentioned in `text` (lower-cased, in order), ignoring code spans and blocks."""
    seen: dict[str, None] = {}
    for token in _md().parse(text or ""):
        if token.type != "inline" or not token.children:
            continue
        depth = 0
        for child in token.children:
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth -= 1
            elif child.type == "text" and depth == 0:
                for m in MENTION_RE.finditer(child.content):
                    seen.setdefault(m.group(1).lower(), None)
    return list(seen)


def render(text: str, *, mentions: set[str] | frozenset[str] = frozenset()) -> str:
    """Sanitised HTML for a post. `mentions`: the lower-cased handles that resolved to someone; they are
    highlighted, others stay plain text."""
    md = _md()
    env = {"mentions": {m.lower() for m in mentions}}
    raw = md.render(text or "", env)
    return sanitize(raw)


def sanitize(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def excerpt(text: str, length: int = 200) -> str:
    """Plain-text excerpt of a post's Markdown (for notifications and search results)."""
    plain = re.sub(r"[`*_>#\[\]()~|-]+", " ", text or "")
    plain = " ".join(plain.split())
    return plain if len(plain) <= length else plain[: length - 1].rstrip() + "…"


_MD: MarkdownIt | None = None


def _md() -> MarkdownIt:
    global _MD
    if _MD is None:
        md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        md.enable(["table", "strikethrough"])
        md.disable("image")
        md.core.ruler.push("forum_mentions", _mention_rule)
        _MD = md
    return _MD


def _mention_rule(state) -> None:
    known = (state.env or {}).get("mentions") if isinstance(state.env, dict) else None
    if not known:
        return
    for token in state.tokens:
        if token.type != "inline" or not token.children:
            continue
        out: list[Token] = []
        depth = 0
        for child in token.children:
            if child.type == "link_open":
                depth += 1
            elif child.type == "link_close":
                depth -= 1
            if child.type != "text" or depth or "@" not in child.content:
                out.append(child)
                continue
            pos = 0
            for m in MENTION_RE.finditer(child.content):
                if m.group(1).lower() not in known:
                    continue
                if m.start() > pos:
                    out.append(_text(child.content[pos : m.start()]))
                span = Token("html_inline", "", 0)
                span.content = f'<span class="mention">@{html.escape(m.group(1))}</span>'
                out.append(span)
                pos = m.end()
            if pos < len(child.content):
                out.append(_text(child.content[pos:]))
        token.children = out


def _text(content: str) -> Token:
    t = Token("text", "", 0)
    t.content = content
    return t
