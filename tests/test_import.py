"""``lif import``: Word documents made by the tests (python-docx) become drafts that pass
``lif check``, with their sections, lists, tables, links, notes and pictures; what Word pastes is
cleaned; every guess is marked; personal data is reported; nothing is ever overwritten."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import frontmatter
import markdown
import pytest
from support import review_data, run_build, write_item
from word_documents import (
    PIXEL_PNG,
    SEVEN_HEADINGS,
    add_list_item,
    has_footnote_part,
    seven_minute_briefing,
    simple_document,
)

from lif.cli.main import main
from lif.load.word import clean_word_text, footnotes_as_notes, read_word
from lif.model.sections import body_sections
from lif.output.word_draft import GUESSED, shape_body

DRAFT = "briefs/seven-minute-briefing/7mb-adult-k.md"


@pytest.fixture
def library(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with one published review (Adult Z), on a fixed day."""
    monkeypatch.setenv("LIF_TODAY", "2026-11-26")
    monkeypatch.delenv("LIF_PRIVATE_NAMES", raising=False)
    write_item(project, review_data())
    return project


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def import_into(
    root: Path, paths: list[Path], capsys: pytest.CaptureFixture[str], *options: str
) -> tuple[int, str, str]:
    return run(["import", "--root", str(root), *options, *map(str, paths)], capsys)


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status, out, err = run(["check", "--root", str(root)], capsys)
    return status, out + err


