"""The site's Markdown dialect: one pipeline, configured here, for the build and the checker.

The site's pages and the checker's reading of each body go through the same Python-Markdown
pipeline: the extensions of :data:`EXTENSIONS` with their settings, then the cleaner of
:mod:`lif.model.sanitize` as the last step. ``mkdocs.yml`` lists this module as its only Markdown
extension (``markdown_extensions: [lif.model.markdown]``), so the two cannot drift apart. (mkdocs
adds ``toc``, ``tables`` and ``fenced_code`` to every build by itself; this dialect registers
``toc`` and ``tables`` again with its own settings, and ``pymdownx.superfences`` takes the place
of ``fenced_code``, so the build's pipeline is exactly this one.)

Python-Markdown takes time that grows faster than the text on some inputs (a tag that never
ends, brackets that never close, thousands of inline marks in one paragraph, deep nesting).
:func:`render_limits` measures those inputs in one pass, without regular expressions that can
backtrack, so that the checker refuses a body before rendering would take minutes or fail.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

import lxml.html  # type: ignore[import-untyped]
from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import Registry

from lif.model.memo import remembered
from lif.model.sanitize import clean_page

#: The Markdown extensions of the site and their settings, in the order they are registered.
#: ``attr_list`` and ``md_in_html`` give the attributes and blocks that the site's pages use;
#: ``toc`` gives headings their anchors (no permalink sign: pages have their own copy links).
#: Authors preview on GitHub, so lists and headings follow GitHub's reading where
#: Python-Markdown's differs: ``footnotes`` (Python-Markdown's own) for ``[^1]`` citations;
#: ``pymdownx.fancylists`` for ``1)`` lists and lists that start at any number (``5.``), decimal
#: only (GitHub has no lettered or Roman lists, and a line such as ``A. Smith said`` stays
#: text); ``pymdownx.saneheaders`` so that ``#hashtag`` is not a heading. Lists after a
#: paragraph line, nested lists indented by two spaces and pasted Word bullets are read by
#: :class:`AuthoredLists` before the extensions see the text.
EXTENSIONS: dict[str, dict[str, Any]] = {
    "abbr": {},
    "admonition": {},
    "attr_list": {},
    "def_list": {},
    "footnotes": {},
    "md_in_html": {},
    "tables": {},
    "toc": {"permalink": False},
    "pymdownx.details": {},
    "pymdownx.fancylists": {"additional_ordered_styles": []},
    "pymdownx.saneheaders": {},
    "pymdownx.superfences": {},
}

#: Characters Word and PDF readers put at the start of a pasted bullet point (the bullet, the
#: white bullet, small squares, the middle dot, and the Symbol and Wingdings bullets of Word's
#: private-use characters), each followed by a tab or spaces.
WORD_BULLETS = frozenset("\u2022\u25e6\u25aa\u25ab\u00b7\u2023\u2043\uf0b7\uf0a7\uf076\uf0d8")

#: A list item's marker at the start of a line: its indentation, the marker, and the spaces
#: after it (none when the item is empty).
_LIST_MARKER = re.compile(r"( *)([-*+]|\d{1,9}[.)])( +|$)")

#: A reference or footnote definition, ``[label]: ...`` (a block of its own, not a paragraph).
_DEFINITION = re.compile(r" {0,3}\[[^\]\n]+\]:")

#: How a paragraph's first line never starts: a heading, table, quote, admonition, HTML or a
#: stashed block, a definition-list term's definition, an abbreviation.
_NOT_PARAGRAPH = ("#", "|", ">", "!!!", "???", ":", "<", "\x02", "*[", "```", "~~~")


@dataclass
class _Item:
    """An open list item: the column its content starts at as written, and the indentation its
    marker is given for Python-Markdown."""

    content: int
    marker: int


def _paragraph_start(line: str) -> bool:
    stripped = line.lstrip(" ")
    return (
        len(line) - len(stripped) < 4
        and not stripped.startswith(_NOT_PARAGRAPH)
        and _DEFINITION.match(line) is None
        and _LIST_MARKER.match(line) is None
    )


def _interrupts_paragraph(match: re.Match[str]) -> bool:
    """GitHub's rule (CommonMark 5.2): a bullet list, or an ordered list that starts at 1,
    may begin right after a paragraph line; an empty item may not."""
    marker = match.group(2)
    return bool(match.group(3)) and (marker in "-*+" or marker in {"1.", "1)"})


def word_bullet(line: str) -> int:
    """Where the text of a pasted Word bullet point starts in ``line`` (after the bullet
    character and the tab or spaces that follow it), or -1 if the line is not one."""
    stripped = line.lstrip(" \t")
    if len(stripped) < 2 or stripped[0] not in WORD_BULLETS or stripped[1] not in " \t":
        return -1
    return len(line) - len(stripped[1:].lstrip(" \t"))


def authored_lists(lines: list[str]) -> list[str]:
    """``lines`` (a body, tabs expanded) with its lists written as Python-Markdown reads them,
    so that they render as GitHub's preview shows them:

    - a pasted Word bullet (``•`` and a tab, or another bullet character of
      :data:`WORD_BULLETS`) becomes a ``-`` item;
    - a list that follows a paragraph line directly gets the blank line Python-Markdown needs
      before it (CommonMark 5.2: a bullet list, or an ordered list starting at 1, interrupts a
      paragraph);
    - an item nested under another by indenting it to the other's text (two spaces under
      ``- ``, three under ``1. ``), and a paragraph continuing an item after a blank line, are
      indented by four spaces a level, as Python-Markdown needs (CommonMark 5.2, 5.3).

    An item that follows a paragraph inside a list item starts a new item, as on GitHub,
    rather than continuing the paragraph. Lists already indented by four spaces a level are
    left as they are. Fenced code and raw
    HTML have been set aside by the time this runs, so nothing inside them changes."""
    out: list[str] = []
    stack: list[_Item] = []
    in_paragraph = False
    blank_before = True
    # Whether the block (the lines since the last blank one) is text inside a list item.
    item_text = False
    for line in lines:
        if not line.strip():
            out.append(line)
            blank_before = True
            in_paragraph = item_text = False
            continue
        start = word_bullet(line)
        if start >= 0:
            indent = len(line) - len(line.lstrip(" \t"))
            line = " " * indent + "- " + line[start:]
        indent = len(line) - len(line.lstrip(" "))
        match = _LIST_MARKER.match(line)
        if match is not None and (stack or indent < 4):
            if item_text:
                out.append("")
                item_text = False
            while stack and indent < stack[-1].content:
                stack.pop()
            if stack:
                marker = stack[-1].marker + 4
                line = " " * marker + line[indent:]
            else:
                marker = indent
                if in_paragraph and not blank_before and _interrupts_paragraph(match):
                    out.append("")
            after = len(match.group(3))
            width = len(match.group(2)) + (after if 0 < after <= 4 else 1)
            stack.append(_Item(indent + width, marker))
            in_paragraph = False
        elif stack and blank_before:
            while stack and indent < stack[-1].content:
                stack.pop()
            if stack and indent < stack[-1].marker + 4:
                line = " " * (stack[-1].marker + 4 + indent - stack[-1].content) + line[indent:]
            in_paragraph = not stack and _paragraph_start(line)
            item_text = bool(stack)
        elif not stack and blank_before:
            in_paragraph = _paragraph_start(line)
        out.append(line)
        blank_before = False
    return out


class AuthoredLists(Preprocessor):
    """Lists as authors write them for GitHub's preview (see :func:`authored_lists`)."""

    def run(self, lines: list[str]) -> list[str]:
        return authored_lists(lines)


