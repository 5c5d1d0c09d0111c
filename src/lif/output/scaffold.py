"""New items from their templates (``lif new``): ids, paths and the first draft."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from lif.load.content import content_files, load_library
from lif.load.data import load_vocabularies
from lif.model.content import SLUG_PATTERN
from lif.model.library import Library
from lif.model.privacy import APPROVAL_LABELS
from lif.model.publication import today_from_env
from lif.model.vocab import Vocabularies, Vocabulary
from lif.output.files import confined, write_text

#: The content types ``lif new`` makes: ``review`` and the kinds of brief that have a template.
REVIEW = "review"


#: How many reviews each kind of brief names: (at least, at most); None for no upper bound.
REVIEWS_NEEDED: dict[str, tuple[int, int | None]] = {
    "seven-minute-briefing": (0, None),
    "executive-summary": (1, 1),
    "thematic-note": (2, None),
}


#: The short prefix of a brief's id, by kind (as the example content names them).
BRIEF_PREFIXES = {
    "seven-minute-briefing": "7mb",
    "executive-summary": "es",
    "thematic-note": "thematic",
}


_MAX_ID = 60


#: The longest id ``lif new`` makes from a title (the editor follows the same rule).
MAX_ID = _MAX_ID


Ask = Callable[[str], str]


class ScaffoldError(Exception):
    """Values given to ``lif new`` cannot be used; each of ``messages`` says how to fix one."""

    def __init__(self, *messages: str) -> None:
        self.messages = list(messages)
        super().__init__("\n".join(messages))


@dataclass
class Request:
    """What ``lif new`` was asked to make."""

    content_type: str
    title: str | None = None
    board: str | None = None
    themes: list[str] = field(default_factory=list)
    review_type: str | None = None
    subject: str | None = None
    author: str | None = None
    reviews: list[str] = field(default_factory=list)
    id: str | None = None


@dataclass(frozen=True)
class Created:
    """The file ``lif new`` wrote, and what to do next."""

    path: Path
    relative: str
    id: str
    next_steps: str


def template_text(content_type: str) -> str:
    """The template of a content type, from the package's data."""
    name = f"new-{content_type}.md"
    try:
        return resources.files("lif").joinpath("templates", name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ScaffoldError(f"there is no template for '{content_type}'") from exc


def content_types(vocab: Vocabularies) -> list[str]:
    """``review`` and every kind of brief that has a template."""
    kinds = [term.key for term in vocab.kinds if term.key in BRIEF_PREFIXES]
    return [REVIEW, *kinds]


def resolve_type(value: str, vocab: Vocabularies) -> tuple[str, str | None]:
    """The content type for what was typed: ``review``, a kind of brief (aliases accepted), or a
    review type (``lif new sar``), returned with the review type it names."""
    known = content_types(vocab)
    if value.strip().lower() == REVIEW:
        return REVIEW, None
    kind = vocab.kinds.resolve(value)
    if kind in known:
        return kind, None
    review_type = vocab.review_types.resolve(value)
    if review_type is not None:
        return REVIEW, review_type
    raise ScaffoldError(
        f"cannot make '{value}': choose one of {', '.join(known)} (or a review type, like 'sar')"
    )


def slugify(text: str, limit: int = _MAX_ID) -> str:
    """Lowercase letters and digits joined by single hyphens, cut at a word boundary."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", ""))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug


def _quote(value: str) -> str:
    """A YAML scalar for ``value``: plain when that is safe, quoted otherwise."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def _flow_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(values) + "]"


