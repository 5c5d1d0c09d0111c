"""Drafts from Word documents (``lif import``): a seven-minute briefing, an executive summary or
a review summary written in Word becomes a draft item at the path ``lif new`` would give it.

The front matter is the ``lif new`` template's, filled in with what the document says: its title,
kind, board, themes (from the vocabularies' labels and aliases) and, for briefs, the reviews it
names by pseudonym. Every value read from the document rather than given on the command line is a
guess, marked ``# guessed: check`` beside its field for a person to confirm. The body is the
document's, its top headings made the item's ``##`` sections (a seven-minute briefing's seven
headings numbered as its seven sections), its pictures written into a folder beside the item with
a placeholder for their alt text. Nothing is ever overwritten: a draft whose file or picture folder
exists is refused whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lif.load.content import load_library
from lif.load.data import load_allowlist, load_private_names, load_vocabularies
from lif.load.pictures import WEB_PICTURES
from lif.load.word import WordDocument
from lif.model.content import SLUG_PATTERN, Review
from lif.model.privacy import (
    KIND_FIXES,
    KIND_LABELS,
    PLACEHOLDER,
    find_personal_data,
    mask_name,
)
from lif.model.problems import Problem
from lif.model.publication import today_from_env
from lif.model.vocab import Term, Vocabularies, Vocabulary
from lif.output.files import confined, write_bytes, write_text
from lif.output.scaffold import REVIEW, Request, _quote, make_id, render, target_path

#: The mark beside a field whose value was read from the document, for a person to confirm.
GUESSED = "# guessed: check"

#: The alt text written for a picture that has none in the document: the checker refuses the
#: placeholder before publication, so every picture is described before it is published.
IMAGE_ALT_PLACEHOLDER = f"{PLACEHOLDER}: describe this image for someone who cannot see it]]"

#: What section 6 of a seven-minute briefing says when its questions move to ``questions``.
QUESTIONS_SENTENCE = (
    "Use the questions at the end of this briefing in your team meeting or supervision."
)

#: The section of a seven-minute briefing that holds its reflective questions (the sixth).
QUESTIONS_SECTION = 5

#: How many themes are guessed at most (the ones the document names most often).
MAX_THEMES = 4

#: Words that say a document is about children, or about adults (for the board).
CHILD_WORDS = frozenset(
    {"child", "children", "childs", "baby", "babies", "infant", "young-person", "young-people"}
)
ADULT_WORDS = frozenset({"adult", "adults", "older-person", "older-people"})

#: A pseudonym as reports write them: "Child A", "Adult K", "Baby F", "Ms E".
PSEUDONYM = re.compile(
    r"\b(?:Child|Adult|Baby|Young Person|Family|Mr|Mrs|Ms|Miss)\s+[A-Z]{1,2}\b(?![\w'])"
)

_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t#]*$")
_FENCE = re.compile(r"^(```|~~~)")
_NUMBERED = re.compile(r"^\(?\d{1,2}\s*[.):\-\u2013]?\s+")
_IMAGE_REF = re.compile(r"!\[(?P<alt>[^\]]*)\]\(image:(?P<name>[^)\s]+)\)")
_QUESTION_ITEM = re.compile(r"^(?:-|\d+\.)\s+(?P<text>.*\?)\s*$")


class WordImportError(Exception):
    """A document cannot become a draft; the message names it and says what to do."""


@dataclass(frozen=True)
class Guess:
    """A field whose value was read from the document: the field, its value, and from what."""

    field: str
    value: str
    reason: str


@dataclass(frozen=True)
class Given:
    """What the person said on the command line; anything left None is guessed."""

    content_type: str | None = None
    title: str | None = None
    board: str | None = None
    themes: tuple[str, ...] = ()
    review_type: str | None = None
    id: str | None = None


@dataclass
class Shaped:
    """A document's body made into the item's: its sections, and what was taken out of it."""

    body: str
    title_heading: str | None = None
    sections: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Imported:
    """The draft written for a document, and what a person must look at."""

    source: Path
    path: Path
    relative: str
    id: str
    content_type: str
    guesses: tuple[Guess, ...]
    images: tuple[str, ...]
    personal_data: tuple[Problem, ...]
    notes: tuple[str, ...]


# ---------------------------------------------------------------------------------------------
# The body
# ---------------------------------------------------------------------------------------------


def _headings(lines: Sequence[str]) -> list[tuple[int, int, str]]:
    """(line index, level, text) of each heading outside code blocks."""
    found: list[tuple[int, int, str]] = []
    in_fence = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else _HEADING.match(line)
        if match is not None:
            found.append((index, len(match["hashes"]), match["text"].strip()))
    return found


def strip_number(heading: str) -> str:
    """A heading without the number Word's author typed before it ("3. Findings": "Findings")."""
    return _NUMBERED.sub("", heading, count=1).strip() or heading


