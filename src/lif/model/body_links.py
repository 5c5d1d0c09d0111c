"""Links between items as authors write them, resolved the same way for the build and the check.

A body may link to another review or brief, or to one of its learning points or recommendations,
in three ways (see ``docs/how-to-publish.md``):

- by id: ``[text](id:sar-adult-d-2024)``, ``[text](id:sar-adult-d-2024#ask-twice)`` (a learning
  point's or recommendation's own id, or any anchor of the page such as ``#learning-ask-twice``);
- by the source file's path, relative to the file being written, as mkdocs links pages:
  ``[text](../../reviews/2022/sar-adult-p-2022.md#learning-1)``;
- by the target's page, relative to this item's page: ``[text](../reviews/sar-adult-p-2022.md)``
  (left as written).

:func:`author_links` rewrites the first two into the third before the body is rendered, so that
mkdocs finds and checks the page as it does every link. The build's page (``Site.body``) and the
checker's reading of a body (:mod:`lif.check.body`) both call it, so they cannot disagree. A link
that names no item is left as written, for the checker to report.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from lif.model.content import Item, Review
from lif.model.paths import (
    item_source_uri,
    learning_anchor,
    recommendation_anchor,
    relative_url,
)

#: The prefix of a link by id.
ID_PREFIX = "id:"


@dataclass(frozen=True)
class LinkTargets:
    """Every item a link may name (public or not; the checker says which may be linked), by its
    id and by its source file's path."""

    by_id: Mapping[str, Item]
    by_source: Mapping[str, Item]


def anchor_for(target: Item, anchor: str) -> str:
    """The page anchor ``anchor`` names on ``target``'s page: a learning point's or
    recommendation's own id becomes its anchor; any other anchor stays as written."""
    if isinstance(target, Review) and anchor:
        if any(point.id == anchor for point in target.learning):
            return learning_anchor(anchor)
        if any(rec.id == anchor for rec in target.recommendations):
            return recommendation_anchor(anchor)
    return anchor


def resolve(url: str, item: Item, source_path: str, targets: LinkTargets) -> str | None:
    """The link ``url`` in the body of ``item`` (whose file is ``source_path``) written as the
    target's page relative to ``item``'s page, or None if ``url`` is not a link by id or by
    source path to a known item."""
    address, hash_sep, anchor = url.partition("#")
    if address.startswith(ID_PREFIX):
        target = targets.by_id.get(address[len(ID_PREFIX) :].strip())
    elif address.endswith(".md") and "://" not in address and not address.startswith("/"):
        joined = posixpath.join(posixpath.dirname(source_path), address)
        target = targets.by_source.get(posixpath.normpath(joined))
    else:
        return None
    if target is None:
        return None
    page = item_source_uri(target)
    fragment = f"#{anchor_for(target, anchor)}" if hash_sep else ""
    return relative_url(item_source_uri(item), page + fragment)


def _links(body: str) -> Iterator[tuple[int, int]]:
    """Where the target of each inline link or image (``](target)``) and each reference
    definition (``[label]: target``) is in ``body``, outside fenced code and code spans."""
    fence = ""
    offset = 0
    for line in body.split("\n"):
        stripped = line.lstrip()
        if fence:
            if stripped.startswith(fence):
                fence = ""
        elif stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        else:
            yield from ((offset + a, offset + b) for a, b in _line_links(line))
        offset += len(line) + 1


def _line_links(line: str) -> Iterator[tuple[int, int]]:
    stripped = line.lstrip()
    if stripped.startswith("[") and "]:" in stripped and not stripped.startswith("[^"):
        start = len(line) - len(stripped) + stripped.index("]:") + 2
        while start < len(line) and line[start] == " ":
            start += 1
        end = start
        while end < len(line) and line[end] != " ":
            end += 1
        yield start, end
        return
    position = 0
    code = False
    while position < len(line):
        char = line[position]
        if char == "`":
            code = not code
        elif not code and line.startswith("](", position):
            start = position + 2
            angle = line.startswith("<", start)
            start += angle
            end = start
            stop = ">" if angle else " )"
            while end < len(line) and line[end] not in stop:
                end += 1
            yield start, end
            position = end
            continue
        position += 1


def link_targets(items: Iterable[Item], source_paths: Mapping[str, str]) -> LinkTargets:
    """The targets of links among ``items``; ``source_paths`` gives each item's file by id."""
    listed = list(items)
    return LinkTargets(
        by_id={item.id: item for item in listed},
        by_source={source_paths[item.id]: item for item in listed if item.id in source_paths},
    )


def rewritten_links(
    body: str, item: Item, source_path: str, targets: LinkTargets
) -> tuple[str, dict[str, str]]:
    """``body`` with each link by id or by source path (see the module's description) written
    as the target's page relative to ``item``'s page, everything else as written; and each
    rewritten address with the address as the author wrote it."""
    if ID_PREFIX not in body and ".md" not in body:
        return body, {}
    out: list[str] = []
    written: dict[str, str] = {}
    last = 0
    for start, end in _links(body):
        resolved = resolve(body[start:end], item, source_path, targets)
        if resolved is not None:
            out += [body[last:start], resolved]
            written.setdefault(resolved, body[start:end])
            last = end
    return "".join(out) + body[last:], written


def author_links(body: str, item: Item, source_path: str, targets: LinkTargets) -> str:
    """``body`` as the site renders it: see :func:`rewritten_links`."""
    return rewritten_links(body, item, source_path, targets)[0]