def test_a_seven_minute_briefing_becomes_a_draft_that_passes_check(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = seven_minute_briefing(tmp_path / "Briefing Adult K.docx")
    assert has_footnote_part(source)  # the document really has a Word footnote
    status, out, err = import_into(library, [source], capsys)
    assert (status, err) == (0, "")
    assert out.startswith(f"Wrote {DRAFT} (a draft) from Briefing Adult K.docx.\n")
    assert "Next: open" in out and f"lif check {DRAFT}" in out

    post = frontmatter.load(library / DRAFT)
    assert post["status"] == "draft"
    assert post["kind"] == "seven-minute-briefing"
    assert post["title"] == "Seven-minute briefing: Adult K"
    sections = [title for _, title in body_sections(post.content)]
    assert sections == [f"{n}. {h}" for n, h in enumerate(SEVEN_HEADINGS, start=1)]

    body = post.content
    # Lists keep their nesting (four spaces: what the site's Markdown nests) and stay tight.
    assert (
        "-   Self-neglect went unrecognised\n"
        "    -   Carers were refused entry\n"
        "    -   No one asked why\n"
        "-   Information was not shared\n"
    ) in body
    assert (
        "1.  Read the review\n"
        "    1.  Note what applies to you\n"
        "2.  Talk it through with your team\n"
    ) in body
    assert "| Agency | Learning" in body and "| Police | Record refusals" in body
    assert "[multi-agency procedures](https://example.org/procedures)" in body
    # The footnote is a numbered note: the site's Markdown has no footnote syntax.
    assert "procedures).[1]" in body
    assert "**Notes**\n\n1.  Procedures as they stood in 2024." in body

    assert check(library, capsys)[0] == 0


def test_the_draft_renders_its_nested_lists_and_table_as_the_site_does(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_into(library, [seven_minute_briefing(tmp_path / "b.docx")], capsys)
    # The site's Markdown is Python-Markdown, which nests a list only under four spaces.
    html = markdown.markdown(frontmatter.load(library / DRAFT).content, extensions=["tables"])
    assert re.search(r"<li>Self-neglect went unrecognised\s*<ul>\s*<li>Carers", html)
    assert re.search(r"<li>Read the review\s*<ol>\s*<li>Note what applies", html)
    assert "<th>Agency</th>" in html


def test_what_word_pastes_is_cleaned(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pasted = [
        "Adult\u00a0K and her co\u00adordinator met the GP\u2011practice and the "
        "re\u2010ablement team.",
        "\u2022 First typed bullet",
        "\u25e6 A typed bullet below it",
        "\u2022\tSecond typed bullet",
    ]
    source = seven_minute_briefing(tmp_path / "b.docx", body_lines=pasted)
    import_into(library, [source], capsys)
    body = frontmatter.load(library / DRAFT).content
    assert "Adult K and her coordinator met the GP-practice and the re-ablement team." in body
    for character in "\u00a0\u00ad\u2010\u2011\u2022\u25e6":
        assert character not in body
    assert (
        "-   First typed bullet\n    -   A typed bullet below it\n-   Second typed bullet\n"
    ) in body


def test_cleaning_leaves_ordinary_text_alone() -> None:
    text = "A dash – here, 3 • 4 in a sentence, and a list:\n\n-   one\n-   two\n"
    assert clean_word_text(text) == text


def test_a_bulleted_list_then_a_numbered_one_stay_two_lists() -> None:
    cleaned = clean_word_text("-   a\n\n-   b\n\n1.  one\n\n2.  two\n")
    assert cleaned == "-   a\n-   b\n\n1.  one\n2.  two\n"


def test_footnotes_become_numbered_notes() -> None:
    text = "One.[^a] Two.[^b]\n\n[^a]: First note.\n\n[^b]: Second note.\n\n    More of it.\n"
    assert footnotes_as_notes(text) == (
        "One.[1] Two.[2]\n\n**Notes**\n\n1.  First note.\n2.  Second note.\n    More of it.\n"
    )


def test_every_guess_is_marked_and_listed(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = seven_minute_briefing(
        tmp_path / "b.docx", body_lines=["Adult K lived alone; self-neglect and hoarding."]
    )
    _, out, _ = import_into(library, [source], capsys)
    text = (library / DRAFT).read_text(encoding="utf-8")
    for name in ("title", "kind", "board", "themes"):
        line = next(line for line in text.splitlines() if line.startswith(f"{name}:"))
        assert line.endswith(f"  {GUESSED}"), line
        assert f"\n  {name}: " in out
    post = frontmatter.load(library / DRAFT)
    assert post["board"] == "adults"
    assert {"self-neglect", "hoarding"} <= set(post["themes"])
    # A guess is a comment: the value itself is the plain value.
    assert "guessed" not in str(post["themes"])


def test_values_given_on_the_command_line_are_not_marked(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = seven_minute_briefing(tmp_path / "b.docx")
    status, out, _ = import_into(
        library, [source], capsys, "--board", "both", "--themes", "neglect", "--kind", "7mb"
    )
    assert status == 0
    text = (library / DRAFT).read_text(encoding="utf-8")
    assert "\nboard: both\n" in text and "\nthemes: [neglect]\n" in text
    assert "\nkind: seven-minute-briefing\n" in text
    assert f"title: 'Seven-minute briefing: Adult K'  {GUESSED}" in text
    assert "  board:" not in out and "  themes:" not in out


def test_the_reflective_questions_move_to_the_questions_field(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = seven_minute_briefing(tmp_path / "b.docx")
    document = docx.Document(str(source))
    heading = next(p for p in document.paragraphs if p.text == "6. Questions to reflect on")
    follower = heading._p.getnext().getnext()  # the paragraph after the section's own text
    for question in ("Who else cares for the adult?", "What would you do differently?"):
        add_list_item(document, question)
        follower.addprevious(document.paragraphs[-1]._p)
    document.save(str(source))
    import_into(library, [source], capsys)
    post = frontmatter.load(library / DRAFT)
    assert post["questions"] == ["Who else cares for the adult?", "What would you do differently?"]
    assert "Who else cares" not in post.content
    assert f"questions:  {GUESSED}" in (library / DRAFT).read_text(encoding="utf-8")
    assert check(library, capsys)[0] == 0


def test_pictures_are_saved_beside_the_draft_and_need_a_description(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = seven_minute_briefing(tmp_path / "b.docx", picture=True)
    _, out, _ = import_into(library, [source], capsys)
    picture = library / "briefs/seven-minute-briefing/7mb-adult-k/image1.png"
    assert picture.read_bytes() == PIXEL_PNG
    assert "briefs/seven-minute-briefing/7mb-adult-k/image1.png" in out
    text = (library / DRAFT).read_text(encoding="utf-8")
    assert "![[[fill in: describe this image" in text
    assert "](7mb-adult-k/image1.png)" in text
    assert check(library, capsys)[0] == 0  # a draft may wait for its description

    line = text.splitlines().index(next(ln for ln in text.splitlines() if "![[[fill in" in ln))
    published = text.replace("status: draft", "status: published").replace(
        "\npublished:\n", "\npublished: 2026-11-01\n"
    )
    published = published.replace("[[fill in: what the briefing", "What the briefing")
    (library / DRAFT).write_text(published, encoding="utf-8")
    status, report = check(library, capsys)
    assert status == 1
    assert f"{DRAFT}:{line + 1}:3: body: a picture has no description (alt text) yet" in report


def test_personal_data_is_reported_with_its_line(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["Call her on 07700 900123 or at k.smith@example.com.", "Samaritans: 116 123."]
    source = seven_minute_briefing(tmp_path / "b.docx", body_lines=lines)
    status, out, _ = import_into(library, [source], capsys)
    assert status == 0
    found = [line for line in out.splitlines() if ": personal data: " in line]
    assert len(found) == 2, out
    number = (
        (library / DRAFT)
        .read_text(encoding="utf-8")
        .splitlines()
        .index(next(ln for ln in (library / DRAFT).read_text().splitlines() if "07700" in ln))
    )
    assert found[0].startswith(f"  {DRAFT}:{number + 1}:")
    assert "a phone number ('0770* ******')" in found[0]
    assert "an e-mail address" in found[1]
    assert "116 123" not in out  # allowlisted in data/allowlist.yml


def test_a_clean_document_reports_no_personal_data(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = import_into(library, [seven_minute_briefing(tmp_path / "b.docx")], capsys)
    assert "No personal data was found by the scan." in out


def test_nothing_is_ever_overwritten(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = seven_minute_briefing(tmp_path / "b.docx", picture=True)
    assert import_into(library, [source], capsys)[0] == 0
    before = (library / DRAFT).read_bytes()
    (library / DRAFT).write_text("edited by hand\n", encoding="utf-8")
    status, out, err = import_into(library, [source], capsys)
    assert status == 1 and "Wrote" not in out
    assert "already" in err and "nothing was written" in err
    assert (library / DRAFT).read_text(encoding="utf-8") == "edited by hand\n"
    assert before != b"edited by hand\n"

    # A picture folder in the way refuses the draft too, with a new id.
    (library / "briefs/seven-minute-briefing/7mb-other").mkdir()
    status, _, err = import_into(library, [source], capsys, "--id", "7mb-other")
    assert status == 1 and "briefs/seven-minute-briefing/7mb-other already exists" in err
    assert not (library / "briefs/seven-minute-briefing/7mb-other.md").exists()


def test_a_folder_of_documents_is_imported_file_by_file(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "from-word"
    folder.mkdir()
    seven_minute_briefing(folder / "one.docx", title="Seven-minute briefing: Adult K")
    seven_minute_briefing(folder / "two.docx", title="Seven-minute briefing: Child M")
    (folder / "~$one.docx").write_bytes(b"Word's lock file")
    (folder / "broken.docx").write_bytes(b"not a document")
    status, out, err = import_into(library, [folder], capsys)
    assert status == 1  # one document could not be read; the others were written
    assert (library / DRAFT).exists()
    assert (library / "briefs/seven-minute-briefing/7mb-child-m.md").exists()
    assert "broken.docx: is not a Word document (.docx)" in err
    assert "~$one" not in out + err
    assert "2 draft(s) written, 1 document(s) not imported" in out


def test_an_executive_summary_finds_its_review_by_pseudonym(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = simple_document(
        tmp_path / "es.docx",
        ["The review of Adult Z found that agencies did not share what they knew."],
        title="Executive summary: Adult Z",
    )
    status, out, _ = import_into(library, [source], capsys)
    assert status == 0, out
    path = library / "briefs/executive-summary/es-sar-adult-z-2025.md"
    post = frontmatter.load(path)
    assert post["kind"] == "executive-summary"
    assert post["reviews"] == ["sar-adult-z-2025"]
    assert post["board"] == "adults"  # the review's board
    assert post["themes"] == ["neglect"]  # the review's, as the text names none
    assert f"reviews: [sar-adult-z-2025]  {GUESSED}" in path.read_text(encoding="utf-8")
    assert check(library, capsys)[0] == 0


def test_a_review_summary_becomes_a_draft_review(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = simple_document(
        tmp_path / "summary.docx",
        ["Adult Q lived alone. Neglect was not recognised."],
        title="Safeguarding adults review: Adult Q",
    )
    status, out, _ = import_into(library, [source], capsys)
    assert status == 0, out
    path = library / "reviews/2026/sar-adult-q-2026.md"
    post = frontmatter.load(path)
    assert (post["review_type"], post["subject"], post["status"]) == (
        "safeguarding-adults-review",
        "Adult Q",
        "draft",
    )
    text = path.read_text(encoding="utf-8")
    assert f"review_type: safeguarding-adults-review  {GUESSED}" in text
    assert f"subject: Adult Q  {GUESSED}" in text
    assert check(library, capsys)[0] == 0


def test_a_file_that_is_not_a_word_document_is_refused_clearly(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    status, _, err = import_into(library, [old, tmp_path / "missing.docx"], capsys)
    assert status == 1 and "Traceback" not in err
    assert "old.doc: is an old Word document (.doc); open it in Word and save it as" in err
    assert "missing.docx: no such file" in err


def test_headings_become_sections_under_the_title() -> None:
    shaped = shape_body("# Title\n\nIntro.\n\n## One\n\nText.\n\n### Deeper\n\n## Two\n", "x")
    assert shaped.title_heading == "Title"
    assert shaped.body == "Intro.\n\n## One\n\nText.\n\n### Deeper\n\n## Two\n"


def test_the_converter_reads_a_document_with_no_headings(tmp_path: Path) -> None:
    document = read_word(simple_document(tmp_path / "p.docx", ["Only a paragraph."]))
    assert document.markdown == "Only a paragraph.\n"
    assert document.images == ()


@pytest.mark.build
def test_a_published_items_pictures_are_built_beside_its_page_and_a_drafts_never(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    published = seven_minute_briefing(tmp_path / "k.docx", picture=True)
    draft = seven_minute_briefing(
        tmp_path / "m.docx", title="Seven-minute briefing: Child M", picture=True
    )
    assert import_into(library, [published, draft], capsys)[0] == 0
    text = (library / DRAFT).read_text(encoding="utf-8")
    text = text.replace("status: draft", "status: published")
    text = text.replace("\npublished:\n", "\npublished: 2026-11-01\n")
    text = re.sub(r"\[\[fill in: [^\]]*\]\]", "A chart of referrals by month", text)
    (library / DRAFT).write_text(text, encoding="utf-8")

    result = run_build(library)
    assert result.returncode == 0, result.stdout + result.stderr
    site = library / "site"
    assert (site / "briefs/7mb-adult-k/image1.png").read_bytes() == PIXEL_PNG
    page = (site / "briefs/7mb-adult-k/index.html").read_text(encoding="utf-8")
    assert '<img alt="A chart of referrals by month" src="image1.png"' in page
    assert not (site / "briefs/7mb-child-m").exists()
    assert [p for p in site.rglob("*") if "7mb-child-m" in str(p)] == []
