"""Word documents (``.docx``) read as the site's Markdown, for ``lif import``.

The conversion is pandoc's (the ``pypandoc-binary`` wheel bundles a current pandoc): it keeps
headings, bulleted and numbered lists nested to any depth, tables with their header row, links,
footnotes and pictures. Its Markdown writer is set to what the site's Markdown (Python-Markdown)
reads: four-space list indentation, pipe tables, no pandoc-only syntax. What pandoc cannot know
is cleaned afterwards: the characters Word puts in pasted text, bullets typed as characters, and
footnotes (the site has no footnote syntax), which become numbered notes at the end.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pypandoc

#: Pandoc's Markdown, less every extension Python-Markdown does not read, with its four-space
#: rule for lists (Python-Markdown nests a list only under four spaces).
PANDOC_MARKDOWN = (
    "markdown"
    + "".join(
        f"-{extension}"
        for extension in (
            "smart",
            "raw_html",
            "native_divs",
            "native_spans",
            "bracketed_spans",
            "fenced_divs",
            "link_attributes",
            "header_attributes",
            "implicit_figures",
            "simple_tables",
            "multiline_tables",
            "grid_tables",
            "fancy_lists",
            "startnum",
            "example_lists",
            "definition_lists",
            "subscript",
            "superscript",
            "strikeout",
            "task_lists",
            "auto_identifiers",
            "escaped_line_breaks",
            "yaml_metadata_block",
        )
    )
    + "+pipe_tables+footnotes+four_space_rule"
)


#: What Word leaves in pasted text, and what the site's text has instead: spaces that do not
#: break become spaces, soft hyphens and zero-width characters go, and Word's non-breaking and
#: Unicode hyphens (U+2010, U+2011) become the hyphen-minus that search and readers expect.
WORD_CHARACTERS = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2007": " ",  # figure space
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,  # zero-width non-joiner
        "\u200d": None,  # zero-width joiner
        "\u2060": None,  # word joiner
        "\ufeff": None,  # byte-order mark
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
    }
)


#: Bullets typed (or pasted) as characters at the start of a paragraph, by the list level they
#: stand for: Word's first-level bullets, then its hollow second-level ones.
TYPED_BULLETS = {
    "\u2022": 0,  # •
    "\u25cf": 0,  # ●
    "\u25aa": 0,  # ▪
    "\u25a0": 0,  # ■
    "\u2023": 0,  # ‣
    "\u2043": 0,  # ⁃
    "\u00b7": 0,  # ·
    "\uf0b7": 0,  # Word's Symbol-font bullet, pasted without its font
    "\u25e6": 1,  # ◦
    "\u25cb": 1,  # ○
    "\uf0a7": 1,  # Word's Wingdings square, pasted without its font
}

_TYPED_BULLET = re.compile(
    r"^(?P<indent> *)(?:\\?[" + "".join(TYPED_BULLETS) + r"])[ \t]+(?P<text>\S.*)$"
)
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^(?P<label>[^\]\s]+)\]:[ \t]*(?P<text>.*)$")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^(?P<label>[^\]\s]+)\]")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\)")


class WordError(Exception):
    """A file cannot be read as a Word document; the message names it and says what to do."""


@dataclass(frozen=True)
class WordImage:
    """A picture in a Word document: its file name, its bytes, and its alt text (may be empty)."""

    name: str
    data: bytes
    alt: str


@dataclass(frozen=True)
class WordDocument:
    """A Word document read for import.

    ``markdown`` is the body as the site's Markdown, with its top headings at level 1 as Word
    had them (``#``); each picture in it is written ``![alt](image:NAME)``, where ``NAME`` is
    the :class:`WordImage` of that name, for the importer to place.
    """

    path: Path
    title: str
    markdown: str
    images: tuple[WordImage, ...]


def clean_word_text(markdown: str) -> str:
    """Markdown with what Word pastes cleaned: spaces that do not break, soft hyphens,
    zero-width characters and Unicode hyphens (see :data:`WORD_CHARACTERS`), and paragraphs
    that start with a typed bullet (see :data:`TYPED_BULLETS`) made into Markdown list items,
    one list without blank lines between its items."""
    out: list[str] = []
    for line in markdown.translate(WORD_CHARACTERS).splitlines():
        match = _TYPED_BULLET.match(line)
        if match is not None:
            bullet = line[len(match["indent"]) :].lstrip("\\")[0]
            level = TYPED_BULLETS[bullet] + len(match["indent"]) // 4
            line = " " * (4 * level) + "-   " + match["text"]
        # Word's list paragraphs are one line each: no blank line between two items of a list
        # (which would make it a loose list, each item a paragraph).
        if len(out) >= 2 and out[-1] == "" and _same_list(out[-2], line):
            out.pop()
        out.append(line.rstrip())
    return "\n".join(out).strip("\n") + "\n"


_LIST_ITEM = re.compile(r"^(?P<indent> *)(?:(?P<bullet>-)|\d+\.) {1,3}\S")


def _same_list(before: str, line: str) -> bool:
    """True if ``line`` is an item of the list that ``before`` is an item of (or of a list
    nested in it): a bulleted list followed by a numbered one stays two lists."""
    first, second = _LIST_ITEM.match(before), _LIST_ITEM.match(line)
    if first is None or second is None:
        return False
    return first["indent"] != second["indent"] or bool(first["bullet"]) == bool(second["bullet"])


def footnotes_as_notes(markdown: str) -> str:
    """Pandoc's footnotes as the site's Markdown has them: each reference becomes ``[n]`` and
    the notes a numbered list under "Notes" at the end (the site has no footnote syntax)."""
    body: list[str] = []
    notes: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in markdown.splitlines():
        match = _FOOTNOTE_DEFINITION.match(line)
        if match is not None:
            current = notes.setdefault(match["label"], [])
            current.append(match["text"])
        elif current is not None and (line.startswith("    ") or not line.strip()):
            current.append(line[4:])
        else:
            current = None
            body.append(line)
    if not notes:
        return markdown
    numbers = {label: n for n, label in enumerate(notes, start=1)}

    def reference(match: re.Match[str]) -> str:
        number = numbers.get(match["label"])
        return f"[{number}]" if number is not None else match[0]

    text = _FOOTNOTE_REFERENCE.sub(reference, "\n".join(body)).rstrip()
    listed = []
    for label, lines in notes.items():
        first, *rest = [line for line in lines if line.strip()] or [""]
        listed.append(f"{numbers[label]}.  {first}")
        listed += [f"    {line}" for line in rest]
    return f"{text}\n\n**Notes**\n\n" + "\n".join(listed) + "\n"


def document_title(path: Path) -> str:
    """The document's title: its first paragraph in Word's Title style, else the title in its
    properties, else empty. Raises :class:`WordError` if it cannot be read."""
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a damaged file
        raise WordError(_unreadable(path, exc)) from None
    for paragraph in document.paragraphs:
        if paragraph.style is not None and paragraph.style.name in {"Title", "Subtitle"}:
            text = " ".join(paragraph.text.translate(WORD_CHARACTERS).split())
            if text and paragraph.style.name == "Title":
                return text
    return " ".join((document.core_properties.title or "").translate(WORD_CHARACTERS).split())


def _unreadable(path: Path, exc: Exception) -> str:
    return (
        f"{path}: cannot be read as a Word document ({type(exc).__name__}: {exc}); open it in "
        "Word and save it again as a Word document (.docx)"
    )


def read_word(path: Path) -> WordDocument:
    """Read the Word document at ``path`` into the site's Markdown (see :class:`WordDocument`).

    Raises :class:`WordError`, naming the file and what to do, for a file that is not a
    ``.docx`` (an old ``.doc`` included) or cannot be read.
    """
    if path.suffix.lower() == ".doc":
        raise WordError(
            f"{path}: is an old Word document (.doc); open it in Word and save it as a Word "
            "document (.docx), then import that"
        )
    if not zipfile.is_zipfile(path):
        raise WordError(
            f"{path}: is not a Word document (.docx); open it in Word and save it as .docx"
        )
    title = document_title(path)
    with tempfile.TemporaryDirectory(prefix="lif-import-") as folder:
        try:
            markdown = pypandoc.convert_file(
                str(path.resolve()),
                PANDOC_MARKDOWN,
                format="docx",
                extra_args=["--wrap=none", "--extract-media=."],
                cworkdir=folder,
            )
        except (RuntimeError, OSError) as exc:
            raise WordError(_unreadable(path, exc)) from None
        markdown, images = _collect_images(markdown, Path(folder))
    markdown = footnotes_as_notes(clean_word_text(markdown))
    return WordDocument(path=path, title=title, markdown=markdown, images=tuple(images))


def _collect_images(markdown: str, folder: Path) -> tuple[str, list[WordImage]]:
    """Read the pictures pandoc extracted into ``folder``; each reference in ``markdown``
    becomes ``![alt](image:NAME)``."""
    images: dict[str, WordImage] = {}
    base = folder.resolve()

    def place(match: re.Match[str]) -> str:
        source = (folder / match["src"]).resolve()
        if not source.is_relative_to(base) or not source.is_file():
            return match[0]
        name = source.name
        if name not in images:
            alt = " ".join(match["alt"].translate(WORD_CHARACTERS).split())
            images[name] = WordImage(name, source.read_bytes(), alt)
        return f"![{images[name].alt}](image:{name})"

    return _IMAGE.sub(place, markdown), list(images.values())


def word_files(path: Path) -> list[Path]:
    """The Word documents to import for ``path``: the file itself, or the ``.docx`` files in a
    folder (not its subfolders; Word's own lock files, ``~$name.docx``, left out), sorted.

    Raises :class:`WordError` for a path that does not exist, a folder with no Word document,
    or a file that is not one.
    """
    if path.is_dir():
        found = sorted(
            p for p in path.iterdir() if p.suffix.lower() == ".docx" and not p.name.startswith("~$")
        )
        if not found:
            raise WordError(f"{path}: this folder has no Word document (.docx) to import")
        return found
    if not path.exists():
        raise WordError(f"{path}: no such file; give a Word document (.docx) or a folder of them")
    if path.suffix.lower() not in {".docx", ".doc"}:
        raise WordError(f"{path}: is not a Word document; give a .docx file or a folder of them")
    return [path]
