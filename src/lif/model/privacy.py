"""Personal data: what it looks like (NHS and NI numbers, postcodes, phone numbers, e-mail
addresses, dates of birth), how it is masked in messages, and the allowlist types.

The scan reads text in every form it gets written: the source as typed, with pasted spaces,
invisible characters and Unicode dashes read as the ordinary characters they stand for
(:mod:`lif.model.characters`), and the text a reader sees once the Markdown is rendered
(:func:`reader_segments`: entities decoded, markup and comments removed, link addresses read
too, and the cells of a table column headed "DOB" read as dates of birth).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote

from lif.model.characters import plain, plain_same_length
from lif.model.content import Item
from lif.model.memo import remembered
from lif.model.publication import publication_date

#: The allowlist of reviewed false positives of the personal-data scan, under the project root.
ALLOWLIST_FILE = "data/allowlist.yml"


#: Environment variable naming the private list of real names (one a line, never committed).
PRIVATE_NAMES_VARIABLE = "LIF_PRIVATE_NAMES"


#: The private list of real names at the project root, used when the variable is not set.
PRIVATE_NAMES_FILE = ".lif-private-names.txt"


#: What a scaffold writes where board staff must write their own text.
PLACEHOLDER = "[[fill in"


#: Years after publication at which an item's place online is reviewed, unless it says otherwise.
RETENTION_YEARS = 5


Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """Something that looks like personal data: its kind, where it is in the text, and the text."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def masked(self) -> str:
        """The finding's text as a message may show it: masked as :data:`MASKS` says."""
        return MASKS[self.kind](self.text)

    @property
    def key(self) -> tuple[str, str]:
        """The finding's kind and value without separators or case (for a date of birth, the
        date alone), so that one value written in two forms is reported once."""
        text = self.text
        if self.kind == "date-of-birth":
            match = _DOB.search(plain(text))
            text = match.group("date") if match else text
        return self.kind, "".join(c for c in plain(text).casefold() if c.isalnum() or c == "@")


#: What each kind of finding is called in messages.
KIND_LABELS: dict[str, str] = {
    "nhs-number": "an NHS number",
    "ni-number": "a National Insurance number",
    "postcode": "a full postcode",
    "phone": "a phone number",
    "email": "an e-mail address",
    "date-of-birth": "a date of birth",
}


#: How to fix each kind of finding.
KIND_FIXES: dict[str, str] = {
    "nhs-number": "remove it (published learning never carries a person's NHS number)",
    "ni-number": "remove it (published learning never carries a National Insurance number)",
    "postcode": "give the area instead (a town, or only the first half such as 'LE1')",
    "phone": (
        "remove it; if it is a public service number such as a helpline, add it to "
        f"{ALLOWLIST_FILE} with the reason"
    ),
    "email": (
        "remove it; if it is the board's own public address, add it to "
        f"{ALLOWLIST_FILE} with the reason"
    ),
    "date-of-birth": "remove it; give an age instead (for example 'aged 4 months')",
}


