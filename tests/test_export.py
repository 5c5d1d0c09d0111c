"""Training packs and newsletter digests: exactly the published items of a scope, with links."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from support import REPO, TODAY, review_data, write_item
from trainers_project import UNPUBLISHED, write_trainers_content

from lif.cli.main import main as lif
from lif.index.packs import Scope, build_digest, build_pack
from lif.index.site import Site, load_site
from lif.model.paths import PACK_FORMATS, item_path
from lif.model.publication import publication_date
from lif.model.sanitize import clean_page
from lif.output.digest import render_digest_html, render_digest_markdown
from lif.output.packs import (
    CSV_COLUMNS,
    render_pack,
    render_pack_csv,
    render_pack_docx,
    render_pack_markdown,
)
from lif.render.packs import pack_links_html

BASE = "https://learning.example.org.uk/"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIF_TODAY", TODAY)


@pytest.fixture
def site(project: Path) -> Site:
    write_trainers_content(project)
    loaded = load_site(project)
    assert loaded.errors == []
    return loaded


def ids(site: Site, scope: Scope) -> list[str]:
    return [entry.item.id for entry in build_pack(site, scope, BASE).items]


def docx_text(data: bytes) -> tuple[str, str]:
    """The text of a .docx document and its relationships, after checking every part parses."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
        for name in archive.namelist():
            ET.fromstring(archive.read(name))  # every part is well-formed XML
        document = archive.read("word/document.xml").decode("utf-8")
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
    return document, rels


# --- Scope ------------------------------------------------------------------------------------


def test_a_theme_pack_has_exactly_the_public_items_of_the_theme_newest_first(site: Site) -> None:
    assert ids(site, Scope(theme="neglect")) == [
        "lcspr-child-v-2025",
        "7mb-neglect-adult-q",
        "sar-adult-q-2024",
        "sar-adult-old-2019",
    ]


def test_a_board_pack_includes_learning_both_boards_share(site: Site) -> None:
    assert ids(site, Scope(board="children")) == ["malr-joint-w-2025", "lcspr-child-v-2025"]
    assert ids(site, Scope(board="both")) == ["malr-joint-w-2025"]


def test_a_review_type_pack_includes_briefs_on_reviews_of_that_type(site: Site) -> None:
    assert ids(site, Scope(review_type="safeguarding-adults-review")) == [
        "7mb-neglect-adult-q",
        "sar-adult-q-2024",
        "sar-adult-old-2019",
    ]


def test_a_date_range_is_inclusive_and_combines_with_other_conditions(site: Site) -> None:
    import datetime as dt

    scope = Scope(theme="neglect", start=dt.date(2024, 5, 1), end=dt.date(2025, 2, 10))
    assert ids(site, scope) == ["lcspr-child-v-2025", "7mb-neglect-adult-q", "sar-adult-q-2024"]
    assert ids(site, Scope(start=dt.date(2026, 1, 1))) == []


def test_no_pack_in_any_format_holds_an_unpublished_item(site: Site) -> None:
    for scope in (Scope(), Scope(theme="neglect"), Scope(board="adults")):
        pack = build_pack(site, scope, BASE)
        for fmt in PACK_FORMATS:
            data = render_pack(pack, fmt)
            text = docx_text(data)[0] if fmt == "docx" else data.decode("utf-8")
            for marker in UNPUBLISHED:
                assert marker not in text, (fmt, marker)
            assert "must never appear" not in text


# --- Links ------------------------------------------------------------------------------------


def test_json_pack_links_are_the_permanent_addresses_of_items_and_points(site: Site) -> None:
    data = json.loads(render_pack(build_pack(site, Scope(theme="neglect"), BASE), "json"))
    assert data["format"] == "lif-training-pack" and data["scope"]["theme"] == "neglect"
    review = next(i for i in data["items"] if i["id"] == "sar-adult-q-2024")
    assert review["url"] == BASE + "reviews/sar-adult-q-2024/"
    assert [p["url"] for p in review["learning"]] == [
        BASE + "reviews/sar-adult-q-2024/#learning-ask-twice",
        BASE + "reviews/sar-adult-q-2024/#learning-share-early",
    ]
    brief = next(i for i in data["items"] if i["id"] == "7mb-neglect-adult-q")
    assert [q["text"] for q in brief["questions"]] == [
        "What do you do when someone says no?",
        "Who else should know?",
    ]
    assert brief["questions"][0]["url"] == BASE + "briefs/7mb-neglect-adult-q/#reflective-questions"
    assert review["citation"].endswith(
        f"(2024). Safeguarding adults review: Adult Q. "
        f"LLR Safeguarding Learning Hub. {review['url']}"
    )


