"""Publication guard rails: each refuses its planted example with a clear message and accepts
its near miss (personal data, private names, approvals, case records, placeholders, retention,
holds)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support import REPO, SEVEN_SECTIONS, brief_data, review_data, write_item

from lif.index.site import load_site
from lif.load.data import parse_allowlist, parse_private_names
from lif.model.privacy import (
    PRIVATE_NAMES_VARIABLE,
    add_years,
    find_personal_data,
    mask,
    nhs_number_is_valid,
)
from lif.model.problems import Problem

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _no_private_list_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PRIVATE_NAMES_VARIABLE, raising=False)


def problems(root: Path) -> list[Problem]:
    return load_site(root, today=TODAY).problems


def errors(root: Path) -> list[Problem]:
    return [p for p in problems(root) if p.is_error]


def body_with(text: str) -> str:
    return f"## Background\n\nFirst line.\n{text}\n"


# ------------------------------------------------------------------------------------------
# The detectors, one by one: planted examples and the near misses that must pass
# ------------------------------------------------------------------------------------------

FOUND = [
    ("NHS number 943 476 5919 was recorded", "nhs-number", "943 476 5919"),
    ("nhs no. 9434765919.", "nhs-number", "9434765919"),
    ("ref 943-476-5919", "nhs-number", "943-476-5919"),
    ("NI number AB 12 34 56 C on file", "ni-number", "AB 12 34 56 C"),
    ("ni: ab123456c", "ni-number", "ab123456c"),
    ("moved to LE1 6ZG last year", "postcode", "LE1 6ZG"),
    ("moved to LE16ZG", "postcode", "LE16ZG"),
    ("the flat in SW1A 1AA", "postcode", "SW1A 1AA"),
    ("call 0116 496 0123 today", "phone", "0116 496 0123"),
    ("mobile 07700 900123", "phone", "07700 900123"),
    ("mobile 07700900123", "phone", "07700900123"),
    ("on (0116) 496 0123", "phone", "(0116) 496 0123"),
    ("on +44 (0)116 496 0123", "phone", "+44 (0)116 496 0123"),
    ("on +447700900123", "phone", "+447700900123"),
    ("London 020 7946 0018", "phone", "020 7946 0018"),
    ("the 116 117 line", "phone", "116 117"),
    ("write to jane.doe@example.com please", "email", "jane.doe@example.com"),
    ("She was born on 3 March 2015 in", "date-of-birth", "born on 3 March 2015"),
    ("born 3rd of March 2015", "date-of-birth", "born 3rd of March 2015"),
    ("DOB: 03/03/2015", "date-of-birth", "DOB: 03/03/2015"),
    ("D.O.B. 2015-03-03", "date-of-birth", "D.O.B. 2015-03-03"),
    ("date of birth was 3.3.15", "date-of-birth", "date of birth was 3.3.15"),
    ("born March 3, 2015", "date-of-birth", "born March 3, 2015"),
    ("date of birth\n3 March 2015", "date-of-birth", "date of birth\n3 March 2015"),
]

NEAR_MISSES = [
    "NHS number 943 476 5918 (wrong check digit)",
    "reference 1234567890",
    "the review covered 2019-2021",
    "between 2019 and 2021",
    "LCSPR 2023/04 was commissioned",
    "SAR-2024-07 and DHR 2021/3",
    "published on 3 March 2015",
    "the meeting on 03/03/2015",
    "born in March 2015, the baby",
    "aged 4 months",
    "the 0-19 service",
    "from 05-06-2021 to 2,000 people",
    "QQ 12 34 56 C is the example format",
    "AB 12 34 56 without a suffix",
    "the LE1 area of the city",
    "on the B12 1st floor",
    "Year Y6 2ND term",
    "16:00 to 18:30",
    "call 999 or 111",
    "Childline on 0800 1111",
    "email: (ask the board office)",
    "https://www.lrsb.org.uk/uploads/2021/07/report.pdf",
    "an A4 1PG page",
]


@pytest.mark.parametrize(("text", "kind", "found"), FOUND)
def test_each_kind_of_personal_data_is_found(text: str, kind: str, found: str) -> None:
    findings = find_personal_data(text)
    assert [(f.kind, f.text) for f in findings] == [(kind, found)]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_are_not_personal_data(text: str) -> None:
    assert find_personal_data(text) == []


def test_nhs_check_digit() -> None:
    assert nhs_number_is_valid("9434765919")
    assert not nhs_number_is_valid("9434765918")
    assert not nhs_number_is_valid("0000000000")  # a check digit of 0, but not a number
    assert not nhs_number_is_valid("943476591")


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("NHS 943 476 5919", "943 *** ****"),
        ("NI AB 12 34 56 C", "AB ** ** ** *"),
        ("at LE1 6ZG", "LE1 ***"),
        ("tel 0116 496 0123", "0116 *** ****"),
        ("to jane.doe@example.com", "j***@e***.com"),
        ("born on 3 March 2015", "born on * ***** ****"),
    ],
)
def test_what_is_found_is_masked(text: str, masked: str) -> None:
    [finding] = find_personal_data(text)
    assert finding.masked == masked
    assert finding.text not in finding.masked


def test_mask_keeps_separators() -> None:
    assert mask("0116-496-0123", 4) == "0116-***-****"


# ------------------------------------------------------------------------------------------
# Personal data through the checker: file, line, field and a masked value
# ------------------------------------------------------------------------------------------


def test_personal_data_in_the_body_is_an_error_at_its_line(project: Path) -> None:
    write_item(project, review_data(), body=body_with("Her NHS number is 943 476 5919."))
    [problem] = errors(project)
    text = (project / "reviews/sar-adult-z-2025.md").read_text().splitlines()
    assert problem.path == "reviews/sar-adult-z-2025.md"
    assert "943 476 5919" in text[problem.line - 1]
    assert problem.column == text[problem.line - 1].index("943") + 1
    assert problem.field == "body"
    assert "looks like an NHS number ('943 *** ****')" in problem.message
    assert "943 476 5919" not in problem.format()


def test_the_near_miss_in_the_body_passes(project: Path) -> None:
    body = body_with(
        "The review (LCSPR 2023/04) covered 2019-2021 and was published on 3 March 2024. "
        "Baby F was born in March 2020. Samaritans: 116 123."
    )
    write_item(project, review_data(), body=body)
    assert errors(project) == []


@pytest.mark.parametrize(
    ("changes", "field", "kind"),
    [
        ({"title": "Review of the family at LE1 6ZG"}, "title", "a full postcode"),
        ({"summary": "Mother (DOB 03/03/1990) told the GP."}, "summary", "a date of birth"),
        (
            {"learning": [{"id": "lp-1", "text": "Ring 07700 900123 to refer."}]},
            "learning[0].text",
            "a phone number",
        ),
        (
            {"recommendations": [{"id": "r1", "text": "Write to a.person@example.com."}]},
            "recommendations[0].text",
            "an e-mail address",
        ),
        (
            {
                "documents": [
                    {
                        "title": "Report",
                        "kind": "full-report",
                        "url": "https://example.org/mailto-jo.bloggs@example.net.pdf",
                    }
                ]
            },
            "documents[0].url",
            "an e-mail address",
        ),
        (
            {"status": "draft", "hold": {"reason": "other", "note": "NI AB123456C"}},
            "hold.note",
            "a National Insurance number",
        ),
    ],
)
def test_personal_data_in_any_field_is_an_error_at_that_field(
    project: Path, changes: dict[str, object], field: str, kind: str
) -> None:
    path = write_item(project, review_data(**changes))
    found = [p for p in errors(project) if "looks like" in p.message]
    assert len(found) == 1, [p.format() for p in errors(project)]
    [problem] = found
    assert problem.field == field
    assert f"looks like {kind}" in problem.message
    key = field.split(".")[-1].split("[")[0]
    line = path.read_text().splitlines()[problem.line - 1]
    assert key in line or line.lstrip().startswith("-"), line


def test_a_draft_is_scanned_too(project: Path) -> None:
    write_item(project, review_data(status="draft"), body=body_with("Phone 0116 496 0123."))
    assert [p.field for p in errors(project)] == ["body"]


def test_the_allowlist_lets_reviewed_values_through(project: Path) -> None:
    body = body_with("Samaritans 116 123. Write to learning-hub@example.org.uk.")
    write_item(project, review_data(), body=body)
    assert errors(project) == []
    (project / "data/allowlist.yml").unlink()
    kinds = sorted(p.message.split("(")[0] for p in errors(project))
    assert kinds == ["looks like a phone number ", "looks like an e-mail address "]


def test_the_repositorys_allowlist_is_reviewable() -> None:
    text = (REPO / "data/allowlist.yml").read_text()
    assert text.startswith("# ") and "Read by:" in text
    allowlist, found = parse_allowlist(text)
    assert found == []
    assert allowlist.entries and all(entry.reason for entry in allowlist.entries)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('{value: "116 123"}', "needs a 'reason'"),
        ('{reason: "x"}', "exactly one of 'value'"),
        ('{value: "1", pattern: "1", reason: "x"}', "exactly one of 'value'"),
        ('{pattern: "(", reason: "x"}', "not a valid regular expression"),
        ('{value: "1", reason: "x", kinds: [phones]}', "unknown kind(s) phones"),
        ('{value: "1", reason: "x", colour: red}', "unknown field(s) colour"),
    ],
)
def test_a_malformed_allowlist_entry_is_reported_at_its_line(
    project: Path, entry: str, message: str
) -> None:
    (project / "data/allowlist.yml").write_text(
        f"# Read by: the checker.\nentries:\n  - {{value: a@b.org, reason: ok}}\n  - {entry}\n"
    )
    write_item(project, review_data())
    [problem] = errors(project)
    assert (problem.path, problem.line, problem.field) == ("data/allowlist.yml", 4, "entries[1]")
    assert message in problem.message


def test_a_broken_allowlist_fails_closed(project: Path) -> None:
    (project / "data/allowlist.yml").write_text("entries:\n  - value: [unclosed\n")
    write_item(project, review_data(), body=body_with("Samaritans 116 123."))
    found = errors(project)
    assert any(p.path == "data/allowlist.yml" and "broken YAML" in p.message for p in found)
    assert any(p.field == "body" for p in found)


def test_check_format_github_annotates_the_line(project: Path) -> None:
    path = write_item(project, review_data(), body=body_with("Phone 0116 496 0123."))
    line = path.read_text().splitlines().index("Phone 0116 496 0123.") + 1
    result = subprocess.run(
        [sys.executable, "-m", "lif.cli", "check", "--root", str(project), "--format", "github"],
        capture_output=True,
        text=True,
        env={"LIF_TODAY": "2026-11-26", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.startswith(f"::error file=reviews/sar-adult-z-2025.md,line={line},col=7,")
    assert "0116 *** ****" in result.stdout and "496 0123" not in result.stdout


# ------------------------------------------------------------------------------------------
# The private list of real names
# ------------------------------------------------------------------------------------------


def test_private_names_from_the_environment_are_refused_and_masked(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = tmp_path / "names.txt"
    names.write_text("# real names\nJane Fictitia\nO'Brannagh\n")
    monkeypatch.setenv(PRIVATE_NAMES_VARIABLE, str(names))
    path = write_item(project, review_data(), body=body_with("Then JANE FICTITIA moved."))
    [problem] = errors(project)
    line = path.read_text().splitlines().index("Then JANE FICTITIA moved.") + 1
    assert (problem.field, problem.line, problem.column) == ("body", line, 6)
    assert "a real name from the private list (line 2, 'J*** F***')" in problem.message
    assert "fictitia" not in problem.format().lower()


def test_private_names_default_file_at_the_project_root(project: Path) -> None:
    (project / ".lif-private-names.txt").write_text("Jane Fictitia\n")
    write_item(project, review_data(summary="Adult Z, whose sister Jane\nFictitia cared."))
    write_item(project, review_data(id="sar-janet-2025", summary="Janet Fictitiaby came."))
    found = errors(project)
    assert [(p.path, p.field) for p in found] == [("reviews/sar-adult-z-2025.md", "summary")]


def test_private_names_are_found_in_ids_and_addresses(project: Path) -> None:
    (project / ".lif-private-names.txt").write_text("jane fictitia\n")
    docs = [{"title": "Report", "kind": "full-report", "url": "https://x.org/jane_fictitia.pdf"}]
    write_item(project, review_data(id="sar-jane-fictitia-2025", documents=docs))
    fields = sorted(p.field for p in errors(project) if "private list" in p.message)
    assert fields == ["documents[0].url", "id"]


def test_a_private_list_that_cannot_be_read_is_an_error(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PRIVATE_NAMES_VARIABLE, str(tmp_path / "missing.txt"))
    write_item(project, review_data())
    [problem] = errors(project)
    assert problem.field == "private names" and "does not exist" in problem.message


def test_private_names_matching_is_whole_word() -> None:
    names = parse_private_names("Jane Fictitia\n# comment\n\nK\n")
    assert names.names == ("Jane Fictitia",)
    hits = lambda text: [(s, e) for s, e, _ in names.find(text)]  # noqa: E731
    assert hits("to jane  fictitia.") == [(3, 17)]
    assert hits("Janet Fictitia, jane fictitias, xjane fictitia") == []


def test_the_private_list_is_never_committed() -> None:
    assert "/.lif-private-names.txt" in (REPO / ".gitignore").read_text().splitlines()


# ------------------------------------------------------------------------------------------
# Approvals, case records, placeholders
# ------------------------------------------------------------------------------------------


def dhr(**changes: object) -> dict[str, object]:
    return review_data(
        id="dhr-ms-y-2025",
        title="Domestic homicide review: Ms Y",
        review_type="domestic-homicide-review",
        board="both",
        subject="Ms Y",
        **changes,
    )


def test_a_dhr_is_not_published_without_home_office_approval(project: Path) -> None:
    write_item(project, dhr())
    [problem] = errors(project)
    assert problem.field == "approvals.home_office_qa"
    assert "Home Office quality-assurance panel's approval" in problem.message
    assert "home_office_qa: YYYY-MM-DD" in problem.message


def test_a_dhr_with_its_approval_passes(project: Path) -> None:
    write_item(project, dhr(approvals={"home_office_qa": "2025-02-01"}))
    assert errors(project) == []


def test_a_draft_dhr_needs_no_approval_yet(project: Path) -> None:
    write_item(project, dhr(status="draft", published=None))
    assert errors(project) == []


def test_an_embargoed_dhr_needs_its_approval_before_the_day(project: Path) -> None:
    write_item(project, dhr(published=None, publish_on="2027-01-05"))
    assert [p.field for p in errors(project)] == ["approvals.home_office_qa"]


def test_an_approval_after_publication_is_an_error(project: Path) -> None:
    write_item(project, dhr(approvals={"home_office_qa": "2025-03-02"}))
    [problem] = errors(project)
    assert problem.field == "approvals.home_office_qa"
    assert "dated 2025-03-02, after publication on 2025-03-01" in problem.message


def test_family_informed_after_publication_is_a_warning(project: Path) -> None:
    write_item(
        project, dhr(approvals={"home_office_qa": "2025-02-01", "family_informed": "2025-04-01"})
    )
    [problem] = problems(project)
    assert problem.severity == "warning" and problem.field == "approvals.family_informed"


def test_a_mappa_review_needs_the_strategic_management_board(project: Path) -> None:
    mappa = review_data(
        id="mappa-mr-y-2025", review_type="mappa-serious-case-review", board="both", subject="Mr Y"
    )
    write_item(project, mappa)
    [problem] = errors(project)
    assert problem.field == "approvals.strategic_management_board"
    assert "Strategic Management Board's approval" in problem.message
    write_item(project, {**mappa, "approvals": {"strategic_management_board": "2025-01-10"}})
    assert errors(project) == []


def test_approval_rules_come_from_the_review_type_data(project: Path) -> None:
    path = project / "data/review_types.yml"
    data = yaml.safe_load(path.read_text())
    write_item(project, review_data())
    assert errors(project) == []
    data["safeguarding-adults-review"]["approval"] = "board"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    [problem] = errors(project)
    assert problem.field == "approvals.board" and "the board's approval" in problem.message


@pytest.mark.parametrize(
    "changes",
    [
        {"subject": "Child Q"},
        {"title": "Child death review \u2013 Baby Z", "subject": None},
        {"title": "Child deaths: what the panel learned in 2025", "subject": None},
        {"review_type": "cdop", "subject": None},
        {"status": "withdrawn", "withdrawn_on": "2025-06-01", "subject": None},
    ],
)
def test_a_child_death_review_is_never_published_as_a_review(
    project: Path, changes: dict[str, object]
) -> None:
    """The rule follows the review type, whatever fields the item has, and says what may be
    published instead."""
    cdr = review_data(
        id="cdr-baby-z-2025",
        title="Child death review: Baby Z",
        review_type="child-death-review",
        board="children",
        author=None,
    )
    write_item(project, {**cdr, **changes})
    [problem] = errors(project)
    assert problem.field == "review_type"
    assert "child death review is never published as a review" in problem.message
    assert "annual learning" in problem.message and "thematic learning note" in problem.message


def test_a_child_death_review_may_be_kept_as_a_draft(project: Path) -> None:
    cdr = review_data(
        id="cdr-baby-z-2025",
        review_type="child-death-review",
        board="children",
        author=None,
        status="draft",
    )
    write_item(project, cdr)
    assert [p for p in errors(project) if p.field == "review_type"] == []


def test_other_types_without_case_records_refuse_only_a_subject(project: Path) -> None:
    peer = review_data(id="peer-2025", review_type="peer-review", author=None)
    write_item(project, peer)
    [problem] = errors(project)
    assert problem.field == "subject" and "single cases are not published" in problem.message
    write_item(project, {**peer, "subject": None})
    assert errors(project) == []


def test_placeholders_block_publication_but_not_a_draft(project: Path) -> None:
    body = body_with("[[fill in: what happened]]")
    write_item(project, review_data(summary="[[fill in: two sentences]]"), body=body)
    assert sorted(p.field for p in errors(project)) == ["body", "summary"]
    write_item(project, review_data(status="draft", summary="[[fill in: x]]"), body=body)
    assert errors(project) == []


# ------------------------------------------------------------------------------------------
# Retention, holds, embargoes
# ------------------------------------------------------------------------------------------


def test_items_past_their_retention_review_are_warnings(project: Path) -> None:
    write_item(project, review_data(published="2021-11-25"))
    [problem] = problems(project)
    assert problem.severity == "warning" and problem.field == "retention_review"
    assert "was due on 2026-11-25 (5 years after publication)" in problem.message


def test_retention_near_misses(project: Path) -> None:
    write_item(project, review_data(published="2021-11-27"))
    write_item(
        project, review_data(id="sar-b", published="2019-01-01", retention_review="2027-01-01")
    )
    write_item(
        project,
        review_data(
            id="sar-c", published="2019-01-01", status="withdrawn", withdrawn_on="2024-01-01"
        ),
    )
    assert problems(project) == []


def test_a_retention_review_before_publication_is_an_error(project: Path) -> None:
    write_item(project, review_data(retention_review="2024-01-01"))
    [problem] = errors(project)
    assert problem.field == "retention_review" and "before the publication date" in problem.message


def test_add_years_on_29_february() -> None:
    assert add_years(dt.date(2024, 2, 29), 5) == dt.date(2029, 2, 28)


def test_a_hold_for_another_reason_needs_a_note(project: Path) -> None:
    write_item(project, review_data(hold={"reason": "other"}))
    [problem] = errors(project)
    assert problem.field == "hold.reason" and "needs a 'note'" in problem.message
    write_item(project, review_data(hold={"reason": "other", "note": "Family asked to wait."}))
    assert errors(project) == []


def test_a_draft_past_its_embargo_date_is_pointed_out(project: Path) -> None:
    write_item(project, review_data(status="draft", published=None, publish_on="2026-11-01"))
    [problem] = problems(project)
    assert problem.severity == "warning" and problem.field == "publish_on"
    write_item(project, review_data(status="draft", published=None, publish_on="2026-12-01"))
    assert problems(project) == []


def test_a_public_brief_may_not_name_a_review_on_hold(project: Path) -> None:
    write_item(project, review_data(hold={"reason": "coroner", "until": "2027-02-01"}))
    brief = brief_data(kind="seven-minute-briefing", questions=["Why?"])
    write_item(project, brief, body=SEVEN_SECTIONS)
    [problem] = errors(project)
    assert problem.field == "reviews.0" and "publication is on hold (coroner)" in problem.message


def test_the_example_content_passes_every_guard() -> None:
    site = load_site(REPO, today=TODAY)
    assert site.errors == [], [p.format() for p in site.errors]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("no-front-matter.md", "Ring 07700 900123 about Adult Q.\n"),
        ("unclosed.md", "---\nid: sar-adult-q-2025\ntitle: Adult Q\n\nRing 07700 900123.\n"),
    ],
)
def test_a_file_without_front_matter_is_still_scanned_for_personal_data(
    project: Path, name: str, text: str
) -> None:
    (project / "reviews" / name).write_text(text, encoding="utf-8")
    problems = [
        p for p in load_site(project, dt.date(2026, 11, 30)).problems if p.path.endswith(name)
    ]
    assert any(p.field == "front matter" and "no front matter" in p.message for p in problems)
    [phone] = [p for p in problems if "phone number" in p.message]
    assert (phone.field, phone.line) == ("body", text.count("\n", 0, text.index("Ring")) + 1)


def test_a_file_whose_id_is_taken_is_still_scanned_for_personal_data(project: Path) -> None:
    write_item(project, review_data())
    other = review_data(id="sar-adult-q-2025", summary="Write to jane@example.org.")
    again = write_item(project, other, "Ring 07700 900123.\n")
    # Read after the first file, whose id it takes.
    text = again.read_text(encoding="utf-8").replace("sar-adult-q-2025", "sar-adult-z-2025")
    (project / "reviews" / "zz-copy.md").write_text(text, encoding="utf-8")
    again.unlink()
    problems = load_site(project, dt.date(2026, 11, 30)).problems
    mine = {(p.field, p.message.split(" (")[0]) for p in problems if p.path == "reviews/zz-copy.md"}
    assert ("id", "id 'sar-adult-z-2025' is already used by reviews/sar-adult-z-2025.md") in {
        (p.field, p.message.split(":")[0]) for p in problems if p.path == "reviews/zz-copy.md"
    }
    assert ("summary", "looks like an e-mail address") in mine
    assert ("body", "looks like a phone number") in mine
    assert not [p for p in problems if p.path == "reviews/sar-adult-z-2025.md"]
