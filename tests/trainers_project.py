"""A small fictional project for the trainers' features: packs, feeds, print views and links.

Used by tests/test_permalinks.py, tests/test_export.py, tests/test_feeds.py and the browser test
of redirects. Every item is fictional. Which items are public on the test day (2026-11-26):

===============================  ========  ==========  =====================================
id                               board     published   notes
===============================  ========  ==========  =====================================
sar-adult-q-2024                 adults    2024-05-01  neglect; two learning points, one rec
lcspr-child-v-2025               children  2025-02-10  neglect; updated 2026-10-01
malr-joint-w-2025                both      2025-06-20  domestic abuse (joint)
7mb-neglect-adult-q              adults    2024-06-01  seven-minute briefing on neglect
sar-adult-old-2019               adults    2019-03-01  withdrawn 2025-01-01; neglect
draft-neglect-marker             adults    (draft)     must never appear anywhere
embargo-neglect-marker           adults    2030-01-01  embargoed: must never appear
===============================  ========  ==========  =====================================
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support import (
    SEVEN_SECTIONS,
    brief_data,
    review_data,
    write_item,
)

#: Ids that are not public on the test day.
UNPUBLISHED = ("draft-neglect-marker", "embargo-neglect-marker")

SAR_Q: dict[str, Any] = review_data(
    id="sar-adult-q-2024",
    title="Safeguarding adults review: Adult Q",
    subject="Adult Q",
    published="2024-05-01",
    themes=["neglect", "self-neglect"],
    summary="Adult Q lived alone and *declined* help. Agencies did not share what they knew.",
    learning=[
        {
            "id": "ask-twice",
            "title": "Ask twice",
            "text": "Ask a second time when someone says no.",
        },
        {"id": "share-early", "text": "Share concerns early; do not wait for a referral."},
    ],
    recommendations=[
        {"id": "rec-1", "text": "Agree a shared self-neglect pathway.", "stage": "identified"}
    ],
)

LCSPR_V: dict[str, Any] = review_data(
    id="lcspr-child-v-2025",
    title="Local child safeguarding practice review: Child V",
    review_type="child-safeguarding-practice-review",
    board="children",
    subject="Child V",
    published="2025-02-10",
    updated="2026-10-01",
    themes=["neglect"],
    summary="Child V was not brought to eleven appointments.",
    learning=[{"id": "was-not-brought", "text": "A child is not brought; a child does not fail."}],
)

MALR_W: dict[str, Any] = review_data(
    id="malr-joint-w-2025",
    title="Multi-agency learning review: the W family",
    review_type="multi-agency-learning-review",
    board="both",
    subject="the W family",
    published="2025-06-20",
    themes=["domestic-abuse"],
    summary="A family known to adult and children's services.",
    learning=[{"id": "think-family", "text": "Think family: ask who else lives in the home."}],
)

OLD_WITHDRAWN: dict[str, Any] = review_data(
    id="sar-adult-old-2019",
    title="Safeguarding adults review: Adult O",
    subject="Adult O",
    status="withdrawn",
    published="2019-03-01",
    withdrawn_on="2025-01-01",
    themes=["neglect"],
    summary="An older review whose documents were taken down after five years.",
    learning=[{"id": "lp-1", "text": "Carers need support too."}],
)

BRIEF_Q: dict[str, Any] = brief_data(
    id="7mb-neglect-adult-q",
    title="Seven-minute briefing: neglect and Adult Q",
    kind="seven-minute-briefing",
    published="2024-06-01",
    themes=["neglect"],
    summary="What the review of Adult Q means for your team.",
    reviews=["sar-adult-q-2024"],
    questions=["What do you do when someone says no?", "Who else should know?"],
)

DRAFT: dict[str, Any] = review_data(
    id="draft-neglect-marker",
    title="Draft neglect marker",
    status="draft",
    published=None,
    themes=["neglect"],
    summary="A draft that must never appear.",
)

EMBARGOED: dict[str, Any] = review_data(
    id="embargo-neglect-marker",
    title="Embargoed neglect marker",
    published="2030-01-01",
    publish_on="2030-01-01",
    themes=["neglect"],
    summary="An embargoed review that must never appear.",
)

ALL_ITEMS = (SAR_Q, LCSPR_V, MALR_W, OLD_WITHDRAWN, BRIEF_Q, DRAFT, EMBARGOED)


def write_trainers_content(root: Path) -> None:
    """Write every item of the table above into the project at ``root``."""
    for data in ALL_ITEMS:
        body = SEVEN_SECTIONS if data.get("kind") == "seven-minute-briefing" else "Body text.\n"
        write_item(root, data, body)
