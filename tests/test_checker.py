"""Cross-file and kind-specific rules, each with a failing and a passing case."""

from __future__ import annotations

from pathlib import Path

from support import SEVEN_SECTIONS, brief_data, review_data, write_item

from lif.index.site import load_site
from lif.model.problems import Problem
from lif.model.sections import SEVEN_MINUTE_SECTIONS, body_sections
from lif.output.scaffold import template_text


def fields_and_messages(root: Path) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in load_site(root).errors]


def test_id_must_match_file_name(project: Path) -> None:
    path = write_item(project, review_data())
    path.rename(path.with_name("other-name.md"))
    [(field, message)] = fields_and_messages(project)
    assert field == "id" and "does not match the file name 'other-name.md'" in message


def test_brief_reference_to_missing_review(project: Path) -> None:
    write_item(project, review_data())
    write_item(project, brief_data(reviews=["sar-adult-y-2025"]))
    [(field, message)] = fields_and_messages(project)
    assert field == "reviews.0" and "no review has the id 'sar-adult-y-2025'" in message


def test_brief_reference_to_a_brief_is_refused(project: Path) -> None:
    write_item(project, review_data())
    write_item(project, brief_data())
    write_item(project, brief_data(id="es-two", reviews=["es-adult-z"]))
    assert ("reviews.0", "'es-adult-z' is a brief, not a review") in fields_and_messages(project)


def test_related_must_exist(project: Path) -> None:
    write_item(project, review_data(related=["nothing-here"]))
    [(field, _)] = fields_and_messages(project)
    assert field == "related.0"


def test_disseminates_must_name_an_existing_recommendation(project: Path) -> None:
    recs = [{"id": "r1", "text": "Train staff."}]
    write_item(project, review_data(recommendations=recs))
    write_item(project, brief_data(disseminates=["sar-adult-z-2025#r2"]))
    [(field, message)] = fields_and_messages(project)
    assert field == "disseminates.0" and "has no recommendation 'r2'" in message
    write_item(project, brief_data(disseminates=["sar-adult-z-2025#r1"]))
    assert fields_and_messages(project) == []


def test_published_status_needs_a_date(project: Path) -> None:
    write_item(project, review_data(published=None))
    [(field, message)] = fields_and_messages(project)
    assert field == "status" and "no 'published' date" in message


def test_draft_needs_no_date(project: Path) -> None:
    write_item(project, review_data(status="draft", published=None))
    assert fields_and_messages(project) == []


def test_withdrawn_needs_its_date_and_vice_versa(project: Path) -> None:
    write_item(project, review_data(status="withdrawn"))
    assert any("withdrawn_on" in m for _, m in fields_and_messages(project))
    write_item(project, review_data(withdrawn_on="2026-01-01"))
    assert any(f == "withdrawn_on" for f, _ in fields_and_messages(project))
    write_item(project, review_data(status="withdrawn", withdrawn_on="2026-01-01"))
    assert fields_and_messages(project) == []


def test_published_before_embargo_is_inconsistent(project: Path) -> None:
    write_item(project, review_data(published="2030-01-01", publish_on="2030-02-01"))
    [(field, _)] = fields_and_messages(project)
    assert field == "published"


def test_seven_minute_briefing_needs_exactly_seven_sections(project: Path) -> None:
    write_item(project, review_data())
    data = brief_data(id="7mb-z", kind="seven-minute-briefing", questions=["What now?"])
    six = SEVEN_SECTIONS.rsplit("## 7.", 1)[0]
    write_item(project, data, body=six)
    [(field, message)] = fields_and_messages(project)
    assert field == "body" and "this one has 6" in message
    assert "'7. What to do next' seems to be missing (after '## 6. Questions to reflect on')" in (
        message
    )
    write_item(project, data, body=SEVEN_SECTIONS + "\n```\n## not a heading\n```\n")
    assert fields_and_messages(project) == []


def _sections(*headings: str) -> str:
    return "".join(f"## {heading}\n\nText.\n\n" for heading in headings)


USUAL = (
    "1. Background",
    "2. Why it matters",
    "3. What the review found",
    "4. Key learning",
    "5. Things to remember",
    "6. Questions to reflect on",
    "7. What to do next",
)


def briefing_problems(project: Path, body: str) -> list[Problem]:
    write_item(project, review_data())
    data = brief_data(id="7mb-z", kind="seven-minute-briefing", questions=["What now?"])
    path = write_item(project, data, body=body)
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [p for p in load_site(project).errors if p.field == "body"]
    for problem in found:
        assert problem.path == "briefs/7mb-z.md"
        # At a heading; with no heading at all, at the body's first line.
        first_body_line = lines.index("---", 1) + 2
        assert lines[problem.line - 1].startswith("## ") or problem.line == first_body_line
    return found


