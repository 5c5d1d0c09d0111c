"""Search: the catalogue, the facets, the search page and the documents Pagefind indexes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import cbor2
import pytest
from support import SEVEN_SECTIONS, brief_data, files_in, review_data, write_item

from lif.index.catalogue import (
    CATALOGUE_PATH,
    CATALOGUE_VERSION,
    FACET_KEYS,
    GUIDE_KIND_LABEL,
    SearchRecord,
    build_catalogue,
    catalogue_labels,
    catalogue_record,
    facet_counts,
    facet_labels,
    item_facets,
    item_record,
)
from lif.index.site import Site, load_site
from lif.model.paths import item_path
from lif.output.search_index import (
    BROWSE_DIR,
    BUNDLE_DIR,
    SHARD_SIZE,
    UNUSED_BUNDLE_FILES,
    SearchIndex,
    SearchIndexError,
    browse_shard,
    build_browse_index,
    encode_bitset,
    extract_content,
    guide_record,
    index_site,
    indexed_pages,
    load_browse_count,
    load_catalogue,
    page_description,
    page_title,
    search_document,
    separate_blocks,
    site_catalogue,
    stable_filters,
    unpack_bundle_bytes,
    write_catalogue,
)
from lif.render.search import search_pages


@pytest.fixture
def small_site(project: Path) -> Site:
    """A review for both boards, an executive summary of it, and a draft."""
    write_item(
        project,
        review_data(
            id="dhr-ms-q-2024",
            title="Domestic homicide review: Ms Q & family",
            review_type="domestic-homicide-review",
            board="both",
            subject="Ms Q",
            published="2024-05-01",
            themes=["domestic-abuse", "hoarding"],
            methodology=["systems-approach"],
            summary='Ms Q told three agencies about "the shouting" & the locks at home.',
            approvals={"home_office_qa": "2024-03-01"},
        ),
    )
    write_item(
        project,
        brief_data(
            id="7mb-ms-q",
            title="Seven-minute briefing: Ms Q",
            kind="seven-minute-briefing",
            board="adults",
            published="2024-06-01",
            themes=["domestic-abuse"],
            audience=["practitioners"],
            reviews=["dhr-ms-q-2024"],
            questions=["What would you ask?"],
        ),
        body=SEVEN_SECTIONS,
    )
    write_item(project, review_data(id="sar-draft-2026", status="draft", published=None))
    site = load_site(project)
    assert not site.errors, [p.format() for p in site.errors]
    return site


def test_facets_of_an_item(small_site: Site) -> None:
    review = small_site.by_id["dhr-ms-q-2024"]
    assert item_facets(review) == {
        "kind": ["review"],
        "type": ["domestic-homicide-review"],
        "board": ["children", "adults", "both"],
        "year": ["2024"],
        "theme": ["domestic-abuse", "hoarding"],
        "methodology": ["systems-approach"],
    }
    brief = small_site.by_id["7mb-ms-q"]
    assert item_facets(brief) == {
        "kind": ["seven-minute-briefing"],
        "board": ["adults"],
        "year": ["2024"],
        "theme": ["domestic-abuse"],
        "audience": ["practitioners"],
    }


def test_facet_counts_cover_public_items_only(small_site: Site) -> None:
    counts = facet_counts(small_site.public)
    assert counts["theme"]["domestic-abuse"] == 2
    assert counts["board"]["adults"] == 2
    assert counts["board"]["children"] == 1
    assert counts["kind"]["review"] == 1
    assert sum(counts["kind"].values()) == len(small_site.public) == 2


def test_facet_labels_come_from_the_vocabularies(small_site: Site) -> None:
    labels = facet_labels(small_site)
    assert list(labels) == list(FACET_KEYS)
    assert labels["type"]["domestic-homicide-review"] == small_site.vocab.review_types.label(
        "domestic-homicide-review"
    )
    assert labels["kind"]["framework"] == GUIDE_KIND_LABEL
    assert list(labels["year"]) == ["2024"]


def test_the_catalogue_lists_public_items_without_bodies(small_site: Site, tmp_path: Path) -> None:
    write_catalogue(small_site, tmp_path)
    catalogue = json.loads((tmp_path / CATALOGUE_PATH).read_text(encoding="utf-8"))
    assert catalogue["version"] == CATALOGUE_VERSION
    assert [i["id"] for i in catalogue["items"]] == ["7mb-ms-q", "dhr-ms-q-2024"]
    review = catalogue["items"][1]
    assert review["url"] == "reviews/dhr-ms-q-2024/"
    assert review["date"] == "2024-05-01"
    assert review["title"] == "Domestic homicide review: Ms Q & family"
    assert review["facets"]["board"] == ["children", "adults", "both"]
    assert "body" not in review and "learning" not in review
    assert "sar-draft-2026" not in json.dumps(catalogue)
    assert [f["key"] for f in catalogue["facets"]] == list(FACET_KEYS)


def test_the_search_page_escapes_labels_and_joins_the_form(small_site: Site) -> None:
    pages = list(search_pages(small_site))
    assert [p.src_uri for p in pages] == ["search.md"]
    content = pages[0].content
    assert "template: lif/search.html" in content
    assert 'name="theme" value="domestic-abuse"' in content
    assert content.count('form="lif-search-form"') == content.count('type="checkbox"')
    # Values no public item has are left out; the framework pages' kind is always offered.
    assert 'value="neglect"' not in content
    assert 'name="kind" value="framework"' in content
    assert '<span class="lif-facet__count" data-lif-count>(2)</span>' in content
    assert "<script" not in content


def test_extract_content_takes_the_article_and_nothing_around_it() -> None:
    page = (
        '<header><nav>Menu words</nav></header><article class="md-content__inner md-typeset">'
        '<article class="lif-item"><h1>Title</h1><p>Body</p></article><p>After</p>'
        "</article><footer>Footer words</footer>"
    )
    content = extract_content(page)
    assert content == '<article class="lif-item"><h1>Title</h1><p>Body</p></article><p>After</p>'
    assert extract_content("<html><body><p>No article</p></body></html>") is None
    assert extract_content('<article class="md-content__inner">unclosed') is None


def test_blocks_are_kept_apart_as_words() -> None:
    joined = separate_blocks("<dt>Review type</dt><dd>Serious case review</dd>")
    assert joined == "<dt>Review type </dt><dd>Serious case review </dd>"


def test_page_description_is_read_as_text() -> None:
    page = '<meta name="description" content="Fish &amp; chips">'
    assert page_description(page) == "Fish & chips"
    assert page_description("<p>no description</p>") is None


def test_a_search_document_escapes_its_fields() -> None:
    record = SearchRecord(
        url="reviews/x/",
        title='A "quoted" <title>',
        kind="Review",
        type="",
        date="1 May 2024",
        summary="S",
        facets={"theme": ["neglect", "hoarding"]},
    )
    doc = search_document(record, "<p>Content</p>")
    assert '<span data-pagefind-meta="title">A &quot;quoted&quot; &lt;title&gt;</span>' in doc
    assert 'data-pagefind-meta="type"' not in doc
    assert doc.count('data-pagefind-filter="theme"') == 2
    assert "<main data-pagefind-body>" in doc
    assert "<div data-pagefind-ignore hidden>" in doc


def test_an_item_record_carries_what_a_result_shows(small_site: Site) -> None:
    entry = catalogue_record(small_site.by_id["dhr-ms-q-2024"])
    labels = catalogue_labels(build_catalogue(small_site))
    record = item_record(entry, labels)
    assert record.meta() == {
        "title": "Domestic homicide review: Ms Q & family",
        "kind": "Review",
        "type": small_site.vocab.review_types.label("domestic-homicide-review"),
        "date": "1 May 2024",
        "summary": 'Ms Q told three agencies about "the shouting" & the locks at home.',
    }
    doc = search_document(record, "<h1>x</h1>")
    assert "&quot;the shouting&quot; &amp; the locks" in doc


def test_a_guide_record_takes_its_title_and_description_from_the_page() -> None:
    page = (
        '<title>Principles - Hub</title><meta name="description" content="Why &amp; how">'
        '<article class="md-content__inner"><h1 id="p">Our <em>principles</em></h1></article>'
    )
    content = extract_content(page) or ""
    record = guide_record("framework/principles/", page, content)
    assert record.title == "Our principles"
    assert record.summary == "Why & how"
    assert record.facets == {"kind": ["framework"]}
    assert page_title(page, "<p>no heading</p>") == "Principles"


def test_bitsets_mark_the_positions_given() -> None:
    import base64

    raw = base64.b64decode(encode_bitset([0, 3, 9], 12))
    assert raw == bytes([0b00001001, 0b00000010])
    assert base64.b64decode(encode_bitset([], 17)) == bytes(3)


def test_the_browse_index_lists_records_under_each_facet_value() -> None:
    def record(n: int, themes: list[str]) -> SearchRecord:
        return SearchRecord(f"r/{n}/", f"T{n}", "Review", "", "", "", {"theme": themes})

    records = [record(n, ["a"] if n % 2 else ["a", "b"]) for n in range(12)]
    index = build_browse_index(records)
    assert index["count"] == 12
    assert index["shard"] == SHARD_SIZE
    assert index["facets"]["theme"]["a"] == encode_bitset(range(12), 12)
    assert index["facets"]["theme"]["b"] == encode_bitset(range(0, 12, 2), 12)
    assert browse_shard(records[:1]) == [["r/0/", "T0", "Review", "", "", ""]]


def test_a_missing_catalogue_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match=r"catalogue\.json is missing"):
        load_catalogue(tmp_path)
    (tmp_path / "search").mkdir()
    (tmp_path / CATALOGUE_PATH).write_text("{not json", encoding="utf-8")
    with pytest.raises(SearchIndexError, match="not valid JSON"):
        load_catalogue(tmp_path)
    (tmp_path / CATALOGUE_PATH).write_text('{"version": 99}', encoding="utf-8")
    with pytest.raises(SearchIndexError, match="rebuild the site"):
        load_catalogue(tmp_path)


def _fake_page(title: str, body: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><nav>Navigation words</nav>"
        f'<article class="md-content__inner md-typeset"><h1>{title}</h1>{body}</article>'
        "<footer>Footer words</footer></body></html>"
    )


@pytest.fixture
def fake_built_site(small_site: Site, tmp_path: Path) -> Path:
    """A built site's folder with the catalogue, the item pages and one framework page."""
    site_dir = tmp_path / "site"
    write_catalogue(small_site, site_dir)
    for item in small_site.public:
        page = site_dir / ("reviews" if item.collection == "review" else "briefs") / item.id
        page.mkdir(parents=True)
        body = f'<p>{item.summary}</p><aside class="lif-warning">Zqwarning text</aside>'
        (page / "index.html").write_text(_fake_page(item.title, body), encoding="utf-8")
    guide = site_dir / "framework" / "principles"
    guide.mkdir(parents=True)
    (guide / "index.html").write_text(
        _fake_page("Principles", "<p>Learning is everyone's business.</p>"), encoding="utf-8"
    )
    (site_dir / "themes" / "x").mkdir(parents=True)
    (site_dir / "themes" / "x" / "index.html").write_text(
        _fake_page("Theme", "<p>Listing</p>"), encoding="utf-8"
    )
    return site_dir


