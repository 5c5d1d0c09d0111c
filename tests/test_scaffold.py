"""``lif new``: golden output for each content type, valid drafts, clear refusals, and the whole
route from a new draft to a passing check and a built page."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import frontmatter
import pytest
from jsonschema import Draft7Validator
from support import review_data, run_build, write_item

from lif.cli.main import main
from lif.index.site import load_site
from lif.load.data import load_vocabularies
from lif.model.privacy import PLACEHOLDER
from lif.output.scaffold import Request, ScaffoldError, scaffold
from lif.output.schema import build_schema

GOLDEN = Path(__file__).parent / "golden" / "scaffold"

#: Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change to the templates.
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

CASES = {
    "review-sar": [
        "review",
        "--type", "sar",
        "--title", "Safeguarding adults review: Adult K",
        "--board", "adults",
        "--themes", "self-neglect, hoarding",
        "--subject", "Adult K",
        "--author", "Independent reviewer",
    ],
    "review-dhr": [
        "dhr",
        "--title", "Domestic homicide review: Mr Q",
        "--board", "both",
        "--themes", "domestic-abuse",
        "--subject", "Mr Q",
    ],
    "review-cdr": [
        "review",
        "--type", "cdr",
        "--title", "Child deaths: annual learning 2026",
        "--board", "children",
        "--themes", "safer-sleep",
    ],
    "seven-minute-briefing": [
        "7mb",
        "--title", "Seven-minute briefing: self-neglect and hoarding",
        "--board", "adults",
        "--themes", "self-neglect",
        "--reviews", "sar-adult-z-2025",
    ],
    "executive-summary": [
        "executive-summary",
        "--title", "Executive summary: Adult Z",
        "--board", "adults",
        "--themes", "neglect",
        "--reviews", "sar-adult-z-2025",
    ],
    "thematic-note": [
        "thematic-note",
        "--title", "Thematic note: neglect across two reviews",
        "--board", "adults",
        "--themes", "neglect",
        "--reviews", "sar-adult-z-2025,sar-adult-y-2024",
    ],
}  # fmt: skip


@pytest.fixture
def library(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with two reviews to draw on, and today fixed."""
    monkeypatch.setenv("LIF_TODAY", "2026-11-26")
    write_item(project, review_data())
    write_item(project, review_data(id="sar-adult-y-2024", subject="Adult Y"))
    return project


def run_new(root: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["new", *args, "--root", str(root), "--no-input"])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def compare_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path}"