def test_a_missing_section_is_named_and_placed_where_it_belongs(project: Path) -> None:
    body = _sections(*[h for h in USUAL if not h.startswith("4.")])
    [problem] = briefing_problems(project, body)
    assert "this one has 6: '4. Key learning' seems to be missing" in problem.message
    assert "(before '## 5. Things to remember')" in problem.message
    text = (project / "briefs/7mb-z.md").read_text(encoding="utf-8").splitlines()
    assert text[problem.line - 1] == "## 5. Things to remember"


def test_a_missing_section_is_found_when_headings_are_worded_differently(project: Path) -> None:
    body = _sections(
        "The background",
        "Why this matters to you",
        "What was found",
        "Things to remember",
        "Reflective questions",
        "What to do now",
    )
    [problem] = briefing_problems(project, body)
    assert "'4. Key learning' seems to be missing (before '## Things to remember')" in (
        problem.message
    )


def test_two_missing_sections_are_both_named(project: Path) -> None:
    body = _sections(*USUAL[:5])
    [problem] = briefing_problems(project, body)
    assert "this one has 5: '6. Questions to reflect on' and '7. What to do next' seem to be " in (
        problem.message
    )


def test_an_extra_section_is_named_at_its_line(project: Path) -> None:
    body = _sections(*USUAL[:3], "A practice example", *USUAL[3:])
    [problem] = briefing_problems(project, body)
    assert "this one has 8, and '## A practice example' seems to be the extra one" in (
        problem.message
    )
    text = (project / "briefs/7mb-z.md").read_text(encoding="utf-8").splitlines()
    assert text[problem.line - 1] == "## A practice example"


def test_a_briefing_without_sections_is_told_the_usual_seven(project: Path) -> None:
    [problem] = briefing_problems(project, "Only a paragraph.\n")
    assert "this one has 0: add them" in problem.message
    assert "the usual seven are: 1. Background, 2. Why it matters" in problem.message


def test_the_usual_sections_are_those_of_the_template() -> None:
    headings = [text for _, text in body_sections(template_text("seven-minute-briefing"))]
    assert headings == [f"{n}. {text}" for n, text in enumerate(SEVEN_MINUTE_SECTIONS, 1)]


# --- Every problem in one run ----------------------------------------------------------------


def test_a_misspelt_theme_and_a_missing_section_are_reported_in_one_run(project: Path) -> None:
    """The case of the issue: before, the section was reported only once the theme was fixed."""
    write_item(project, review_data())
    data = brief_data(
        id="7mb-z", kind="seven-minute-briefing", questions=["What now?"], themes=["nelgect"]
    )
    write_item(project, data, body=SEVEN_SECTIONS.replace("## 4. Key learning", "Key learning"))
    found = {p.field: p.message for p in load_site(project).errors}
    assert set(found) == {"themes", "body"}
    assert "did you mean 'neglect'?" in found["themes"]
    assert "'4. Key learning' seems to be missing" in found["body"]


def test_the_body_of_a_file_with_bad_front_matter_is_still_checked(project: Path) -> None:
    write_item(
        project,
        review_data(themes=["nelgect"], summary="Call 0116 496 0000 for advice."),
        body="<script>alert(1)</script>\n",
    )
    found = {(p.field, p.message.split(" (")[0].split(":")[0]) for p in load_site(project).errors}
    assert ("themes", "unknown theme 'nelgect'; did you mean 'neglect'? Also close") in found
    assert ("summary", "looks like a phone number") in found
    assert any(field == "body" and "<script" in message for field, message in found)


def test_a_reference_to_a_file_with_bad_front_matter_is_not_a_second_problem(
    project: Path,
) -> None:
    write_item(project, review_data(themes=["nelgect"]))
    write_item(project, brief_data())  # draws on sar-adult-z-2025, whose theme is misspelt
    found = load_site(project).errors
    assert [(p.path, p.field) for p in found] == [("reviews/sar-adult-z-2025.md", "themes")]


def test_seven_minute_briefing_needs_questions(project: Path) -> None:
    write_item(project, review_data())
    write_item(project, brief_data(id="7mb-z", kind="7mb"), body=SEVEN_SECTIONS)
    [(field, _)] = fields_and_messages(project)
    assert field == "questions"


def test_executive_summary_names_exactly_one_review(project: Path) -> None:
    write_item(project, review_data())
    write_item(project, review_data(id="sar-adult-y-2025"))
    write_item(project, brief_data(reviews=["sar-adult-z-2025", "sar-adult-y-2025"]))
    [(field, message)] = fields_and_messages(project)
    assert field == "reviews" and "exactly one review" in message