def test_the_index_takes_items_and_guides_only(small_site: Site, tmp_path: Path) -> None:
    index = SearchIndex(site_catalogue(small_site))
    try:
        guide = _fake_page("Principles", "<p>Learning is everyone's business.</p>")
        assert index.add_page("framework/principles/", guide)
        assert not index.add_page("themes/x/", _fake_page("Theme", "<p>Listing</p>"))
        assert not index.add_page("", _fake_page("Home", "<p>Welcome</p>"))
        for item in reversed(small_site.public):
            assert index.add_page(item_path(item), _fake_page(item.title, f"<p>{item.summary}</p>"))
        # Items in the catalogue's order (newest first) whatever order their pages came in.
        assert [r.url for r in index.records()] == [
            "briefs/7mb-ms-q/",
            "reviews/dhr-ms-q-2024/",
            "framework/principles/",
        ]
        assert index.records()[2].title == "Principles"
    finally:
        index.close()


def test_an_item_page_without_the_content_article_is_a_clear_error(small_site: Site) -> None:
    index = SearchIndex(site_catalogue(small_site))
    with pytest.raises(SearchIndexError, match="reviews/dhr-ms-q-2024/ has no content article"):
        index.add_page("reviews/dhr-ms-q-2024/", "<html><body><p>No article</p></body></html>")