def shape_body(markdown: str, content_type: str) -> Shaped:
    """The document's Markdown as the item's body.

    A lone top heading that opens the document is its title, taken out. The top headings left
    become ``##`` sections (the page's title is its only ``#``) and the others keep their depth
    below them. In a seven-minute briefing with seven sections, they are numbered 1 to 7 as the
    site shows them, and the questions listed in the sixth ("Questions to reflect on") move to
    the ``questions`` field, which the page shows at the end.
    """
    lines = markdown.splitlines()
    headings = _headings(lines)
    shaped = Shaped(body="")
    if headings:
        top = min(level for _, level, _ in headings)
        first_text = next((i for i, line in enumerate(lines) if line.strip()), None)
        at_top = [h for h in headings if h[1] == top]
        if len(at_top) == 1 and at_top[0][0] == first_text and len(headings) > 1:
            shaped.title_heading = at_top[0][2]
            del lines[at_top[0][0]]
            headings = _headings(lines)
            top = min(level for _, level, _ in headings)
        for index, level, text in headings:
            lines[index] = "#" * min(6, level - top + 2) + " " + text
        sections = [(index, text) for index, level, text in headings if level == top]
        if content_type == "seven-minute-briefing" and len(sections) == 7:
            for number, (index, text) in enumerate(sections, start=1):
                lines[index] = f"## {number}. {strip_number(text)}"
            shaped.questions = _take_questions(lines, sections)
        shaped.sections = [strip_number(text) for _, text in sections]
    shaped.body = "\n".join(lines).strip("\n") + "\n"
    return shaped


def _take_questions(lines: list[str], sections: Sequence[tuple[int, str]]) -> list[str]:
    """Take the questions listed in the sixth section out of ``lines``; return them."""
    start = sections[QUESTIONS_SECTION][0] + 1
    end = sections[QUESTIONS_SECTION + 1][0]
    questions: list[str] = []
    kept: list[str] = []
    for line in lines[start:end]:
        match = _QUESTION_ITEM.match(line)
        if match is not None:
            questions.append(match["text"].strip())
        else:
            kept.append(line)
    if not questions:
        return []
    if not any(line.strip() for line in kept):
        kept = ["", QUESTIONS_SENTENCE, ""]
    lines[start:end] = kept
    return questions


def place_images(body: str, folder: str) -> tuple[str, list[str]]:
    """``body`` with each picture pointing into ``folder`` (beside the item) and, where it has
    no alt text, the placeholder that asks for one; returns the pictures' paths too."""
    names: list[str] = []

    def place(match: re.Match[str]) -> str:
        names.append(match["name"])
        alt = match["alt"].strip() or IMAGE_ALT_PLACEHOLDER
        return f"![{alt}]({folder}/{match['name']})"

    return _IMAGE_REF.sub(place, body), names


# ---------------------------------------------------------------------------------------------
# The guesses
# ---------------------------------------------------------------------------------------------


def _words(text: str) -> str:
    """Text as hyphen-joined lowercase words, with a hyphen at each end, for phrase search."""
    return "-" + "-".join(re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))) + "-"