def test_thematic_note_needs_two_reviews(project: Path) -> None:
    write_item(project, review_data())
    write_item(project, brief_data(id="note-z", kind="thematic-note"))
    [(field, message)] = fields_and_messages(project)
    assert field == "reviews" and "two or more" in message
    write_item(project, review_data(id="sar-adult-y-2025"))
    write_item(
        project,
        brief_data(
            id="note-z", kind="thematic-note", reviews=["sar-adult-z-2025", "sar-adult-y-2025"]
        ),
    )
    assert fields_and_messages(project) == []


def test_statutory_review_needs_author_and_pseudonym(project: Path) -> None:
    write_item(project, review_data(author=None, subject=None))
    fields = sorted(f for f, _ in fields_and_messages(project))
    assert fields == ["author", "subject"]
    write_item(project, review_data(review_type="peer-review", author=None, subject=None))
    assert fields_and_messages(project) == []


def test_public_item_may_not_reveal_an_embargoed_one(project: Path) -> None:
    write_item(project, review_data(publish_on="2030-01-01", published="2030-01-01"))
    write_item(project, brief_data())
    [(field, message)] = fields_and_messages(project)
    assert field == "reviews.0" and "embargoed until 2030-01-01" in message
    write_item(project, brief_data(publish_on="2030-01-01", published="2030-01-01"))
    assert fields_and_messages(project) == []


def test_script_in_body_is_refused(project: Path) -> None:
    path = write_item(project, review_data(), body="Fine line.\n<script>alert(1)</script>\n")
    [problem] = load_site(project).errors
    assert problem.field == "body"
    assert path.read_text().splitlines()[problem.line - 1].startswith("<script>")


def test_event_handler_and_javascript_link_in_body_are_refused(project: Path) -> None:
    body = '<img src="x" onerror="alert(1)">\n\n[click](javascript:alert(1))\n'
    write_item(project, review_data(), body=body)
    assert [p.field for p in load_site(project).errors] == ["body", "body"]


def test_disseminates_needs_a_recommendation_of_a_listed_review(project: Path) -> None:
    recs = [{"id": "r1", "text": "Train staff."}]
    write_item(project, review_data(recommendations=recs))
    write_item(project, review_data(id="sar-adult-y-2025", recommendations=recs))
    write_item(project, brief_data(disseminates=["sar-adult-z-2025", "sar-adult-y-2025#r1"]))
    messages = dict(fields_and_messages(project))
    assert "names no recommendation" in messages["disseminates.0"]
    assert "not among this brief's 'reviews'" in messages["disseminates.1"]


def test_public_brief_may_not_disseminate_an_embargoed_review(project: Path) -> None:
    recs = [{"id": "r1", "text": "Train staff."}]
    write_item(project, review_data(recommendations=recs))
    hidden = review_data(
        id="sar-adult-y-2030", recommendations=recs, publish_on="2030-01-01", published="2030-01-01"
    )
    write_item(project, hidden)
    write_item(project, brief_data(disseminates=["sar-adult-y-2030#r1"]))
    problems = fields_and_messages(project)
    assert any(f == "disseminates.0" and "embargoed until 2030-01-01" in m for f, m in problems)


def test_action_lead_agency_is_checked_against_the_vocabulary(project: Path) -> None:
    recs = [{"id": "r1", "text": "Train.", "actions": [{"text": "Do.", "lead_agency": "nope"}]}]
    write_item(project, review_data(recommendations=recs))
    [(field, message)] = fields_and_messages(project)
    assert field == "recommendations[0].actions[0].lead_agency"
    assert "unknown agency 'nope'" in message


def test_encoded_and_split_active_content_in_body_is_refused(project: Path) -> None:
    body = (
        "First line.\n\n[x](java&#115;cript:alert(1))\n\n"
        '<a href="&#x6A;avascript:alert(1)">y</a>\n\n'
        '<img src="x"\n  onerror="alert(1)">\n'
    )
    path = write_item(project, review_data(), body=body)
    problems = load_site(project).errors
    assert [p.field for p in problems] == ["body", "body", "body"]
    lines = path.read_text().splitlines()
    assert "java&#115;cript" in lines[problems[0].line - 1]
    assert "&#x6A;avascript" in lines[problems[1].line - 1]
    assert lines[problems[2].line - 1].startswith("<img")


def test_prose_with_equals_signs_and_the_word_on_passes(project: Path) -> None:
    write_item(project, review_data(), body="Contacts on record = 3; one = too few.\n")
    assert load_site(project).errors == []
