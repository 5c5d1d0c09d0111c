"""Security of the output: hostile front matter and bodies produce nothing executable, nothing
unpublished reaches any output file, links to other sites open safely, and every page carries a
Content Security Policy that allows exactly the site's own scripts.

Hostile values the checker refuses are tested against the checker (a clear error naming field
and line); values it accepts are built into a real site and every output file is inspected.
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from support import (
    REPO,
    SEVEN_SECTIONS,
    brief_data,
    copy_project,
    review_data,
    run_build,
    write_item,
)

from lif.index.site import Site, load_site
from lif.model.content import Brief, Document, LearningPoint, Recommendation, Review
from lif.model.markdown import new_markdown, render_markdown
from lif.model.paths import EDITOR_FOLDER
from lif.model.policy import (
    INLINE_SCRIPT_HASHES,
    POLICY,
    editor_meta_policy,
    header_policy,
    meta_policy,
    script_hash,
)
from lif.model.sanitize import clean_page, inspect_content
from lif.render.item import render_item_page

TODAY = dt.date(2026, 11, 26)

# ---------------------------------------------------------------------------------------------
# Inspecting output: what counts as executable.

#: Attributes whose value a browser follows as an address.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "values"}
)
#: Script types that browsers do not run.
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
#: Elements that run code or load another document into the page (a form is not among them:
#: the theme's search box is one; its ``action`` is checked as an address).
ACTIVE_TAGS = frozenset({"script", "iframe", "frame", "object", "embed", "applet", "base"})

_SCRIPT_SCHEME = re.compile(r"(?:java|vb|live)script:|^data:(?!image/(?:png|gif|jpe?g|webp);)")


def is_unsafe_value(value: str) -> bool:
    """True if an attribute value, as a browser reads it, is a script address (the test's own
    reading, independent of the library's cleaner)."""
    text = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value)).lower()
    return bool(_SCRIPT_SCHEME.search(text))


class ActiveContent(HTMLParser):
    """Collects everything in an HTML document that could run code."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.inline_scripts: list[str] = []
        self.script_sources: list[str] = []
        self._in_script: str | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...> (event handler)")
            elif value and name in URL_ATTRIBUTES and is_unsafe_value(value):
                self.found.append(f"<{tag} {name}={value!r}> (script address)")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            target = (values.get("content") or "").partition("=")[2]
            if is_unsafe_value(target):
                self.found.append(f"<meta http-equiv=refresh content={target!r}>")
        if tag == "script":
            if values.get("src"):
                self.script_sources.append(values["src"] or "")
            elif (values.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self._in_script = tag
                self._script_text = []
        elif tag in ACTIVE_TAGS:
            self.found.append(f"<{tag}>")

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script:
            self.inline_scripts.append("".join(self._script_text))
            self._in_script = None


def inspect_html(text: str) -> ActiveContent:
    parser = ActiveContent()
    parser.feed(text)
    parser.close()
    return parser


def page_problems(text: str) -> list[str]:
    """What in a built page could run, other than the site's own scripts."""
    parsed = inspect_html(text)
    problems = list(parsed.found)
    allowed = set(INLINE_SCRIPT_HASHES.values())
    problems += [
        f"inline script not allowed by the policy: {s[:60]!r}"
        for s in parsed.inline_scripts
        if script_hash(s) not in allowed
    ]
    problems += [
        f"script from another site: {src}"
        for src in parsed.script_sources
        if re.match(r"^(?:[a-z]+:)?//", src, re.IGNORECASE)
    ]
    return problems


