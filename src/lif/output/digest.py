"""The newsletter digest written as Markdown and e-mail-safe HTML."""

from __future__ import annotations

from lif.index.packs import Digest, _key_learning
from lif.output.packs import md_text
from lif.render.fragments import esc


def render_digest_markdown(digest: Digest) -> str:
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


# Inline styles only: e-mail programs drop style sheets, scripts and classes.
_FONT = "font-family:Arial,Helvetica,sans-serif;"


_STYLE = {
    "h1": f"{_FONT}font-size:24px;line-height:1.3;color:#1a1a1a;margin:0 0 16px;",
    "h2": f"{_FONT}font-size:20px;line-height:1.3;color:#1a1a1a;margin:24px 0 8px;",
    "h3": f"{_FONT}font-size:18px;line-height:1.3;margin:20px 0 4px;",
    "p": f"{_FONT}font-size:16px;line-height:1.5;color:#1a1a1a;margin:0 0 12px;",
    "meta": f"{_FONT}font-size:14px;line-height:1.4;color:#4d4d4d;margin:0 0 8px;",
    "ul": f"{_FONT}font-size:16px;line-height:1.5;color:#1a1a1a;margin:0 0 12px;padding-left:24px;",
    "a": "color:#1a4f9c;text-decoration:underline;",
}


def _a(url: str, text: str) -> str:
    return f'<a href="{esc(url)}" style="{_STYLE["a"]}">{esc(text)}</a>'


def render_digest_html(digest: Digest) -> str:
    """The digest as e-mail-safe HTML: one column, inline styles, absolute links, no scripts."""
    rows: list[str] = [f'<h1 style="{_STYLE["h1"]}">{esc(digest.title)}</h1>']
    if not digest.new and not digest.updated:
        rows.append(f'<p style="{_STYLE["p"]}">Nothing new was published in this period.</p>')
    for heading, entries in (("New", digest.new), ("Updated", digest.updated)):
        if not entries:
            continue
        rows.append(f'<h2 style="{_STYLE["h2"]}">{heading}</h2>')
        for entry in entries:
            rows.append(f'<h3 style="{_STYLE["h3"]}">{_a(entry.url, entry.item.title)}</h3>')
            rows.append(f'<p style="{_STYLE["meta"]}">{esc(entry.meta_line)}</p>')
            rows.append(f'<p style="{_STYLE["p"]}">{esc(entry.item.summary)}</p>')
            points = _key_learning(entry)
            if points:
                rows.append(f'<p style="{_STYLE["p"]}"><strong>Key learning:</strong></p>')
                items = "".join(f"<li>{esc(p)}</li>" for p in points)
                rows.append(f'<ul style="{_STYLE["ul"]}">{items}</ul>')
            rows.append(f'<p style="{_STYLE["p"]}">{_a(entry.url, "Read the learning")}</p>')
    rows.append(
        f'<p style="{_STYLE["meta"]}">All the learning: {_a(digest.base_url, digest.site_name)}</p>'
    )
    content = "\n".join(rows)
    return (
        "<!doctype html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(digest.title)}</title>\n</head>\n"
        '<body style="margin:0;padding:0;background:#ffffff;">\n'
        "<!-- Copy from here into the newsletter -->\n"
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">'
        '<tr><td style="padding:16px;">\n'
        '<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" '
        'style="max-width:600px;width:100%;"><tr><td>\n'
        f"{content}\n"
        "</td></tr></table>\n</td></tr></table>\n"
        "<!-- Copy to here -->\n"
        "</body>\n</html>\n"
    )
