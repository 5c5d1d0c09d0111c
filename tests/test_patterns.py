"""The patterns run over content (personal data, plain-text fields, document addresses) find the
same things when the text is long or odd: many spaces, many filler words, many labels."""

from __future__ import annotations

import pytest
from support import review_data

from lif.load.data import parse_private_names
from lif.model.content import Review
from lif.model.privacy import find_personal_data

SPACES = " " * 5000


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("DOB:   \t 12/03/2015.", "date-of-birth", "DOB:   \t 12/03/2015"),
        ("She was born on the 3rd of May 2015.", "date-of-birth", "born on the 3rd of May 2015"),
        ("born was is on of the 3 May 2015", "date-of-birth", "born was is on of the 3 May 2015"),
        (f"Date of birth{SPACES}4 June 2016", "date-of-birth", f"Date of birth{SPACES}4 June 2016"),
        ("dates  of  birth: June  4,  2016", "date-of-birth", "dates  of  birth: June  4,  2016"),
        ("write to a.b@x.y.z.example.co.uk now", "email", "a.b@x.y.z.example.co.uk"),
    ],
)
def test_long_runs_are_found_whole(text: str, kind: str, found: str) -> None:
    [finding] = find_personal_data(text)
    assert (finding.kind, finding.text) == (kind, found)


@pytest.mark.parametrize(
    "text",
    [
        "born " + "is " * 3000 + "in 2015",
        f"born{SPACES}on{SPACES}x",
        "DOB " + "- " * 3000,
        "a@" + "b." * 3000 + "c1",
        "a." * 3000 + "@",
        "born in March 2015",
    ],
)
def test_long_runs_without_a_match_find_nothing(text: str) -> None:
    assert find_personal_data(text) == []


def test_a_private_name_across_a_long_run_of_separators_is_found() -> None:
    names = parse_private_names("Jane Smith\n")
    text = f"Met Jane{SPACES}Smith, then Jane-Smithers."
    assert [(start, end) for start, end, _ in names.find(text)] == [(4, 4 + len(SPACES) + 9)]


@pytest.mark.parametrize("tag", ["<p>", "< / p>", f"<{SPACES}/{SPACES}p>", "&amp;", "&#39;"])
def test_markup_in_a_plain_text_field_is_refused(tag: str) -> None:
    with pytest.raises(ValueError, match="must be plain text"):
        Review.model_validate(review_data(summary=f"A summary {tag} here."))


@pytest.mark.parametrize("text", [f"<{SPACES}1", "a < 3 and c > 2", "fish & chips;", "&" * 3000])
def test_text_that_only_looks_like_markup_is_accepted(text: str) -> None:
    assert Review.model_validate(review_data(summary=text)).summary == text
