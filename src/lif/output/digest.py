"""The newsletter digest written as Markdown and as e-mail-safe HTML (``digest/digest.html``)."""

from __future__ import annotations

from typing import Any

from lif.index.packs import Digest, PackItem, _key_learning
from lif.output.packs import md_text
from lif.render.templating import render_template


def render_digest_markdown(digest: Digest) -> str:
    """The digest as Markdown: each new and updated item with its key learning and address."""
    out = [f"# {md_text(digest.title)}", ""]
    if not digest.new and not digest.updated:
        out += ["Nothing new was published in this period.", ""]
    for heading, entries in (("New", digest.new), ("Updated", digest.updated)):
        if not entries:
            continue
        out += [f"## {heading}", ""]
        for entry in entries:
            out += [
                f"### [{md_text(entry.item.title)}]({entry.url})",
                "",
                f"*{md_text(entry.meta_line)}*",
                "",
                md_text(entry.item.summary),
                "",
            ]
            points = _key_learning(entry)
            if points:
                out += ["Key learning:", ""]
                out += [f"- {md_text(p)}" for p in points]
                out.append("")
            out += [f"[Read the learning]({entry.url})", ""]
    out += [f"All the learning: <{digest.base_url}>", ""]
    return "\n".join(out)


def render_digest_html(digest: Digest) -> str:
    """The digest as e-mail-safe HTML: one column, inline styles, absolute links, no scripts.

    Takes a :class:`~lif.index.packs.Digest`; returns a whole HTML document from
    ``digest/digest.html``, with the part to copy into a newsletter between two comments.
    """
    sections = [
        {"heading": heading, "entries": [_digest_entry(entry) for entry in entries]}
        for heading, entries in (("New", digest.new), ("Updated", digest.updated))
        if entries
    ]
    return render_template(
        "digest/digest.html",
        title=digest.title,
        sections=sections,
        base_url=digest.base_url,
        site_name=digest.site_name,
    )


def _digest_entry(entry: PackItem) -> dict[str, Any]:
    """What the digest shows of one item: title, meta line, summary, key learning, address."""
    return {
        "url": entry.url,
        "title": entry.item.title,
        "meta_line": entry.meta_line,
        "summary": entry.item.summary,
        "key_learning": _key_learning(entry),
    }
