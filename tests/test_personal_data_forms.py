"""Personal data in every form it gets written (issue 14): the checker reads the source and the
text a reader sees once rendered, so nothing it would refuse reaches a page or the search index
(the build runs the checker first and stops on any error)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support import review_data, run_build, write_item

from lif.index.site import load_site
from lif.load.data import parse_allowlist
from lif.model.markdown import render_markdown
from lif.model.privacy import PRIVATE_NAMES_VARIABLE, find_personal_data, reader_segments
from lif.model.problems import Problem

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _no_private_list_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PRIVATE_NAMES_VARIABLE, raising=False)


def errors(root: Path) -> list[Problem]:
    return [p for p in load_site(root, today=TODAY).problems if p.is_error]


#: Each row of the issue's table, and more of each kind: (the line in the body, the kind's label,
#: a piece of the line the problem must point at).
ROWS = [
    ("Contact jane&#64;example.org for copies.", "an e-mail address", "jane&#64;"),
    ("Contact jane&#x40;example.org.", "an e-mail address", "jane&#x40;"),
    ("Her mobile was 07700 9<!-- -->00123.", "a phone number", "07700 9"),
    ("NHS number 943 **476** 5919.", "an NHS number", "943 **476**"),
    ("NHS number 943<span>476</span>5919.", "an NHS number", "943<span>"),
    ("NHS number 943.476.5919.", "an NHS number", "943.476.5919"),
    ("NHS number 943 476-5919.", "an NHS number", "943 476-5919"),
    ("NHS number 943  476 5919.", "an NHS number", "943  476"),
    ("NI number AB-12-34-56-C.", "a National Insurance number", "AB-12-34-56-C"),
    ("NI number AB.12.34.56.C.", "a National Insurance number", "AB.12.34.56.C"),
    ("She moved to LE1-6ZG.", "a full postcode", "LE1-6ZG"),
    ("She moved to le1 6zg.", "a full postcode", "le1 6zg"),
    ("See [the map](https://maps.example.org/?q=LE1+6ZG).", "a full postcode", "LE1+6ZG"),
    ("See [the map](https://maps.example.org/place/LE1%206ZG).", "a full postcode", "LE1%206ZG"),
    ("DOB – 03/03/2011.", "a date of birth", "DOB – 03/03/2011"),
    ("D.o.B. 3-Mar-2011.", "a date of birth", "3-Mar-2011"),
    ("She was born on the 3rd of March 2011.", "a date of birth", "3rd of March"),
    ("Born 2011-03-03.", "a date of birth", "2011-03-03"),
    ("Child A (b. 03.03.2011) lived there.", "a date of birth", "b. 03.03.2011"),
    ("See [record](https://example.org/patients/9434765919).", "an NHS number", "9434765919"),
    ("Ring [the mobile](tel:07700900123).", "a phone number", "tel:07700900123"),
    ("NHS number 943\u00a0476\u20115919.", "an NHS number", "943\u00a0476"),
    ("Write to jane\u200b@example.org.", "an e-mail address", "jane\u200b@"),
]


@pytest.mark.parametrize(("line", "label", "at"), ROWS)
def test_each_form_of_personal_data_is_refused_at_its_line(
    project: Path, line: str, label: str, at: str
) -> None:
    path = write_item(project, review_data(), body=f"## Background\n\nFirst line.\n{line}\n")
    found = errors(project)
    assert [p.field for p in found] == ["body"], found
    [problem] = found
    assert f"looks like {label}" in problem.message
    assert problem.path == "reviews/sar-adult-z-2025.md"
    assert at in path.read_text(encoding="utf-8").splitlines()[problem.line - 1]


def test_a_table_column_headed_dob_is_read_as_dates_of_birth(project: Path) -> None:
    body = (
        "## Background\n\nWho lived there:\n\n| Person | DOB |\n| --- | --- |\n"
        "| Child A | 03/03/2011 |\n| Child B | 4 May 2013 |\n"
    )
    path = write_item(project, review_data(), body=body)
    found = errors(project)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(found) == 2
    assert all("looks like a date of birth" in p.message for p in found)
    assert {lines[p.line - 1] for p in found} == {
        "| Child A | 03/03/2011 |",
        "| Child B | 4 May 2013 |",
    }


def test_a_table_of_other_dates_passes(project: Path) -> None:
    body = "## Timeline\n\n| Event | Date |\n| --- | --- |\n| Referral | 03/03/2021 |\n"
    write_item(project, review_data(), body=body)
    assert errors(project) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("summary", "Write to jane&#64;example.org for the report."),
        ("summary", "NHS number 943 **476** 5919 was shared."),
        ("title", "Review of the family at le1-6zg"),
    ],
)
def test_fields_are_read_as_rendered_too(project: Path, field: str, value: str) -> None:
    write_item(project, review_data(**{field: value}))
    [problem] = [p for p in errors(project) if "looks like" in p.message]
    assert problem.field == field


@pytest.mark.parametrize(
    "line",
    [
        "The review (LCSPR 2023/04) covered 2019-2021 and 0-19 services.",
        "on the b12 1st floor",
        "Samaritans: 116 123.",
        "Published on 3 March 2024; the plan ran 2021-03-03 to 2022-03-03.",
        "[The report](https://www.lrsb.org.uk/uploads/2021/07/report.pdf)",
        "Born in March 2015, the baby.",
    ],
)
def test_near_misses_in_every_form_pass(project: Path, line: str) -> None:
    write_item(project, review_data(), body=f"## Background\n\n{line}\n")
    assert errors(project) == []


def test_reader_text_decodes_joins_and_reads_addresses() -> None:
    html = render_markdown(
        "A 9<!-- x -->1 *b* &amp; c&#64;d\n\n[x](https://e.org/a%20b?q=LE1+6ZG)\n"
    )
    text, *addresses = reader_segments(html)
    assert "A 91 b & c@d" in text
    assert "https   e.org a b q LE1 6ZG" in addresses


@pytest.mark.parametrize(
    ("pattern", "shown"),
    [
        (".*", "empty text"),
        ("\\d+", "'0'"),
        ("[0-9 ]+", "'0'"),
        ("\\d{3} \\d{3} \\d{4}", "'943 476 5919'"),
        (".+@.+", "'jane@example.org'"),
        ("[A-Z]{1,2}\\d \\d[A-Z]{2}", "'LE1 6ZG'"),
    ],
)
def test_an_allowlist_pattern_that_matches_ordinary_text_is_refused(
    pattern: str, shown: str
) -> None:
    text = f"entries:\n  - pattern: '{pattern}'\n    reason: Too broad.\n"
    allowlist, [problem] = parse_allowlist(text)
    assert allowlist.entries == ()
    assert (problem.line, problem.field) == (2, "entries[0]")
    assert f"it matches {shown}" in problem.message
    assert "give the exact 'value'" in problem.message


def test_a_narrow_allowlist_pattern_is_kept() -> None:
    text = "entries:\n  - pattern: '0808 ?800 ?5000'\n    reason: NSPCC helpline.\n"
    allowlist, problems = parse_allowlist(text)
    assert problems == []
    [finding] = find_personal_data("NSPCC on 0808 800 5000")
    assert allowlist.allows(finding)


def test_the_build_refuses_what_the_checker_refuses(project: Path) -> None:
    write_item(
        project, review_data(), body="## Background\n\nContact jane&#64;example.org today.\n"
    )
    result = run_build(project)
    assert result.returncode != 0
    assert "looks like an e-mail address" in result.stdout + result.stderr
    assert not (project / "site/search").exists()