def test_csv_has_a_row_for_each_summary_learning_point_and_question(site: Site) -> None:
    text = render_pack_csv(build_pack(site, Scope(theme="neglect"), BASE))
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    sar = [r for r in rows if r["item_id"] == "sar-adult-q-2024"]
    assert [r["part"] for r in sar] == ["summary", "key learning", "key learning"]
    assert sar[1]["link"] == BASE + "reviews/sar-adult-q-2024/#learning-ask-twice"
    assert sar[1]["heading"] == "Ask twice"
    questions = [r for r in rows if r["part"] == "question"]
    assert [r["number"] for r in questions] == ["1", "2"]


def test_csv_cells_never_start_a_formula(project: Path) -> None:
    write_item(project, review_data(summary='=HYPERLINK("x") looked like a formula.'))
    text = render_pack_csv(build_pack(load_site(project), Scope(), BASE))
    assert "'=HYPERLINK" in text


def test_markdown_shows_text_as_text_and_links_every_point(site: Site) -> None:
    text = render_pack_markdown(build_pack(site, Scope(theme="neglect"), BASE))
    assert "Adult Q lived alone and \\*declined\\* help." in text
    assert "## [Safeguarding adults review: Adult Q](" + BASE + "reviews/sar-adult-q-2024/)" in text
    assert "1. **Ask twice.** Ask a second time when someone says no. ([link](" in text
    for url in re.findall(r"\]\((https://[^)]+)\)", text):
        assert url.startswith(BASE)


def test_the_word_document_is_valid_and_links_every_learning_point(site: Site) -> None:
    pack = build_pack(site, Scope(theme="neglect"), BASE)
    data = render_pack_docx(pack)
    document, rels = docx_text(data)
    assert "Safeguarding adults review: Adult Q" in document
    assert "Ask twice." in document
    targets = set(re.findall(r'Target="([^"]+)" TargetMode="External"', rels))
    for entry in pack.items:
        assert entry.url in targets
        for point in entry.learning:
            assert point.url in targets
    assert render_pack_docx(pack) == data  # the same content gives the same bytes


# --- Digest -----------------------------------------------------------------------------------


def test_the_digest_lists_new_and_updated_learning_of_the_range(site: Site) -> None:
    import datetime as dt

    digest = build_digest(site, Scope(start=dt.date(2025, 1, 1), end=dt.date(2026, 11, 26)), BASE)
    assert [e.item.id for e in digest.new] == ["malr-joint-w-2025", "lcspr-child-v-2025"]
    digest = build_digest(site, Scope(start=dt.date(2026, 9, 1)), BASE)
    assert digest.new == ()
    assert [e.item.id for e in digest.updated] == ["lcspr-child-v-2025"]
    # A withdrawn item is not news, even when its dates fall in the range.
    digest = build_digest(site, Scope(start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31)), BASE)
    assert digest.new == () and digest.updated == ()


def test_digest_html_is_safe_to_paste_into_an_e_mail(site: Site) -> None:
    import datetime as dt

    digest = build_digest(site, Scope(start=dt.date(2024, 1, 1)), BASE)
    html = render_digest_html(digest)
    for forbidden in ("<script", "<style", "<link", "class=", "<img"):
        assert forbidden not in html
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs and all(h.startswith(BASE) for h in hrefs)
    for entry in digest.new:
        assert entry.url in hrefs
        assert entry.item.title in html
    assert "Ask twice" in html  # key learning by title
    markdown = render_digest_markdown(digest)
    assert "- Ask twice" in markdown and "[Read the learning](" + BASE in markdown


# --- The command --------------------------------------------------------------------------------


def test_lif_export_writes_a_pack_in_every_format(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = lif(
        [
            "export",
            "--root",
            str(site.root),
            "--theme",
            "Neglect",
            "--board",
            "adults",
            "--out",
            str(out),
            "--base-url",
            "https://training.example/",
        ]
    )
    assert code == 0
    stem = "training-pack-theme-neglect_board-adults"
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{stem}.{f}" for f in PACK_FORMATS)
    data = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in data["items"]] == [
        "7mb-neglect-adult-q",
        "sar-adult-q-2024",
        "sar-adult-old-2019",
    ]
    assert data["items"][0]["url"] == "https://training.example/briefs/7mb-neglect-adult-q/"


