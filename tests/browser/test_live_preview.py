"""The live preview (``lif serve``) in a real browser: an edited briefing shows by itself, search
works, and the published build keeps the published Content Security Policy.

The preview runs on a temporary copy of a small project, on a free port of 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import serve
from playwright.sync_api import ConsoleMessage, Page, expect
from support import SEVEN_SECTIONS, brief_data, build_env, copy_project, run_build, write_item

from lif.model.paths import EDITOR_FOLDER
from lif.model.policy import meta_policy, preview_meta_policy

pytestmark = pytest.mark.browser

#: A word of the briefing that no other page of the small project has, for search.
WORD = "marmalade"

BRIEF = brief_data(
    id="7mb-adult-z",
    kind="seven-minute-briefing",
    title="Seven-minute briefing: Adult Z",
    reviews=[],
    questions=["Who else cares for the adult?"],
)

#: How long a rebuild may take on a busy machine before the test gives up (not a timing test:
#: the page is expected within seconds).
REBUILD_TIMEOUT_MS = 60_000


def small_project(root: Path) -> Path:
    copy_project(root)
    body = SEVEN_SECTIONS.replace("Text of section 3.", f"Text of section 3, with {WORD}.")
    write_item(root, BRIEF, body)
    return root


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 120) -> None:
    """Wait until ``url`` answers; fail with the preview's log if it stops or never answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the preview stopped:\n{log.read_text(encoding='utf-8')}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    pytest.fail(f"the preview did not answer in {timeout}s:\n{log.read_text(encoding='utf-8')}")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """``lif serve`` on a small project: its folder and the preview's address."""
    root = small_project(tmp_path / "project")
    port = free_port()
    log = tmp_path / "preview.log"
    with log.open("wb") as out:
        # Its own session, so that the preview server it starts is stopped with it.
        process = subprocess.Popen(
            [sys.executable, "-m", "lif.cli", "serve", "--root", str(root), "--port", str(port)],
            cwd=root,
            env=build_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(f"{url}briefs/{BRIEF['id']}/", process, log)
        yield root, url
    finally:
        # lif serve stops its preview server with it; anything left of the session it started
        # (only that one) is ended after.
        process.terminate()
        try:
            process.wait(timeout=30)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)


def test_an_edited_briefing_shows_in_the_preview_without_a_manual_reload(
    preview: tuple[Path, str], page: Page
) -> None:
    root, url = preview
    messages: list[str] = []

    def record(message: ConsoleMessage) -> None:
        messages.append(message.text)

    page.on("console", record)
    page.goto(f"{url}briefs/{BRIEF['id']}/")
    article = page.locator("article.md-content__inner")
    expect(article).to_contain_text("Text of section 1.")
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert policy == preview_meta_policy()
    page.wait_for_function("document.readyState === 'complete'")
    assert "Enabled live reload" in messages, messages
    page.evaluate("window.lifNotReloaded = true")

    source = root / "briefs" / f"{BRIEF['id']}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("Text of section 1.", "Edited in the preview."), encoding="utf-8"
    )

    expect(article).to_contain_text("Edited in the preview.", timeout=REBUILD_TIMEOUT_MS)
    # The page was reloaded by the preview, not by the test.
    assert page.evaluate("window.lifNotReloaded === undefined")
    blocked = [m for m in messages if "Content Security Policy" in m]
    assert blocked == [], blocked


def test_the_preview_has_search(preview: tuple[Path, str], page: Page) -> None:
    _, url = preview
    page.goto(f"{url}search/")
    page.fill("#lif-search-q", WORD)
    result = page.locator(".lif-search-page .lif-result").first
    expect(result).to_contain_text(str(BRIEF["title"]), timeout=30_000)


def test_the_published_build_keeps_the_published_policy(tmp_path: Path, page: Page) -> None:
    root = small_project(tmp_path / "project")
    site_dir = tmp_path / "site"
    result = run_build(root, site_dir)
    assert result.returncode == 0, result.stderr
    # Every page but the editor's (/admin/, which has a policy of its own) and redirects.
    pages = [
        p
        for p in site_dir.rglob("*.html")
        if 'http-equiv="refresh"' not in p.read_text()
        and p.relative_to(site_dir).parts[0] != EDITOR_FOLDER
    ]
    assert len(pages) > 10
    element = f'<meta http-equiv="Content-Security-Policy" content="{meta_policy()}">'
    assert [p for p in pages if p.read_text(encoding="utf-8").count(element) != 1] == []
    assert "'unsafe-inline'" not in meta_policy().split("script-src", 1)[1].split(";")[0]

    server, url = serve(site_dir)
    try:
        page.goto(f"{url}briefs/{BRIEF['id']}/")
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]')
        assert policy.get_attribute("content") == meta_policy()
        # An inline script like the preview's reload script is blocked on the published site.
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.lifInlineRan = true'; document.body.append(s); }"
        )
        assert page.evaluate("window.lifInlineRan === undefined")
    finally:
        server.shutdown()
