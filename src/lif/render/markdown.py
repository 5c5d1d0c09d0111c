"""The Markdown pipeline's last step: external links open safely, active content is removed, and
every table sits in a named region that scrolls sideways (and can be scrolled by keyboard) when it
is wider than the screen."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor


class _ExternalLinkTreeprocessor(Treeprocessor):
    """Adds ``rel="noopener"`` to every Markdown link to another site."""

    def run(self, root: Element) -> None:
        for anchor in root.iter("a"):
            if is_external(anchor.get("href", "")):
                words = anchor.get("rel", "").split()
                for word in ("noopener", "external"):
                    if word not in words:
                        words.append(word)
                anchor.set("rel", " ".join(words))


class _TableRegionTreeprocessor(Treeprocessor):
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


#: Elements that run code, load other documents or change how the page is read. Content never
#: needs them (the checker refuses them); if one reaches a page its tag is shown as text.
ACTIVE_ELEMENTS = frozenset(
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta",
        "link", "style", "form", "noscript", "template", "portal",
    }
)  # fmt: skip


_SCRIPT_SCHEME = re.compile(r"(?:java|vb|live)script:|^data:(?!image/(?:png|gif|jpe?g|webp);)")


_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


#: A cheap test for anything the sanitizer might have to change: event-handler attributes,
#: script addresses, attribute values with character references other than the five that
#: escaping writes (none of which can spell a script address), and active elements. Pages
#: without any of them skip the parse.
_SUSPECT = re.compile(
    r"\bon[a-z]+\s*=|script\s*:|data\s*:"
    r"|=\s*(?:\"[^\"]*|'[^']*|[^\s\"'>]*)&(?!(?:amp|lt|gt|quot|#x27|#39);)|<\s*/?\s*(?:"
    + "|".join(sorted(ACTIVE_ELEMENTS))
    + r")\b",
    re.IGNORECASE,
)


def is_unsafe_value(value: str) -> bool:
    """True if an attribute value, as a browser reads it, is a script address."""
    return bool(_SCRIPT_SCHEME.search(_CONTROL.sub("", html.unescape(value)).lower()))


class _TagFinder(HTMLParser):
    """Finds the start tags that must change, with their offsets in the document."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0]
        self.line_starts += [m.end() for m in re.finditer(r"\n", text)]
        self.changes: list[tuple[int, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        if tag in ACTIVE_ELEMENTS:
            line, column = self.getpos()
            offset = self.line_starts[line - 1] + column
            raw = self.text[offset : self.text.index(">", offset) + 1]
            self.changes.append((offset, raw, html.escape(raw, quote=False)))

    def _check(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        raw = self.get_starttag_text() or ""
        line, column = self.getpos()
        offset = self.line_starts[line - 1] + column
        if tag in ACTIVE_ELEMENTS:
            self.changes.append((offset, raw, html.escape(raw, quote=False)))
            return
        kept = [
            (name, value)
            for name, value in attrs
            if not name.startswith("on") and not (value and is_unsafe_value(value))
        ]
        changed = len(kept) != len(attrs)
        if tag == "a" and is_external(dict(kept).get("href") or ""):
            rel = (dict(kept).get("rel") or "").split()
            if "noopener" not in rel:
                kept = [(n, v) for n, v in kept if n != "rel"]
                kept.append(("rel", " ".join([*rel, "noopener", "external"])))
                changed = True
        if changed:
            rebuilt = "".join(
                f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"'
                for name, value in kept
            )
            self.changes.append((offset, raw, f"<{tag}{rebuilt}{' /' if closed else ''}>"))


def is_external(href: str) -> bool:
    """True for an address on another site (``https://…``, ``http://…`` or ``//host/…``)."""
    return bool(_EXTERNAL.match(href.strip()))


_EXTERNAL = re.compile(r"(?:https?:)?//", re.IGNORECASE)


#: An opening ``<a>`` tag that links to another site.
_EXTERNAL_ANCHOR = re.compile(r"<a\s[^>]*?href\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>", re.IGNORECASE)


def sanitize_html(text: str) -> str:
    """``text`` with event-handler attributes and script addresses removed, active elements
    (scripts, frames, forms) shown as text, and ``rel="noopener"`` on links to other sites.
    HTML without any of these is returned unchanged."""
    if not _SUSPECT.search(text) and all(
        "noopener" in m.group(0) for m in _EXTERNAL_ANCHOR.finditer(text)
    ):
        return text
    finder = _TagFinder(text)
    finder.feed(text)
    finder.close()
    out = []
    position = 0
    for offset, raw, replacement in sorted(finder.changes):
        if offset < position or text[offset : offset + len(raw)] != raw:
            continue
        out.append(text[position:offset])
        out.append(replacement)
        position = offset + len(raw)
    out.append(text[position:])
    return "".join(out)


class _SanitizePostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return sanitize_html(text)


class ExternalLinksExtension(Extension):
    """Python-Markdown extension: links to other sites never get a handle on this page,
    nothing executable survives into the page, whatever the source held, and tables scroll in
    named regions."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After inline links are made (20) and attribute lists applied (8).
        md.treeprocessors.register(_ExternalLinkTreeprocessor(md), "lif_external_links", 7)
        md.treeprocessors.register(_TableRegionTreeprocessor(md), "lif_table_regions", 6)
        # Last of all, after raw HTML is put back (30).
        md.postprocessors.register(_SanitizePostprocessor(md), "lif_sanitize", 1)


def makeExtension(**kwargs: Any) -> ExternalLinksExtension:
    """Entry point for ``markdown_extensions: [lif.security]`` in the site's configuration."""
    return ExternalLinksExtension(**kwargs)