@pytest.mark.parametrize("case", sorted(CASES))
def test_new_matches_its_golden_file_and_passes_the_checker(
    case: str, library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = run_new(library, CASES[case], capsys)
    assert status == 0, output
    [created] = re.findall(r"^Created (\S+) ", output, flags=re.MULTILINE)
    compare_golden(f"{case}.md", (library / created).read_text(encoding="utf-8"))
    compare_golden(f"{case}.txt", output)
    site = load_site(library)
    assert site.errors == [], [p.format() for p in site.errors]
    assert created.split("/")[-1].removesuffix(".md") in {i.id for i in site.library.items}


def test_every_template_field_has_a_comment(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for args in CASES.values():
        status, output = run_new(library, args, capsys)
        assert status == 0, output
        [created] = re.findall(r"^Created (\S+) ", output, flags=re.MULTILINE)
        lines = (library / created).read_text().split("---\n")[1].splitlines()
        for index, line in enumerate(lines):
            if re.match(r"^[a-z_]+:", line) and not line.startswith(("kind:", "id:")):
                assert lines[index - 1].startswith("#"), f"{created}: no comment above {line!r}"


def test_the_seven_minute_briefing_has_the_seven_sections(library: Path) -> None:
    request = Request(
        "seven-minute-briefing", title="Safer sleep", board="children", themes=["safer-sleep"]
    )
    created = scaffold(library, request)
    headings = re.findall(r"^## (.+)$", created.path.read_text(), flags=re.MULTILINE)
    assert headings == [
        "1. Background",
        "2. Why it matters",
        "3. What the review found",
        "4. Key learning",
        "5. Things to remember",
        "6. Questions to reflect on",
        "7. What to do next",
    ]
    assert created.relative == "briefs/seven-minute-briefing/7mb-safer-sleep.md"


def test_scaffolded_front_matter_fits_the_editor_schema(library: Path) -> None:
    vocab = load_vocabularies(library / "data")
    for request, collection in (
        (Request("review", title="SAR: Adult K", board="adults", themes=["neglect"],
                 review_type="safeguarding-adults-review", subject="Adult K"), "review"),
        (Request("thematic-note", title="Neglect", board="adults", themes=["neglect"],
                 reviews=["sar-adult-z-2025", "sar-adult-y-2024"]), "brief"),
    ):  # fmt: skip
        created = scaffold(library, request)
        text = created.path.read_text()
        assert f"$schema=../../schema/{collection}.schema.json" in text
        meta = json.loads(json.dumps(frontmatter.loads(text).metadata, default=str))
        validator = Draft7Validator(build_schema(collection, vocab))
        assert [e.message for e in validator.iter_errors(meta)] == []


def test_a_duplicate_title_is_refused_and_nothing_is_written(library: Path) -> None:
    request = Request("review", title="SAR: Adult Z", board="adults", themes=["neglect"],
                      review_type="sar", subject="Adult Z")  # fmt: skip
    first = scaffold(library, request)
    assert first.id == "sar-adult-z-2026"
    before = sorted(library.rglob("*.md"))
    for title in ("SAR: Adult Z", "sar  adult z", "SAR - Adult Z."):
        with pytest.raises(ScaffoldError) as refused:
            scaffold(library, Request(**{**request.__dict__, "title": title}))
        assert str(refused.value) == (
            f"'{title}' is already the title of reviews/2026/sar-adult-z-2026.md: to carry on "
            "with that item, open that file; for a new item, give it a title of its own "
            "(with --title)"
        )
    assert sorted(library.rglob("*.md")) == before  # no silent '-2' copy


def test_an_id_already_used_is_refused_with_one_to_use_instead(library: Path) -> None:
    request = Request("review", title="SAR: Adult Z", board="adults", themes=["neglect"],
                      review_type="sar", subject="Adult Z")  # fmt: skip
    scaffold(library, request)
    other = Request(**{**request.__dict__, "title": "Another review of Adult Z"})
    with pytest.raises(ScaffoldError, match=r"already used by reviews/2026/sar-adult-z-2026\.md"):
        scaffold(library, other)
    with pytest.raises(ScaffoldError, match="with --id, like 'sar-adult-z-2026-2'"):
        scaffold(library, other)
    assert scaffold(library, Request(**{**other.__dict__, "id": "sar-adult-z-2026-2"}))
    with pytest.raises(ScaffoldError, match="already used"):
        scaffold(library, Request(**{**request.__dict__, "title": "x", "id": "sar-adult-z-2025"}))
    with pytest.raises(ScaffoldError, match="not a valid id"):
        scaffold(library, Request(**{**request.__dict__, "title": "x", "id": "Adult Z"}))


def test_every_missing_option_is_named_at_once(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = run_new(library, ["review"], capsys)
    assert status == 2
    assert output.splitlines() == [
        "lif new: missing --type, --title, --board and --themes: give them on the command "
        "line, or run 'lif new' in a terminal to be asked",
        "lif new: nothing was written.",
    ]
    status, output = run_new(library, ["--board", "adults"], capsys)
    assert "lif new: say what to start: lif new TYPE" in output
    assert "lif new: missing --title and --themes: give them" in output


def test_every_bad_value_is_named_at_once(
    library: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["es", "--title", "x", "--board", "adult", "--themes", "neglet,carers",
            "--reviews", "sar-adult-z-2052"]  # fmt: skip
    status, output = run_new(library, args, capsys)
    assert status == 2
    lines = output.splitlines()
    assert lines[0].startswith("lif new: unknown board 'adult'; did you mean 'adults'?")
    assert lines[1].startswith("lif new: unknown theme 'neglet'; did you mean 'neglect'?")
    assert lines[2].startswith("lif new: no review has the id 'sar-adult-z-2052'")
    assert lines[3] == "lif new: nothing was written."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["review", "--title", "x", "--board", "adults", "--themes", "neglect"], "missing --type"),
        (["review", "--type", "sar", "--board", "adults", "--themes", "neglect"],
         "missing --title"),
        (["review", "--type", "sar", "--title", "x", "--board", "adults", "--themes", "neglet"],
         "unknown theme 'neglet'; did you mean 'neglect'?"),
        (["review", "--type", "sra", "--title", "x", "--board", "adults", "--themes", "neglect"],
         "unknown review type 'sra'"),
        (["es", "--title", "x", "--board", "adults", "--themes", "neglect"],
         "missing --reviews: give it on the command line"),
        (["es", "--title", "x", "--board", "adults", "--themes", "neglect", "--reviews",
          "sar-adult-z-2025,sar-adult-y-2024"],
         "names exactly 1 review(s) in --reviews; 2 given"),
        (["thematic-note", "--title", "x", "--board", "adults", "--themes", "neglect",
          "--reviews", "sar-adult-z-2025"], "names 2 or more review(s) in --reviews; 1 given"),
        (["es", "--title", "x", "--board", "adults", "--themes", "neglect",
          "--reviews", "sar-adult-z-2052"],
         "no review has the id 'sar-adult-z-2052'; did you mean"),
        (["newsletter", "--title", "x"], "cannot make 'newsletter'"),
        (["--title", "x"], "say what to start: lif new TYPE"),
        (["es", "--title", "x", "--board", "adults", "--themes", "neglect", "--subject", "A"],
         "for reviews only"),
    ],
)  # fmt: skip
def test_refusals_say_what_to_do_and_write_nothing(
    library: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p for p in library.rglob("*.md"))
    status, output = run_new(library, args, capsys)
    assert status == 2
    assert output.startswith("lif new: ") and message in output
    assert "Traceback" not in output
    assert sorted(p for p in library.rglob("*.md")) == before


def test_what_is_missing_is_asked_for(library: Path) -> None:
    answers = iter(["sar", "Safeguarding adults review: Adult W", "adults", "neglect, carers"])
    questions: list[str] = []

    def ask(question: str) -> str:
        questions.append(question)
        return next(answers)

    created = scaffold(library, Request("review", subject="Adult W"), ask=ask)
    assert [q.split(" ")[0] for q in questions] == ["Review", "Title", "Board", "Themes,"]
    assert created.relative == "reviews/2026/sar-adult-w-2026.md"
    text = created.path.read_text()
    assert "themes: [neglect, carers]" in text and "board: adults" in text


def fill_in(text: str) -> str:
    """What a member of staff does: write their own words over every placeholder, and publish."""
    text = re.sub(r"'?\[\[fill in: [^\]]*\]\]'?", "Fictional text written for the test.", text)
    text = text.replace("status: draft", "status: published")
    return text.replace("\npublished:\n", "\npublished: 2026-11-20\n")


def test_from_lif_new_to_a_passing_check_and_a_built_page(library: Path) -> None:
    request = Request("review", title="Safeguarding adults review: Adult K", board="adults",
                      themes=["self-neglect"], review_type="sar", subject="Adult K")  # fmt: skip
    created = scaffold(library, request)
    draft = created.path.read_text()
    assert load_site(library).errors == []
    published = draft.replace("status: draft", "status: published").replace(
        "\npublished:\n", "\npublished: 2026-11-20\n"
    )
    created.path.write_text(published)
    refused = load_site(library).errors
    assert refused and all(PLACEHOLDER in p.message for p in refused)
    created.path.write_text(fill_in(draft))
    assert load_site(library).errors == []
    result = run_build(library)
    assert result.returncode == 0, result.stderr
    page = (library / "site/reviews/sar-adult-k-2026/index.html").read_text()
    assert "Safeguarding adults review: Adult K" in page
    assert "fill in" not in page