def fragment_problems(text: str) -> list[str]:
    """What could run if a text value (a feed entry, an export field) were shown as HTML."""
    parsed = inspect_html(text)
    return parsed.found + [f"<script>{s[:40]}" for s in parsed.inline_scripts]


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def read_output(path: Path) -> str | None:
    """An output file's text (gzip-compressed files, like the search index, decompressed)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def output_problems(site_dir: Path) -> list[str]:
    """Executable content anywhere in the built site, file by file."""
    problems = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix in {".js", ".css", ".map", ".wasm", ".woff2"}:
            continue
        text = read_output(path)
        if text is None:
            continue
        rel = path.relative_to(site_dir)
        found: list[str] = []
        if path.suffix == ".html":
            found = page_problems(text)
        elif path.suffix in {".xml", ".rss", ".atom"}:
            root = ET.fromstring(text)
            for element in root.iter():
                for value in [element.text or "", *element.attrib.values()]:
                    found += fragment_problems(value)
        elif path.suffix == ".json" or text.lstrip().startswith(("{", "[")):
            try:
                data = json.loads(text[text.index(text.lstrip()[0]) :])
            except ValueError:
                data = text
            for value in strings_in(data):
                found += fragment_problems(value)
        else:
            found = fragment_problems(text)
        problems += [f"{rel}: {p}" for p in found]
    return problems


# ---------------------------------------------------------------------------------------------
# (a) The checker refuses hostile values, naming field and line.

HOSTILE_TEXT = {
    "script element": "<script>alert(1)</script>",
    "event handler": "<img src=x onerror=alert(1)>",
    "attribute break-out": '"><svg onload=alert(1)>',
    "javascript link": '<a href="javascript:alert(1)">alert(1)</a>',
    "entity-encoded script": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "numeric entities": "&#60;script&#62;alert(1)",
    "broken html": "<b>unclosed alert(1)",
    "spaced tag": "< script >alert(1)",
    "comment": "<!-- alert(1) -->",
}


def _set(data: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _review_with_everything() -> dict[str, Any]:
    return review_data(
        content_warning="Describes the death of an adult.",
        learning=[{"id": "ask-twice", "title": "Ask twice", "text": "Ask a second time."}],
        recommendations=[
            {
                "id": "rec-one",
                "text": "Share what you know.",
                "evidence": "Audit of cases.",
                "not_taken_forward": "Covered by a national change.",
                "updates": [{"date": "2025-06-01", "note": "Training given."}],
                "actions": [{"text": "Write a leaflet."}],
            }
        ],
        documents=[{"title": "Full report", "kind": "full-report", "url": "/files/report.pdf"}],
    )


#: Every plain-text field that reaches a page, a listing, a feed or an export.
REVIEW_TEXT_FIELDS: dict[str, tuple[str | int, ...]] = {
    "title": ("title",),
    "summary": ("summary",),
    "subject": ("subject",),
    "author": ("author",),
    "content_warning": ("content_warning",),
    "learning[0].text": ("learning", 0, "text"),
    "learning[0].title": ("learning", 0, "title"),
    "recommendations[0].text": ("recommendations", 0, "text"),
    "recommendations[0].evidence": ("recommendations", 0, "evidence"),
    "recommendations[0].not_taken_forward": ("recommendations", 0, "not_taken_forward"),
    "recommendations[0].updates[0].note": ("recommendations", 0, "updates", 0, "note"),
    "recommendations[0].actions[0].text": ("recommendations", 0, "actions", 0, "text"),
    "documents[0].title": ("documents", 0, "title"),
}
BRIEF_TEXT_FIELDS: dict[str, tuple[str | int, ...]] = {
    "title": ("title",),
    "summary": ("summary",),
    "questions[0]": ("questions", 0),
}


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    """A project with the repository's vocabularies and no content."""
    shutil.copytree(REPO / "data", tmp_path / "data")
    (tmp_path / "reviews").mkdir()
    (tmp_path / "briefs").mkdir()
    return tmp_path


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in {path}")


def assert_refused(root: Path, path: Path, expected: list[tuple[str, int]]) -> None:
    """One run of the checker refuses each (field, line) with an error in ``path``."""
    site = load_site(root, TODAY)
    said = "\n".join(p.format() for p in site.problems)
    for field, line in expected:
        matching = [p for p in site.errors if p.field == field and p.line == line]
        assert matching, f"the checker did not refuse {field} at line {line}; it said:\n{said}"
        assert matching[0].path.endswith(path.name)
    assert "Traceback" not in said


def assert_each_field_refused(
    root: Path, data: dict[str, Any], fields: dict[str, tuple[str | int, ...]], hostile: str
) -> None:
    """Plant ``hostile`` in every field at once (numbered, to tell the lines apart); each one
    must be refused at its own line, in one run of the checker."""
    for number, path in enumerate(fields.values()):
        _set(data, path, hostile.replace("alert(1)", f"alert({number + 100})"))
    path = write_item(root, data)
    expected = [(f, line_of(path, f"alert({n + 100})")) for n, f in enumerate(fields)]
    assert_refused(root, path, expected)


@pytest.mark.parametrize("hostile", sorted(HOSTILE_TEXT))
def test_checker_refuses_markup_in_every_review_text_field(data_root: Path, hostile: str) -> None:
    assert_each_field_refused(
        data_root, _review_with_everything(), REVIEW_TEXT_FIELDS, HOSTILE_TEXT[hostile]
    )


@pytest.mark.parametrize("hostile", sorted(HOSTILE_TEXT))
def test_checker_refuses_markup_in_every_brief_text_field(data_root: Path, hostile: str) -> None:
    write_item(data_root, review_data())
    data = brief_data(questions=["What would you do?"])
    assert_each_field_refused(data_root, data, BRIEF_TEXT_FIELDS, HOSTILE_TEXT[hostile])


HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    'https://example.org/r.pdf" onclick="alert(1)',
    "https://example.org/<script>alert(1)</script>",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_checker_refuses_unsafe_document_addresses(data_root: Path, url: str) -> None:
    data = _review_with_everything()
    data["documents"][0]["url"] = url
    path = write_item(data_root, data)
    assert_refused(data_root, path, [("documents[0].url", line_of(path, "url:"))])


HOSTILE_BODY_LINES = [
    "<script>alert(1)</script>",
    '<iframe src="https://example.org/"></iframe>',
    '<img src="x" onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<object data="x.swf"></object>',
    '<form action="https://example.org/"><button>Go</button></form>',
    '<svg onload="alert(1)"></svg>',
    '<base href="https://example.org/">',
]


def test_checker_refuses_active_content_in_bodies(data_root: Path) -> None:
    body = "## Background\n\n" + "\n\nSome text.\n\n".join(HOSTILE_BODY_LINES) + "\n"
    path = write_item(data_root, review_data(), body=body)
    assert_refused(data_root, path, [("body", line_of(path, line)) for line in HOSTILE_BODY_LINES])


# ---------------------------------------------------------------------------------------------
# (b) What the checker accepts is built, and no output file holds anything executable.

#: Text a board might really write, or an attacker might try, that passes the checker.
TRICKY = (
    "Aged < 5 & over > 3, \"quoted\" and 'single' {{ config.site_name }} {% if x %} "
    '[click](javascript:alert(1)) ![i](javascript:alert(2)) x" onmouseover="alert(3) '
    "]]> --> */ javascript:alert(4) *em* `code` \\ \u2028 end"
)

#: Body text a board might write that is tricky but harmless: template syntax, a little HTML
#: and ampersands. The checker accepts it; the pages must show it as text.
TRICKY_BODY = """
Text with {{ config.site_name }} and {% raw %} and a <b>bold</b> word & an ampersand.
"""

#: Active content spelt so that a line-by-line, literal scan would miss it: character references
#: inside addresses, a Markdown reference link, and an attribute split over two lines.
ENCODED_ACTIVE_BODY = """
<a href="&#x6A;avascript:alert(7)">raw encoded link</a> and
<a href="java&#115;cript&colon;alert(5)">named entity</a>.

<img src="x.png" alt="split" onerror
="alert(8)">

[encoded link](java&#115;cript:alert(5)) and [named entity](javascript&colon;alert(6)).

[reference link][r]

[r]: jav&#x61;script:alert(9)
"""


