"""Nothing unpublished reaches any output file: a draft, an embargoed item and an item on hold
leave no trace in pages, search index, sitemap, feeds, exports or packs (compressed ones too);
a withdrawn item keeps its record but no document link; the embargoed item appears on its day."""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import (
    SEVEN_SECTIONS,
    brief_data,
    copy_project,
    review_data,
    run_build,
    write_item,
)

pytestmark = pytest.mark.build

EMBARGO_DAY = "2027-01-05"

#: Each hidden item: its id and a marker word planted in its title, summary, learning and body.
HIDDEN = {
    "draft": ("sar-draftmarker-2026", "Qzdraftword"),
    "embargo": ("sar-embargomarker-2027", "Qzembargoword"),
    "hold": ("sar-holdmarker-2026", "Qzholdword"),
    "brief": ("7mb-embargobriefmarker", "Qzbriefword"),
}

WITHDRAWN_DOCUMENT = "https://www.example.org.uk/uploads/qzwithdrawn-report.pdf"


def hidden_review(item_id: str, word: str, **changes: object) -> dict[str, object]:
    return review_data(
        id=item_id,
        title=f"Safeguarding adults review: {word}",
        subject="Adult Q",
        summary=f"The summary of {word}, which must not be published yet.",
        learning=[{"id": "lp-1", "text": f"Learning about {word}."}],
        **changes,
    )


def write_project(root: Path) -> None:
    write_item(root, review_data())
    draft_id, draft_word = HIDDEN["draft"]
    write_item(
        root,
        hidden_review(draft_id, draft_word, status="draft", published=None),
        body=f"## Background\n\n{draft_word} in the body.\n",
    )
    embargo_id, embargo_word = HIDDEN["embargo"]
    write_item(
        root,
        hidden_review(embargo_id, embargo_word, published=EMBARGO_DAY, publish_on=EMBARGO_DAY),
        body=f"## Background\n\n{embargo_word} in the body.\n",
    )
    hold_id, hold_word = HIDDEN["hold"]
    hold = {"reason": "criminal-proceedings", "until": "2027-06-01", "note": "Trial."}
    write_item(
        root,
        hidden_review(hold_id, hold_word, published="2026-10-01", hold=hold),
        body=f"## Background\n\n{hold_word} in the body.\n",
    )
    brief_id, brief_word = HIDDEN["brief"]
    brief = brief_data(
        id=brief_id,
        kind="seven-minute-briefing",
        title=f"Seven-minute briefing: {brief_word}",
        summary=f"About {brief_word}.",
        questions=[f"What does {brief_word} mean for us?"],
        reviews=[embargo_id],
        published=EMBARGO_DAY,
        publish_on=EMBARGO_DAY,
    )
    write_item(root, brief, body=SEVEN_SECTIONS)
    withdrawn = review_data(
        id="sar-withdrawn-2019",
        title="Safeguarding adults review: Adult V",
        subject="Adult V",
        published="2019-05-01",
        status="withdrawn",
        withdrawn_on="2025-05-01",
        documents=[{"title": "Overview report", "kind": "full-report", "url": WITHDRAWN_DOCUMENT}],
    )
    write_item(root, withdrawn)


def readable(path: Path) -> Iterator[tuple[str, bytes]]:
    """A file's bytes, and the bytes inside it if it is compressed (gzip) or an archive (zip,
    docx): search indexes and packs are often stored that way."""
    data = path.read_bytes()
    yield str(path), data
    if data[:2] == b"\x1f\x8b":
        yield f"{path} (gunzipped)", gzip.decompress(data)
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                yield f"{path}!{name}", archive.read(name)


def every_output(site_dir: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(site_dir.rglob("*")):
        if path.is_file():
            yield from readable(path)


def leaks(site_dir: Path, needles: list[str]) -> list[str]:
    found = []
    lowered = [n.lower().encode() for n in needles]
    for where, data in every_output(site_dir):
        low = data.lower()
        found += [f"{n.decode()} in {where}" for n in lowered if n in low]
    return found


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same project built today (2026-11-26) and on the embargo day (one copy, as the
    ``project`` fixture makes it, shared by the tests of this module)."""
    root = tmp_path_factory.mktemp("leaks")
    copy_project(root)
    write_project(root)
    today = run_build(root, root / "site-today")
    assert today.returncode == 0, today.stdout + today.stderr
    on_the_day = run_build(root, root / "site-day", LIF_TODAY=EMBARGO_DAY)
    assert on_the_day.returncode == 0, on_the_day.stdout + on_the_day.stderr
    return root / "site-today", root / "site-day"


def search_outputs(site_dir: Path) -> list[Path]:
    """The search index and catalogue files, whichever search the site uses."""
    return [
        p
        for folder in ("search", "pagefind")
        if (site_dir / folder).is_dir()
        for p in (site_dir / folder).rglob("*")
        if p.is_file() and p.suffix != ".html"
    ]


def test_the_site_has_the_outputs_we_search(builds: tuple[Path, Path]) -> None:
    site, _ = builds
    assert (site / "sitemap.xml").is_file()
    assert search_outputs(site), "the site has a search index"
    assert (site / "reviews/sar-adult-z-2025/index.html").is_file()
    assert leaks(site, ["sar-adult-z-2025"]), "the public item is found where we search"


@pytest.mark.parametrize("key", sorted(HIDDEN))
def test_nothing_of_an_unpublished_item_is_in_any_output(
    builds: tuple[Path, Path], key: str
) -> None:
    site, _ = builds
    item_id, word = HIDDEN[key]
    assert leaks(site, [item_id, word]) == []


def test_a_withdrawn_item_keeps_its_record_but_no_document_link(
    builds: tuple[Path, Path],
) -> None:
    site, _ = builds
    page = (site / "reviews/sar-withdrawn-2019/index.html").read_text()
    assert "Safeguarding adults review: Adult V" in page
    assert leaks(site, [WITHDRAWN_DOCUMENT, "qzwithdrawn-report"]) == []


def test_on_the_embargo_day_the_embargoed_items_appear_and_nothing_else(
    builds: tuple[Path, Path],
) -> None:
    _, site = builds
    embargo_id, embargo_word = HIDDEN["embargo"]
    brief_id, brief_word = HIDDEN["brief"]
    page = (site / f"reviews/{embargo_id}/index.html").read_text()
    assert embargo_word in page
    assert (site / f"briefs/{brief_id}/index.html").is_file()
    index = [where for path in search_outputs(site) for where, data in readable(path)
             if embargo_word.encode() in data]  # fmt: skip
    assert index, "the embargoed item is in the search index on its day"
    assert leaks(site, [brief_word])
    assert embargo_id in (site / "sitemap.xml").read_text()
    for key in ("draft", "hold"):
        assert leaks(site, list(HIDDEN[key])) == []
