"""The body of each review and brief, read the way the site renders it.

Each body goes through the site's own Markdown pipeline (:mod:`lif.model.markdown`) and the
HTML it becomes is inspected with the same parser as the cleaner's (:mod:`lif.model.sanitize`).
So the checker refuses what the build would remove or trip over, with the build's reasons:

- text that would take too long, or nest too deeply, to render (:func:`render_limits`);
- anything the cleaner would take out of the page: scripts, frames, forms, event handlers,
  script addresses, and markup the site does not use (authors learn, rather than lose content);
- a link that the build could not resolve: to a page that does not exist, to an item that is
  not public while this one is, or to an anchor that is not on the page.

Links are resolved as the build resolves them: a Markdown link is read from the item's page,
``reviews/<id>.md`` or ``briefs/<id>.md``, not from the folder its file is kept in, and must name
the target's Markdown file (``../reviews/<id>.md``, ``../framework/principles.md``).
"""

from __future__ import annotations

import html
import posixpath
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from lif.load.docs import docs_files, read_docs_page
from lif.load.pictures import item_pictures
from lif.load.settings import site_settings
from lif.model.body_links import ID_PREFIX, link_targets, rewritten_links
from lif.model.content import Brief, Item
from lif.model.library import CheckContext, Source
from lif.model.links import page_anchors
from lif.model.markdown import Limit, new_markdown, render_limits
from lif.model.memo import remembered
from lif.model.paths import (
    item_source_uri,
    methodology_path,
    review_type_path,
    source_uri,
    theme_path,
)
from lif.model.problems import Problem
from lif.model.publication import why_unpublished
from lif.model.sanitize import URL_SCHEMES, Inspection, Removal, inspect_content, scheme_of
from lif.model.sections import body_sections

#: At most this many problems are reported for one body; the last one says how many more there
#: are.
MAX_PROBLEMS_PER_BODY = 20

#: How a link to another item is written, for messages.
HOW_TO_LINK = (
    "link to a review or brief by its id, as [text](id:<id>) or [text](id:<id>#<learning point "
    "id>), or by its page, as '../reviews/<id>.md', and to another page of the site by its file "
    "under docs/, as '../framework/principles.md'"
)

#: Pictures larger than this are reported (a warning): slow to load on a phone.
MAX_PICTURE_BYTES = 1_000_000

#: What Python-Markdown puts in place of ``&`` in an e-mail address it obfuscates.
_AMP_SUBSTITUTE = "\x02amp\x03"


class _LinkRecorder(Treeprocessor):
    """Notes the address of every Markdown link and image (the ones the build resolves), and
    the address of every picture without a description (alt text), in the lists it is given
    for each text."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.links: list[str] = []
        self.no_alt: list[str] = []

    def run(self, root: Element) -> None:
        for element in root.iter():
            key = {"a": "href", "img": "src"}.get(str(element.tag))
            value = element.get(key) if key else None
            if value is not None:
                self.links.append(value)
            if element.tag == "img" and not (element.get("alt") or "").strip():
                self.no_alt.append(element.get("src") or "")


class _RecordLinks(Extension):
    def __init__(self) -> None:
        super().__init__()
        self.recorder: _LinkRecorder | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        # Where the build resolves links: after inline links (20) and attribute lists (8).
        self.recorder = _LinkRecorder(md)
        md.treeprocessors.register(self.recorder, "lif_record_links", 0)


@dataclass
class RenderedBody:
    """A body rendered through the site's pipeline (before cleaning), and what it holds."""

    inspection: Inspection
    #: The addresses of the Markdown links and images, which the build resolves.
    markdown_links: list[str]
    #: The addresses of the pictures that have no description (alt text).
    without_alt: list[str] = field(default_factory=list)
    #: The HTML itself, before cleaning.
    html: str = ""


#: One converter of the dialect without the cleaner, with the link recorder, made on first use
#: and reset between bodies: making a converter costs more than converting most bodies.
_CONVERTER: list[tuple[Markdown, _LinkRecorder]] = []