#: The lines that open and close HTML the library rendered itself in a generated page's
#: Markdown (see :func:`set_aside`). They hold a mark drawn at random for each process, so no
#: text an author writes can hold them.
_MARK = secrets.token_hex(16)
HTML_START = f"<!-- lif-html {_MARK} -->"
HTML_END = f"<!-- /lif-html {_MARK} -->"


def set_aside(html: str) -> str:
    """``html`` (HTML this library rendered, balanced, every element of its top level a block
    that starts a line) marked for the dialect to set aside whole, as Python-Markdown sets
    aside a raw HTML block followed by a blank line, without parsing it again
    (:class:`SetAsideHtml`); empty for empty ``html``. What the page becomes is the same."""
    html = html.strip("\n")
    return f"{HTML_START}\n{html}\n{HTML_END}\n" if html else ""


def _set_aside_spans(lines: list[str]) -> Iterator[tuple[int, int]]:
    """The positions in ``lines`` of the :data:`HTML_START` and :data:`HTML_END` lines around
    each block of set-aside HTML, in order; a start without an end ends the blocks."""
    index = 0
    while True:
        try:
            start = lines.index(HTML_START, index)
            end = lines.index(HTML_END, start + 1)
        except ValueError:
            return
        yield start, end
        index = end + 1


