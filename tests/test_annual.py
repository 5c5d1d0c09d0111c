"""``lif action-plan``: a board's action-plan status for a year, as CSV and Markdown."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from support import REPO, TODAY, brief_data, review_data, write_item

from lif.cli.main import main
from lif.index.annual import financial_year, parse_year
from lif.output.files import EXPORTS_DIR
from lif.output.sheets import spreadsheet_cell


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIF_TODAY", TODAY)


def update(
    date: str, note: str, stage: str | None = None, rag: str | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {"date": date, "note": note}
    if stage:
        out["stage"] = stage
    if rag:
        out["rag"] = rag
    return out


# Years -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2025", "2025/26", "2025-26", "2025-2026", " 2025 / 26 "])
def test_financial_year_forms(text: str) -> None:
    year = parse_year(text)
    assert (year.start, year.end, year.label) == (
        dt.date(2025, 4, 1),
        dt.date(2026, 3, 31),
        "2025/26",
    )


def test_calendar_year() -> None:
    year = parse_year("2025", calendar=True)
    assert (year.start, year.end, year.label) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
        "2025",
    )


@pytest.mark.parametrize(
    ("text", "calendar", "message"),
    [
        ("last year", False, "is not a year"),
        ("2025/27", False, "the second year follows the first"),
        ("2025/26", True, "give one year"),
        ("1066", False, "not a plausible year"),
    ],
)
def test_bad_years_are_refused_with_a_reason(text: str, calendar: bool, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_year(text, calendar=calendar)


def test_the_year_after_2099_wraps_its_short_form() -> None:
    assert financial_year(2099).label == "2099/00"
    assert parse_year("2099/00").end == dt.date(2100, 3, 31)


def test_spreadsheet_formulas_are_kept_as_text() -> None:
    assert spreadsheet_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert spreadsheet_cell("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_cell("Plain text.") == "Plain text."


# The export ------------------------------------------------------------------------------------


def content(root: Path) -> None:
    """An adults review, a joint review, a children review, a draft and an old finished review."""
    write_item(
        root,
        review_data(
            id="sar-adult-z-2025",
            published="2025-06-12",
            recommendations=[
                {
                    "id": "capacity",
                    "text": "Train staff on executive capacity.",
                    "lead_agency": "adult-social-care",
                    "stage": "embedded",
                    "rag": "amber",
                    "due": "2026-01-31",
                    "actions": [
                        {
                            "text": "Write the module.",
                            "due": "2025-09-30",
                            "completed": "2025-09-15",
                        },
                        {"text": "Audit the use.", "due": "2026-06-30"},
                    ],
                    "updates": [
                        update(
                            "2025-09-15", "Module written and delivered.", "disseminated", "green"
                        ),
                        update(
                            "2026-03-31",
                            "Audit of 40 cases: most now consider it.",
                            "embedded",
                            "amber",
                        ),
                        update("2026-04-01", "Second audit commissioned."),
                    ],
                },
                {
                    "id": "befriending",
                    "text": "Fund a befriending scheme.",
                    "not_taken_forward": "Commissioners chose the national helpline instead.",
                },
                {"id": "banks", "text": "=Agree a route for banks.", "due": "2025-12-31"},
            ],
        ),
    )
    write_item(
        root,
        review_data(
            id="dhr-ms-q-2024",
            title="Domestic homicide review: Ms Q",
            review_type="domestic-homicide-review",
            board="both",
            subject="Ms Q",
            published="2024-02-01",
            approvals={"home_office_qa": "2023-12-01"},
            recommendations=[{"id": "gp", "text": "GPs ask about abuse.", "due": "2024-12-31"}],
        ),
    )
    write_item(
        root,
        review_data(
            id="cspr-child-t-2025",
            board="children",
            review_type="child-safeguarding-practice-review",
            subject="Child T",
            published="2025-05-01",
            recommendations=[{"id": "school", "text": "Share school records."}],
        ),
    )
    write_item(
        root,
        review_data(
            id="sar-adult-y-2026",
            status="draft",
            published=None,
            recommendations=[{"id": "secret", "text": "Not published yet."}],
        ),
    )
    write_item(
        root,
        review_data(
            id="sar-adult-x-2019",
            published="2019-05-01",
            recommendations=[
                {
                    "id": "done",
                    "text": "Finished long ago.",
                    "stage": "evaluated",
                    "evidence": "Re-audit in 2021.",
                    "updates": [update("2021-05-01", "Re-audit.", "evaluated")],
                }
            ],
        ),
    )
    write_item(
        root,
        brief_data(
            id="es-adult-z",
            published="2025-07-01",
            reviews=["sar-adult-z-2025"],
            disseminates=["sar-adult-z-2025#banks"],
        ),
    )


def export(root: Path, out: Path, *args: str) -> tuple[list[dict[str, str]], str]:
    status = main(["action-plan", "--root", str(root), "--out", str(out), *args])
    assert status == 0
    [csv_path] = out.glob("*.csv")
    [md_path] = out.glob("*.md")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows, md_path.read_text(encoding="utf-8")


def test_adults_financial_year_2025(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content(project)
    rows, summary = export(project, tmp_path / "out", "--board", "adults", "--year", "2025")
    assert {(r["Review ID"], r["Recommendation ID"]) for r in rows} == {
        ("sar-adult-z-2025", "capacity"),
        ("sar-adult-z-2025", "befriending"),
        ("sar-adult-z-2025", "banks"),
        ("dhr-ms-q-2024", "gp"),  # joint, and still open when the year began
    }
    by_id = {r["Recommendation ID"]: r for r in rows}
    capacity = by_id["capacity"]
    assert capacity["Report date"] == "2026-03-31"
    assert capacity["Stage at report date"] == "Embedded"  # reached on 31 March 2026, in the year
    assert capacity["RAG at report date"] == "amber"
    assert "2026-04-01" not in capacity["Done in the period"]  # the day after the year ended
    assert "2025-09-15: action completed: Write the module." in capacity["Done in the period"]
    assert capacity["Actions"].splitlines() == [
        "Write the module. (due 2025-09-30; completed 2025-09-15)",
        "Audit the use. (due 2026-06-30; not completed)",
    ]
    assert by_id["befriending"]["Stage at report date"] == "Not taken forward"
    assert by_id["befriending"]["Reason not taken forward"] == (
        "Commissioners chose the national helpline instead."
    )
    banks = by_id["banks"]
    assert banks["Recommendation"] == "'=Agree a route for banks."
    assert banks["Stage at report date"] == "Disseminated"  # by the briefing of 1 July 2025
    assert banks["Disseminated through"] == "Executive summary: Adult Z (2025-07-01)"
    assert banks["Overdue at report date"] == "yes"
    assert by_id["gp"]["Board"] == "Children and Adults Boards (joint)"
    assert by_id["capacity"]["Link"] == (
        "https://learning.example.org.uk/reviews/sar-adult-z-2025/#recommendation-capacity"
    )

    assert summary.startswith("# Learning from reviews: Safeguarding Adults Board, 2025/26")
    assert "1 April 2025 to 31 March 2026 (the financial year 2025/26)" in summary
    not_taken = summary.split("## Recommendations not taken forward", 1)[1].split("##", 1)[0]
    assert "Commissioners chose the national helpline instead." in not_taken
    learned = summary.split("## What we learned", 1)[1].split("## What we did", 1)[0]
    assert "Safeguarding adults review: Adult Z" in learned and "Ms Q" not in learned
    assert "| Not taken forward | 1 |" in summary
    assert "Not published yet" not in summary and "secret" not in str(rows)
    out = capsys.readouterr()
    assert "action-plan-adults-2025-26.csv" in out.out and "4 recommendation(s)" in out.err


def test_without_joint_reviews_and_for_the_children(project: Path, tmp_path: Path) -> None:
    content(project)
    rows, _ = export(project, tmp_path / "a", "--board", "adults", "--year", "2025", "--no-joint")
    assert "dhr-ms-q-2024" not in {r["Review ID"] for r in rows}
    rows, _ = export(project, tmp_path / "c", "--board", "children", "--year", "2025/26")
    assert {r["Review ID"] for r in rows} == {"cspr-child-t-2025", "dhr-ms-q-2024"}


def test_the_status_in_a_later_year_and_a_calendar_year(project: Path, tmp_path: Path) -> None:
    content(project)
    rows, summary = export(project, tmp_path / "a", "--board", "adults", "--year", "2026")
    capacity = {r["Recommendation ID"]: r for r in rows}["capacity"]
    # The year 2026/27 is not over on the build's day: the status is today's.
    assert capacity["Report date"] == TODAY
    assert "2026-04-01: Second audit commissioned." in capacity["Done in the period"]
    assert "the period is not over" in summary
    assert "sar-adult-x-2019" not in {r["Review ID"] for r in rows}  # evaluated long before
    rows, _ = export(
        project, tmp_path / "c", "--board", "adults", "--year", "2024", "--calendar-year"
    )
    assert {r["Review ID"] for r in rows} == {"dhr-ms-q-2024"}


def test_unknown_board_and_bad_year(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content(project)
    assert (
        main(
            [
                "action-plan",
                "--root",
                str(project),
                "--board",
                "adult",
                "--year",
                "2025",
                "--out",
                str(tmp_path),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "unknown board 'adult'" in err and "allowed: children, adults, both" in err
    assert (
        main(
            [
                "action-plan",
                "--root",
                str(project),
                "--board",
                "adults",
                "--year",
                "25",
                "--out",
                str(tmp_path),
            ]
        )
        == 1
    )
    assert "--year: '25' is not a year" in capsys.readouterr().err
    assert list(tmp_path.glob("*.csv")) == []


def test_content_errors_stop_the_export(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_item(
        project,
        review_data(
            recommendations=[
                {"id": "r1", "text": "Evaluated with no evidence.", "stage": "evaluated"}
            ]
        ),
    )
    out = tmp_path / "out"
    assert (
        main(
            [
                "action-plan",
                "--root",
                str(project),
                "--board",
                "adults",
                "--year",
                "2025",
                "--out",
                str(out),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "has no 'evidence'" in err and "Nothing was written" in err and "Traceback" not in err
    assert not out.exists()


def test_help_says_what_the_year_means(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["action-plan", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "1 April to 31 March" in text and "--calendar-year" in text


def test_without_out_the_files_go_into_the_ignored_exports_folder(
    project: Path,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    content(project)
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)
    before = {p.name for p in project.iterdir()}
    assert main(["action-plan", "--root", str(project), "--board", "adults", "--year", "2025"]) == 0
    exports = project / EXPORTS_DIR
    assert sorted(p.name for p in exports.iterdir()) == [
        "action-plan-adults-2025-26.csv",
        "action-plan-adults-2025-26.md",
    ]
    assert {p.name for p in project.iterdir()} - before == {EXPORTS_DIR}
    assert list(elsewhere.iterdir()) == []
    assert f"/{EXPORTS_DIR}/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    [line] = capsys.readouterr().err.splitlines()
    assert line == (
        "lif action-plan: 4 recommendation(s) for Safeguarding Adults Board, 2025/26: wrote "
        f"action-plan-adults-2025-26.csv and action-plan-adults-2025-26.md in {exports}"
    )