def _tricky_review() -> dict[str, Any]:
    data = _review_with_everything()
    for path in REVIEW_TEXT_FIELDS.values():
        _set(data, path, TRICKY)
    data["documents"] += [
        {"title": TRICKY, "kind": "full-report", "url": "https://example.org/r.pdf?a=1&b=2"},
        {"title": "Letter", "kind": "full-report", "url": "//example.org/letter.pdf"},
    ]
    return data


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from one review and one brief of each kind, every text field tricky."""
    root = tmp_path_factory.mktemp("tricky")
    copy_project(root)
    write_item(root, _tricky_review(), body="## Background\n" + TRICKY_BODY)
    second = review_data(id="sar-adult-y-2025", subject="Adult Y", title="Adult Y " + TRICKY)
    write_item(root, second)
    questions = {"questions": [TRICKY, "What next?"]}
    write_item(root, brief_data(title=TRICKY, summary=TRICKY, **questions), body=TRICKY_BODY)
    seven = SEVEN_SECTIONS.replace("Text of section 3.", TRICKY_BODY)
    write_item(
        root,
        brief_data(id="7mb-tricky", kind="seven-minute-briefing", title=TRICKY, **questions),
        body=seven,
    )
    write_item(
        root,
        brief_data(
            id="thematic-tricky",
            kind="thematic-note",
            title=TRICKY,
            reviews=["sar-adult-z-2025", "sar-adult-y-2025"],
        ),
        body=TRICKY_BODY,
    )
    site = load_site(root, TODAY)
    assert site.errors == [], "\n".join(p.format() for p in site.errors)
    result = run_build(root, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_checker_refuses_encoded_and_split_active_content(project: Path) -> None:
    path = write_item(project, review_data(), body="## Background\n" + ENCODED_ACTIVE_BODY)
    problems = load_site(project, TODAY).errors
    assert {p.field for p in problems} == {"body"}
    lines = path.read_text(encoding="utf-8").splitlines()
    flagged = {lines[p.line - 1] for p in problems}
    for marker in ("&#x6A;avascript", "java&#115;cript&colon;", "<img", "[encoded link]", "[r]:"):
        assert any(marker in line for line in flagged), marker
    result = run_build(project)
    assert result.returncode != 0
    assert "body: 'javascript:' is not allowed in content" in result.stdout + result.stderr


def test_output_cleaning_neutralises_encoded_active_content_the_checker_never_saw() -> None:
    html_out = render_markdown(ENCODED_ACTIVE_BODY)
    assert page_problems(html_out) == []


def test_accepted_tricky_content_builds_into_pages_with_nothing_executable(
    tricky_site: Path,
) -> None:
    assert (tricky_site / "reviews/sar-adult-z-2025/index.html").is_file()
    problems = output_problems(tricky_site)
    assert problems == [], "executable content in the output:\n" + "\n".join(problems)


def test_tricky_text_is_shown_as_text(tricky_site: Path) -> None:
    page = (tricky_site / "reviews/sar-adult-z-2025/index.html").read_text(encoding="utf-8")
    assert "Aged &lt; 5 &amp; over &gt; 3" in page
    assert "{{ config.site_name }}" in page
    assert "{% if x %}" in page
    assert "]]&gt; --&gt;" in page
    assert "onmouseover=" not in "".join(inspect_html(page).found)


def test_tricky_content_reaches_every_kind_of_output(tricky_site: Path) -> None:
    """The inspection above saw the tricky values in pages and in each non-page output."""
    texts = {
        path.relative_to(tricky_site).as_posix(): read_output(path) or ""
        for path in tricky_site.rglob("*")
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".csv", ".ics", ".txt"}
    }
    holders = sorted(name for name, text in texts.items() if "alert(4)" in text)
    assert any(name.startswith("reviews/") for name in holders), holders
    assert any(name.startswith("briefs/") for name in holders), holders


# ---------------------------------------------------------------------------------------------
# (c) Check = build: every hostile body either is refused by the checker, with the field and a
# line, or builds into pages where nothing carries an event handler.

#: Bodies written to get a handler, a script or a script address through the Markdown pipeline
#: and the cleaner, by spelling, by parser differences or by structure.
HOSTILE_BODIES: dict[str, str] = {
    **{f"line {n}": line for n, line in enumerate(HOSTILE_BODY_LINES)},
    "noembed title": '<noembed><img title=\'</noembed><img src="x"/onerror="alert(12)">\'>'
    "</noembed>",
    "empty comment": '<!--><img src="x"/onerror="alert(14)">-->',
    "encoded and split": ENCODED_ACTIVE_BODY,
    "tricky": TRICKY_BODY,
    "attribute list": 'A paragraph.\n{: onclick="alert(1)" }',
    "attribute list on a heading": '## Heading {: onmouseover="alert(1)" }',
    "handler on details": '<details open ontoggle="alert(1)"><summary>x</summary>y</details>',
    "handler in a Markdown block": '<div markdown="1" onmouseover="alert(1)">\n*x*\n</div>',
    "image title break-out": '![x](x.png" onerror="alert(1))',
    "link title break-out": '[x](https://example.org/ "t\\" onclick=\\"alert(1)")',
    "tab in scheme": '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "unclosed img": "<img src=x onerror=alert(1)//",
    "nested script": "<scr<script>ipt>alert(1)</script>",
    "svg style": "<svg><p><style><img src=x onerror=alert(1)>",
    "math mglyph": '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img '
    'src=1 onerror=alert(1)&gt;">',
    "form math": "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "code span": "`<img src=x onerror=alert(1)>` is shown as code.",
    "fenced code": "```html\n<img src=x onerror=alert(1)>\n```",
    "equals signs (150,000)": "=a" * 150_000,
    "external link": "[other site](https://example.org/) and <https://example.org/x>",
}


def _hostile_cases() -> dict[str, str]:
    """The bodies above, and each case of scripts/bench_hostile.py at a small size."""
    sys.path.insert(0, str(REPO / "scripts"))
    from bench_hostile import CASES

    cases = dict(HOSTILE_BODIES)
    cases.update({f"bench {name}": make(20_000) for name, make in CASES.items()})
    return cases


def _element_handlers(page: str) -> list[str]:
    """Event-handler attributes in ``page``, as a browser's parser (html5ever) reads it."""
    return [
        f"<{r.tag} {r.attribute}=...>"
        for r in inspect_content(page).removals
        if r.kind == "attribute" and r.active
    ]


