"""Work done by a forked copy of the process (:mod:`lif.model.forked`), and a build that
converts its pages in two processes writing the same site as one that converts them in one."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import Abort
from support import (
    REPO,
    build_env,
    copy_project,
    counted_forks,
    files_in,
    load_hooks,
    result_of_a_stopped_copy,
    review_data,
    run_build,
    write_item,
)

from lif.check import rules
from lif.index.site import load_site
from lif.load import content
from lif.load.data import load_vocabularies
from lif.model.content import Item
from lif.model.forked import ForkedWork, ForkedWorkError
from lif.model.library import Library
from lif.model.settings import SettingError, parallel_from_env
from lif.render.item import render_item_page
from lif.render.pages import generated_pages

#: Set in this process before the fork: the copy sees it without being told.
LOADED = {"greeting": "loaded before the fork"}


def _shout(key: str) -> str:
    if key == "bad":
        raise ValueError("cannot shout 'bad'")
    if key == "die":
        os._exit(3)
    return f"{LOADED['greeting']}: {key.upper()} from {os.getpid()}"


def test_each_result_comes_from_the_copy_with_what_was_loaded_before_it() -> None:
    work = ForkedWork(_shout, ["a", "b", "c"])
    try:
        results = [work.result(key) for key in ("a", "b", "c")]
    finally:
        work.close()
    assert [r.split(" from ")[0] for r in results] == [
        "loaded before the fork: A",
        "loaded before the fork: B",
        "loaded before the fork: C",
    ]
    assert {r.split(" from ")[1] for r in results} != {str(os.getpid())}


def test_results_can_be_taken_in_any_order() -> None:
    work = ForkedWork(_shout, ["a", "b"])
    try:
        assert work.result("b").startswith("loaded before the fork: B")
        assert work.result("a").startswith("loaded before the fork: A")
    finally:
        work.close()


def test_ready_says_whether_a_result_would_wait_for_the_copy() -> None:
    release, hold = os.pipe()

    def work(key: str) -> str:
        if key == "later":
            os.read(release, 1)  # the copy waits here until the test writes a byte
        return key.upper()

    work_ = ForkedWork(work, ["now", "later"])
    try:
        assert work_.result("now") == "NOW"
        assert not work_.ready("later")
        os.write(hold, b"x")
        deadline = time.monotonic() + 20
        while not work_.ready("later") and time.monotonic() < deadline:
            time.sleep(0.01)
        assert work_.ready("later")
        assert work_.result("later") == "LATER"
    finally:
        work_.close()
        os.close(release)
        os.close(hold)


#: A build that starts a copy, says the copy's process id, and waits to be stopped; the copy
#: waits for a file, then sends results larger than a pipe holds.
STOPPED_BUILD = """
import pathlib, sys, time
from lif.model.forked import ForkedWork

go = pathlib.Path(sys.argv[1])

def work(key):
    while not go.exists():
        time.sleep(0.05)
    return key * 100_000