def _split(values: Sequence[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def _strip_kind_label(title: str, labels: Sequence[str]) -> str:
    for label in labels:
        pattern = rf"^\s*{re.escape(label)}\s*[:\-\u2013\u2014]*\s*"
        stripped = re.sub(pattern, "", title, flags=re.IGNORECASE)
        if stripped != title:
            return stripped
    return title


def review_prefix(vocab: Vocabularies, review_type: str) -> str:
    """The short prefix of a review's id: the type's first short alias (sar, lcspr), or its key."""
    term = vocab.review_types[review_type]
    for alias in term.aliases:
        if len(alias) <= 10 and re.fullmatch(SLUG_PATTERN, alias):
            return alias
    return review_type


def make_id(request: Request, vocab: Vocabularies, year: int) -> str:
    """A valid id for the new item, before making it unique."""
    if request.content_type == REVIEW:
        assert request.review_type is not None
        prefix = review_prefix(vocab, request.review_type)
        name = request.subject or _strip_kind_label(
            request.title or "", [vocab.review_types.label(request.review_type)]
        )
        slug = slugify(name, _MAX_ID - len(prefix) - 6) or "review"
        # A title that already ends with a year ("annual learning 2026") keeps it once.
        return f"{prefix}-{slug}" if re.search(r"-\d{4}$", slug) else f"{prefix}-{slug}-{year}"
    prefix = BRIEF_PREFIXES[request.content_type]
    if request.content_type == "executive-summary" and len(request.reviews) == 1:
        return slugify(f"{prefix}-{request.reviews[0]}", _MAX_ID + 10)
    kind = vocab.kinds[request.content_type]
    title = _strip_kind_label(request.title or "", [kind.label, *kind.aliases, "thematic note"])
    return f"{prefix}-{slugify(title, _MAX_ID - len(prefix) - 1) or 'note'}"


def _relative_to(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _unique(candidate: str, taken: set[str]) -> str:
    if candidate not in taken:
        return candidate
    number = 2
    while f"{candidate}-{number}" in taken:
        number += 1
    return f"{candidate}-{number}"


def _options(names: Sequence[str]) -> str:
    """``--a``, ``--a and --b``, ``--a, --b and --c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def missing_options_message(missing: Sequence[str]) -> str:
    """The one message for every option missing at once, and how to give them."""
    them = "it" if len(missing) == 1 else "them"
    return (
        f"missing {_options(missing)}: give {them} on the command line, or run 'lif new' in a "
        "terminal to be asked"
    )


def _ask_for(
    request: Request, vocab: Vocabularies, ask: Ask | None, known_reviews: Sequence[str]
) -> None:
    """Fill in what is missing by asking; without a way to ask, refuse once, naming every option
    that is missing."""
    needs_reviews = False
    if request.content_type != REVIEW:
        at_least, _ = REVIEWS_NEEDED[request.content_type]
        needs_reviews = len(request.reviews) < at_least
    if ask is None:
        missing = [
            option
            for option, absent in (
                ("--type", request.content_type == REVIEW and not request.review_type),
                ("--title", not request.title),
                ("--board", not request.board),
                ("--themes", not request.themes),
                ("--reviews", needs_reviews and not request.reviews),
            )
            if absent
        ]
        if missing:
            raise ScaffoldError(missing_options_message(missing))
        return

    def need(option: str, question: str) -> str:
        assert ask is not None
        answer = ask(question).strip()
        if not answer:
            raise ScaffoldError(f"{option} is needed; nothing was written")
        return answer

    if request.content_type == REVIEW and not request.review_type:
        request.review_type = need(
            "--type", f"Review type ({', '.join(vocab.review_types.keys())}): "
        )
    if not request.title:
        request.title = need("--title", "Title (use the pseudonym, never a real name): ")
    if not request.board:
        request.board = need("--board", f"Board ({', '.join(vocab.boards.keys())}): ")
    if not request.themes:
        request.themes = _split([need("--themes", "Themes, separated by commas: ")])
    if needs_reviews:
        at_least, _ = REVIEWS_NEEDED[request.content_type]
        shown = ", ".join(known_reviews[:8]) + (", ..." if len(known_reviews) > 8 else "")
        request.reviews = _split(
            [
                need(
                    "--reviews",
                    f"Ids of the review(s) it draws on ({at_least} or more; e.g. {shown}): ",
                )
            ]
        )


def _validate(request: Request, vocab: Vocabularies, known_reviews: Sequence[str]) -> None:
    """Check every value given, replacing aliases by keys; refuse once, naming every problem."""
    problems: list[str] = []

    def term(vocabulary: Vocabulary, value: str, what: str) -> str:
        key = vocabulary.resolve(value)
        if key is None:
            problems.append(vocabulary.unknown_message(value, what))
            return value
        return key

    if request.review_type is not None:
        request.review_type = term(vocab.review_types, request.review_type, "review type")
    assert request.board is not None
    request.board = term(vocab.boards, request.board, "board")
    request.themes = list(dict.fromkeys(term(vocab.themes, t, "theme") for t in request.themes))
    if request.content_type != REVIEW:
        at_least, at_most = REVIEWS_NEEDED[request.content_type]
        count = len(request.reviews)
        if count < at_least or (at_most is not None and count > at_most):
            wanted = f"exactly {at_least}" if at_least == at_most else f"{at_least} or more"
            problems.append(
                f"a {vocab.kinds.label(request.content_type).lower()} names {wanted} review(s) "
                f"in --reviews; {count} given"
            )
        for ref in request.reviews:
            if ref not in known_reviews:
                close = difflib.get_close_matches(ref, known_reviews, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                problems.append(f"no review has the id '{ref}'{hint}")
    if problems:
        raise ScaffoldError(*problems)


def _same_title(title: str) -> str:
    """A title as compared for duplicates: case, spacing and punctuation set aside."""
    return " ".join(re.findall(r"\w+", title.casefold()))


def _titles(root: Path, library: Library) -> dict[str, str]:
    """The file of each title already used, by its comparable form (valid items and files whose
    front matter has problems alike)."""
    out: dict[str, str] = {}
    for source in [*library.sources.values(), *library.rejected]:
        title = source.front_matter.get("title")
        if isinstance(title, str) and title.strip():
            out.setdefault(_same_title(title), source.path)
    return out


def render(request: Request, vocab: Vocabularies, item_id: str) -> str:
    """The new file's text: the template with the request's values in place."""
    values = {
        "id": item_id,
        "title": _quote(request.title or ""),
        "board": request.board or "",
        "themes": _flow_list(request.themes),
        "reviews": _flow_list(request.reviews),
    }
    if request.content_type == REVIEW:
        assert request.review_type is not None
        term = vocab.review_types[request.review_type]
        values["review_type"] = request.review_type
        # A field the review type requires gets a placeholder, which blocks publication until
        # it is replaced; an optional one is left empty.
        author = request.author
        if not author and term.get("requires_author"):
            author = "[[fill in: the independent reviewer or author]]"
        values["author"] = _quote(author) if author else ""
        values["subject"] = _subject_block(
            request, term.get("case_record", True) is not False, bool(term.get("requires_subject"))
        )
        values["approvals"] = _approvals_block(term.get("approval"))
    text = template_text(request.content_type)
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def _subject_block(request: Request, case_record: bool, required: bool) -> str:
    if not case_record:
        return (
            "# Single cases of this type are never published: write the learning across cases,\n"
            "# without a 'subject'."
        )
    subject = request.subject
    if not subject and required:
        subject = "[[fill in: the pseudonym, like Child A or Adult D]]"
    return (
        '# The pseudonym used in the report, like "Child A" or "Adult D". Never a real name.\n'
        f"subject: {_quote(subject) if subject else ''}"
    )


def _approvals_block(needed: object) -> str:
    names = (
        [needed] if isinstance(needed, str) else list(needed) if isinstance(needed, list) else []
    )
    lines: list[str] = []
    for name in names:
        label = APPROVAL_LABELS.get(str(name), str(name))
        lines += [f"  # Needed before publication: {label}.", f"  {name}:"]
    lines += [
        "  # The board's sign-off, if it is recorded.",
        "  board:",
        "  # The day the family was told about publication (and shown the report).",
        "  family_informed:",
    ]
    return "\n".join(lines)


def target_path(request: Request, item_id: str, year: int) -> str:
    """Where the new file goes: ``reviews/<year>/<id>.md`` or ``briefs/<kind>/<id>.md``."""
    if request.content_type == REVIEW:
        return f"reviews/{year}/{item_id}.md"
    return f"briefs/{request.content_type}/{item_id}.md"


def next_steps(request: Request, vocab: Vocabularies, relative: str, item_id: str) -> str:
    """What to do after ``lif new``, printed for the person who ran it."""
    folder = "reviews" if request.content_type == REVIEW else "briefs"
    lines = [
        f"Created {relative} (a draft: nothing of it is published yet).",
        "",
        "What to do next:",
        f"  1. Open {relative} and replace every [[fill in: ...]] with your own text.",
        "     The comment above each field says what it holds.",
        "  2. Check it (fix anything it reports, then run it again):",
        "       lif check",
        "  3. When it is approved, set 'status: published' and 'published: YYYY-MM-DD'",
        "     (or 'publish_on: YYYY-MM-DD' to publish it on a later day), and check again.",
        "  4. Preview the site (a draft is not in it until step 3), and open your page:",
        "       lif build",
        "       python3 -m http.server --directory site 8000",
        f"       http://127.0.0.1:8000/{folder}/{item_id}/",
        "  5. Commit the file on a new branch and open a pull request; tick the publication",
        "     checklist. The site is published when the pull request is merged.",
    ]
    if request.content_type == REVIEW and request.review_type:
        needed = vocab.review_types[request.review_type].get("approval")
        names = [needed] if isinstance(needed, str) else needed if isinstance(needed, list) else []
        for name in names:
            label = APPROVAL_LABELS.get(str(name), str(name))
            lines.append(
                f"Before publishing, fill in '{name}' under 'approvals:' with the date of {label}."
            )
    lines.append("The full guide is the site's 'How to publish' page (docs/how-to-publish.md).")
    return "\n".join(lines) + "\n"


def scaffold(root: Path, request: Request, ask: Ask | None = None) -> Created:
    """Write a new draft for ``request`` into the project at ``root``; never overwrite a file.

    Raises :class:`ScaffoldError` naming every option missing, or every value that cannot be
    used, at once; for a title an item already has (compared without case, spacing or
    punctuation), or an id already used (with one to give instead); and
    :class:`lif.output.files.OutputError` if the file cannot be written.
    """
    root = root.resolve()
    vocab = load_vocabularies(root / "data")
    library = load_library(root, vocab)
    known_reviews = sorted(i.id for i in library.items if i.collection == "review")
    _ask_for(request, vocab, ask, known_reviews)
    _validate(request, vocab, known_reviews)
    year = today_from_env().year
    assert request.title is not None
    existing = _titles(root, library).get(_same_title(request.title))
    if existing is not None:
        raise ScaffoldError(
            f"'{request.title}' is already the title of {existing}: to carry on with that item, "
            "open that file; for a new item, give it a title of its own (with --title)"
        )
    taken = {i.id: s.path for i, s in zip(library.items, library.sources.values(), strict=True)}
    taken.update(
        {p.stem: _relative_to(p, root) for p in content_files(root) if p.stem not in taken}
    )
    if request.id:
        if not re.fullmatch(SLUG_PATTERN, request.id) or len(request.id) > 80:
            raise ScaffoldError(
                f"'{request.id}' is not a valid id: use lowercase letters, digits and single "
                "hyphens, like 'sar-adult-d-2024'"
            )
        if request.id in taken:
            raise ScaffoldError(
                f"the id '{request.id}' is already used by {taken[request.id]}: choose another"
            )
        item_id = request.id
    else:
        item_id = make_id(request, vocab, year)
        if item_id in taken:
            raise ScaffoldError(
                f"the id '{item_id}' that this title makes is already used by {taken[item_id]}: "
                f"if this is a different item, give it an id of its own with --id, like "
                f"'{_unique(item_id, set(taken))}'"
            )
    relative = target_path(request, item_id, year)
    path = confined(root, relative)
    if path.exists():
        raise ScaffoldError(f"{relative} already exists; nothing was written")
    write_text(root, relative, render(request, vocab, item_id))
    return Created(path, relative, item_id, next_steps(request, vocab, relative, item_id))