def test_checker_refuses_the_hostile_rows_of_the_review(data_root: Path) -> None:
    body = (
        "## Background\n\n"
        + HOSTILE_BODIES["noembed title"]
        + "\n\nSome text.\n\n"
        + HOSTILE_BODIES["empty comment"]
        + "\n"
    )
    path = write_item(data_root, review_data(), body=body)
    site = load_site(data_root, TODAY)
    said = {(p.field, p.line, p.message.split(":")[0]) for p in site.errors}
    assert ("body", line_of(path, "<noembed>"), "'<noembed>' is not allowed in content") in said
    assert (
        "body",
        line_of(path, "alert(12)"),
        "'onerror=' is not allowed in content (an event handler on <img>)",
    ) in said
    assert (
        "body",
        line_of(path, "alert(14)"),
        "'onerror=' is not allowed in content (an event handler on <img>)",
    ) in said


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bool]]:
    """A project with one review per hostile body; the refused ones are removed, and the
    accepted ones built. Returns the project and, per case, whether the checker accepted it."""
    root = tmp_path_factory.mktemp("hostile")
    copy_project(root)
    paths: dict[str, Path] = {}
    for number, (name, body) in enumerate(_hostile_cases().items()):
        data = review_data(id=f"sar-adult-h{number}-2025", subject=f"Adult H{number}")
        paths[name] = write_item(root, data, body=f"Case {name}.\n\n{body}\n")
    site = load_site(root, TODAY)
    refused_paths = {p.path for p in site.errors}
    for problem in site.errors:
        assert problem.field == "body" and problem.line >= 1, problem.format()
    accepted = {}
    for name, path in paths.items():
        relative = path.relative_to(root).as_posix()
        accepted[name] = relative not in refused_paths
        if not accepted[name]:
            path.unlink()
    result = run_build(root, root / "site")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return root, accepted


def test_hostile_bodies_are_refused_or_accepted_as_expected(
    hostile_project: tuple[Path, dict[str, bool]],
) -> None:
    _, accepted = hostile_project
    refused = {name for name, ok in accepted.items() if not ok}
    must_refuse = {f"line {n}" for n in range(len(HOSTILE_BODY_LINES))} | {
        "noembed title", "empty comment", "encoded and split", "attribute list",
        "attribute list on a heading", "handler on details", "handler in a Markdown block",
        "tab in scheme", "svg style", "math mglyph", "form math",
        "bench unclosed-tags", "bench nested-list-600", "bench noembed-title",
        "bench empty-comment", "bench event-handlers", "bench script-addresses",
    }  # fmt: skip
    assert must_refuse <= refused, sorted(must_refuse - refused)
    for name in ("tricky", "code span", "fenced code", "equals signs (150,000)", "bench prose"):
        assert accepted[name], name


def test_every_accepted_hostile_body_builds_without_an_event_handler(
    hostile_project: tuple[Path, dict[str, bool]],
) -> None:
    root, accepted = hostile_project
    site_dir = root / "site"
    assert sum(accepted.values()) >= 8
    pages = sorted(site_dir.glob("reviews/sar-adult-h*/index.html"))
    assert len(pages) == sum(accepted.values())
    found = [
        f"{path.relative_to(site_dir)}: {handler}"
        for path in sorted(site_dir.rglob("*.html"))
        for handler in _element_handlers(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "\n".join(found)
    # Pagefind's fragments hold each page's text, code examples included ('<img onerror=...>'
    # shown as code is text there); the search script shows them as text, never as HTML.
    problems = [p for p in output_problems(site_dir) if not p.startswith("pagefind/")]
    assert problems == [], "\n".join(problems)
    script = (REPO / "docs/assets/search.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script


def test_accepted_hostile_bodies_keep_their_text(
    hostile_project: tuple[Path, dict[str, bool]],
) -> None:
    root, _ = hostile_project
    pages = "".join(
        p.read_text(encoding="utf-8")
        for p in (root / "site").glob("reviews/sar-adult-h*/index.html")
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages  # the code span and fenced block
    assert 'href="https://example.org/" rel="noopener external"' in pages


def test_a_link_by_source_path_is_resolved_alike_by_the_check_and_the_build(
    project: Path,
) -> None:
    """A link written as the source file's path, relative to the file (as in mkdocs), leads to
    the page it names; a source path that names no file is refused by both, with its line."""
    review = write_item(project, review_data(id="sar-adult-p-2022", subject="Adult P"))
    (project / "reviews/2022").mkdir()
    review.rename(project / "reviews/2022" / review.name)
    folder = project / "briefs/executive-summary"
    folder.mkdir(parents=True)
    brief = brief_data(id="es-sar-adult-p-2022", reviews=["sar-adult-p-2022"])
    body = "See [the review](../../reviews/2022/sar-adult-p-2023.md).\n"
    path = write_item(project, brief, body=body)
    path = path.rename(folder / path.name)
    [problem] = load_site(project, TODAY).errors
    assert (problem.path, problem.line, problem.field) == (
        "briefs/executive-summary/es-sar-adult-p-2022.md",
        line_of(path, "[the review]"),
        "body",
    )
    assert "leads nowhere" in problem.message
    result = run_build(project)
    assert result.returncode != 0
    assert problem.message in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr

    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "../../reviews/2022/sar-adult-p-2023.md", "../../reviews/2022/sar-adult-p-2022.md"
        ),
        encoding="utf-8",
    )
    assert load_site(project, TODAY).errors == []
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (project / "site/briefs/es-sar-adult-p-2022/index.html").read_text(encoding="utf-8")
    assert '<a href="../../reviews/sar-adult-p-2022/">the review</a>' in page


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("../reviews/sar-adult-q-2025.md", "is not public (it is a draft)"),
        ("../reviews/sar-adult-z-2025.md#nowhere", "has no anchor '#nowhere'"),
        ("#nowhere", "there is no anchor '#nowhere' on this page"),
        ("/reviews/sar-adult-z-2025/", "is an absolute link"),
        ("../framework/principles.md#nowhere", "'framework/principles.md' has no anchor"),
        ("../../reviews/sar-adult-z-2025/", "write '../reviews/sar-adult-z-2025.md'"),
    ],
)
def test_links_the_build_would_refuse_are_refused_first(
    project: Path, link: str, expected: str
) -> None:
    write_item(project, review_data())
    write_item(project, review_data(id="sar-adult-q-2025", subject="Adult Q", status="draft"))
    write_item(project, brief_data(), body=f"Read [this]({link}).\n")
    [problem] = load_site(project, TODAY).errors
    assert problem.field == "body" and expected in problem.message, problem.message
    result = run_build(project)
    assert result.returncode != 0
    assert problem.message in result.stdout + result.stderr