def set_aside_anchor_ids(markdown: str) -> set[str]:
    """The anchors of the HTML set aside in ``markdown`` (:func:`set_aside`): the ``id`` of
    every element, and the ``name`` of every link, as mkdocs reads them from a page's raw HTML
    to check links to anchors (:class:`SetAsideHtml` sets this HTML aside before mkdocs' reader
    sees it). The HTML is the library's own, so it is parsed by lxml's HTML parser, which
    does in C what mkdocs' reader does in Python."""
    ids: set[str] = set()
    if HTML_START not in markdown:
        return ids
    lines = markdown.split("\n")
    for start, end in _set_aside_spans(lines):
        block = "\n".join(lines[start + 1 : end])
        if not block.strip():
            continue
        root = lxml.html.fragment_fromstring(block, create_parent="div")
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue  # a comment or processing instruction
            if (found := element.get("id")) is not None:
                ids.add(found)
            if element.tag == "a" and (found := element.get("name")) is not None:
                ids.add(found)
    return ids


class SetAsideHtml(Preprocessor):
    """Sets aside the HTML between :data:`HTML_START` and :data:`HTML_END` lines in the Markdown
    converter's store of raw HTML, as its HTML block reader stores a raw block followed by a
    blank line (the block and a newline, in a paragraph of its own), so that reader does not
    parse the library's own HTML tag by tag. The cleaner still reads the whole page."""

    def run(self, lines: list[str]) -> list[str]:
        if HTML_START not in lines:
            return lines
        out: list[str] = []
        index = 0
        for start, end in _set_aside_spans(lines):
            block = "\n".join(lines[start + 1 : end]) + "\n"
            out += [*lines[index:start], "", self.md.htmlStash.store(block), ""]
            index = end + 1
        return out + lines[index:]


class _DecimalLists(Treeprocessor):
    """Drops the ``type="1"`` that ``pymdownx.fancylists`` puts on every numbered list: it is
    the default, and the only numbering the dialect has."""

    def run(self, root: Any) -> None:
        for element in root.iter("ol"):
            if element.get("type") == "1":
                del element.attrib["type"]


class _TableRegions(Treeprocessor):
    """Puts every table of the Markdown in a region that scrolls sideways on a narrow screen.

    The region takes keyboard focus (so it can be scrolled with the arrow keys) and is named by
    the table's caption, or else by the heading above the table: WCAG 2.1.1 and 4.1.2, and the
    pattern of a focusable, labelled scroll region for wide tables. Its class ``lif-scroll``
    lets the site's stylesheet and script show that it scrolls.
    """

    def run(self, root: Element) -> None:
        heading = ""
        parents = {child: parent for parent in root.iter() for child in parent}
        for element in list(root.iter()):
            if element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
                heading = "".join(element.itertext()).strip()
            if element.tag != "table" or parents.get(element) is None:
                continue
            parent = parents[element]
            if "lif-scroll" in (parent.get("class") or "").split():
                continue
            caption = element.find("caption")
            name = "".join(caption.itertext()).strip() if caption is not None else ""
            region = Element(
                "div",
                {
                    "class": "lif-scroll lif-content-table",
                    "role": "region",
                    "tabindex": "0",
                    "aria-label": name or (f"Table: {heading}" if heading else "Table"),
                },
            )
            index = list(parent).index(element)
            region.tail, element.tail = element.tail, None
            parent.remove(element)
            region.append(element)
            parent.insert(index, region)


class _CleanPostprocessor(Postprocessor):
    """The last step: only allowlisted HTML reaches the page (see :mod:`lif.model.sanitize`)."""

    def run(self, text: str) -> str:
        return clean_page(text)


class _ListedRegistry(Registry[Any]):
    """Python-Markdown's :class:`~markdown.util.Registry` of processors, keeping its items in
    their order between changes. The stock registry sorts and copies its items every time it
    is gone through or indexed, and Python-Markdown goes through its block processors for every
    block and takes its inline patterns one by one by index for every piece of text: that
    copying was a seventh of the time a body takes to render. The order is the registry's own
    (its ``__iter__``), made again after every ``register`` or ``deregister``."""

    _listed: tuple[Any, ...] | None = None

    def _items(self) -> tuple[Any, ...]:
        listed = self._listed
        if listed is None:
            listed = self._listed = tuple(super().__iter__())
        return listed

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items())

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, int):
            return self._items()[key]
        return super().__getitem__(key)

    def register(self, item: Any, name: str, priority: float) -> None:
        self._listed = None
        super().register(item, name, priority)

    def deregister(self, name: str, strict: bool = True) -> None:
        self._listed = None
        super().deregister(name, strict)