copy = ForkedWork(work, ["first", "second", "third"])
print(copy._process.pid, flush=True)
time.sleep(600)
"""


def _ended(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def test_a_copy_whose_build_was_stopped_ends_instead_of_waiting_to_send(tmp_path: Path) -> None:
    go = tmp_path / "go"
    build = subprocess.Popen(
        [sys.executable, "-c", STOPPED_BUILD, str(go)], stdout=subprocess.PIPE, text=True
    )
    assert build.stdout is not None
    copy = int(build.stdout.readline())
    build.kill()
    build.wait()
    go.touch()
    deadline = time.monotonic() + 20
    while not _ended(copy) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        # Holding a reading end of its own pipe, the copy would wait forever to send.
        assert _ended(copy)
    finally:
        if not _ended(copy):
            os.kill(copy, 9)


def test_a_failure_in_the_copy_names_the_key_and_says_what_failed() -> None:
    work = ForkedWork(_shout, ["a", "bad", "c"])
    try:
        with pytest.raises(ForkedWorkError, match=r"bad: ValueError: cannot shout 'bad'"):
            work.result("bad")
        assert work.result("c").startswith("loaded before the fork: C")
    finally:
        work.close()


def test_a_copy_that_stops_is_reported_not_waited_for() -> None:
    work = ForkedWork(_shout, ["a", "die", "c"])
    try:
        assert work.result("a").startswith("loaded before the fork: A")
        with pytest.raises(ForkedWorkError, match=r"stopped before it finished die.*status 3"):
            work.result("die")
    finally:
        work.close()


def test_a_key_not_given_is_a_key_error() -> None:
    work = ForkedWork(_shout, ["a"])
    try:
        with pytest.raises(KeyError):
            work.result("z")
    finally:
        work.close()


@pytest.mark.parametrize(("value", "expected"), [("", True), ("1", True), ("0", False)])
def test_the_parallel_setting(value: str, expected: bool) -> None:
    assert parallel_from_env({"LIF_PARALLEL": value}) is expected


def test_a_parallel_setting_that_is_not_0_or_1_says_how_to_fix_it() -> None:
    with pytest.raises(SettingError, match=r"LIF_PARALLEL is 'yes', which is neither 0 nor 1"):
        parallel_from_env({"LIF_PARALLEL": "yes"})


@pytest.mark.build
def test_two_processes_build_the_same_site_as_one(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "one-process"
    result = run_build(REPO, site, LIF_PARALLEL="0")
    assert result.returncode == 0, result.stderr
    one, two = files_in(site), files_in(built_site)
    assert sorted(one) == sorted(two)
    assert len([name for name in one if name.endswith(".html")]) > 100
    assert [name for name in one if one[name] != two[name]] == []


@pytest.mark.build
def test_a_build_shares_converting_and_writing_pages_with_second_processes(
    tmp_path: Path,
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--verbose", "-d", str(tmp_path)],
        cwd=REPO,
        env=build_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    log = result.stdout + result.stderr
    converted = re.search(r"lif: (\d+) pages converted by a second process", log)
    written = re.search(r"lif: (\d+) pages written by a second process", log)
    assert converted is not None and int(converted.group(1)) > 50
    assert written is not None and int(written.group(1)) > 50
    # This process renders nothing for the pages the second one writes; mkdocs' message
    # that it skipped them is left out.
    assert "Page skipped" not in log


@pytest.mark.build
def test_a_bad_parallel_setting_stops_the_build_with_its_fix(tmp_path: Path) -> None:
    result = run_build(REPO, tmp_path / "site", LIF_PARALLEL="two")
    assert result.returncode != 0
    assert "LIF_PARALLEL is 'two', which is neither 0 nor 1" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_library_checked_on_two_cores_has_the_same_problems_in_the_same_order(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bodies = [
        "Plain text.\n",
        '<img src="x" onerror="alert(1)">\n',
        "![](picture.png)\n",
        "[a link](../nowhere.md)\n",
        "<noembed><b>x</b></noembed>\n",
    ]
    for number, body in enumerate(bodies):
        write_item(project, review_data(id=f"sar-adult-z{number}-2025"), body)
    forks: list[int] = []
    monkeypatch.setattr(rules, "PARALLEL_FROM", 1)
    monkeypatch.setattr(rules, "ForkedWork", counted_forks(forks))
    one = load_site(project, dt.date(2026, 11, 30), parallel=False).problems
    two = load_site(project, dt.date(2026, 11, 30), parallel=True).problems
    assert forks == [1]
    assert one == two
    assert {p.path for p in one if p.severity == "error"} >= {
        "reviews/sar-adult-z1-2025.md",
        "reviews/sar-adult-z3-2025.md",
        "reviews/sar-adult-z4-2025.md",
    }


def _loaded_both_ways(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Library, Library, list[int]]:
    """The project's library read by one process, then shared with a forked copy in batches
    of two files (the threshold lowered to any library); the number of copies started."""
    forks: list[int] = []
    monkeypatch.setattr(content, "PARALLEL_FROM", 1)
    monkeypatch.setattr(content, "LOAD_BATCH", 2)
    monkeypatch.setattr(content, "ForkedWork", counted_forks(forks))
    vocab = load_vocabularies(project / "data")
    return (
        content.load_library(project, vocab, parallel=False),
        content.load_library(project, vocab, parallel=True),
        forks,
    )


def _messy_library(project: Path) -> None:
    """Eleven files: valid items, an id used twice, broken front matter, a missing field."""
    for number in range(7):
        write_item(project, review_data(id=f"sar-adult-z{number}-2025"))
    again = write_item(project, review_data(id="sar-adult-z2-2025", title="The same id again"))
    again.rename(project / "reviews" / "the-same-id-again.md")
    write_item(project, review_data(id="sar-adult-z2-2025"))
    broken = project / "reviews" / "broken.md"
    broken.write_text("---\nid: [unclosed\n---\nBody.\n", encoding="utf-8")
    write_item(project, review_data(id="sar-adult-y-2025", title=None))
    (project / "briefs").mkdir(exist_ok=True)
    (project / "briefs" / "not-utf8.md").write_bytes(b"---\nid: x\n---\n\xff\n")


def test_a_library_loaded_on_two_cores_is_the_same_as_one_loaded_on_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _messy_library(project)
    one, two, forks = _loaded_both_ways(project, monkeypatch)
    assert forks == [1]
    assert [item.id for item in two.items] == [item.id for item in one.items]
    assert two.items == one.items
    assert two.sources == one.sources
    assert two.rejected == one.rejected
    assert two.problems == one.problems
    assert len(one.items) >= 7
    assert {p.path for p in one.problems} >= {
        "reviews/broken.md",
        "briefs/not-utf8.md",
        "reviews/the-same-id-again.md",
    }


def test_files_the_copy_could_not_read_are_read_by_the_build(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _messy_library(project)
    monkeypatch.setattr(ForkedWork, "result", result_of_a_stopped_copy)
    one, two, forks = _loaded_both_ways(project, monkeypatch)
    assert forks == [1]
    assert two.items == one.items
    assert two.problems == one.problems


def test_item_pages_made_elsewhere_give_the_same_pages_in_the_same_order() -> None:
    site = load_site(REPO, dt.date(2026, 11, 30))
    asked: list[str] = []

    def elsewhere(item: Item) -> str:
        asked.append(item.id)
        return render_item_page(site, item)

    alone = generated_pages(site)
    shared = generated_pages(site, elsewhere)
    assert asked == [item.id for item in site.public]
    assert [p.src_uri for p in shared] == [p.src_uri for p in alone]
    assert [p.content for p in shared] == [p.content for p in alone]


def _warn_then_fail(uri: str) -> str:
    if uri == "bad.md":
        logging.getLogger("mkdocs.plugins").warning("the page bad.md links to nowhere")
        raise ValueError("the template could not be rendered")
    return f"entry of {uri}"


def test_a_page_the_second_process_fails_on_is_reported_with_its_warnings_once_pages_are_done(
    caplog: pytest.LogCaptureFixture,
) -> None:
    hooks = load_hooks()
    writer = ForkedWork(hooks._reported(_warn_then_fail), ["bad.md"], start=hooks._copy_started)
    config = SimpleNamespace(extra={hooks.WRITER_KEY: writer})
    try:
        hooks._search_queue.append(("bad.md", True))
        while not writer.ready("bad.md"):
            time.sleep(0.01)
        # While this process still writes its own pages, nothing is raised (mkdocs would name
        # the page being written); the failure is kept, and the copy's warning printed.
        hooks._feed_search(config, wait=False)
        assert "the page bad.md links to nowhere" in caplog.text
        with pytest.raises(Abort) as raised:
            hooks._feed_search(config, wait=True)
        assert str(raised.value.message) == (
            "lif: writing bad.md: ValueError: the template could not be rendered"
        )
    finally:
        writer.close()
        hooks.on_build_error(None)


def test_mkdocs_note_of_a_page_it_skipped_is_left_out_once_for_each_page() -> None:
    hooks = load_hooks()
    note = "Page skipped: 'a.md'. Generated empty output."
    hooks._skipped.add(note)
    record = logging.LogRecord("mkdocs.commands.build", logging.INFO, "", 0, note, None, None)
    other = logging.LogRecord("mkdocs.commands.build", logging.INFO, "", 0, "Other", None, None)
    assert hooks._not_skipped(other)
    assert not hooks._not_skipped(record)  # this process's own, for the copy's page
    assert hooks._not_skipped(record)  # the copy's: the page was empty there too


@pytest.mark.build
def test_a_page_replaces_a_static_file_of_the_same_address_when_two_processes_write(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "accessibility").mkdir()
    (project / "docs" / "accessibility" / "index.html").write_text("STATIC FILE")
    many = project / "docs" / "aaa-assets"
    many.mkdir()
    for number in range(1500):
        (many / f"{number}.txt").write_text("x")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert "STATIC FILE" not in page
    assert "<h1" in page