def _phrases(term: Term) -> list[str]:
    """The ways a term is written: its key, label and aliases, as hyphen-joined words."""
    names = [term.key, term.label, *term.aliases]
    if term.get("acronym"):
        names.append(str(term.get("acronym")))
    return list(dict.fromkeys(_words(name).strip("-") for name in names if _words(name) != "--"))


def _mentions(term: Term, words: str) -> int:
    """How often ``words`` (see :func:`_words`) names the term."""
    return sum(words.count(f"-{phrase}-") for phrase in _phrases(term))


def _named(vocabulary: Vocabulary, words: str) -> str | None:
    """The term that ``words`` names most often (the first in the vocabulary on a tie)."""
    counts = [(_mentions(term, words), term.key) for term in vocabulary]
    best = max(counts, key=lambda c: c[0], default=(0, ""))
    return best[1] if best[0] else None


def guess_content_type(
    title: str, file_name: str, sections: int, vocab: Vocabularies
) -> tuple[str, str]:
    """The content type a document is, and why: a kind of brief or a review type named in its
    title or file name, a "review summary", or seven sections (a seven-minute briefing)."""
    words = _words(f"{title} {file_name}")
    kinds = [t for t in vocab.kinds if t.key in {"seven-minute-briefing", "executive-summary"}]
    kinds += [t for t in vocab.kinds if t not in kinds]
    for term in kinds:
        if _mentions(term, words):
            return term.key, f"the title or file name says '{term.label}'"
    if "-review-summary-" in words or "-summary-of-the-review-" in words:
        return REVIEW, "the title or file name says 'review summary'"
    if _named(vocab.review_types, words) is not None and "-briefing-" not in words:
        return REVIEW, "the title or file name names a review type"
    if sections == 7:
        return "seven-minute-briefing", "it has seven sections"
    return "seven-minute-briefing", "nothing in it says otherwise (the most common kind)"


def guess_board(
    words: str, vocab: Vocabularies, review_type: str | None, reviews: Sequence[Review]
) -> tuple[str | None, str]:
    """The board: the review type's, else the reviews', else the one the text is about."""
    if review_type is not None:
        board = vocab.review_types[review_type].get("board")
        if board in vocab.boards:
            return str(board), f"a {vocab.review_types.label(review_type).lower()} is the board's"
    boards = {review.board for review in reviews}
    if len(boards) == 1:
        return boards.pop(), "the board of the review it names"
    named = [term.key for term in vocab.boards if _mentions(term, words)]
    if len(named) == 1:
        return named[0], "the document names the board"
    children = sum(words.count(f"-{w}-") for w in CHILD_WORDS)
    adults = sum(words.count(f"-{w}-") for w in ADULT_WORDS)
    pick = {(True, False): "children", (False, True): "adults"}.get((children > 0, adults > 0))
    if children and adults:
        pick = (
            "children" if children >= 3 * adults else "adults" if adults >= 3 * children else "both"
        )
    if pick in vocab.boards:
        return pick, f"its text speaks of children {_times(children)} and adults {_times(adults)}"
    return None, "nothing in it names a board"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def guess_themes(words: str, vocab: Vocabularies) -> list[str]:
    """The themes the text names (labels and aliases), most often named first, at most
    :data:`MAX_THEMES`. The longest names are read first, so "self-neglect" is not also
    "neglect"."""
    names = sorted(
        ((phrase, term.key) for term in vocab.themes for phrase in _phrases(term)),
        key=lambda name: (-len(name[0]), name[0]),
    )
    counts: dict[str, int] = {}
    for phrase, key in names:
        found = words.count(f"-{phrase}-")
        if found:
            counts[key] = counts.get(key, 0) + found
            words = words.replace(f"-{phrase}-", "-")
    named = sorted(counts.items(), key=lambda c: -c[1])
    return [key for key, _ in named[:MAX_THEMES]]


def guess_reviews(text: str, reviews: Sequence[Review]) -> list[Review]:
    """The reviews whose pseudonym (``subject``) the text names."""
    words = _words(text)
    return [r for r in reviews if r.subject and f"-{_words(r.subject).strip('-')}-" in words]


