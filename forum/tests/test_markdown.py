"""Sanitising hostile Markdown/HTML: nothing executable may survive rendering."""

import re
from html.parser import HTMLParser

import pytest

from forum import markdown as md

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">klik</a>',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](  javascript:alert(1))",
    "[klik](&#106;avascript:alert(1))",
    "[klik](java\tscript:alert(1))",
    "[klik](vbscript:msgbox(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klik](file:///etc/passwd)",
    "<javascript:alert(1)>",
    "![gambar](javascript:alert(1))",
    "![x](http://evil.example/track.png)",
    '[x](http://ok.example "a\\" onmouseover=\\"alert(1))',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>body{display:none}</style>",
    "<form action=https://evil.example><button>kirim</button></form>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    "<!-- <script>alert(1)</script> -->",
    '"><script>alert(document.cookie)</script>',
    "<a href='https://ok.example' onclick='alert(1)'>ok</a>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<details open ontoggle=alert(1)>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "`<script>` dalam kode aman, tetapi ```\n<script>alert(1)</script>\n``` juga",
]


class _Elements(HTMLParser):
    """The real elements and attributes of the output (escaped text like "&lt;script&gt;" is just text)."""

    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def _elements(html):
    parser = _Elements()
    parser.feed(html)
    return parser.elements


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_input_renders_inert(source):
    html = md.render(source, mentions={"x"})
    elements = _elements(html)
    for tag, attrs in elements:
        # Only allow-listed elements, only allow-listed attributes (no on*, no style), only safe URLs.
        assert tag in md.ALLOWED_TAGS, html
        assert set(attrs) <= {"href", "title", "rel", "start", "class"}, html
        href = (attrs.get("href") or "").strip().lower()
        if href:
            assert href.startswith(("http://", "https://", "mailto:")), html
    assert "<script" not in html.lower()


def test_every_link_gets_rel_noopener_nofollow():
    html = md.render("[situs](https://jdih.bkn.go.id) dan <https://menpan.go.id>")
    links = re.findall(r"<a [^>]*>", html)
    assert len(links) == 2
    assert all('rel="noopener nofollow"' in a for a in links)


def test_raw_html_is_escaped_not_dropped():
    html = md.render("Gunakan tag <b>tebal</b>")
    assert "&lt;b&gt;tebal&lt;/b&gt;" in html


def test_sanitize_strips_attributes_even_from_allowed_tags():
    html = md.sanitize(
        '<a href="https://x.example" onclick="alert(1)" style="color:red" target="_blank">a</a>'
    )
    assert html == '<a href="https://x.example" rel="noopener nofollow">a</a>'


def test_sanitize_keeps_only_mention_class():
    assert md.sanitize('<span class="mention evil">@a</span>') == '<span class="mention">@a</span>'


def test_markdown_features_survive():
    html = md.render(
        "**tebal** _miring_ ~~coret~~\n\n> kutipan\n\n- a\n- b\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    for tag in ("<strong>", "<em>", "<s>", "<blockquote>", "<ul>", "<table>"):
        assert tag in html


@pytest.mark.parametrize(
    "text,expected",
    [
        ("halo @hr.bungo.", ["hr.bungo"]),
        ("@Kab-Bungo/BPBD siaga", ["kab-bungo/bpbd"]),
        ("surat ke a@b.go.id", []),
        ("`@kode` bukan sebutan", []),
        ("[@tautan](https://x.example) bukan sebutan", []),
        ("@a dan @a lagi, @b", ["a", "b"]),
        ("```\n@dalam_blok\n```", []),
    ],
)
def test_extract_mentions(text, expected):
    assert md.extract_mentions(text) == expected


def test_only_resolved_mentions_are_highlighted():
    html = md.render("@ada dan @tidakada", mentions={"ada"})
    assert '<span class="mention">@ada</span>' in html
    assert "@tidakada" in html and html.count("mention") == 1


def test_mention_markup_is_escaped():
    html = md.render('@x"><script>', mentions={"x"})
    assert "<script" not in html