def test_links_the_build_resolves_are_accepted(project: Path) -> None:
    write_item(project, review_data())
    body = (
        "## Findings\n\nRead [the review](../reviews/sar-adult-z-2025.md), its "
        "[learning](../reviews/sar-adult-z-2025.md#learning-ask-twice), [a section](#findings), "
        "[the principles](../framework/principles.md#principles-for-every-review), "
        "[a theme](../themes/neglect.md) and [another site](https://example.org/).\n"
    )
    write_item(project, brief_data(), body=body)
    assert load_site(project, TODAY).errors == []
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------------------------------------
# Escaping holds even if validation were bypassed: hostile models straight into the renderer.

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'><a href="javascript:alert(3)">'


def _hostile_review() -> Review:
    return Review.model_construct(
        id="sar-hostile",
        title=HOSTILE,
        board="adults",
        status="published",
        published=dt.date(2025, 1, 1),
        themes=["neglect"],
        summary=HOSTILE,
        review_type="safeguarding-adults-review",
        subject=HOSTILE,
        author=HOSTILE,
        methodology=[],
        agencies=[],
        content_warning=HOSTILE,
        learning=[LearningPoint.model_construct(id="x", text=HOSTILE, title=HOSTILE)],
        recommendations=[
            Recommendation.model_construct(
                id="r",
                text=HOSTILE,
                lead_agency=None,
                scope=None,
                stage="identified",
                rag=None,
                due=None,
                evidence=HOSTILE,
                actions=[],
                updates=[],
                not_taken_forward=HOSTILE,
            )
        ],
        documents=[
            Document.model_construct(
                title=HOSTILE, kind="full-report", url="javascript:alert(4)", format=None
            )
        ],
        updated=None,
        withdrawn_on=None,
        publish_on=None,
        hold=None,
        related=[],
        retention_review=None,
        collection="review",
    )


@pytest.fixture
def empty_site(data_root: Path) -> Site:
    site = load_site(data_root, TODAY)
    site.__dict__["briefs_by_review"] = {}
    return site


def _to_html(page_markdown: str, with_sanitizer: bool) -> str:
    body = page_markdown.split("---\n", 2)[2]
    return new_markdown(clean=with_sanitizer).convert(body)


