"""What HTML a page may hold: allowlists, the cleaner every page goes through, and an inspector.

Cleaning is done by nh3, the Python binding of the Rust sanitizer Ammonia, which parses HTML the
way a browser does (html5ever, the WHATWG algorithm) and writes back only what an allowlist names.
A hand-written cleaner that reads HTML differently from a browser can be fooled by markup that the
two parse differently (``<noembed>``, ``<!-->``); a sanitizer that re-serialises the browser's own
parse cannot.

Two allowlists:

- :data:`CONTENT_TAGS` and :data:`CONTENT_ATTRIBUTES`: what the body of a review or brief may use,
  that is what the site's Markdown produces and the little HTML an author legitimately writes.
  The checker reports everything else in a body (see :func:`inspect_content`).
- :data:`PAGE_TAGS` and :data:`PAGE_ATTRIBUTES`: the content allowlist and the markup the library's
  own templates add (charts in SVG, filter controls, landmarks, ``aria-*`` and ``data-*``). Every
  page is cleaned with it (:func:`clean_page`), whatever its body held.

Neither allows an event-handler attribute, a script, a frame, an embedded object, a form or a
style sheet, and addresses are limited to :data:`URL_SCHEMES` or relative ones.
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass, field
from typing import Literal

import nh3

#: Address schemes a link or image may use; any other address is removed (a relative address,
#: to a page of this site, is kept).
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

#: Attributes a browser follows as an address.
URL_ATTRIBUTES = frozenset(
    {"href", "src", "xlink:href", "action", "formaction", "cite", "poster", "data", "ping"}
)

#: What the body of a review or brief may use: the elements the site's Markdown produces
#: (headings, paragraphs, lists, tables, definition lists, admonitions and collapsible blocks,
#: code, abbreviations) and the few an author writes by hand (``<sup>``, ``<sub>``, ``<mark>``,
#: ``<kbd>``, ``<br>``, ``<details>``).
CONTENT_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
        "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2",
        "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
        "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
        "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    }
)  # fmt: skip

#: Attributes allowed on every content element: anchors (``id``, which ``toc`` and ``{#id}``
#: give), classes (admonitions, code highlighting, ``{.class}``), titles and language.
CONTENT_GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})

#: Attributes allowed on particular content elements.
CONTENT_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "rel", "name", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "details": frozenset({"open"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    # The tables extension aligns columns with a style of text-align alone (filtered below).
    "th": frozenset({"colspan", "rowspan", "scope", "style", "abbr"}),
    "td": frozenset({"colspan", "rowspan", "style"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "time": frozenset({"datetime"}),
    # The dialect puts every table in a named region that takes focus, so that it can be
    # scrolled sideways by keyboard (lif.model.markdown): the region's role, focus and name.
    "div": frozenset({"role", "tabindex", "aria-label"}),
}

#: The only style property kept, on table cells (the tables extension's column alignment).
STYLE_PROPERTIES = frozenset({"text-align"})

#: Elements the library's own templates add to pages: landmarks and sections, the search
#: filters' controls (which submit no form of their own), and the charts, drawn in SVG.
_SITE_TAGS = frozenset(
    {
        "article", "aside", "footer", "header", "main", "nav", "section", "hgroup", "address",
        "button", "fieldset", "input", "label", "legend", "meter", "output", "progress",
        "svg", "circle", "defs", "desc", "ellipse", "g", "line", "linearGradient",
        "lineargradient", "path", "pattern", "polygon", "polyline", "rect", "stop", "text",
        "title", "tspan",
    }
)  # fmt: skip

#: Every element a page may hold.
PAGE_TAGS = CONTENT_TAGS | _SITE_TAGS

#: Attributes of SVG drawings (presentation attributes; none of them takes an address).
_SVG_ATTRIBUTES = frozenset(
    {
        "viewBox", "viewbox", "xmlns", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx",
        "cy", "r", "rx", "ry", "d", "points", "fill", "fill-opacity", "opacity", "stroke",
        "stroke-width", "stroke-linejoin", "stroke-linecap", "stroke-dasharray", "stroke-opacity",
        "text-anchor", "dominant-baseline", "paint-order", "font-size", "font-weight",
        "font-family", "transform", "patternUnits", "patternunits", "patternTransform",
        "patterntransform", "preserveAspectRatio", "preserveaspectratio", "offset",
        "stop-color", "gradientUnits", "gradientunits", "dx", "dy", "focusable",
    }
)  # fmt: skip

#: Attributes allowed on every page element: the content's, and the accessibility and
#: scripting hooks of the site's own templates (``role``, ``tabindex``, ``hidden``; ``aria-*``
#: and ``data-*`` are allowed by prefix, see :data:`PAGE_ATTRIBUTE_PREFIXES`).
PAGE_GLOBAL_ATTRIBUTES = CONTENT_GLOBAL_ATTRIBUTES | {"role", "tabindex", "hidden"}

#: Attribute name prefixes allowed on every page element.
PAGE_ATTRIBUTE_PREFIXES = frozenset({"aria-", "data-"})

_PAGE_EXTRA_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"download", "type"}),
    "img": frozenset({"decoding"}),
    "input": frozenset(
        {
            "type",
            "name",
            "value",
            "form",
            "checked",
            "disabled",
            "readonly",
            "placeholder",
            "autocomplete",
            "min",
            "max",
            "step",
            "size",
            "maxlength",
            "required",
        }
    ),
    "button": frozenset({"type", "name", "value", "disabled"}),
    "label": frozenset({"for"}),
    "fieldset": frozenset({"disabled", "name"}),
    "meter": frozenset({"value", "min", "max", "low", "high", "optimum"}),
    "progress": frozenset({"value", "max"}),
    "output": frozenset({"for", "name"}),
    "th": frozenset({"headers"}),
    "td": frozenset({"headers"}),
}

#: Attributes allowed on particular page elements.
PAGE_ATTRIBUTES: dict[str, frozenset[str]] = {
    tag: CONTENT_ATTRIBUTES.get(tag, frozenset())
    | _PAGE_EXTRA_ATTRIBUTES.get(tag, frozenset())
    | (_SVG_ATTRIBUTES if tag in _SITE_TAGS and tag not in {"button", "input"} else frozenset())
    for tag in PAGE_TAGS
}

#: Elements removed together with everything inside them (their content is code, not text).
#: Any other element outside the allowlist loses its tags and keeps its text.
REMOVED_WITH_CONTENT = frozenset({"script", "style"})

#: Elements that run code, load another document, take input or change how the page is read.
ACTIVE_ELEMENTS = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
        "meta", "link", "form", "noscript", "template", "portal", "noembed", "noframes", "xmp",
        "plaintext", "textarea", "select", "input", "button", "svg", "math", "video", "audio",
        "source", "track", "canvas", "dialog", "slot", "image", "isindex",
    }
)  # fmt: skip


def _attribute_map(
    per_tag: dict[str, frozenset[str]], everywhere: frozenset[str]
) -> dict[str, set[str]]:
    out = {tag: set(names) for tag, names in per_tag.items()}
    out["*"] = set(everywhere)
    return out


_PAGE_CLEANER = nh3.Cleaner(
    tags=set(PAGE_TAGS),
    clean_content_tags=set(REMOVED_WITH_CONTENT),
    attributes=_attribute_map(PAGE_ATTRIBUTES, PAGE_GLOBAL_ATTRIBUTES),
    generic_attribute_prefixes=set(PAGE_ATTRIBUTE_PREFIXES),
    url_schemes=set(URL_SCHEMES),
    filter_style_properties=set(STYLE_PROPERTIES),
    strip_comments=True,
    link_rel=None,
)


def is_external(href: str) -> bool:
    """True for an address on another site (``https://…``, ``http://…`` or ``//host/…``)."""
    value = href.strip().lower()
    return value.startswith(("http://", "https://", "//"))


#: The words a link to another site carries in ``rel``: the page it opens gets no handle on
#: this one (``noopener``), and assistive technology can tell it leaves the site (``external``).
EXTERNAL_REL = ("noopener", "external")


def clean_page(text: str) -> str:
    """``text`` (HTML a page's Markdown became) with only :data:`PAGE_TAGS` and
    :data:`PAGE_ATTRIBUTES` left, addresses limited to :data:`URL_SCHEMES` or relative ones,
    comments removed, and ``rel="noopener external"`` on every link to another site.

    The result is the sanitizer's serialisation of the browser's parse of ``text``, so what a
    browser reads from it is what the allowlists let through. Runs in time linear in ``text``.
    """
    return mark_external_links(_PAGE_CLEANER.clean(text))


def mark_external_links(cleaned: str) -> str:
    """Add :data:`EXTERNAL_REL` to each ``<a>`` that links to another site and lacks
    ``noopener``.

    ``cleaned`` must be the cleaner's output: there every ``<`` outside a tag is written
    ``&lt;``, and attribute values are double-quoted with ``"``, ``<`` and ``>`` escaped, so each
    ``<a `` starts an anchor and the next ``>`` ends it. One pass, no regular expression.
    """
    out: list[str] = []
    position = 0
    while True:
        start = cleaned.find("<a ", position)
        if start < 0:
            break
        end = cleaned.find(">", start)
        if end < 0:
            break
        tag = cleaned[start:end]
        attributes = _attributes(tag[3:])
        href = attributes.get("href")
        rel = attributes.get("rel", "").split()
        if href is not None and is_external(html.unescape(href)) and "noopener" not in rel:
            words = " ".join([*rel, *(w for w in EXTERNAL_REL if w not in rel)])
            kept = "".join(
                f' {name}="{value}"' for name, value in attributes.items() if name != "rel"
            )
            tag = f'<a{kept} rel="{words}"'
        out.append(cleaned[position:start])
        out.append(tag)
        position = end
    out.append(cleaned[position:])
    return "".join(out)


def _attributes(text: str) -> dict[str, str]:
    """The attributes of a start tag as the cleaner writes them: `` name="value"`` pairs (a
    value never holds a ``"``); a name without a value has the value ``""``."""
    attributes: dict[str, str] = {}
    position = 0
    length = len(text)
    while position < length:
        while position < length and text[position] == " ":
            position += 1
        if position >= length:
            break
        name_end = position
        while name_end < length and text[name_end] not in ' ="':
            name_end += 1
        name = text[position:name_end]
        if text.startswith('="', name_end):
            value_end = text.find('"', name_end + 2)
            value_end = length if value_end < 0 else value_end
            attributes[name] = text[name_end + 2 : value_end]
            position = value_end + 1
        else:
            attributes.setdefault(name, "")
            position = max(name_end, position + 1)
    return attributes


# ---------------------------------------------------------------------------------------------
# Inspecting a body: what the cleaner would take out, as the browser's parse shows it.

#: Elements the inspection recognises. An element outside this list (a made-up name) loses its
#: tags in the page but keeps its text, like any element outside the allowlist.
KNOWN_TAGS = frozenset(
    {
        "a", "abbr", "acronym", "address", "applet", "area", "article", "aside", "audio", "b",
        "base", "basefont", "bdi", "bdo", "bgsound", "big", "blink", "blockquote", "body", "br",
        "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup", "data",
        "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em",
        "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "frame",
        "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html",
        "i", "iframe", "image", "img", "input", "ins", "isindex", "kbd", "keygen", "label",
        "legend", "li", "link", "listing", "main", "map", "mark", "marquee", "menu", "menuitem",
        "meta", "meter", "multicol", "nav", "nextid", "nobr", "noembed", "noframes",
        "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture",
        "plaintext", "portal", "pre", "progress", "q", "rb", "rp", "rt", "rtc", "ruby", "s",
        "samp", "script", "search", "section", "select", "slot", "small", "source", "spacer",
        "span", "strike", "strong", "style", "sub", "summary", "sup", "table", "tbody", "td",
        "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tt",
        "u", "ul", "var", "video", "wbr", "xmp",
        # SVG and MathML, where scripts and addresses hide too.
        "svg", "animate", "animateMotion", "animateTransform", "circle", "clipPath", "defs",
        "desc", "ellipse", "feImage", "filter", "foreignObject", "g", "line", "linearGradient",
        "marker", "mask", "metadata", "mpath", "path", "pattern", "polygon", "polyline",
        "radialGradient", "rect", "set", "stop", "switch", "symbol", "text", "textPath",
        "tspan", "use", "view", "math", "maction", "annotation", "annotation-xml", "mglyph",
        "mi", "mn", "mo", "ms", "mtext", "semantics",
    }
)  # fmt: skip

#: Address schemes the inspection recognises (an address with a scheme outside this list is
#: removed before the inspection sees it; it then shows as a link without an address).
_INSPECTED_SCHEMES = frozenset(nh3.ALLOWED_URL_SCHEMES) | {
    "javascript", "vbscript", "livescript", "data", "file", "blob", "filesystem", "about",
    "chrome", "chrome-extension", "jar", "view-source", "intent", "mhtml", "resource", "res",
    "ws", "wss", "ms-settings", "ms-its", "wyciwyg",
}  # fmt: skip

#: The attribute the inspection puts on every element it recognises, to be told of it.
_MARK = "data-lif-inspected"


@dataclass(frozen=True)
class Removal:
    """Something in a body that the cleaner removes from the page.

    ``kind`` is ``element`` (an element outside the allowlist), ``attribute`` (an attribute
    outside it), ``address`` (an address with a scheme outside :data:`URL_SCHEMES`) or
    ``no-address`` (a link or image whose address the cleaner dropped). ``active`` says whether
    it would run code or load something (a script, a frame, an event handler, a script address).
    """

    kind: Literal["element", "attribute", "address", "no-address"]
    tag: str
    attribute: str = ""
    value: str = ""
    active: bool = False


@dataclass
class Inspection:
    """What a body's HTML holds, as a browser parses it."""

    #: Everything the cleaner would remove, in document order.
    removals: list[Removal] = field(default_factory=list)
    #: Every address of a link (``a href``) or image (``img src``), in document order.
    addresses: list[tuple[str, str]] = field(default_factory=list)
    #: Every anchor (``id``, and ``name`` of ``<a>``).
    anchors: set[str] = field(default_factory=set)


def scheme_of(value: str) -> str | None:
    """The scheme of an address as a browser reads it (lower case), or None if it has none."""
    text = "".join(c for c in value if c > " " and c != "\x7f").lower()
    colon = text.find(":")
    if colon <= 0:
        return None
    scheme = text[:colon]
    if not scheme[0].isalpha() or any(not (c.isalnum() or c in "+.-") for c in scheme):
        return None
    return scheme


def inspect_content(text: str) -> Inspection:
    """What the cleaner would remove from ``text`` (a body rendered to HTML) under the content
    allowlist, with the addresses and anchors it holds.

    The HTML is parsed once by the same parser as the cleaner's, with every recognised element
    and attribute let through and reported to a callback, so what is reported is what a browser
    would see, however the source spells it (character references, attributes over several
    lines, comments and raw-text elements that hide markup). Runs in time linear in ``text``.
    """
    with _INSPECTOR.lock:
        return _INSPECTOR.inspect(text)


class _Inspector:
    """One nh3 cleaner that reports every element and attribute to :meth:`seen`, made once:
    making a cleaner (its allowlists, a mark for each known tag) costs more than cleaning most
    bodies. One text at a time, under :attr:`lock`."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.found = Inspection()
        # The callback is told of each attribute of an element in turn, then of the mark that
        # the inspector adds to every element last: the element is judged when its mark
        # arrives.
        self.pending: dict[str, str] = {}
        self.cleaner = nh3.Cleaner(
            tags=set(KNOWN_TAGS),
            clean_content_tags=set(),
            attributes={},
            generic_attribute_prefixes={""},
            set_tag_attribute_values={tag: {_MARK: ""} for tag in KNOWN_TAGS},
            url_schemes=set(_INSPECTED_SCHEMES),
            attribute_filter=self.seen,
            strip_comments=True,
            link_rel=None,
        )

    def seen(self, tag: str, name: str, value: str) -> str | None:
        if name == _MARK:
            _judge(self.found, tag, self.pending)
            self.pending.clear()
            return None
        self.pending[name] = value
        return value

    def inspect(self, text: str) -> Inspection:
        self.found, self.pending = Inspection(), {}
        try:
            self.cleaner.clean(text)
            return self.found
        finally:
            self.found, self.pending = Inspection(), {}


_INSPECTOR = _Inspector()


def _judge(found: Inspection, tag: str, attributes: dict[str, str]) -> None:
    """Record one element (with its attributes) of a body."""
    allowed_tag = tag in CONTENT_TAGS
    if not allowed_tag:
        found.removals.append(Removal("element", tag, active=tag in ACTIVE_ELEMENTS))
    allowed = CONTENT_ATTRIBUTES.get(tag, frozenset())
    for name, value in attributes.items():
        lower = name.lower()
        if lower == "id" or (lower == "name" and tag == "a"):
            found.anchors.add(value)
        handler = lower.startswith("on")
        if handler or (
            allowed_tag and name not in CONTENT_GLOBAL_ATTRIBUTES and name not in allowed
        ):
            found.removals.append(Removal("attribute", tag, name, value, active=handler))
        if lower in URL_ATTRIBUTES or lower.endswith(":href"):
            scheme = scheme_of(value)
            if scheme is not None and scheme not in URL_SCHEMES:
                found.removals.append(Removal("address", tag, name, value, active=True))
    if tag in {"a", "img"}:
        key = "href" if tag == "a" else "src"
        if key in attributes:
            found.addresses.append((tag, attributes[key]))
        elif tag == "img" or not ({"id", "name"} & set(attributes)):
            found.removals.append(Removal("no-address", tag, key))