# ---------------------------------------------------------------------------------------------
# The draft
# ---------------------------------------------------------------------------------------------


def _mark(front: str, name: str) -> str:
    """Front matter with the guessed mark beside the top-level field ``name``."""
    pattern = re.compile(rf"^({re.escape(name)}:[^\n]*?)[ \t]*$", re.MULTILINE)
    return pattern.sub(lambda m: f"{m[1]}  {GUESSED}", front, count=1)


def _set_questions(front: str, questions: Sequence[str]) -> str:
    """Front matter with the ``questions`` list replaced by ``questions``."""
    listed = "".join(f"  - {_quote(q)}\n" for q in questions)
    return re.sub(r"^questions:\n(?:  - .*\n)+", f"questions:\n{listed}", front, flags=re.M)


def personal_data(text: str, relative: str, root: Path) -> list[Problem]:
    """What in the draft's text looks like personal data (the checker's scan, with the
    project's allowlist and private list of names), as problems at their line and column."""
    allowlist, problems = load_allowlist(root)
    names, name_problems = load_private_names(root)
    found = list(problems) + list(name_problems)

    def at(offset: int) -> tuple[int, int]:
        line = text.count("\n", 0, offset) + 1
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1

    for finding in find_personal_data(text):
        if allowlist.allows(finding):
            continue
        message = (
            f"looks like {KIND_LABELS[finding.kind]} ('{finding.masked}'): "
            f"{KIND_FIXES[finding.kind]}"
        )
        found.append(Problem(relative, *at(finding.start), "personal data", message))
    for start, end, number in names.find(text):
        message = (
            f"a real name from the private list (line {number}, '{mask_name(text[start:end])}'): "
            "replace it with the pseudonym used in the report"
        )
        found.append(Problem(relative, *at(start), "personal data", message))
    return sorted(found, key=lambda p: (p.line, p.column))