def _list_registries(md: Markdown) -> None:
    """Make each of ``md``'s registries of processors a :class:`_ListedRegistry`, in place:
    the converter and its inline processor hold them already, and the extensions registered
    after this one add to them."""
    registries = (
        md.preprocessors,
        md.parser.blockprocessors,
        md.inlinePatterns,
        md.treeprocessors,
        md.postprocessors,
    )
    for registry in registries:
        if type(registry) is Registry:
            registry.__class__ = _ListedRegistry


class SiteMarkdown(Extension):
    """Python-Markdown extension: the site's dialect (the extensions of :data:`EXTENSIONS` with
    their settings) and, last of all, the cleaner, so nothing executable reaches a page whatever
    its source held. With ``clean=False`` the cleaner is left out (for inspecting what it would
    remove)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"clean": [True, "clean the HTML with the page allowlist (default: True)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        _list_registries(md)
        md.registerExtensions(list(EXTENSIONS), {name: dict(c) for name, c in EXTENSIONS.items()})
        # After fenced code (25) is set aside, before mkdocs reads the anchors of the page's raw
        # HTML for its link checks (21) and raw HTML blocks are read (20): mkdocs' reader parses
        # with Python's HTMLParser, tag by tag, which took two milliseconds a page for the
        # library's HTML. The glue gives mkdocs those anchors (set_aside_anchor_ids).
        md.preprocessors.register(SetAsideHtml(md), "lif_set_aside_html", 21.5)
        # After fenced code (25) and raw HTML (20) are set aside, before the blocks are parsed.
        md.preprocessors.register(AuthoredLists(md), "lif_authored_lists", 15)
        # After fancylists' own clean-up (10).
        md.treeprocessors.register(_DecimalLists(md), "lif_decimal_lists", 9)
        # After attribute lists are applied (8).
        md.treeprocessors.register(_TableRegions(md), "lif_table_regions", 6)
        if self.getConfig("clean"):
            # After raw HTML is put back (30) and ampersands restored (20).
            md.postprocessors.register(_CleanPostprocessor(md), "lif_clean", 1)


def makeExtension(**kwargs: Any) -> SiteMarkdown:
    """Entry point for ``markdown_extensions: [lif.model.markdown]`` in ``mkdocs.yml``."""
    return SiteMarkdown(**kwargs)


def new_markdown(clean: bool = True, extra: Iterable[Extension] = ()) -> Markdown:
    """A Markdown converter of the site's dialect, with ``extra`` extensions after it."""
    return Markdown(extensions=[SiteMarkdown(clean=clean), *extra])


#: One converter of the dialect, made on first use and reset between texts: making a converter
#: (registering every extension and copying its settings) costs more than most conversions.
_CONVERTER: list[Markdown] = []


def render_markdown(text: str) -> str:
    """``text`` as the site renders it: HTML, cleaned. Check :func:`render_limits` first for text
    from outside the project (the work of rendering is bounded only for text within them).
    Raises RecursionError for nesting the renderer cannot follow."""
    if not _CONVERTER:
        _CONVERTER.append(new_markdown())
    converter = _CONVERTER[0]
    converter.reset()
    try:
        return converter.convert(text)
    except BaseException:
        # A conversion stopped part way may leave the block parser's state behind.
        _CONVERTER.clear()
        raise


# ---------------------------------------------------------------------------------------------
# Bounded work.

#: The longest body the site renders, in characters.
MAX_CHARACTERS = 3_000_000

#: How deeply lists, quotes and indented blocks may nest. Python-Markdown recurses once or more
#: per level and stops with an error some hundreds of levels down.
MAX_NESTING = 32

#: How many parts (lines, table cells, pairs of inline marks) a body may have. Python-Markdown
#: spends about a tenth of a millisecond on each (a paragraph, a list item, a table cell, an
#: emphasis), so this keeps a body within a few seconds however it is cut up; a long report
#: written as prose has a fraction of it.
MAX_PARTS = 60_000

