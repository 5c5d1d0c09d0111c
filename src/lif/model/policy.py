"""The site's Content Security Policy and the response headers for static hosts.

The pages carry the policy in a ``<meta http-equiv="Content-Security-Policy">`` element (in
``overrides/main.html``), so it holds on any host. Hosts that read a ``_headers`` file (Netlify,
Cloudflare Pages) also get it as a real header, with the directives a meta element cannot carry
(``frame-ancestors``) and the other protective headers; :func:`write_headers` writes that file.

Only the site's own files may run. The theme puts two small scripts inline in every page; each
is allowed by the SHA-256 hash of its exact text (:data:`INLINE_SCRIPT_HASHES`), so a theme upgrade
that changes one is caught by the tests rather than silently blocked in readers' browsers.

The policy is the second line of defence: every page the generator makes from Markdown is first
cleaned to an allowlist of elements, attributes and address schemes (:mod:`lif.model.sanitize`,
the last step of the site's Markdown, :mod:`lif.model.markdown`), so nothing in a page can run
whatever its source held, and the checker refuses a body that holds anything the cleaner would
take out.
"""

from __future__ import annotations

import base64
import hashlib


def script_hash(text: str) -> str:
    """The CSP source expression that allows an inline script with exactly ``text``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


#: Material for MkDocs' inline scripts, by what they do. The scope script is the same on every
#: page because ``extra.scope`` in mkdocs.yml fixes it to the site root.
INLINE_SCRIPT_HASHES: dict[str, str] = {
    # partials/javascripts/base.html: the local-storage helpers (palette, tabs, consent).
    "storage helpers": "'sha256-exqRXrW/0laiImCrTE8a70vxyyY10FJVIppytLf/dbY='",
    # partials/javascripts/content.html: opens the content tab named in the address.
    "linked tab": "'sha256-/8wPdzX9q0NNJXyA5lzsLojXFpkeaXVxhbfkUOQaWy8='",
}


#: The policy every page carries. ``'wasm-unsafe-eval'`` lets the search index (Pagefind's
#: WebAssembly) be compiled; it does not allow ``eval`` of JavaScript. Styles may be inline
#: because the theme and the search interface set element styles; styles cannot run code.
POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'", *INLINE_SCRIPT_HASHES.values()],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


#: The policy of the local preview (``lif serve``, ``mkdocs serve``) only, never of a built site:
#: the preview server adds to every page an inline script that reloads it after a rebuild, and
#: that script's text changes with every page served (it carries the build's time and a request
#: number), so no hash can allow it. ``'unsafe-inline'`` does, but browsers ignore it in a
#: directive that also lists a hash (Content Security Policy Level 2 and 3), so the preview's
#: ``script-src`` lists no hash. The reload script asks the preview server for news, which
#: ``connect-src 'self'`` already allows. Every other directive is the published one.
PREVIEW_POLICY: dict[str, list[str]] = {
    **POLICY,
    "script-src": ["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"],
}


#: Where the local editing server (decap-server) listens. The editor looks for it only when it is
#: itself opened on ``localhost`` or ``127.0.0.1``, so on the published site nothing connects to it.
EDITOR_LOCAL_SERVERS = ("http://localhost:8081", "http://127.0.0.1:8081")


#: The policy of the editor's page at ``/admin/`` (Decap CMS), and of nothing else: the site's own
#: scripts only, as on every page, plus what the editor needs to work:
#:
#: - ``'unsafe-eval'``: Decap checks its configuration with Ajv, which compiles each check into a
#:   function (``new Function``); without it the editor stops at "Error loading the CMS
#:   configuration". No inline script is allowed, and only the site's own files run.
#: - ``connect-src``: the GitHub API, where the editor reads and saves through pull requests, and
#:   the local editing server (:data:`EDITOR_LOCAL_SERVERS`).
#: - ``img-src``: the signed-in person's GitHub picture, and ``blob:`` for previews of files
#:   chosen for upload.
#: - ``style-src 'unsafe-inline'``: the editor sets its styles from its script; styles cannot run
#:   code.
#: Signing in opens the sign-in helper in a new window, which the policy of this page does not
#: govern.
EDITOR_POLICY: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https://avatars.githubusercontent.com"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", "https://api.github.com", *EDITOR_LOCAL_SERVERS],
    "manifest-src": ["'self'"],
    "media-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "frame-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


#: Directives a browser only honours in a header, never in a meta element.
HEADER_ONLY_POLICY: dict[str, list[str]] = {
    "frame-ancestors": ["'none'"],
    "upgrade-insecure-requests": [],
}


#: Other headers for every response of the static host.
HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


#: Headers of the editor's folder that differ from :data:`HEADERS`: signing in opens the sign-in
#: helper (another site) in a new window, which hands the editor its token through
#: ``window.opener``; ``same-origin`` would cut that link.
EDITOR_HEADERS: dict[str, str] = {
    "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
}


def format_policy(policy: dict[str, list[str]]) -> str:
    """A policy as the text of a header or meta element."""
    return "; ".join(" ".join([name, *sources]) for name, sources in policy.items())


def meta_policy() -> str:
    """The policy in the pages' meta element (exactly the text in ``overrides/main.html``)."""
    return format_policy(POLICY)


def header_policy() -> str:
    """The policy as a response header: the meta policy plus the header-only directives."""
    return format_policy({**POLICY, **HEADER_ONLY_POLICY})


def preview_meta_policy() -> str:
    """The preview's policy in the pages' meta element (see :data:`PREVIEW_POLICY`)."""
    return format_policy(PREVIEW_POLICY)


def meta_content(policy_text: str) -> str:
    """The content attribute that carries ``policy_text`` in a page's policy meta element (as
    ``overrides/main.html`` writes it)."""
    return f'content="{policy_text}"'


def preview_page(page_html: str) -> str:
    """A built page with the preview's policy in place of the published one.

    Raises ValueError if the page does not carry the published policy's meta element exactly
    once (then the preview would block its own reload, or a page has no policy at all).
    """
    published = meta_content(meta_policy())
    if page_html.count(published) != 1:
        raise ValueError(
            "the page does not carry the site's Content Security Policy exactly once "
            "(overrides/main.html writes it from lif.model.policy.POLICY)"
        )
    return page_html.replace(published, meta_content(preview_meta_policy()))


def editor_meta_policy() -> str:
    """The editor's policy in its page's meta element (``admin/index.html``)."""
    return format_policy(EDITOR_POLICY)


def editor_header_policy() -> str:
    """The editor's policy as a response header, with the header-only directives."""
    return format_policy({**EDITOR_POLICY, **HEADER_ONLY_POLICY})