def nhs_number_is_valid(digits: str) -> bool:
    """True if ten digits carry a valid NHS number check digit (modulus 11)."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


# Three, three and four digits, separated by spaces, dots or dashes in any mixture.
_NHS = re.compile(r"(?<![\w/.+-])(\d{3})[ .-]{0,2}(\d{3})[ .-]{0,2}(\d{4})(?![\w/]|[.-]\d)")


# Two prefix letters (D, F, I, Q, U, V never used; O not second; BG, GB, KN, NK, NT, TN, ZZ
# never allocated), six digits, a suffix A-D. The search starts at the digits (fast over prose);
# the prefix letters before them are checked afterwards.
_NINO = re.compile(r"\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?[A-Da-d](?![A-Za-z0-9])")


_NINO_PREFIX = re.compile(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]")


_NINO_NEVER = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def _ni_numbers(text: str) -> Iterator[Finding]:
    for m in _NINO.finditer(text):
        start = m.start() - (3 if text[m.start() - 1 : m.start()] in {" ", ".", "-"} else 2)
        prefix = text[max(start, 0) : start + 2].upper()
        if start < 0 or (start > 0 and text[start - 1].isalnum()):
            continue
        if _NINO_PREFIX.fullmatch(prefix) and prefix not in _NINO_NEVER:
            yield Finding("ni-number", start, m.end(), text[start : m.end()])


#: UK postcode areas (and the Crown dependencies): only these begin a postcode, which keeps
#: codes such as "Y6" or "A4" out of the scan.
# fmt: off
POSTCODE_AREAS: tuple[str, ...] = (
    "AB", "AL", "B", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "BT", "CA", "CB", "CF", "CH",
    "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT", "DY", "E",
    "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP", "HR", "HS",
    "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "LA", "LD", "LE", "LL",
    "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW", "OL", "OX",
    "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK", "SL", "SM",
    "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR", "TS", "TW",
    "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
)


_AREAS = frozenset(POSTCODE_AREAS)


# The inward code's letters never include C, I, K, M, O or V. Any case, with a space, a hyphen
# or a '+' (a postcode in a web address) between the halves, or none. The area is checked
# afterwards, and an inward code written as a small ordinal ("b12 1st floor") is text.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2})\d[A-Za-z\d]?[ +-]?\d([ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})"
    r"(?![A-Za-z0-9])"
)


_ORDINALS = frozenset({"st", "nd", "rd", "th"})


# A UK number: 0 or +44 (0044), then nine or ten digits in any usual grouping; and the 116 xxx
# helplines. Digits are counted after the match, so year ranges and dates never qualify.
_PHONE = re.compile(
    r"(?<![\w+/.-])(?:(?:\+|00)44 ?(?:\(0\) ?)?\(?|\(?0)[1-9][\d ().-]{7,13}\d"
    r"(?![\w/]|[.-]?\d)"
)


_HELPLINE = re.compile(r"(?<![\w+/.-])116 ?\d{3}(?![\w/]|[.-]?\d)")


# Possessive runs (``++``): a run of address characters is never given back, since what follows
# it (``@``, ``.``, the end) cannot be one of them; only whole labels are given back to the
# top-level domain, so a search takes time in proportion to the text.
_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)*\.[A-Za-z]{2,}+(?![\w-])"
)


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)


# Every unbounded run here (spaces, separators, the words between the trigger and the date) is
# possessive (``*+``, ``++``): what follows each run can never start with a character of the run
# (a date starts with a digit or a month, and no month starts like was/is/on/of/the), so giving
# characters back could never make a match; the matches are the same, without backtracking.
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[\s-]++(?:of\s++)?{_MONTH}\.?,?[\s-]++(?:\d{{4}}|\d{{2}})"
    rf"|{_MONTH}\.?\s++\d{{1,2}}(?:st|nd|rd|th)?,?\s++\d{{4}})"
)


# A date of birth is a full date right after "DOB" (also "D.O.B.", "D/O/B"), "date of birth",
# "birth date", "birthday", "born" or "b.": a date on its own (a publication date, a meeting) is
# not one, nor is "born in March 2015".
_DOB = re.compile(
    r"(?P<trigger>\bd[./]?\s?o[./]?\s?b\b\.?|\bdates?\s++of\s++birth\b|\bbirth\s?(?:date|day)\b"
    r"|\bborn\b|\bb\.(?=\s?\d))"
    rf"[\s:,()-]*+(?:(?:was|is|on|of|the)\s++)*+(?P<date>{_DATE})(?![\w/])",
    re.IGNORECASE,
)


_ANY_DIGIT = re.compile(r"\d")


# A cheap first look: only text with one of these words can hold a date of birth. The
# lookahead lets the regular expression engine skip to the next b or d (three times faster
# over prose than trying each alternative at every character).
_DOB_HINT = re.compile(
    r"(?=[bBdD])(?:[bB](?:[oO][rR][nN]|[iI][rR][tT][hH])|[dD][./]?\s?[oO][./]?\s?[bB]|\b[bB]\.)"
)


#: Every detector's pattern in one (for a date of birth, its hint): text where none of them
#: matches holds nothing the scan reports, since each detector reports only what its pattern
#: matches. One search of this decides most short texts (a field, an id with a year) at once;
#: over a long text it is slower than the detectors one by one, each of which the regular
#: expression engine scans for by its first character.
_SHORT = 200
_ANY_DETECTOR = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (_NHS, _NINO, _EMAIL, _POSTCODE, _PHONE, _HELPLINE))
    + f"|(?:{_DOB_HINT.pattern})"
)


def has_birth_word(text: str) -> bool:
    """True if ``text`` has a word that comes before a date of birth ("born", "birth", "DOB",
    "b."): without one, no date in it is a date of birth."""
    return _DOB_HINT.search(text) is not None


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _national_digits(text: str) -> str:
    """The digits of a UK phone number after the trunk 0 or the +44 country code."""
    digits = _digits(text.replace("(0)", ""))
    stripped = text.lstrip("( ")
    if stripped.startswith("+44"):
        return digits[2:]
    if stripped.startswith("0044"):
        return digits[4:]
    return digits[1:]


@remembered
def find_personal_data(text: str) -> list[Finding]:
    """What in ``text`` looks like personal data, in order; an overlap is reported once.

    Pasted spaces, invisible characters and Unicode dashes are read as spaces and hyphens
    (``943\u00a0476\u20115919``); each finding's ``text`` is as written in ``text``."""
    if "@" not in text and _ANY_DIGIT.search(text) is None:
        return []  # every kind of personal data has a digit, or an e-mail address's '@'
    return [
        Finding(f.kind, f.start, f.end, text[f.start : f.end])
        for f in _find(plain_same_length(text))
    ]