#: The budgets below are in characters scanned, set so that each kind of work takes well under
#: a second; ordinary writing uses a small fraction of each.
#:
#: Raw HTML: the HTML parser looks for the end of each tag (``>``, or ``-->`` for a comment) from
#: where it starts, and starts again at the next ``<`` when there is none.
HTML_SCAN_BUDGET = 20_000_000
#: Raw HTML, again: each tag costs the HTML parser and the Markdown-in-HTML extension far more
#: than its length (some tenths of a millisecond). A body is Markdown with a little HTML.
MAX_HTML_TAGS = 20_000
#: Links: each ``[`` is followed to its ``]`` (to the end of the paragraph if there is none).
BRACKET_SCAN_BUDGET = 3_000_000
#: Code spans: each run of backticks is followed to the next run of the same length on its line.
BACKTICK_SCAN_BUDGET = 300_000_000
#: Inline marks: every mark found in a paragraph (emphasis, code, link, tag, character
#: reference) makes the paragraph be scanned again.
INLINE_SCAN_BUDGET = 4_000_000_000
#: Abbreviations: the text is searched for every abbreviation defined (``*[HTML]: ...``).
ABBREVIATION_SCAN_BUDGET = 40_000_000

_INLINE_MARKS = frozenset("`*_[]!<&\\")

#: The start of a line indented or quoted more deeply than :data:`MAX_NESTING` characters.
_DEEP_INDENT = re.compile(rf"^[ \t>]{{{MAX_NESTING + 1},}}", re.MULTILINE)


def _marks(text: str) -> int:
    """How many inline marks (:data:`_INLINE_MARKS`) ``text`` holds."""
    return sum(text.count(mark) for mark in _INLINE_MARKS)


def _parts_surely_within(text: str) -> bool:
    """True if ``text`` is within :data:`MAX_PARTS` by its counts as a whole: each line counts
    once with its cells and half its marks, and the text has at least as many of each."""
    return text.count("\n") + 1 + text.count("|") + _marks(text) // 2 <= MAX_PARTS


def _paragraphs_surely_within(text: str) -> bool:
    """True if ``text`` is within every budget of :func:`_paragraphs` by its counts as a whole:
    each budget is spent at most once for each mark, bracket or backtick over the length of
    one paragraph, which is at most the length of the text."""
    length = len(text)
    return (
        _marks(text) * length <= INLINE_SCAN_BUDGET
        and text.count("[") * length <= BRACKET_SCAN_BUDGET
        and text.count("`") * length <= BACKTICK_SCAN_BUDGET
    )


#: A run of backticks (one character class: nothing to backtrack).
_BACKTICKS = re.compile(r"`+")
#: A square bracket.
_BRACKET = re.compile(r"[\[\]]")


@dataclass(frozen=True)
class Limit:
    """Text that would take too long to render, or too deep to render: where and why."""

    offset: int
    message: str


@remembered
def render_limits(text: str) -> list[Limit]:
    """Where ``text`` exceeds what the site renders in bounded time, with a message saying what
    to change. Empty when the text is within every limit. Runs in time linear in ``text``."""
    if len(text) > MAX_CHARACTERS:
        return [
            Limit(
                0,
                f"the body is {len(text):,} characters long; the site renders at most "
                f"{MAX_CHARACTERS:,}: split it into several items, or attach the full report "
                "as a document",
            )
        ]
    limits = [*_nesting(text), *_parts(text), *_html_scan(text), *_abbreviations(text)]
    limits += _paragraphs(text)
    return sorted(limits, key=lambda limit: limit.offset)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def _nesting(text: str) -> Iterator[Limit]:
    # A line nests one level at most for each character of its indentation and quote marks:
    # only a line with more of them than the limit can be nested too deeply.
    for match in _DEEP_INDENT.finditer(text):
        offset, line = match.start(), match.group()
        columns = quotes = 0
        for char in line:
            if char == " ":
                columns += 1
            elif char == "\t":
                columns += 4 - columns % 4
            elif char == ">":
                quotes += 1
            else:
                break
        depth = columns // 4 + quotes
        if depth > MAX_NESTING:
            yield Limit(
                offset,
                f"this line is nested {depth} levels deep (by indentation, lists or '>' "
                f"quotes); the site renders at most {MAX_NESTING}: flatten the list or quote",
            )
            return


def _parts(text: str) -> Iterator[Limit]:
    if _parts_surely_within(text):
        return
    parts = 0
    for offset, line in _lines(text):
        if not line.strip():
            continue
        parts += 1 + line.count("|") + _marks(line) // 2
        if parts > MAX_PARTS:
            yield Limit(
                offset,
                f"the body has more than {MAX_PARTS:,} lines, table cells and inline marks "
                "(emphasis, code, links), too many to render in time; this line is past the "
                "limit: split the body into several items, or attach the full report as a "
                "document",
            )
            return