def test_lif_export_writes_a_digest(site: Site, tmp_path: Path) -> None:
    code = lif(
        [
            "export",
            "--root",
            str(site.root),
            "--digest",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--board",
            "children",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    stem = "digest-2025-01-01-to-2025-12-31_board-children"
    html = (tmp_path / f"{stem}.html").read_text(encoding="utf-8")
    assert "malr-joint-w-2025" in html and "lcspr-child-v-2025" in html
    assert "sar-adult-q-2024" not in html
    assert (tmp_path / f"{stem}.md").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--theme", "neglekt"], "--theme: unknown theme 'neglekt'; did you mean 'neglect'?"),
        (["--board", "kids"], "--board: unknown board 'kids'"),
        (["--from", "2026-13-01"], "--from: '2026-13-01' is not a date; write it as YYYY-MM-DD"),
        (["--from", "2026-02-01", "--to", "2026-01-01"], "--from 2026-02-01 is after --to"),
        (["--format", "pdf"], "--format: unknown format pdf"),
        (["--base-url", "learning.example"], "must start with https://"),
    ],
)
def test_lif_export_explains_bad_options(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "exports"
    assert lif(["export", "--root", str(site.root), "--out", str(out), *args]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()


def test_lif_export_refuses_content_with_errors(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_item(project, review_data(themes=["neglet"]))
    assert lif(["export", "--root", str(project), "--out", str(tmp_path / "out")]) == 1
    assert "run 'lif check'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# --- The site's packs ---------------------------------------------------------------------------


def built_file(site_dir: Path, url: str) -> tuple[Path, str | None]:
    """The built file an absolute site address points at, and its anchor."""
    path, _, anchor = url.removeprefix(BASE).partition("#")
    return site_dir / path / "index.html", anchor or None


def test_every_theme_pack_of_the_site_has_exactly_its_published_items(built_site: Path) -> None:
    site = load_site(REPO)
    themes = {t for item in site.public for t in item.themes}
    assert themes
    for theme in themes:
        data = json.loads((built_site / "packs" / f"{theme}.json").read_text(encoding="utf-8"))
        expected = [i.id for i in site.public if theme in i.themes]
        assert [i["id"] for i in data["items"]] == expected, theme
        for fmt in PACK_FORMATS:
            assert (built_site / "packs" / f"{theme}.{fmt}").stat().st_size > 0
    unpublished = [i.id for i in site.library.items if i.id not in site.public_ids]
    assert unpublished, "the example content has a draft and an embargoed item"
    for path in (built_site / "packs").iterdir():
        if path.suffix != ".docx":
            text = path.read_text(encoding="utf-8")
            for item_id in unpublished:
                assert item_id not in text, (item_id, path.name)


def test_the_links_in_the_sites_packs_work(built_site: Path) -> None:
    checked = 0
    for path in (built_site / "packs").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for item in data["items"]:
            urls = [item["url"], *(p["url"] for p in item["learning"])]
            urls += [q["url"] for q in item["questions"]]
            for url in urls:
                file, anchor = built_file(built_site, url)
                assert file.is_file(), url
                if anchor:
                    assert f'id="{anchor}"' in file.read_text(encoding="utf-8"), url
                checked += 1
    assert checked


def test_each_theme_page_links_to_its_pack_and_print_view(built_site: Path) -> None:
    site = load_site(REPO)
    used = {t for i in site.public for t in i.themes}
    theme = next(t for t in site.vocab.themes.keys() if t in used)  # noqa: SIM118
    html = (built_site / "themes" / theme / "index.html").read_text(encoding="utf-8")
    for fmt in PACK_FORMATS:
        assert f'href="../../packs/{theme}.{fmt}"' in html
    assert 'href="print/"' in html
    # As every page, the fragment reaches the page through the cleaner, which writes what it
    # parsed (``download=""`` for ``download``).
    assert clean_page(pack_links_html(site, f"themes/{theme}/", theme)) in html
    unused = next(t for t in site.vocab.themes.keys() if t not in used)  # noqa: SIM118
    assert pack_links_html(site, f"themes/{unused}/", unused) == ""
    assert not (built_site / "packs" / f"{unused}.json").exists()


def test_item_paths_in_packs_match_the_site(site: Site) -> None:
    for entry in build_pack(site, Scope(), BASE).items:
        assert entry.url == BASE + item_path(entry.item)
        assert entry.published == publication_date(entry.item)