def test_an_item_without_its_page_is_a_clear_error(fake_built_site: Path, tmp_path: Path) -> None:
    (fake_built_site / "briefs/7mb-ms-q/index.html").unlink()
    with pytest.raises(SearchIndexError, match="7mb-ms-q"):
        index_site(fake_built_site)
    index = SearchIndex(load_catalogue(fake_built_site))
    review = fake_built_site / "reviews/dhr-ms-q-2024/index.html"
    index.add_page("reviews/dhr-ms-q-2024/", review.read_text(encoding="utf-8"))
    with pytest.raises(SearchIndexError, match="lists 7mb-ms-q but the build wrote no page for it"):
        index.write(tmp_path / "out")


def test_index_site_builds_a_pagefind_bundle(fake_built_site: Path) -> None:
    index_site(fake_built_site)
    bundle = fake_built_site / BUNDLE_DIR
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "pagefind-entry.json").is_file()
    assert not [n for n in UNUSED_BUNDLE_FILES if (bundle / n).exists()]
    pages = {p["url"]: p for p in indexed_pages(fake_built_site)}
    assert sorted(pages) == [
        "/briefs/7mb-ms-q/",
        "/framework/principles/",
        "/reviews/dhr-ms-q-2024/",
    ]
    review = pages["/reviews/dhr-ms-q-2024/"]
    assert review["meta"]["title"] == "Domestic homicide review: Ms Q & family"
    assert review["filters"]["theme"] == ["domestic-abuse", "hoarding"]
    assert review["filters"]["year"] == ["2024"]
    assert "Zqwarning" not in review["content"]
    assert "Navigation words" not in review["content"]
    assert "Footer words" not in review["content"]
    assert pages["/framework/principles/"]["filters"] == {"kind": ["framework"]}
    browse = fake_built_site / BROWSE_DIR
    facets = json.loads((browse / "facets.json").read_text(encoding="utf-8"))
    assert facets["count"] == 3
    assert facets["facets"]["kind"]["framework"] == encode_bitset([2], 3)
    assert load_browse_count(fake_built_site) == 3
    shard = json.loads((browse / "0.json").read_text(encoding="utf-8"))
    assert [row[0] for row in shard] == [
        "briefs/7mb-ms-q/",
        "reviews/dhr-ms-q-2024/",
        "framework/principles/",
    ]