def _html_scan(text: str) -> Iterator[Limit]:
    work = tags = 0
    worst = (0, 0)
    next_end = next_comment_end = -1
    length = len(text)
    position = text.find("<")
    while position >= 0:
        following = text[position + 1 : position + 2]
        if following.isalpha() or following in {"/", "!", "?"}:
            if text.startswith("<!--", position):
                if next_comment_end < position:
                    found = text.find("-->", position + 4)
                    next_comment_end = length if found < 0 else found
                distance = next_comment_end - position
            else:
                if next_end < position:
                    found = text.find(">", position)
                    next_end = length if found < 0 else found
                distance = next_end - position
            work += distance
            tags += 1
            worst = max(worst, (distance, -position))
            if tags > MAX_HTML_TAGS:
                yield Limit(
                    position,
                    f"the body has more than {MAX_HTML_TAGS:,} HTML tags, too many to render in "
                    "time (this is the next one): write the content in Markdown",
                )
                return
            if work > HTML_SCAN_BUDGET:
                yield Limit(
                    -worst[1],
                    "a '<' here starts an HTML tag or comment that does not end for "
                    f"{worst[0]:,} characters, and the body has too many of them to render: "
                    "write '&lt;' for a less-than sign, or close the tag with '>' (a comment "
                    "with '-->')",
                )
                return
        position = text.find("<", position + 1)


def _abbreviations(text: str) -> Iterator[Limit]:
    if "*[" not in text:
        return
    count = 0
    first = -1
    for offset, line in _lines(text):
        if line.startswith("*["):
            count += 1
            first = offset if first < 0 else first
    if count * len(text) > ABBREVIATION_SCAN_BUDGET:
        yield Limit(
            first,
            f"{count} abbreviations ('*[...]:' lines) over a body of {len(text):,} characters "
            "take too long to render: keep the abbreviations the readers need, or split the body",
        )


def _paragraphs(text: str) -> list[Limit]:
    """The limits measured within each paragraph (lines between blank lines)."""
    if _paragraphs_surely_within(text):
        return []
    limits: list[Limit] = []
    brackets = backticks = inline = 0
    start = -1
    lines = list(_lines(text))
    lines.append((len(text) + 1, ""))
    for offset, line in lines:
        if line.strip():
            start = offset if start < 0 else start
            continue
        if start < 0:
            continue
        paragraph = text[start:offset]
        where, start = start, -1
        marks = _marks(paragraph)
        inline += marks * len(paragraph)
        brackets += _bracket_work(paragraph)
        backticks += _backtick_work(paragraph)
        if inline > INLINE_SCAN_BUDGET:
            limits.append(
                Limit(
                    where,
                    "the body's paragraphs hold too many Markdown marks to render in time (this "
                    f"one has {len(paragraph):,} characters and {marks:,} marks): split long "
                    "paragraphs with blank lines, or shorten the body",
                )
            )
            break
        if brackets > BRACKET_SCAN_BUDGET:
            limits.append(
                Limit(
                    where,
                    "the body has too many '[' brackets that do not close (or nest deeply) to "
                    "render in time, the last of them in this paragraph: close each '[' with ']', "
                    "or write '\\[' for a bracket",
                )
            )
            break
        if backticks > BACKTICK_SCAN_BUDGET:
            limits.append(
                Limit(
                    where,
                    "the body has too many backticks (`) that open code and do not close to "
                    "render in time, the last of them in this paragraph: close each code span "
                    "with as many backticks as opened it",
                )
            )
            break
    return limits


def _bracket_work(paragraph: str) -> int:
    """How far Python-Markdown follows the ``[`` of a paragraph: each one to its ``]``."""
    work = 0
    opened: list[int] = []
    for match in _BRACKET.finditer(paragraph):
        if match.group() == "[":
            opened.append(match.start())
        elif opened:
            work += match.start() - opened.pop()
    return work + sum(len(paragraph) - position for position in opened)


def _backtick_work(paragraph: str) -> int:
    """How far the code-span pattern looks from each run of backticks: to the next run of the
    same length on its line, or to the line's end."""
    work = 0
    for _, line in _lines(paragraph):
        if "`" not in line:
            continue
        runs = [(m.start(), m.end() - m.start()) for m in _BACKTICKS.finditer(line)]
        following: dict[int, int] = {}
        for position, size in reversed(runs):
            work += following.get(size, len(line)) - position
            following[size] = position
    return work