@remembered
def render_body(text: str) -> RenderedBody:
    """``text`` rendered by the site's Markdown and inspected; the caller has checked
    :func:`render_limits`. Raises RecursionError for nesting the renderer cannot follow."""
    if not _CONVERTER:
        recording = _RecordLinks()
        converter = new_markdown(clean=False, extra=[recording])
        assert recording.recorder is not None
        _CONVERTER.append((converter, recording.recorder))
    converter, recorder = _CONVERTER[0]
    links: list[str] = []
    no_alt: list[str] = []
    recorder.links, recorder.no_alt = links, no_alt
    converter.reset()
    try:
        converted = converter.convert(text)
    except BaseException:
        # A conversion stopped part way may leave the block parser's state behind.
        _CONVERTER.clear()
        raise
    return RenderedBody(inspect_content(converted), links, no_alt, converted)


class _Lines:
    """Finds the lines of a body that hold a piece of text, to place a problem."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.lines = source.body.split("\n")

    @cached_property
    def lower(self) -> list[str]:
        return [line.lower() for line in self.lines]

    @cached_property
    def decoded(self) -> list[str]:
        return [_normalise(line) for line in self.lines]

    def of_offset(self, offset: int) -> tuple[int, int]:
        before = self.source.body[:offset]
        line_start = before.rfind("\n") + 1
        return self.source.body_line + before.count("\n"), offset - line_start + 1

    def holding(self, needle: str) -> list[int]:
        """The lines (numbers in the file) that hold ``needle``, as written or as a browser
        reads it (character references decoded, spaces and control characters dropped); the
        first line of the body if none does."""
        if needle:
            lower = needle.lower()
            found = [n for n, line in enumerate(self.lower) if lower in line]
            if not found:
                decoded = _normalise(needle)
                found = [n for n, line in enumerate(self.decoded) if decoded and decoded in line]
            if found:
                return [self.source.body_line + n for n in found]
        return [self.source.body_line]

    def element_start(self, line: int, tag: str) -> int:
        """The line where the ``<tag`` that an attribute on ``line`` belongs to starts: the
        nearest line at or above it, within its paragraph, that holds ``<tag``; else ``line``."""
        needle = f"<{tag.lower()}"
        index = line - self.source.body_line
        while 0 <= index < len(self.lines) and self.lines[index].strip():
            if needle in self.lower[index]:
                return self.source.body_line + index
            index -= 1
        return line


def _normalise(text: str) -> str:
    return "".join(c for c in html.unescape(text) if c > " " and c != "\x7f").lower()


def _removal_message(removal: Removal) -> tuple[str, str]:
    """What to say about something the cleaner removes, and the text that shows where it is."""
    tag = removal.tag
    if removal.kind == "element" and removal.active:
        return (
            f"'<{tag}>' is not allowed in content: write Markdown without scripts, frames, "
            "forms, embedded objects, styles or drawings",
            f"<{tag}",
        )
    if removal.kind == "element":
        return (
            f"'<{tag}>' is not part of the site's Markdown and would be removed from the page "
            "(its text is kept): write it in Markdown, or leave the tag out",
            f"<{tag}",
        )
    if removal.kind == "attribute" and removal.active:
        return (
            f"'{removal.attribute}=' is not allowed in content (an event handler on <{tag}>): "
            "write Markdown without scripts or event handlers",
            removal.attribute,
        )
    if removal.kind == "attribute":
        return (
            f"'{removal.attribute}=' on <{tag}> is not part of the site's Markdown and would be "
            "removed from the page: leave it out (id, class, title and lang are kept)",
            removal.attribute,
        )
    if removal.kind == "address":
        schemes = ", ".join(f"{s}:" for s in sorted(URL_SCHEMES))
        return (
            f"'{scheme_of(removal.value)}:' is not allowed in content: links and images use "
            f"{schemes} addresses, or link to a page of this site",
            removal.value,
        )
    what = "link" if tag == "a" else "image"
    return (
        f"a {what} has an address the site cannot use, and would lose it: give an http:, "
        "https:, mailto: or tel: address, or link to a page of this site",
        "",
    )


class _Pages:
    """The site's pages and files that a body may link to, and their anchors."""

    def __init__(self, ctx: CheckContext, bodies: RenderedBodies) -> None:
        self.ctx = ctx
        self.bodies = bodies
        self.items = {item_source_uri(i): i for i in ctx.library.items}
        self.by_file = {ctx.source(i).path: i for i in ctx.library.items}
        self.by_id = ctx.library.by_id()
        vocab = ctx.vocab
        self.generated = frozenset(
            [source_uri(theme_path(k)) for k in vocab.themes.terms]
            + [source_uri(review_type_path(k)) for k in vocab.review_types.terms]
            + [source_uri(methodology_path(k)) for k in vocab.methodologies.terms]
        )
        self._docs_anchors: dict[str, set[str]] = {}

    @cached_property
    def docs(self) -> frozenset[str]:
        return docs_files(self.ctx.root) if self.ctx.root is not None else frozenset()

    def pictures(self, item: Item) -> frozenset[str]:
        """The site paths of the pictures beside ``item``'s file, where the build mounts them
        beside its page (see :mod:`lif.load.pictures`)."""
        if self.ctx.root is None:
            return frozenset()
        folder = posixpath.dirname(item_source_uri(item))
        found = item_pictures(self.ctx.root, self.ctx.source(item).path, item.id)
        return frozenset(f"{folder}/{item.id}/{picture.name}" for picture in found)

    def item_anchors(self, item: Item) -> set[str]:
        """Every anchor on the page of ``item``: the page's own sections and the body's."""
        rendered = self.bodies.of_item(item)
        return self._page_anchors(item) | (rendered.inspection.anchors if rendered else set())

    def has_anchor(self, item: Item, anchor: str) -> bool:
        """True if the page of ``item`` has the anchor ``anchor``. The body is looked at only
        for an anchor that is not one of the page's own sections (learning points,
        recommendations), so another item's body is rendered only when a link needs it."""
        if anchor in self._page_anchors(item):
            return True
        rendered = self.bodies.of_item(item)
        return rendered is not None and anchor in rendered.inspection.anchors

    def _page_anchors(self, item: Item) -> set[str]:
        body = self.ctx.source(item).body
        anchors = page_anchors(item, body) | {f"{item.id}-title"}
        if isinstance(item, Brief) and item.kind == "seven-minute-briefing":
            count = len(body_sections(body))
            anchors |= {f"section-{n}-title" for n in range(1, count + 1)}
        return anchors

    def docs_anchors(self, path: str) -> set[str]:
        """The anchors of a hand-written page (its headings and elements with an id)."""
        if path not in self._docs_anchors:
            anchors: set[str] = set()
            if self.ctx.root is not None:
                text = _without_front_matter(read_docs_page(self.ctx.root, path))
                if not render_limits(text):
                    try:
                        anchors = render_body(text).inspection.anchors
                    except RecursionError:
                        anchors = set()
            self._docs_anchors[path] = anchors
        return self._docs_anchors[path]

    def markdown_link(self, item: Item, url: str) -> str | None:
        """Why the build would refuse the Markdown link ``url`` in the body of ``item``, or
        None if it resolves (mkdocs' rules: ``validation`` in ``mkdocs.yml``, strict)."""
        page = item_source_uri(item)
        try:
            scheme, netloc, path, _query, anchor = urlsplit(url)
        except ValueError:
            return f"'{url}' is not a valid address: check it, or write it as text"
        if scheme or netloc or _AMP_SUBSTITUTE in url:
            return None
        if url.startswith(("/", "\\")):
            return (
                f"'{url}' is an absolute link, which the build refuses: write it relative to the "
                f"item's page ('{page}'); {HOW_TO_LINK}"
            )
        if not path:
            if anchor and not self.has_anchor(item, anchor):
                known = _known(self.item_anchors(item))
                return f"there is no anchor '#{anchor}' on this page: {known}"
            return None
        path = unquote(path)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path).lstrip("/"))
        if target in self.items:
            return self._item_link(item, self.items[target], anchor)
        if target in self.docs:
            if anchor and target.endswith(".md") and anchor not in self.docs_anchors(target):
                return (
                    f"the page '{target}' has no anchor '#{anchor}': "
                    f"{_known(self.docs_anchors(target))}"
                )
            return None
        if target in self.generated:
            if anchor:
                return (
                    f"the link '{url}' names an anchor on a generated page, which the checker "
                    "cannot confirm: link to the page itself, without '#...'"
                )
            return None
        if target in self.pictures(item):
            return None
        return (
            f"the link '{url}' leads nowhere: its target '{target}' is not found among "
            f"documentation files (a link in a body is read from the item's page, '{page}', not "
            f"from the folder of its file): {self._hint(item, path, anchor)}"
        )

    def unknown_id(self, url: str) -> str:
        """Why a link by id that the dialect left as written leads nowhere."""
        name = url[len(ID_PREFIX) :].partition("#")[0].strip()
        return (
            f"the link '{url}' names no review or brief: there is no item with the id '{name}' "
            "(an id is the 'id:' in the item's front matter, such as 'sar-adult-d-2024')"
        )

    @cached_property
    def site_url(self) -> str:
        url = site_settings(self.ctx.root).site_url if self.ctx.root is not None else None
        return _bare(url) if url else ""

    def site_address(self, item: Item, value: str) -> str | None:
        """Why a link to this site written as its full address (``https://<site>/reviews/<id>/``)
        would lead nowhere or reveal an item that is not public; None if it may stay."""
        bare = _bare(html.unescape(value))
        if not self.site_url or not bare.startswith(self.site_url):
            return None
        parts = [p for p in bare[len(self.site_url) :].partition("#")[0].split("/") if p]
        if len(parts) < 2 or parts[0] not in {"reviews", "briefs"}:
            return None
        target = self.by_id.get(parts[1])
        if target is None:
            return (
                f"the link '{value}' is a full address of this site, but no review or brief "
                f"has the id '{parts[1]}': check it, or link by id as [text](id:<id>)"
            )
        reason = why_unpublished(target, self.ctx.today)
        if reason is not None and why_unpublished(item, self.ctx.today) is None:
            return (
                f"the link '{value}' is the full address of '{target.id}', which is not public "
                f"({reason}), so it would publish that address and lead nowhere: remove the "
                "link, or hold this item until the other is public"
            )
        return None

    def large_pictures(self, item: Item) -> list[Problem]:
        """A warning for each picture beside ``item`` larger than phones should download."""
        if self.ctx.root is None:
            return []
        source = self.ctx.source(item)
        out = []
        for picture in item_pictures(self.ctx.root, source.path, item.id):
            size = picture.stat().st_size
            if size > MAX_PICTURE_BYTES:
                out.append(
                    Problem(
                        source.path,
                        source.body_line,
                        1,
                        "body",
                        f"the picture '{item.id}/{picture.name}' is {size / 1_000_000:.1f} MB, "
                        "slow to load on a phone: save it at most 1600 pixels wide (under "
                        f"{MAX_PICTURE_BYTES // 1_000_000} MB), as JPEG for a photo",
                        severity="warning",
                    )
                )
        return out

    def _item_link(self, item: Item, target: Item, anchor: str) -> str | None:
        reason = why_unpublished(target, self.ctx.today)
        if reason is not None and why_unpublished(item, self.ctx.today) is None:
            return (
                f"'{target.id}' is not public ({reason}) but this item is, so the link would "
                "lead nowhere: hold this item too (status: draft, or publish_on on the same day) "
                "or remove the link"
            )
        if anchor and not self.has_anchor(target, anchor):
            return f"'{target.id}' has no anchor '#{anchor}': {_known(self.item_anchors(target))}"
        return None

    def _hint(self, item: Item, path: str, anchor: str) -> str:
        """How to write a link that does not resolve, when its target can be guessed."""
        page = item_source_uri(item)
        fragment = f"#{anchor}" if anchor else ""
        from_file = posixpath.normpath(
            posixpath.join(posixpath.dirname(self.ctx.source(item).path), path)
        )
        stem = PurePosixPath(path.rstrip("/")).name.removesuffix(".md")
        target = self.by_file.get(from_file) or self.by_id.get(stem)
        if target is not None:
            link = posixpath.relpath(item_source_uri(target), posixpath.dirname(page))
            return f"write '{link}{fragment}'"
        for guess in (path.rstrip("/") + ".md", posixpath.join(path, "index.md")):
            docs = posixpath.normpath(posixpath.join(posixpath.dirname(page), guess))
            if docs in self.docs or docs in self.generated:
                return f"write '{guess}{fragment}'"
        return HOW_TO_LINK