def _find(text: str) -> list[Finding]:
    if len(text) <= _SHORT and _ANY_DETECTOR.search(text) is None:
        return []
    # One group per detector, in order of precedence. A detector looks only at text with as
    # many digits as what it finds has: ten for an NHS or phone number (a trunk 0 and nine, or
    # +44 and nine), six for a National Insurance number or a 116 helpline, two for a postcode.
    groups: list[list[Finding]] = []
    digits = len(_ANY_DIGIT.findall(text))
    if digits >= 10:
        groups.append(
            [
                Finding("nhs-number", m.start(), m.end(), m.group(0))
                for m in _NHS.finditer(text)
                if nhs_number_is_valid(m.group(1) + m.group(2) + m.group(3))
            ]
        )
    if digits >= 6:
        groups.append(list(_ni_numbers(text)))
    if "@" in text:
        groups.append(
            [Finding("email", m.start(), m.end(), m.group(0)) for m in _EMAIL.finditer(text)]
        )
    if digits >= 2:
        groups.append(
            [
                Finding("postcode", m.start(), m.end(), m.group(0))
                for m in _POSTCODE.finditer(text)
                if m.group(1).upper() in _AREAS
                and not (m.group(2).islower() and m.group(2) in _ORDINALS)
            ]
        )
    if digits >= 10:
        groups.append(
            [
                Finding("phone", m.start(), m.end(), m.group(0))
                for m in _PHONE.finditer(text)
                if len(_national_digits(m.group(0))) in (9, 10)
            ]
        )
    if digits >= 6 and "116" in text:
        groups.append(
            [Finding("phone", m.start(), m.end(), m.group(0)) for m in _HELPLINE.finditer(text)]
        )
    if digits and _DOB_HINT.search(text):
        groups.append(
            [Finding("date-of-birth", m.start(), m.end(), m.group(0)) for m in _DOB.finditer(text)]
        )
    return _earlier_detectors_win(groups)


#: Elements whose start and end separate the text around them (blocks, cells, line breaks);
#: the text of any other element runs on into its neighbours, as a reader sees it.
_SEPARATING = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div",
        "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip

#: A table heading over a column of dates of birth.
_DOB_HEADING = re.compile(
    r"\s*+(?:d[./]?\s?o[./]?\s?b\.?|dates?\s++of\s++birth|birth\s?(?:date|day)|born)\s*+:?\s*+",
    re.IGNORECASE,
)


