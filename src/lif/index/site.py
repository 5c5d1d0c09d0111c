"""The site's data: everything loaded, checked and indexed once, for the build and the tools.

``load_site`` is the one entry point that the site build, ``lif check`` and ``lif export`` share.
It knows nothing about the generator that turns it into pages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar, cast

from lif.check.framework import check_framework_data
from lif.check.rules import check_library
from lif.load.content import load_library
from lif.load.data import load_vocabularies
from lif.model.body_links import LinkTargets, author_links, link_targets
from lif.model.content import Brief, Item, Review
from lif.model.library import Library
from lif.model.links import BaseSnapshot
from lif.model.problems import Problem, sort_problems
from lif.model.publication import is_public, newest_first_key, today_from_env
from lif.model.vocab import Vocabularies

T = TypeVar("T")


#: The key under a generator's free-form settings (mkdocs: ``config.extra``) that carries the
#: loaded site from the build's hook to its macros and templates.
SITE_KEY = "lif_site"


@dataclass
class Site:
    """The loaded library, its problems, and the public items the site is built from."""

    root: Path
    today: dt.date
    vocab: Vocabularies
    library: Library
    problems: list[Problem] = field(default_factory=list)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def cached(self, key: str, factory: Callable[[], T]) -> T:
        """A value computed once per site (an index that several pages look things up in)."""
        if key not in self._memo:
            self._memo[key] = factory()
        return cast(T, self._memo[key])

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors (they stop the build)."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are warnings."""
        return [p for p in self.problems if not p.is_error]

    @cached_property
    def public(self) -> list[Item]:
        """Every item that may appear in outputs today, newest first."""
        return sorted(
            (i for i in self.library.items if is_public(i, self.today)), key=newest_first_key
        )

    @cached_property
    def public_ids(self) -> frozenset[str]:
        """The ids of the public items."""
        return frozenset(i.id for i in self.public)

    @cached_property
    def by_id(self) -> dict[str, Item]:
        """Public items by id."""
        return {i.id: i for i in self.public}

    @cached_property
    def reviews(self) -> list[Review]:
        """The public reviews, newest first."""
        return [i for i in self.public if isinstance(i, Review)]

    @cached_property
    def briefs(self) -> list[Brief]:
        """The public briefs, newest first."""
        return [i for i in self.public if isinstance(i, Brief)]

    @cached_property
    def briefs_by_review(self) -> dict[str, list[Brief]]:
        """The public briefs that draw on each review (computed: reviews never list them)."""
        out: dict[str, list[Brief]] = defaultdict(list)
        for brief in self.briefs:
            for review_id in dict.fromkeys(brief.reviews):
                out[review_id].append(brief)
        return dict(out)

    @cached_property
    def link_targets(self) -> LinkTargets:
        """Every item a body may link to by id or by source path."""
        paths = {key: source.path for key, source in self.library.sources.items()}
        return link_targets(self.library.items, paths)

    def body(self, item: Item) -> str:
        """The Markdown body of an item, with its links by id and by source path written as
        the target's page (see :mod:`lif.model.body_links`)."""
        source = self.library.sources[item.id]
        return author_links(source.body, item, source.path, self.link_targets)

    def source_path(self, item: Item) -> str:
        """The project-relative path of the file ``item`` was read from."""
        return self.library.sources[item.id].path


def load_site(
    root: Path | str,
    today: dt.date | None = None,
    paths: Iterable[Path] | None = None,
    base: BaseSnapshot | None = None,
    parallel: bool = False,
) -> Site:
    """Load vocabularies and content of the project at ``root``, and check them (on two
    processor cores with ``parallel``: see :func:`lif.load.content.load_library` and
    :func:`lif.check.rules.check_library`).

    With ``base`` (what :func:`lif.load.base.load_base` read of the branch a change goes into),
    every address public there must stay reachable too. ``today`` defaults to
    :func:`lif.model.publication.today_from_env`. Returns the site; a problem in a content file
    is one of its ``problems``, never an exception.

    Raises :class:`lif.model.vocab.VocabularyError` if a vocabulary file is missing or
    malformed (the content cannot be checked without them), and
    :class:`lif.model.settings.SettingError` if ``today`` is not given and ``LIF_TODAY`` is
    not a day.
    """
    root = Path(root).resolve()
    today = today or today_from_env()
    vocab = load_vocabularies(root / "data")
    library = load_library(root, vocab, paths, parallel)
    problems = library.problems + check_library(library, vocab, today, root, base, parallel)
    # The guide fields of review_types.yml / methodologies.yml (issue 3): checked here so that
    # `lif check` and the build report them, instead of a traceback when the guides render.

    problems += check_framework_data(vocab)
    return Site(
        root=root, today=today, vocab=vocab, library=library, problems=sort_problems(problems)
    )


def site_from(extra: Mapping[str, Any]) -> Site:
    """The site the build loaded, from the generator's settings (``extra``).

    Raises RuntimeError, saying to list ``macros/hooks.py`` under ``hooks`` in ``mkdocs.yml``,
    if the build did not load it.
    """
    site = extra.get(SITE_KEY)
    if not isinstance(site, Site):
        raise RuntimeError(
            "lif: the content was not loaded for this build; is macros/hooks.py listed under "
            "'hooks' in mkdocs.yml?"
        )
    return site
