"""The ``_headers`` file for static hosts: the Content Security Policy and protective headers.

Every path gets the site's policy. The editor's folder (``/admin/``) gets the editor's policy and
opener policy instead: Cloudflare Pages reads a line ``! Name`` as "detach the header the rule
above set"; Netlify ignores a line without a colon, and sends both policies there, which the
how-to-publish guide explains.
"""

from __future__ import annotations

from pathlib import Path

from lif.index.site import Site
from lif.model.paths import EDITOR_FOLDER
from lif.model.policy import EDITOR_HEADERS, HEADERS, editor_header_policy, header_policy
from lif.output.files import write_text


def render_headers() -> str:
    """The ``_headers`` file: every path gets the policy and the other headers; the editor's
    folder its own policy."""
    lines = ["/*", f"  Content-Security-Policy: {header_policy()}"]
    lines += [f"  {name}: {value}" for name, value in HEADERS.items()]
    editor = {"Content-Security-Policy": editor_header_policy(), **EDITOR_HEADERS}
    lines.append(f"/{EDITOR_FOLDER}/*")
    for name, value in editor.items():
        lines += [f"  ! {name}", f"  {name}: {value}"]
    return "\n".join(lines) + "\n"


def write_headers(site: Site, site_dir: Path) -> None:
    """Write ``_headers`` into the built site (read by Netlify and Cloudflare Pages)."""
    write_text(site_dir, "_headers", render_headers())
