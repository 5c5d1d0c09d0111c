"""The live preview's pieces: its policy (the preview's only), the glue that watches the content
and swaps the policy while serving, and ``lif serve`` itself. The browser test of the whole
preview is ``tests/browser/test_live_preview.py``."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from support import build_env, copy_project, load_hooks

from lif.cli.main import main
from lif.cli.serve import opening_line, serve_command
from lif.model.policy import (
    POLICY,
    PREVIEW_POLICY,
    meta_content,
    meta_policy,
    preview_meta_policy,
    preview_page,
)
from lif.model.preview import WATCHED_FOLDERS


def meta_element(policy_text: str) -> str:
    """The policy's meta element as overrides/main.html writes it."""
    return f'<meta http-equiv="Content-Security-Policy" {meta_content(policy_text)}>'


PAGE = f"<html><head>{meta_element(meta_policy())}</head><body>text</body></html>"


def test_the_preview_policy_differs_from_the_published_one_only_in_scripts() -> None:
    changed = {name for name in POLICY if POLICY[name] != PREVIEW_POLICY[name]}
    assert changed == {"script-src"}
    assert set(PREVIEW_POLICY) == set(POLICY)
    assert "'unsafe-inline'" in PREVIEW_POLICY["script-src"]
    # A hash beside 'unsafe-inline' would make browsers ignore it.
    assert not any(s.startswith("'sha256-") for s in PREVIEW_POLICY["script-src"])
    assert "'unsafe-inline'" not in POLICY["script-src"]


def test_preview_page_swaps_the_published_policy_for_the_previews() -> None:
    swapped = preview_page(PAGE)
    assert meta_element(preview_meta_policy()) in swapped
    assert meta_policy() not in swapped
    assert swapped.replace(preview_meta_policy(), meta_policy()) == PAGE


def test_preview_page_refuses_a_page_without_the_policy() -> None:
    with pytest.raises(ValueError, match="exactly once"):
        preview_page("<html><body>no policy</body></html>")


def test_the_glue_changes_pages_only_while_serving() -> None:
    hooks = load_hooks()
    page = SimpleNamespace(file=SimpleNamespace(src_uri="briefs/x.md"), url="briefs/x/")
    config: Any = SimpleNamespace(extra={})  # no search index under way
    assert hooks.on_post_page(PAGE, page, config) == PAGE  # no command yet: a build
    hooks.on_startup(command="build", dirty=False)
    assert hooks.on_post_page(PAGE, page, config) == PAGE
    assert hooks.on_post_template(PAGE, "404.html", config) == PAGE
    hooks.on_startup(command="serve", dirty=False)
    assert hooks.on_post_page(PAGE, page, config) == preview_page(PAGE)
    assert hooks.on_post_template(PAGE, "404.html", config) == preview_page(PAGE)
    # A template without a policy (the sitemap) is left as it is.
    assert hooks.on_post_template("<urlset/>", "sitemap.xml", config) == "<urlset/>"


def test_the_preview_watches_the_content_data_links_and_templates(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "links").mkdir()
    watched: list[str] = []
    server = SimpleNamespace(watch=watched.append)
    config = SimpleNamespace(config_file_path=str(root / "mkdocs.yml"))
    assert load_hooks().on_serve(server, config, builder=None) is server
    assert watched == [str(root / name) for name in WATCHED_FOLDERS]
    assert set(WATCHED_FOLDERS) == {"reviews", "briefs", "data", "links", "overrides"}


def test_lif_serve_runs_the_generators_preview_on_this_computer() -> None:
    command = serve_command(Path("/p"), "127.0.0.1", 8000)
    assert command[1:4] == ["-m", "mkdocs", "serve"]
    assert "--dirty" in command  # only what an edit changed is rendered again
    assert command[-4:] == ["--config-file", "/p/mkdocs.yml", "--dev-addr", "127.0.0.1:8000"]
    line = opening_line("127.0.0.1", 8000)
    assert "http://127.0.0.1:8000/" in line and "briefs/" in line and "Ctrl+C" in line


@pytest.mark.parametrize("port", ["abc", "0", "70000"])
def test_lif_serve_refuses_a_port_that_is_not_one(
    port: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--port", port])
    assert stopped.value.code == 2
    assert f"'{port}' is not a port" in capsys.readouterr().err


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.mark.build
def test_lif_serve_stops_its_preview_server_when_it_is_stopped(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen(
        [sys.executable, "-m", "lif.cli", "serve", "--root", str(root), "--port", str(port)],
        env=build_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not _answers(url) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.5)
        assert _answers(url), "the preview never answered"
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert "lif serve: the preview has stopped." in err
    assert not _answers(url), "the preview server was left running"