def import_word(root: Path, document: WordDocument, given: Given = Given()) -> Imported:
    """Write a draft item for ``document`` into the project at ``root``; never overwrite.

    Raises :class:`WordImportError` for a value that cannot be used or a draft that is already
    there, and :class:`lif.output.files.OutputError` if a file cannot be written.
    """
    root = root.resolve()
    vocab = load_vocabularies(root / "data")
    library = load_library(root, vocab)
    known_reviews = [item for item in library.items if isinstance(item, Review)]
    guesses: list[Guess] = []
    notes: list[str] = []

    first = shape_body(document.markdown, "seven-minute-briefing")
    title = given.title or document.title or first.title_heading or document.path.stem
    if not given.title:
        source = "its title" if document.title else "its first heading"
        if not document.title and not first.title_heading:
            source = "its file name"
        guesses.append(Guess("title", title, f"from {source}"))

    if given.content_type:
        content_type = given.content_type
    else:
        content_type, why = guess_content_type(
            title, document.path.stem, len(first.sections), vocab
        )
        label = "review" if content_type == REVIEW else vocab.kinds.label(content_type).lower()
        guesses.append(Guess("kind", label, why))
    shaped = shape_body(document.markdown, content_type)
    text = f"{title}\n{shaped.title_heading or ''}\n{shaped.body}"
    words = _words(text)

    review_type = given.review_type
    if content_type == REVIEW and review_type is None:
        review_type = _named(vocab.review_types, _words(title)) or _named(vocab.review_types, words)
        if review_type is None:
            raise WordImportError(
                f"{document.path}: cannot tell which kind of review it is from its title or "
                f"text: give it with --type (one of {', '.join(vocab.review_types.keys())})"
            )
        guesses.append(Guess("review_type", review_type, "the review type its title or text names"))

    subject = None
    reviews: list[Review] = []
    if content_type == REVIEW:
        pseudonym = PSEUDONYM.search(title) or PSEUDONYM.search(shaped.body)
        subject = pseudonym[0] if pseudonym else None
        if subject:
            guesses.append(Guess("subject", subject, "the pseudonym it uses"))
    else:
        reviews = guess_reviews(text, known_reviews)
        if content_type == "executive-summary" and len(reviews) > 1:
            reviews = guess_reviews(title, known_reviews)[:1] or reviews[:1]
        if reviews:
            ids = ", ".join(r.id for r in reviews)
            guesses.append(Guess("reviews", ids, "the pseudonyms of the reviews it names"))

    board = given.board
    if board is None:
        board, why = guess_board(words, vocab, review_type, reviews)
        if board is not None:
            guesses.append(Guess("board", board, why))
        else:
            notes.append(f"no board was found: fill in 'board' ({', '.join(vocab.boards.keys())})")
    themes = list(given.themes)
    if not themes:
        themes = guess_themes(words, vocab)
        why = "the themes its text names most"
        if not themes and reviews:
            themes = list(dict.fromkeys(theme for review in reviews for theme in review.themes))
            why = "the themes of the reviews it names"
        if themes:
            guesses.append(Guess("themes", ", ".join(themes), why))
        else:
            notes.append("no theme was found: fill in 'themes' with keys of data/themes.yml")

    request = Request(
        content_type=content_type,
        title=title,
        board=board,
        themes=themes,
        review_type=review_type,
        subject=subject,
        reviews=[r.id for r in reviews],
        id=given.id,
    )
    item_id = given.id or make_id(request, vocab, today_from_env().year)
    if not re.fullmatch(SLUG_PATTERN, item_id) or len(item_id) > 80:
        raise WordImportError(
            f"'{item_id}' is not a valid id: use lowercase letters, digits and single hyphens"
        )
    if item_id in {item.id for item in library.items}:
        raise WordImportError(
            f"{document.path}: the id '{item_id}' is already used; nothing was written. If it "
            "is a new item, give another id with --id"
        )
    relative = target_path(request, item_id, today_from_env().year)
    folder = relative.rsplit("/", 1)[0]
    image_folder = f"{folder}/{item_id}"
    for taken in (relative, image_folder) if document.images else (relative,):
        if confined(root, taken).exists():
            raise WordImportError(
                f"{document.path}: {taken} already exists and is never overwritten; nothing "
                "was written. Move it away, or give another id with --id"
            )

    if content_type == "seven-minute-briefing" and len(shaped.sections) != 7:
        found = "; ".join(shaped.sections) or "none"
        notes.append(
            f"a seven-minute briefing has seven sections; the document has "
            f"{len(shaped.sections)} top headings ({found}): make them seven '## ' headings"
        )
    body, images = place_images(shaped.body, item_id)
    notes += [
        f"{name} is a kind of picture browsers do not show: save it as PNG or JPEG in "
        f"{image_folder}/ and change its link"
        for name in images
        if Path(name).suffix.lower() not in WEB_PICTURES
    ]

    template = render(request, vocab, item_id)
    _, front, _ = template.split("---\n", 2)
    front = re.sub(
        r"made by `lif new [^`]*`\.",
        f"made by `lif import` from {_quote(document.path.name)}. Each field marked\n"
        f"# '{GUESSED}' was read from the document: confirm it, then delete the mark.",
        front,
        count=1,
    )
    # A review's kind is its review type: one mark on that line says both.
    fields = {
        "review_type" if g.field == "kind" and content_type == REVIEW else g.field for g in guesses
    }
    for name in sorted(fields):
        front = _mark(front, name)
    if shaped.questions:
        front = _mark(_set_questions(front, shaped.questions), "questions")
        guesses.append(
            Guess("questions", f"{len(shaped.questions)} questions", "the questions it lists")
        )
    draft = f"---\n{front}---\n\n{body}"

    write_text(root, relative, draft)
    for image in document.images:
        if image.name in images:
            write_bytes(root, f"{image_folder}/{image.name}", image.data)
    return Imported(
        source=document.path,
        path=root / relative,
        relative=relative,
        id=item_id,
        content_type=content_type,
        guesses=tuple(guesses),
        images=tuple(f"{image_folder}/{name}" for name in images),
        personal_data=tuple(personal_data(draft, relative, root)),
        notes=tuple(notes),
    )