class _ReaderText(HTMLParser):
    """The text of rendered HTML as a reader sees it, and the addresses of its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.addresses: list[str] = []
        self.headings: list[str] = []
        self.column = 0
        self.in_head = False
        self.cell: list[str] | None = None
        self.dob_cells: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SEPARATING:
            self.text.append("\n")
        for name, value in attrs:
            if name in {"href", "src", "cite"} and value:
                self.addresses.append(value)
        if tag == "thead":
            self.in_head, self.headings = True, []
        elif tag == "tr":
            self.column = 0
        elif tag in {"td", "th"}:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in _SEPARATING:
            self.text.append("\n")
        if tag == "thead":
            self.in_head = False
        elif tag in {"td", "th"} and self.cell is not None:
            content = "".join(self.cell)
            if self.in_head:
                self.headings.append(content)
            elif self.column < len(self.headings) and _DOB_HEADING.fullmatch(
                self.headings[self.column]
            ):
                self.dob_cells.append(f"date of birth: {content}")
            self.cell = None
            self.column += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.cell is not None:
            self.cell.append(data)


def reader_segments(rendered: str) -> list[str]:
    """The text a reader takes in from ``rendered`` (HTML the site's Markdown produced), in
    pieces to scan for personal data: the page's text (character references decoded, tags and
    comments removed, each block on its own line, pasted characters read as ordinary ones), the
    address of each link and image (decoded, with its ``/ ? = & # :`` read as spaces), and each
    cell of a table column headed "DOB" or "Date of birth", read as a date of birth."""
    parser = _ReaderText()
    parser.feed(rendered)
    parser.close()
    segments = [plain("".join(parser.text))]
    for address in parser.addresses:
        decoded = plain(unquote(address))
        spaced = decoded.translate(_ADDRESS_SEPARATORS)
        segments += [spaced, spaced.replace("+", " ")]
    segments += [plain(cell) for cell in parser.dob_cells]
    return segments


_ADDRESS_SEPARATORS = str.maketrans(dict.fromkeys("/?=&#:;,", " "))


#: Ordinary text and one example of each kind of personal data. An allowlist pattern that
#: matches any of them would let through far more than a reviewed value.
ALLOWLIST_PROBES: tuple[str, ...] = (
    "",
    "a",
    "0",
    "the",
    "943 476 5919",
    "9434765919",
    "AB 12 34 56 C",
    "LE1 6ZG",
    "07700 900123",
    "0116 496 0123",
    "jane@example.org",
    "DOB: 03/03/2011",
    "born 3 March 2011",
)


def too_broad(pattern: re.Pattern[str]) -> str | None:
    """The example from :data:`ALLOWLIST_PROBES` that an allowlist ``pattern`` matches whole
    (``''`` for the empty text), or None if it matches none of them."""
    for probe in ALLOWLIST_PROBES:
        if pattern.fullmatch(probe) is not None:
            return probe
    return None


def _earlier_detectors_win(groups: list[list[Finding]]) -> list[Finding]:
    """The findings that overlap no finding kept before them (an NHS number is not also reported
    as a phone number), sorted by position. Each group is merged into the kept findings in one
    pass, so the work grows with the number of findings, not with its square."""
    kept: list[Finding] = []
    for group in groups:
        accepted: list[Finding] = []
        index = 0
        for finding in sorted(group, key=lambda f: (f.start, f.end)):
            while index < len(kept) and kept[index].end <= finding.start:
                index += 1
            if index < len(kept) and kept[index].start < finding.end:
                continue
            if accepted and accepted[-1].end > finding.start:
                continue
            accepted.append(finding)
        kept = sorted([*kept, *accepted], key=lambda f: (f.start, f.end))
    return kept


def mask(text: str, keep: int) -> str:
    """Keep the first ``keep`` letters and digits of ``text``; star the others, keep separators."""
    out: list[str] = []
    seen = 0
    for char in text:
        if char.isalnum():
            seen += 1
            out.append(char if seen <= keep else "*")
        else:
            out.append(char)
    return "".join(out)


def _mask_email(text: str) -> str:
    local, _, domain = text.partition("@")
    first, _, rest = domain.partition(".")
    return f"{local[:1]}***@{first[:1]}***.{rest}"


def _mask_postcode(text: str) -> str:
    return text[:-3] + "***"


def _mask_dob(text: str) -> str:
    match = _DOB.match(text)
    if match is None:
        return mask(text, 0)
    return text[: match.start("date")] + mask(match.group("date"), 0)


def mask_name(text: str) -> str:
    """Initials only: 'Jane Smith' becomes 'J*** S***'."""
    words = [w for w in re.split(r"[\s_.\-]+", text) if w]
    return " ".join(f"{w[0]}***" for w in words)


MASKS: dict[str, Callable[[str], str]] = {
    "nhs-number": lambda t: mask(t, 3),
    "ni-number": lambda t: mask(t, 2),
    "postcode": _mask_postcode,
    "phone": lambda t: mask(t, 4),
    "email": _mask_email,
    "date-of-birth": _mask_dob,
}


def _normalise(kind: str, text: str) -> str:
    if kind == "phone":
        return _national_digits(text) if not text.strip().startswith("116") else _digits(text)
    return "".join(c for c in text.casefold() if c.isalnum() or c in "@.")


@dataclass(frozen=True)
class AllowEntry:
    """One reviewed false positive: an exact value or a pattern, the kinds it covers, and why."""

    reason: str
    value: str | None = None
    pattern: re.Pattern[str] | None = None
    kinds: frozenset[str] = frozenset()

    def allows(self, finding: Finding) -> bool:
        """True if the entry covers ``finding``: one of its kinds (any kind when none are
        given), and the same value (separators and case aside) or a whole match of its pattern."""
        if self.kinds and finding.kind not in self.kinds:
            return False
        if self.value is not None:
            return _normalise(finding.kind, self.value) == _normalise(finding.kind, finding.text)
        return self.pattern is not None and self.pattern.fullmatch(finding.text) is not None


@dataclass(frozen=True)
class Allowlist:
    """The reviewed false positives of the personal-data scan."""

    entries: tuple[AllowEntry, ...] = ()

    def allows(self, finding: Finding) -> bool:
        """True if any entry of the allowlist covers ``finding``."""
        return any(entry.allows(finding) for entry in self.entries)


@dataclass(frozen=True)
class PrivateNames:
    """Real names that must never appear in content, matched whole-word and case-insensitively."""

    names: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    index: Mapping[str, int] = field(default_factory=dict)

    def find(self, text: str) -> Iterator[tuple[int, int, int]]:
        """(start, end, entry number) of every private name in ``text``."""
        if self.pattern is None or not text:
            return
        for m in self.pattern.finditer(text):
            yield m.start(), m.end(), self.index.get(_name_key(m.group(0)), 0)


def _name_key(text: str) -> str:
    return " ".join(re.split(r"[\s_.\-]+", text.casefold().replace("\u2019", "'"))).strip()


def _name_regex(name: str) -> str:
    words = [w for w in re.split(r"[\s_.\-]+", name) if w]
    parts = [re.escape(w).replace("'", "['\u2019]").replace("\u2019", "['\u2019]") for w in words]
    # Possessive: a name's words never start with a separator, so the run is never given back.
    return r"[\s_.\-]++".join(parts)


#: What each approval field is, in messages.
APPROVAL_LABELS: dict[str, str] = {
    "home_office_qa": "the Home Office quality-assurance panel's approval",
    "strategic_management_board": "the Strategic Management Board's approval",
    "board": "the board's approval",
    "family_informed": "the date the family was told",
}


def add_years(date: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for 29 February in a common year)."""
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)


def retention_review_date(item: Item) -> dt.date | None:
    """When to review whether the item stays online: its own date, else five years on."""
    if item.retention_review is not None:
        return item.retention_review
    published = publication_date(item)
    return add_years(published, RETENTION_YEARS) if published else None