def test_a_site_with_nothing_to_search_builds_an_empty_browse_index(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    (tmp_path / CATALOGUE_PATH).write_text(
        json.dumps({"version": CATALOGUE_VERSION, "facets": [], "items": []}),
        encoding="utf-8",
    )
    index_site(tmp_path)
    facets = json.loads((tmp_path / BROWSE_DIR / "facets.json").read_text("utf-8"))
    assert facets["count"] == 0
    assert not (tmp_path / BUNDLE_DIR).exists()


def test_a_missing_pagefind_is_a_clear_error(
    fake_built_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake_built_site / "no-such-pagefind"))
    with pytest.raises(SearchIndexError, match=r"pagefind\[bin\]"):
        index_site(fake_built_site)


def test_the_same_pages_give_the_same_bundle_files(fake_built_site: Path, tmp_path: Path) -> None:
    index_site(fake_built_site)
    first = files_in(fake_built_site / BUNDLE_DIR)
    index_site(fake_built_site)
    second = files_in(fake_built_site / BUNDLE_DIR)
    assert [name for name in first if name.startswith("filter/")], "the bundle has filters"
    assert first == second


def _bundle_file(data: object) -> bytes:
    return gzip.compress(b"pagefind_dcd" + cbor2.dumps(data))


def test_filter_values_and_filters_are_put_in_order() -> None:
    meta = ["1.5.2", [["en_page", 10]], [], [["year", "en_bbb"], ["board", "en_aaa"]]]
    entry = {"version": "1.5.2", "languages": {"en": {"hash": "en_old", "page_count": 2}}}
    files = {
        "filter/en_bbb.pf_filter": _bundle_file(["year", [["2025", [1]], ["2024", [0]]]]),
        "filter/en_aaa.pf_filter": _bundle_file(["board", [["both", [0, 1]]]]),
        "pagefind.en_old.pf_meta": _bundle_file(meta),
        "pagefind-entry.json": json.dumps(entry).encode("utf-8"),
        "fragment/en_1234567.pf_fragment": b"left as it is",
    }

    out = stable_filters(files)

    language = json.loads(out["pagefind-entry.json"])["languages"]["en"]
    assert language["page_count"] == 2
    new_meta = cbor2.loads(unpack_bundle_bytes(out[f"pagefind.{language['hash']}.pf_meta"]))
    assert new_meta[:3] == meta[:3]
    assert [name for name, _ in new_meta[3]] == ["board", "year"]
    year = dict(new_meta[3])["year"]
    assert cbor2.loads(unpack_bundle_bytes(out[f"filter/{year}.pf_filter"])) == [
        "year",
        [["2024", [0]], ["2025", [1]]],
    ]
    assert sorted(out) == sorted(
        [
            "fragment/en_1234567.pf_fragment",
            "pagefind-entry.json",
            f"pagefind.{language['hash']}.pf_meta",
        ]
        + [f"filter/{h}.pf_filter" for _, h in new_meta[3]]
    )
    assert out["fragment/en_1234567.pf_fragment"] == b"left as it is"
    assert stable_filters(out) == out, "files already in order stay as they are"
