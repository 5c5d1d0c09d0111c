"""Rules over the framework data (``data/review_types.yml``, ``data/methodologies.yml``)."""

from __future__ import annotations

from lif.model.framework import parse_framework
from lif.model.problems import Problem
from lif.model.vocab import Vocabularies


def check_framework_data(vocab: Vocabularies) -> list[Problem]:
    """Every problem in the review-type and methodology data (for ``lif check`` and the build)."""
    return parse_framework(vocab)[1]
