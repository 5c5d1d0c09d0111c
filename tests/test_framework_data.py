"""The framework's data files: their schema, their readers, and every row of the appendices.

The expected rows and points below are taken from the Learning and Improvement Framework (2017),
Appendices A, B and C and section 5, so a row or a point dropped from the data fails here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import ValidationError
from support import REPO

from lif.load.data import load_framework, load_vocabularies
from lif.model.framework import (
    AppendixPoint,
    MethodologyEntry,
    ReviewTypeEntry,
    methodology_schema,
    parse_framework,
    review_type_schema,
)

DATA = REPO / "data"

#: Appendix A and B of the framework: (row title, key in the data, a phrase of each point).
APPENDIX_A: list[tuple[str, str, list[str]]] = [
    (
        "Child serious case review",
        "serious-case-review",
        [
            "Meets Working Together 2015 statutory guidance",
            "omissions in the management of the case across agencies",
            "Independent Chair agrees with the recommendation",
            "Independent Author / Panel established / Terms of Reference agreed",
            "this may include the requirement for a single agency review",
            "Overview report identifies key practice episodes, learning and actions",
        ],
    ),
    (
        "Child death review",
        "child-death-review",
        [
            "Unexpected child death",
            "Abuse or neglect of the child not suspected",
            "Likely public health learning",
            "CDOP panel established, investigation progressed to agreed TOR",
            "Overview Report identifies key learning and actions",
            "Safeguarding Effectiveness Group (SEG) and the Annual Report",
        ],
    ),
    (
        "Safeguarding adult review",
        "safeguarding-adults-review",
        [
            "Care Act 2014 criteria for adult Serious Case Review met",
            "Independent Chair agrees with the recommendation",
            "Independent Author / Panel established / Terms of Reference agreed",
            "Methodology agreed for conducting the review",
            "Overview report identifies learning and improvement",
            "Actions progressed and overseen by the SCR Group",
        ],
    ),
    (
        "Domestic homicide reviews",
        "domestic-homicide-review",
        [
            "Commissioned by Community Safety Partnerships",
            "Coordinated through the SCR Group of the relevant Board area",
            "Independent Author commissioned and DHR panel established",
            "IMR reports requested from involved agencies",
            "Overview report and actions agreed by the panel",
            "Actions progressed",
        ],
    ),
    (
        "MAPPA serious case reviews",
        "mappa-serious-case-review",
        [
            "Case meets criteria for statutory MAPPA Serious Case Review",
            "Management of a serious offender has failed around public protection",
            "SCR Group assists scoping of the case across Board agencies",
            "MAPPA panel agrees Terms of Reference",
            "received by the MAPPA SMB, who oversee progress",
        ],
    ),
    (
        "Mental health homicide reviews",
        "mental-health-homicide-review",
        [
            "In April 2013 NHS England became responsible",
            "carried out separately from any police, legal and Coroner",
        ],
    ),
    (
        "Serious further offences",
        "serious-further-offence-review",
        [
            "Serious Further Offences (SFOs) were introduced in December 2008",
            "focus chiefly, but not exclusively, on the area of risk assessment",
        ],
    ),
]

APPENDIX_B: list[tuple[str, str, list[str]]] = [
    (
        "Peer review",
        "peer-review",
        [
            "LSCB / SAB / agency initiated",
            "Findings reported back to the Safeguarding Effectiveness Group (SEG)",
            "national, regional and local best practice areas",
            "Report formulates conclusions and any recommendations",
        ],
    ),
    (
        "Multi-agency case review",
        "multi-agency-learning-review",
        [
            "Initial scoping of the case identifies the number of agencies involved",
            "Terms of Reference agreed for the MACR",
            "Timeframe for the review is short",
            "Managers of services meet to review case management",
            "Brief summary report identifies learning and recommendations / actions",
        ],
    ),
    (
        "Single agency case review",
        "single-agency-learning-review",
        [
            "Safeguarding is a significant feature of the investigation",
            "Independent Investigator appointed by the agency leads the review",
            "SI report provides a summary of findings and learning",
            "Brief summary of the incident and learning reported into the SCR Group",
            "Learning shared with other agencies when the learning could improve practice",
        ],
    ),
]

APPENDIX_C: list[tuple[str, str, list[str]]] = [
    (
        "Multi-agency systems approach within serious case reviews",
        "systems-approach",
        [
            "which factors in the work environment support good practice",
            "a method for conducting case reviews",
            "It produces organisational learning",
            "will usually have seemed sensible at the time they were taken",
            "appreciating the views of people from different agencies and professions",
            "It is a collaborative model for case reviews",
            "Examples of this approach include the SCIE model and SILPs",
        ],
    ),
    (
        "Single agency assurance report",
        "single-agency-assurance-report",
        [
            "Can be provided by agencies or requested by the SCR Groups",
            "identifying gaps or strengths in practice",
            "Reports are presented at SIRG meetings",
        ],
    ),
    (
        "Root cause analysis",
        "root-cause-analysis",
        [
            "Looks at causation / is a systematic enquiry",
            "Can use a variety of different methods to identify root cause",
            "Cause of the incident identifies the actions to be taken forward",
            "Provides learning at a number of levels, from individual to agency",
        ],
    ),
    (
        "Action learning method",
        "action-learning",
        [
            "It is a form of learning by doing",
            "research (into what is obscure)",
            "Embedded within the SILP review process",
        ],
    ),
    (
        "Independent management review",
        "independent-management-review",
        [
            "2010 version of Working Together",
            "Information gathering through IMRs",
            "added by the format of the IMR template",
            "No need for a separate chair and author",
        ],
    ),
    (
        "Appreciative inquiry",
        "appreciative-inquiry",
        [
            "a change management approach",
            "The basic tenet of AI",
            "If all the attention is focused on problems",
            "If all the attention is focused on strengths",
            "provide a safe environment for staff",
            "Best used in non-critical reviews",
        ],
    ),
    (
        "Case mapping exercise",
        "case-mapping",
        [
            "bringing practitioners and managers together",
        ],
    ),
]

#: Sub-points the framework lists under a point: (data key, point index, phrase of each).
SUB_POINTS = [
    (
        "mental-health-homicide-review",
        0,
        [
            "Be clear about what",
            "Minimise the possibility",
            "Make recommendations for the delivery",
        ],
    ),
    (
        "root-cause-analysis",
        1,
        [
            '5 "why" techniques',
            "Cause and effect (fishbone)",
            "Brainstorming",
            "Timelines and chronologies",
        ],
    ),
]

#: Section 5 of the framework names these review types; with their current replacements.
SECTION_5_TYPES = [
    "serious-case-review",
    "child-death-review",
    "safeguarding-adults-review",
    "domestic-homicide-review",
    "mappa-serious-case-review",
    "multi-agency-learning-review",
    "single-agency-learning-review",
    "peer-review",
    "complaints-and-disputes",
    "child-safeguarding-practice-review",
    "domestic-abuse-related-death-review",
]

#: Appendix C names the SCIE model and SILP as versions of the systems approach.
NAMED_VARIANTS = {"scie-learning-together": "systems-approach", "silp": "systems-approach"}


def raw(filename: str) -> dict[str, Any]:
    return yaml.safe_load((DATA / filename).read_text(encoding="utf-8"))


def text_of(point: Any) -> str:
    return point.text if isinstance(point, AppendixPoint) else point


# --- The files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("filename", ["review_types.yml", "methodologies.yml"])
def test_each_data_file_opens_with_a_comment_naming_its_readers(filename: str) -> None:
    lines = (DATA / filename).read_text(encoding="utf-8").splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    assert header, f"{filename} must open with a comment"
    assert any("Read by:" in line for line in header)
    assert any("lif.framework" in line for line in header)


@pytest.mark.parametrize(
    ("filename", "schema"),
    [("review_types.yml", review_type_schema), ("methodologies.yml", methodology_schema)],
)
def test_every_entry_validates_against_the_json_schema(filename: str, schema: Any) -> None:
    validator = jsonschema.Draft202012Validator(schema())
    for key, entry in raw(filename).items():
        errors = [e.message for e in validator.iter_errors(entry)]
        assert not errors, f"{filename}: {key}: {errors}"


def test_the_repository_data_has_no_problems() -> None:
    framework, problems = parse_framework(load_vocabularies(DATA))
    assert [p.format() for p in problems] == []
    assert len(framework.review_types) == len(raw("review_types.yml"))
    assert len(framework.methodologies) == len(raw("methodologies.yml"))


def test_the_checkers_core_fields_are_kept() -> None:
    for key, entry in raw("review_types.yml").items():
        for field in (
            "statutory",
            "board",
            "case_record",
            "requires_author",
            "requires_subject",
            "current",
        ):
            assert field in entry, f"{key} lost {field}"
    types = raw("review_types.yml")
    assert types["domestic-homicide-review"]["approval"] == "home_office_qa"
    assert types["mappa-serious-case-review"]["approval"] == "strategic_management_board"
    assert types["child-death-review"]["case_record"] is False


# --- Every row and point of the appendices ----------------------------------------------------


@pytest.mark.parametrize(
    ("appendix", "expected"), [("A", APPENDIX_A), ("B", APPENDIX_B), ("C", APPENDIX_C)]
)
def test_every_row_and_point_of_the_appendix_is_in_the_data(
    appendix: str, expected: list[tuple[str, str, list[str]]]
) -> None:
    framework = load_framework(load_vocabularies(DATA))
    rows = framework.appendix_rows(appendix)
    assert [key for key, _ in rows] == [key for _, key, _ in expected]
    for (title, _, phrases), (key, entry) in zip(expected, rows, strict=True):
        assert entry.appendix_title == title, key
        assert len(entry.appendix_points) == len(phrases), key
        for phrase, point in zip(phrases, entry.appendix_points, strict=True):
            assert phrase in text_of(point), f"{key}: {phrase!r} not in {text_of(point)!r}"


@pytest.mark.parametrize(("key", "index", "phrases"), SUB_POINTS)
def test_sub_points_of_the_appendices_are_kept(key: str, index: int, phrases: list[str]) -> None:
    framework = load_framework(load_vocabularies(DATA))
    entry = framework.review_types.get(key) or framework.methodologies[key]
    point = entry.appendix_points[index]
    assert isinstance(point, AppendixPoint)
    assert len(point.points) == len(phrases)
    for phrase, sub in zip(phrases, point.points, strict=True):
        assert phrase in sub


def test_every_type_named_in_section_5_and_its_replacement_has_data() -> None:
    framework = load_framework(load_vocabularies(DATA))
    for key in SECTION_5_TYPES:
        assert key in framework.review_types, key
    for key, parent in NAMED_VARIANTS.items():
        assert framework.methodologies[key].variant_of == parent


def test_appendix_a_is_statutory_and_appendix_b_is_not() -> None:
    framework = load_framework(load_vocabularies(DATA))
    assert all(e.statutory for _, e in framework.appendix_rows("A"))
    assert not any(e.statutory for _, e in framework.appendix_rows("B"))


# --- The schema: a factory and its negative cases ---------------------------------------------


def make_type(**changes: Any) -> dict[str, Any]:
    """A valid review-type entry, with ``changes`` applied (None removes a key)."""
    data: dict[str, Any] = {
        "label": "Test review",
        "description": "A review for the tests.",
        "statutory": False,
        "board": "both",
        "case_record": True,
        "requires_author": False,
        "requires_subject": False,
        "current": True,
        "legal_basis": "None.",
        "when_required": ["When a test needs it."],
        "fits_when": "A test needs a review.",
        "commissioned_by": "The test group.",
        "led_by": "A tester.",
        "process": ["Write the test.", "Run it."],
        "sharing": ["Test reports."],
        "publication": "Never.",
        "publication_short": "No.",
    }
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def make_method(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "label": "Test method",
        "description": "A method for the tests.",
        "how_it_works": ["Try it."],
        "best_for": "Tests.",
    }
    data.update(changes)
    return data


def test_the_factory_entries_are_valid() -> None:
    ReviewTypeEntry.model_validate(make_type())
    MethodologyEntry.model_validate(make_method())


def test_an_appendix_point_may_have_points_of_its_own() -> None:
    entry = ReviewTypeEntry.model_validate(
        make_type(
            appendix="B",
            appendix_row=9,
            appendix_title="Test",
            appendix_points=["One.", {"text": "Two:", "points": ["a.", "b."]}],
        )
    )
    assert isinstance(entry.appendix_points[1], AppendixPoint)
    assert entry.appendix_points[1].points == ["a.", "b."]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"legal_basis": None}, "legal_basis"),
        ({"process": []}, "process"),
        ({"legal_basis_typo": "x"}, "legal_basis_typo"),
        ({"sharing": ["Read <b>this</b>."]}, "plain text"),
        (
            {"appendix": "A", "appendix_row": 1, "appendix_title": "T", "appendix_points": ["p"]},
            "Appendix A lists statutory reviews",
        ),
        (
            {
                "statutory": True,
                "appendix": "B",
                "appendix_row": 1,
                "appendix_title": "T",
                "appendix_points": ["p"],
            },
            "Appendix B lists non-statutory reviews",
        ),
        ({"appendix": "B"}, "needs appendix_row, appendix_title and appendix_points"),
        ({"appendix_points": ["p"]}, "belong to an entry with 'appendix' set"),
        ({"appendix": "C"}, "appendix"),
        ({"current": False}, "needs 'replaced_by'"),
        ({"framework_section": "five"}, "framework_section"),
    ],
)
def test_a_bad_review_type_entry_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        ReviewTypeEntry.model_validate(make_type(**changes))
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"links": [{"title": "x", "url": "javascript:alert(1)"}]}, "url"),
        ({"techniques": [{"name": "Five whys"}]}, "description"),
        ({"how_it_works": []}, "how_it_works"),
        (
            {"appendix": "A", "appendix_row": 1, "appendix_title": "T", "appendix_points": ["p"]},
            "appendix",
        ),
    ],
)
def test_a_bad_methodology_entry_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        MethodologyEntry.model_validate(make_method(**changes))
    assert message in str(info.value)


# --- Cross-references between the files -------------------------------------------------------


def data_copy(
    tmp_path: Path, types: dict[str, Any] | None = None, methods: dict[str, Any] | None = None
) -> Path:
    """The repository's data in ``tmp_path/data``, with the two framework files replaced."""
    target = tmp_path / "data"
    target.mkdir()
    for source in DATA.glob("*.yml"):
        (target / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    if types is not None:
        (target / "review_types.yml").write_text(yaml.safe_dump(types), encoding="utf-8")
    if methods is not None:
        (target / "methodologies.yml").write_text(yaml.safe_dump(methods), encoding="utf-8")
    return target


def problems_for(
    tmp_path: Path, types: dict[str, Any] | None = None, methods: dict[str, Any] | None = None
) -> list[str]:
    _, problems = parse_framework(load_vocabularies(data_copy(tmp_path, types, methods)))
    return [p.format() for p in problems]


def test_an_unknown_methodology_gets_a_did_you_mean(tmp_path: Path) -> None:
    types = raw("review_types.yml")
    types["peer-review"]["methodologies"] = ["apreciative-inquiry"]
    [message] = problems_for(tmp_path, types=types)
    assert message.startswith("data/review_types.yml:")
    assert "peer-review.methodologies" in message
    assert "did you mean 'appreciative-inquiry'?" in message


def test_replaced_by_and_replaces_must_agree(tmp_path: Path) -> None:
    types = raw("review_types.yml")
    types["child-safeguarding-practice-review"]["replaces"] = "peer-review"
    messages = problems_for(tmp_path, types=types)
    assert any("serious-case-review.replaced_by" in m for m in messages)
    assert any("child-safeguarding-practice-review.replaces" in m for m in messages)


def test_unknown_board_approval_and_duplicate_rows_are_reported(tmp_path: Path) -> None:
    types = raw("review_types.yml")
    types["peer-review"]["board"] = "parents"
    types["peer-review"]["approval"] = "mayor"
    types["peer-review"]["appendix_row"] = 2
    messages = "\n".join(problems_for(tmp_path, types=types))
    assert "peer-review.board: unknown board 'parents'" in messages
    assert "peer-review.approval: unknown approval 'mayor'" in messages
    assert "row 2 of Appendix B is also used by" in messages


def test_a_variant_must_belong_to_a_method_that_is_not_a_variant(tmp_path: Path) -> None:
    methods = raw("methodologies.yml")
    methods["silp"]["variant_of"] = "scie-learning-together"
    [message] = problems_for(tmp_path, methods=methods)
    assert "silp.variant_of" in message


def test_every_problem_in_the_data_is_reported_in_one_run(tmp_path: Path) -> None:
    types = raw("review_types.yml")
    del types["peer-review"]["legal_basis"]
    del types["child-death-review"]["process"]
    messages = problems_for(tmp_path, types=types)
    assert any("peer-review.legal_basis" in m for m in messages)
    assert any("child-death-review.process" in m for m in messages)