def test_renderer_escapes_every_text_field_even_without_validation(
    empty_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    review = _hostile_review()
    monkeypatch.setattr(empty_site, "body", lambda item: "")
    page = render_item_page(empty_site, review)
    # The renderer's own escaping, with nothing after it to clean up.
    text_problems = [
        p for p in page_problems(_to_html(page, with_sanitizer=False)) if "alert(4)" not in p
    ]
    assert text_problems == []
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 8


def test_no_unsafe_address_reaches_a_page_even_without_validation(
    empty_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(empty_site, "body", lambda item: "")
    page = render_item_page(empty_site, _hostile_review())
    assert page_problems(_to_html(page, with_sanitizer=True)) == []


def test_renderer_escapes_a_hostile_brief(
    empty_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    brief = Brief.model_construct(
        id="es-hostile",
        title=HOSTILE,
        board="adults",
        status="published",
        published=dt.date(2025, 1, 1),
        themes=["neglect"],
        summary=HOSTILE,
        kind="thematic-note",
        reviews=[],
        audience=[],
        questions=[HOSTILE, HOSTILE],
        disseminates=[],
        updated=None,
        withdrawn_on=None,
        publish_on=None,
        hold=None,
        related=[],
        retention_review=None,
        collection="brief",
    )
    monkeypatch.setattr(empty_site, "body", lambda item: "Plain body.")
    page = render_item_page(empty_site, brief)
    assert page_problems(_to_html(page, with_sanitizer=False)) == []


# ---------------------------------------------------------------------------------------------
# The sanitizer that ends every Markdown page.


@pytest.mark.parametrize(
    "source",
    [
        '<a href="java&#115;cript:alert(1)">x</a>',
        '<a href=" &#x6A;avascript:alert(1)">x</a>',
        '<a href="javascript&colon;alert(1)">x</a>',
        '<p title="a>b" onclick="alert(1)">x</p>',
        "<img src=x onerror\n=alert(1)>",
        "<script>alert(1)</script>",
        '<iframe src="https://example.org/"></iframe>',
        '<a href="data:text/html,hi">x</a>',
        "<svg><animate attributeName=href values=javascript:alert(1) /></svg>",
    ],
)
def test_sanitizer_removes_active_content(source: str) -> None:
    page = f"<p>Before</p>\n{source}\n<p>After</p>"
    assert page_problems(page) != [], "the example is not active to begin with"
    cleaned = clean_page(page)
    assert page_problems(cleaned) == []
    assert cleaned.startswith("<p>Before</p>\n") and cleaned.endswith("\n<p>After</p>")


@pytest.mark.parametrize(
    ("source", "rel"),
    [
        ('<a href="//example.org/x">x</a>', "noopener external"),
        ('<a href="HTTPS://example.org/x" rel="me">x</a>', "me noopener external"),
        ("<a href=http://example.org/x>x</a>", "noopener external"),
    ],
)
def test_sanitizer_makes_links_to_other_sites_safe(source: str, rel: str) -> None:
    cleaned = clean_page(f"<p>{source}</p>")
    assert f'rel="{rel}"' in cleaned
    assert ">x</a>" in cleaned


def parsed(text: str) -> list[tuple[Any, ...]]:
    """What a parser reads from ``text``: elements with their attributes (sorted, values
    decoded, a bare attribute as ``""``) and text (decoded), however they are spelt."""

    class Events(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.events: list[tuple[Any, ...]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.events.append(("start", tag, sorted((n, v or "") for n, v in attrs)))

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.handle_starttag(tag, attrs)
            self.events.append(("end", tag))

        def handle_endtag(self, tag: str) -> None:
            self.events.append(("end", tag))

        def handle_data(self, data: str) -> None:
            self.events.append(("text", data))

    events = Events()
    events.feed(text)
    events.close()
    return events.events


@pytest.mark.parametrize(
    "source",
    [
        '<p>Ages 3 &lt; 5 &amp; &quot;quoted&quot; it&#x27;s <a href="../x/#y">link</a></p>',
        '<a href="https://example.org/?a=1&amp;b=2" rel="noopener">x</a>',
        "<pre><code>&lt;script&gt; onclick=1 javascript:</code></pre>",
        '<p>Focus on = the child</p><details open><summary class="x">More</summary></details>',
        '<table><thead><tr><th style="text-align:left">A</th></tr></thead></table>',
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img" '
        'aria-labelledby="t"><title id="t">Chart</title><rect x="1" y="1" width="8" '
        'height="8" fill="url(#p)"></rect></svg>',
    ],
)
def test_sanitizer_keeps_what_safe_html_means(source: str) -> None:
    """Safe HTML comes out as a browser reads it in; only its spelling may change (the cleaner
    writes what it parsed: ``'`` for ``&#x27;``, ``open=""`` for ``open``)."""
    assert parsed(clean_page(source)) == parsed(source)


def test_sanitizer_keeps_only_web_and_contact_addresses() -> None:
    cleaned = clean_page(
        '<img alt="chart" src="data:image/png;base64,AAAA"><a href="ftp://example.org/">f</a>'
        '<a href="tel:+441234567890">t</a><a href="mailto:a@example.org">m</a>'
    )
    assert cleaned == (
        '<img alt="chart"><a>f</a><a href="tel:+441234567890">t</a>'
        '<a href="mailto:a@example.org">m</a>'
    )


# ---------------------------------------------------------------------------------------------
# Nothing unpublished anywhere in the real example site's output.


def _unpublished_traces(site: Site) -> dict[str, list[str]]:
    """For each unpublished item: strings that belong to it and to no public item."""
    public_text = "\n".join(
        (site.root / site.source_path(item)).read_text(encoding="utf-8") for item in site.public
    )
    traces: dict[str, list[str]] = {}
    for item in site.library.items:
        if item.id in site.public_ids:
            continue
        candidates = [item.id, item.title, item.summary[:60]]
        if isinstance(item, Review):
            candidates += [point.text[:60] for point in item.learning]
        traces[item.id] = [c for c in candidates if len(c) >= 8 and c not in public_text]
    return traces


def test_drafts_and_embargoed_items_leave_no_trace_in_any_output_file(built_site: Path) -> None:
    site = load_site(REPO, TODAY)
    traces = _unpublished_traces(site)
    assert any(item.status == "draft" for item in site.library.items if item.id in traces), (
        "the example content has no draft to test with"
    )
    assert any(
        item.publish_on and item.publish_on > TODAY
        for item in site.library.items
        if item.id in traces
    ), "the example content has no embargoed item to test with"
    found = []
    for path in built_site.rglob("*"):
        if not path.is_file():
            continue
        text = read_output(path)
        if text is None:
            continue
        for item_id, strings in traces.items():
            for string in strings:
                variants = {string, html.escape(string), json.dumps(string)[1:-1]}
                if any(v in text for v in variants):
                    found.append(f"{path.relative_to(built_site)}: {item_id}: {string[:40]!r}")
    assert found == [], "unpublished content in the output:\n" + "\n".join(found)


def test_the_example_site_has_nothing_executable_in_any_output(built_site: Path) -> None:
    problems = output_problems(built_site)
    assert problems == [], "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# Links to other sites, and the Content Security Policy.


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.external: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        href = values.get("href") or ""
        if tag == "a" and re.match(r"^(?:https?:)?//", href, re.IGNORECASE):
            self.external.append((href, values.get("rel") or ""))


@pytest.mark.parametrize("site_name", ["example", "tricky"])
def test_every_link_to_another_site_carries_noopener(
    site_name: str, built_site: Path, tricky_site: Path
) -> None:
    site_dir = built_site if site_name == "example" else tricky_site
    missing = []
    checked = 0
    for path in site_dir.rglob("*.html"):
        links = Links()
        links.feed(path.read_text(encoding="utf-8"))
        checked += len(links.external)
        missing += [
            f"{path.relative_to(site_dir)}: {href}"
            for href, rel in links.external
            if "noopener" not in rel.split()
        ]
    assert checked > 0, "no link to another site was found to check"
    assert missing == [], "links to other sites without rel=noopener:\n" + "\n".join(missing)


def test_template_carries_the_librarys_policy() -> None:
    template = (REPO / "overrides/main.html").read_text(encoding="utf-8")
    found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', template)
    assert found == [meta_policy()]


def test_policy_allows_only_the_sites_own_code() -> None:
    scripts = POLICY["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "*" not in " ".join(s for sources in POLICY.values() for s in sources)
    assert POLICY["object-src"] == ["'none'"]
    assert POLICY["base-uri"] == ["'self'"]
    assert "frame-ancestors 'none'" in header_policy()
    assert "frame-ancestors" not in meta_policy()


def test_every_page_carries_the_policy_before_any_script_or_style(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 10
    wrong = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue
        metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text)
        # The editor's page carries the editor's policy (tests/test_cms.py checks it).
        expected = meta_policy()
        if path.relative_to(built_site).parts[0] == EDITOR_FOLDER:
            expected = editor_meta_policy()
            metas = [html.unescape(m) for m in metas]
        if metas != [expected]:
            wrong.append(f"{path.relative_to(built_site)}: policy {metas}")
            continue
        policy_at = text.index('http-equiv="Content-Security-Policy"')
        first_code = min(
            (i for i in (text.find("<script"), text.find('<link rel="stylesheet"')) if i >= 0),
            default=len(text),
        )
        if first_code < policy_at:
            wrong.append(f"{path.relative_to(built_site)}: a script or style before the policy")
    assert wrong == [], "\n".join(wrong)


def test_every_inline_script_in_the_site_is_allowed_by_hash(built_site: Path) -> None:
    seen: set[str] = set()
    for path in built_site.rglob("*.html"):
        parsed = inspect_html(path.read_text(encoding="utf-8"))
        for script in parsed.inline_scripts:
            digest = script_hash(script)
            assert digest in INLINE_SCRIPT_HASHES.values(), (
                f"{path.relative_to(built_site)}: inline script {script[:60]!r} is blocked by the "
                f"policy; move it to a file under docs/assets/ (or add {digest} to "
                "lif.model.policy.INLINE_SCRIPT_HASHES if it is the theme's)"
            )
            seen.add(digest)
    assert seen == set(INLINE_SCRIPT_HASHES.values()), "a hash in the policy allows nothing"


def test_static_host_headers_file_is_written(built_site: Path) -> None:
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    assert headers.startswith("/*\n")
    assert f"  Content-Security-Policy: {header_policy()}\n" in headers
    assert "  X-Content-Type-Options: nosniff\n" in headers
    assert "  X-Frame-Options: DENY\n" in headers
