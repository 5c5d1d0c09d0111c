"""Photograph the editor at /admin/ for the how-to-publish guide (docs/assets/editor-*.png).

Builds the site into a temporary folder, copies the repository's content into a temporary git
repository, and runs decap-server there in its git mode, which keeps the editorial workflow
(drafts, in review, ready) as the GitHub backend does. A board officer's steps are then taken in
Chromium and photographed. Needs `npm ci` and Debian's Chromium, as the browser tests do.

    .venv/bin/python scripts/editor_screenshots.py
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, Route, sync_playwright

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "assets"
CHROMIUM = "/usr/bin/chromium"
LOCAL_SERVER = "http://localhost:8081"
COPIED = ("data", "links", "reviews", "briefs", "mkdocs.yml")
VIEWPORT = {"width": 1280, "height": 720}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def build_site(folder: Path) -> None:
    command = [sys.executable, "-m", "lif.cli", "build", "--site-dir", str(folder)]
    subprocess.run(command, cwd=REPO, check=True, capture_output=True)


def git_copy(folder: Path) -> None:
    folder.mkdir()
    for part in COPIED:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, folder / part)
        else:
            shutil.copy2(source, folder / part)
    git = ["git", "-c", "user.name=Board office", "-c", "user.email=office@example.org.uk"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
    subprocess.run(["git", "add", "."], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Content"], cwd=folder, check=True)


def forward(server: str, route: Route) -> None:
    request = route.request
    url = request.url.replace(LOCAL_SERVER, server, 1)
    sent = urllib.request.Request(
        url, data=request.post_data_buffer, method=request.method, headers=request.headers
    )
    try:
        with urllib.request.urlopen(sent, timeout=60) as response:
            status, headers, body = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, dict(error.headers), error.read()
    route.fulfill(status=status, headers=headers, body=body)


def choose(page: Page, label: str, option: str) -> None:
    page.get_by_label(label).click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).first.wait_for()
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def shoot(page: Page, name: str) -> None:
    page.wait_for_timeout(400)
    path = OUT / f"editor-{name}.png"
    page.screenshot(path=str(path))
    print(f"wrote {path.relative_to(REPO)} ({path.stat().st_size // 1024} KB)")


def photograph(page: Page, site_url: str) -> None:
    page.goto(site_url + "admin/")
    page.get_by_role("button", name="Login").click()
    page.get_by_role("link", name="Seven-minute briefings").first.click()
    page.get_by_role("link", name="Create entry of type Seven-minute briefing").wait_for()
    shoot(page, "collection")
    page.get_by_role("link", name="Create entry of type Seven-minute briefing").click()
    page.get_by_label("Title").fill("Seven-minute briefing: missing from home")
    choose(page, "Board", "Safeguarding Children Partnership")
    choose(page, "Reviews it draws on", "Child M")
    choose(page, "Themes", "Child criminal exploitation and county lines")
    page.get_by_label("Summary").fill(
        "What to do when a child goes missing from home again and again."
    )
    page.get_by_label("Title").focus()
    shoot(page, "new-briefing")
    page.get_by_label("Text of the page (Markdown)").scroll_into_view_if_needed()
    shoot(page, "body")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Status:").first.wait_for(timeout=20_000)
    page.get_by_text("Entry saved").wait_for(state="hidden", timeout=20_000)
    page.get_by_label("Title").scroll_into_view_if_needed()
    shoot(page, "saved")
    page.get_by_text("Status:").first.click()
    page.wait_for_timeout(300)
    shoot(page, "status")
    page.keyboard.press("Escape")
    page.evaluate("location.hash = '#/workflow'")
    page.get_by_text("missing from home").first.wait_for(timeout=20_000)
    shoot(page, "workflow")


def main() -> int:
    node = shutil.which("node")
    server_script = REPO / "node_modules" / "decap-server" / "dist" / "index.js"
    if node is None or not server_script.is_file():
        print("run 'npm ci' first (Node.js 20 or later)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        build_site(work / "site")
        git_copy(work / "repo")
        port = free_port()
        env = {
            **os.environ,
            "PORT": str(port),
            "BIND_HOST": "127.0.0.1",
            "MODE": "git",
            "GIT_REPO_DIRECTORY": str(work / "repo"),
            "LOG_LEVEL": "error",
        }
        process = subprocess.Popen([node, str(server_script)], cwd=work / "repo", env=env)
        handler = functools.partial(_Quiet, directory=str(work / "site"))
        site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=site.serve_forever, daemon=True).start()
        try:
            time.sleep(2)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
                )
                context = browser.new_context(viewport=VIEWPORT)
                context.route(
                    f"{LOCAL_SERVER}/**", functools.partial(forward, f"http://127.0.0.1:{port}")
                )
                photograph(context.new_page(), f"http://127.0.0.1:{site.server_address[1]}/")
                browser.close()
        finally:
            site.shutdown()
            process.terminate()
            process.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