def _bare(url: str) -> str:
    """An address without its scheme, ``www.``, case of the host, or a trailing slash."""
    rest = url.strip().split("://", 1)[-1]
    host, slash, path = rest.partition("/")
    return host.lower().removeprefix("www.") + slash + path


def _known(anchors: set[str]) -> str:
    shown = sorted(anchors)
    listed = ", ".join(shown[:15]) + (", ..." if len(shown) > 15 else "")
    return f"its anchors are: {listed}" if shown else "it has no anchors"


def _without_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            return text[end + 5 :]
    return text


def _is_internal(value: str) -> bool:
    stripped = value.strip()
    return bool(stripped) and scheme_of(stripped) is None and not stripped.startswith("//")


class RenderedBodies:
    """The bodies of the files a check looks at (:meth:`CheckContext.checks`), each rendered once
    for every rule that reads them (:func:`rendered_bodies`); the body of any other item is
    rendered when a link needs its anchors."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        # Files whose front matter has problems are read too, so every problem shows in one
        # run; they are keyed by their path, items by their id.
        paths = {key: source.path for key, source in ctx.library.sources.items()}
        self.targets = link_targets(ctx.library.items, paths)
        self.by_id = ctx.library.by_id()
        #: The bodies this check looks at: (key, source), items first, in the library's order.
        every = [(item.id, ctx.source(item)) for item in ctx.library.items]
        every += [(source.path, source) for source in ctx.library.rejected]
        self.bodies = [(key, source) for key, source in every if ctx.checks(source)]
        #: Each body's rendering, by key; a body over the limits, or nested too deeply to
        #: render, has none.
        self.rendered: dict[str, RenderedBody] = {}
        #: Where each body exceeds :func:`render_limits`, by key.
        self.limits: dict[str, list[Limit]] = {}
        #: The keys of the bodies nested too deeply to render.
        self.too_deep: set[str] = set()
        self._written: dict[str, tuple[str, dict[str, str]]] = {}
        for key, source in self.bodies:
            self._render(key, source)

    def written(self, item: Item) -> tuple[str, dict[str, str]]:
        """The body of ``item`` with its links written as the build writes them, and each
        rewritten address with the address as the author wrote it (see
        :func:`lif.model.body_links.rewritten_links`)."""
        if item.id not in self._written:
            source = self.ctx.source(item)
            self._written[item.id] = rewritten_links(source.body, item, source.path, self.targets)
        return self._written[item.id]

    def _render(self, key: str, source: Source) -> None:
        limits = render_limits(source.body)
        if limits:
            self.limits[key] = limits
            return
        item = self.by_id.get(key)
        text = self.written(item)[0] if item is not None else source.body
        try:
            self.rendered[key] = render_body(text)
        except RecursionError:
            self.too_deep.add(key)

    def of_item(self, item: Item) -> RenderedBody | None:
        """The rendering of ``item``'s body, rendering it now if this check does not look at
        its file; None if it is over the limits or nested too deeply to render."""
        key = item.id
        if not (key in self.rendered or key in self.limits or key in self.too_deep):
            self._render(key, self.ctx.source(item))
        return self.rendered.get(key)


def rendered_bodies(ctx: CheckContext) -> RenderedBodies:
    """The bodies ``ctx`` looks at, rendered once for all the rules of the check that read them
    (the body rule here, the personal-data scan of :mod:`lif.check.guards`)."""
    found = ctx.shared_work.get("rendered bodies")
    if not isinstance(found, RenderedBodies):
        found = ctx.shared_work["rendered bodies"] = RenderedBodies(ctx)
    return found


def rule_body_as_rendered(ctx: CheckContext) -> Iterator[Problem]:
    """Every body renders in bounded time, keeps all its content through the cleaner, and
    links only to pages that exist (see the module's description)."""
    bodies = rendered_bodies(ctx)
    rendered = bodies.rendered
    found: dict[str, list[Problem]] = {}
    for key, source in bodies.bodies:
        lines = _Lines(source)
        problems = found.setdefault(key, [])
        for limit in bodies.limits.get(key, []):
            problems.append(
                Problem(source.path, *lines.of_offset(limit.offset), "body", limit.message)
            )
        if key in bodies.too_deep:
            problems.append(
                Problem(
                    source.path,
                    source.body_line,
                    1,
                    "body",
                    "the body is nested too deeply to render (lists, quotes or HTML blocks "
                    "inside each other): flatten it",
                )
            )
        if key not in rendered:
            continue
        # A link by id that names no item is reported below, with what to do.
        by_id = sum(
            1 for url in rendered[key].markdown_links if html.unescape(url).startswith(ID_PREFIX)
        )
        for removal in rendered[key].inspection.removals:
            if by_id and removal.tag == "a" and removal.kind in {"address", "no-address"}:
                by_id -= 1
                continue
            message, needle = _removal_message(removal)
            at = lines.holding(needle)
            if removal.kind == "attribute":
                at = [lines.element_start(n, removal.tag) for n in at]
            problems += [Problem(source.path, n, 1, "body", message) for n in at]
            if len(problems) > MAX_PROBLEMS_PER_BODY:
                break
    pages = _Pages(ctx, bodies)
    for item in ctx.library.items:
        if item.id not in rendered or item.id not in found:
            continue
        source = ctx.source(item)
        lines = _Lines(source)
        problems = found[item.id]
        links = rendered[item.id].markdown_links
        as_written = bodies.written(item)[1]
        for url in links:
            decoded = html.unescape(url)
            if decoded.startswith(ID_PREFIX):
                refusal: str | None = pages.unknown_id(decoded)
            elif scheme_of(decoded) is not None:
                continue  # another site's address, or one the cleaner removes (reported above)
            else:
                refusal = pages.markdown_link(item, url)
            if refusal is not None:
                at = lines.holding(as_written.get(url, url))
                problems += [Problem(source.path, n, 1, "body", refusal) for n in at]
        for _tag, value in rendered[item.id].inspection.addresses:
            refusal = pages.site_address(item, value)
            if refusal is not None:
                at = lines.holding(value)
                problems += [Problem(source.path, n, 1, "body", refusal) for n in at]
        for picture in rendered[item.id].without_alt:
            message = (
                f"the picture '{picture}' has no description (alt text), which a screen reader "
                "reads out instead of it: write ![what the picture shows](...) in a few words"
            )
            problems += [
                Problem(source.path, n, 1, "body", message) for n in lines.holding(picture)
            ]
        problems += pages.large_pictures(item)
        unmatched = Counter(html.unescape(url) for url in links)
        for tag, value in rendered[item.id].inspection.addresses:
            if unmatched[value] > 0:
                unmatched[value] -= 1
                continue
            if tag == "a" and _is_internal(value) and not value.startswith("#"):
                message = (
                    f"'{value}' links within the site from HTML, which the build neither checks "
                    f"nor adjusts: write it as a Markdown link, [text](...); {HOW_TO_LINK}"
                )
                problems += [
                    Problem(source.path, n, 1, "body", message) for n in lines.holding(value)
                ]
    for key, problems in found.items():
        unique = list(dict.fromkeys(problems))
        yield from unique[:MAX_PROBLEMS_PER_BODY]
        if len(unique) > MAX_PROBLEMS_PER_BODY:
            first = unique[MAX_PROBLEMS_PER_BODY]
            yield Problem(
                first.path,
                first.line,
                1,
                "body",
                f"the body of '{key}' has more problems like those above: fix them and run "
                "the check again",
            )
