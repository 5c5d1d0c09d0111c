"""Publication guard rails: what must never be published, and what must be true before it is.

The rules here run with the other checker rules (:data:`GUARD_RULES` is part of
:data:`lif.checker.RULES`), so ``lif check``, the pull-request checks and the build refuse the same
things:

- personal data in any field or the body: NHS numbers (valid check digit), National Insurance
  numbers, full postcodes, phone numbers, e-mail addresses and dates of birth; each message names
  the file, line and what was found, partly masked, and an explicit allowlist
  (``data/allowlist.yml``) lets reviewed false positives through;
- real names from a private list that is never committed (``LIF_PRIVATE_NAMES`` or
  ``.lif-private-names.txt``);
- approvals that some review types need before publication, read from the review-type data;
- review types whose single cases are never published (individual child death reviews);
- scaffold placeholders left in an item that is about to be published;
- holds, drafts with a past embargo date, and retention review dates.

Drafts, embargoes and holds themselves are enforced by :mod:`lif.publication`: an item that is
not public is never mounted or exported.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .models import Approvals, Item, Review
from .problems import Problem
from .publication import publication_date

if TYPE_CHECKING:
    from .checker import CheckContext

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


# --------------------------------------------------------------------------------------------
# Personal data: detectors
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """Something that looks like personal data: its kind, where it is in the text, and the text."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def masked(self) -> str:
        return MASKS[self.kind](self.text)


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


_NHS = re.compile(r"(?<![\w/.+-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w/]|[.-]\d)")

# Two prefix letters (D, F, I, Q, U, V never used; O not second; BG, GB, KN, NK, NT, TN, ZZ
# never allocated), six digits, a suffix A-D. The search starts at the digits (fast over prose);
# the prefix letters before them are checked afterwards.
_NINO = re.compile(r"\d{2} ?\d{2} ?\d{2} ?[A-Da-d](?![A-Za-z0-9])")
_NINO_PREFIX = re.compile(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]")
_NINO_NEVER = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def _ni_numbers(text: str) -> Iterator[Finding]:
    for m in _NINO.finditer(text):
        start = m.start() - (3 if text[m.start() - 1 : m.start()] == " " else 2)
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
# fmt: on

_AREAS = frozenset(POSTCODE_AREAS)
# The inward code's letters never include C, I, K, M, O or V. Upper case only: "b12 1st" is
# ordinary text, and postcodes are written in capitals. The area is checked afterwards.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])([A-Z]{1,2})\d[A-Z\d]?[ \u00a0]?\d[ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])"
)

# A UK number: 0 or +44 (0044), then nine or ten digits in any usual grouping; and the 116 xxx
# helplines. Digits are counted after the match, so year ranges and dates never qualify.
_PHONE = re.compile(
    r"(?<![\w+/.-])(?:(?:\+|00)44[ \u00a0]?(?:\(0\)[ \u00a0]?)?\(?|\(?0)[1-9][\d \u00a0()-]{7,13}\d"
    r"(?![\w/]|[.-]?\d)"
)
_HELPLINE = re.compile(r"(?<![\w+/.-])116[ \u00a0]?\d{3}(?![\w/]|[.-]?\d)")

_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{4}}"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
# A date of birth is a full date right after "DOB", "date of birth", "birth date" or "born": a
# date on its own (a publication date, a meeting) is not one, nor is "born in March 2015".
_DOB = re.compile(
    r"(?P<trigger>\bd\.?\s?o\.?\s?b\b\.?|\bdates?\s+of\s+birth\b|\bbirth\s?date\b|\bborn\b)"
    rf"[\s:,-]*(?:(?:was|is|on|of|the)\s+)*(?P<date>{_DATE})(?![\w/])",
    re.IGNORECASE,
)


_ANY_DIGIT = re.compile(r"\d")


# A cheap first look: only text with one of these words can hold a date of birth.
_DOB_HINT = re.compile(r"[bB][oO][rR][nN]|[bB][iI][rR][tT][hH]|[dD]\.?\s?[oO]\.?\s?[bB]")


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


def find_personal_data(text: str) -> list[Finding]:
    """What in ``text`` looks like personal data, in order; an overlap is reported once."""
    if not text:
        return []
    found: list[Finding] = []
    has_digit = _ANY_DIGIT.search(text) is not None
    if has_digit:
        for m in _NHS.finditer(text):
            if nhs_number_is_valid(m.group(1) + m.group(3) + m.group(4)):
                found.append(Finding("nhs-number", m.start(), m.end(), m.group(0)))
        found.extend(_ni_numbers(text))
    if "@" in text:
        found.extend(
            Finding("email", m.start(), m.end(), m.group(0)) for m in _EMAIL.finditer(text)
        )
    if has_digit:
        found.extend(
            Finding("postcode", m.start(), m.end(), m.group(0))
            for m in _POSTCODE.finditer(text)
            if m.group(1) in _AREAS
        )
        for m in _PHONE.finditer(text):
            if len(_national_digits(m.group(0))) in (9, 10):
                found.append(Finding("phone", m.start(), m.end(), m.group(0)))
        if "116" in text:
            found.extend(
                Finding("phone", m.start(), m.end(), m.group(0)) for m in _HELPLINE.finditer(text)
            )
        if _DOB_HINT.search(text):
            for m in _DOB.finditer(text):
                found.append(Finding("date-of-birth", m.start(), m.end(), m.group(0)))
    # Earlier detectors win an overlap: an NHS number is not also reported as a phone number.
    kept: list[Finding] = []
    for finding in found:
        if not any(finding.start < k.end and k.start < finding.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))


# --------------------------------------------------------------------------------------------
# Masking: enough to find the text again, never enough to read it
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# The allowlist
# --------------------------------------------------------------------------------------------


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
        return any(entry.allows(finding) for entry in self.entries)


def parse_allowlist(text: str, path: str = ALLOWLIST_FILE) -> tuple[Allowlist, list[Problem]]:
    """Read the allowlist file's text; every malformed entry is a problem at its line."""
    problems: list[Problem] = []
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.append(Problem(path, line, column, "allowlist", f"broken YAML: {exc.problem}"))
        return Allowlist(), problems
    if node is None:
        return Allowlist(), problems
    data = yaml.safe_load(text)
    raw_entries = data.get("entries") if isinstance(data, dict) else None
    entries_node = _entries_node(node)
    if not isinstance(raw_entries, list) or entries_node is None:
        msg = "expected 'entries:' followed by a list of entries, each with 'value' and 'reason'"
        problems.append(Problem(path, 1, 1, "allowlist", msg))
        return Allowlist(), problems
    entries: list[AllowEntry] = []
    for index, raw in enumerate(raw_entries):
        entry_node = entries_node.value[index]
        line, column = entry_node.start_mark.line + 1, entry_node.start_mark.column + 1
        entry, message = _parse_entry(raw)
        if entry is None:
            problems.append(Problem(path, line, column, f"entries[{index}]", message))
        else:
            entries.append(entry)
    return Allowlist(tuple(entries)), problems


def _entries_node(node: yaml.Node) -> yaml.SequenceNode | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "entries":
            return value if isinstance(value, yaml.SequenceNode) else None
    return None


def _parse_entry(raw: Any) -> tuple[AllowEntry | None, str]:
    if not isinstance(raw, dict):
        return None, "each entry is a set of fields: 'value' (or 'pattern'), 'reason', 'kinds'"
    unknown = sorted(set(raw) - {"value", "pattern", "reason", "kinds"})
    if unknown:
        return None, f"unknown field(s) {', '.join(unknown)}: use value, pattern, reason, kinds"
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        return None, "every entry needs a 'reason': say what the value is and why it may appear"
    value, pattern = raw.get("value"), raw.get("pattern")
    if (value is None) == (pattern is None):
        return None, "give exactly one of 'value' (the exact text) or 'pattern' (a regex)"
    kinds = raw.get("kinds") or []
    if isinstance(kinds, str):
        kinds = [kinds]
    bad = [k for k in kinds if k not in KIND_LABELS]
    if bad or not isinstance(kinds, list):
        return None, f"unknown kind(s) {', '.join(map(str, bad))}: use {', '.join(KIND_LABELS)}"
    compiled = None
    if pattern is not None:
        try:
            compiled = re.compile(str(pattern), re.IGNORECASE)
        except re.error as exc:
            return None, f"'pattern' is not a valid regular expression: {exc}"
    return (
        AllowEntry(
            reason=reason.strip(),
            value=None if value is None else str(value),
            pattern=compiled,
            kinds=frozenset(kinds),
        ),
        "",
    )


def load_allowlist(root: Path | None) -> tuple[Allowlist, list[Problem]]:
    """The project's allowlist (empty if the project has none)."""
    if root is None:
        return Allowlist(), []
    path = root / ALLOWLIST_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Allowlist(), []
    except (OSError, UnicodeDecodeError) as exc:
        return Allowlist(), [Problem(ALLOWLIST_FILE, 1, 1, "allowlist", f"cannot be read: {exc}")]
    return parse_allowlist(text, ALLOWLIST_FILE)


# --------------------------------------------------------------------------------------------
# The private list of real names
# --------------------------------------------------------------------------------------------


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
    return r"[\s_.\-]+".join(parts)


def parse_private_names(text: str) -> PrivateNames:
    """One name a line; blank lines and lines starting with '#' are ignored."""
    names: list[str] = []
    index: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        name = line.strip()
        if not name or name.startswith("#") or len(name) < 2:
            continue
        names.append(name)
        index.setdefault(_name_key(name), number)
    if not names:
        return PrivateNames()
    alternatives = sorted({_name_regex(n) for n in names}, key=lambda p: (-len(p), p))
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])", re.IGNORECASE)
    return PrivateNames(tuple(names), pattern, index)


def private_names_path(root: Path | None) -> Path | None:
    """Where the private list is: ``LIF_PRIVATE_NAMES`` if set, else the project's own file."""
    value = os.environ.get(PRIVATE_NAMES_VARIABLE, "").strip()
    if value:
        return Path(value).expanduser()
    return root / PRIVATE_NAMES_FILE if root is not None else None


def load_private_names(root: Path | None) -> tuple[PrivateNames, list[Problem]]:
    """The private list; a list named by the variable but unreadable is an error, never skipped."""
    path = private_names_path(root)
    if path is None:
        return PrivateNames(), []
    explicit = bool(os.environ.get(PRIVATE_NAMES_VARIABLE, "").strip())
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if not explicit:
            return PrivateNames(), []
        msg = (
            f"{PRIVATE_NAMES_VARIABLE} names this file but it does not exist: fix the path, or "
            "unset the variable to use .lif-private-names.txt at the project root"
        )
        return PrivateNames(), [Problem(str(path), 1, 1, "private names", msg)]
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"the private list of names cannot be read ({exc}); the name check cannot run"
        return PrivateNames(), [Problem(str(path), 1, 1, "private names", msg)]
    return parse_private_names(text), []


# --------------------------------------------------------------------------------------------
# Walking an item's text
# --------------------------------------------------------------------------------------------


def text_fields(item: Item) -> Iterator[tuple[Loc, str]]:
    """Every string in an item's front matter, with the field path it sits at."""
    data = item.model_dump(exclude={"collection"})
    yield from _strings(data, ())


def _strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, Mapping):
        for key, child in value.items():
            yield from _strings(child, (*loc, key))
    elif isinstance(value, Sequence):
        for index, child in enumerate(value):
            yield from _strings(child, (*loc, index))


def _body_position(body: str, body_line: int, offset: int) -> tuple[int, int]:
    line = body_line + body.count("\n", 0, offset)
    column = offset - (body.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _label(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True)
class Hit:
    """A place in an item: a field (``loc``) or the body (``offset``), and what was found there."""

    loc: Loc | None
    offset: int
    what: str


def _scan(item: Item, body: str, find: Callable[[str], Iterable[tuple[int, str]]]) -> Iterator[Hit]:
    for loc, text in text_fields(item):
        for _, what in find(text):
            yield Hit(loc, 0, what)
    for offset, what in find(body):
        yield Hit(None, offset, what)


def _place(ctx: CheckContext, item: Item, hit: Hit, message: str) -> Problem:
    if hit.loc is not None:
        return ctx.problem(item, hit.loc, message, label=_label(hit.loc))
    source = ctx.source(item)
    line, column = _body_position(source.body, source.body_line, hit.offset)
    return Problem(source.path, line, column, "body", message)


# --------------------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------------------


def rule_personal_data(ctx: CheckContext) -> Iterator[Problem]:
    """No NHS or National Insurance number, postcode, phone, e-mail or date of birth in content."""
    allowlist, problems = load_allowlist(ctx.root)
    yield from problems

    def find(text: str) -> Iterator[tuple[int, str]]:
        for finding in find_personal_data(text):
            if not allowlist.allows(finding):
                message = (
                    f"{KIND_LABELS[finding.kind]} ('{finding.masked}'): {KIND_FIXES[finding.kind]}"
                )
                yield finding.start, message

    for item in ctx.library.items:
        for hit in _scan(item, ctx.source(item).body, find):
            yield _place(ctx, item, hit, f"looks like {hit.what}")


def rule_private_names(ctx: CheckContext) -> Iterator[Problem]:
    """No name from the private list of real names, anywhere in any item."""
    names, problems = load_private_names(ctx.root)
    yield from problems
    if names.pattern is None:
        return

    def find(text: str) -> Iterator[tuple[int, str]]:
        for start, end, number in names.find(text):
            masked = mask_name(text[start:end])
            yield (
                start,
                f"a real name from the private list (line {number}, '{masked}') is in the "
                "content: replace it with the pseudonym used in the report",
            )

    for item in ctx.library.items:
        for hit in _scan(item, ctx.source(item).body, find):
            yield _place(ctx, item, hit, hit.what)


#: What each approval field is, in messages.
APPROVAL_LABELS: dict[str, str] = {
    "home_office_qa": "the Home Office quality-assurance panel's approval",
    "strategic_management_board": "the Strategic Management Board's approval",
    "board": "the board's approval",
    "family_informed": "the date the family was told",
}


def lower_first(label: str) -> str:
    """A label in the middle of a sentence: 'Child death review' becomes 'child death review',
    an acronym stays ('MAPPA serious case review')."""
    if len(label) > 1 and label[:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def _approvals_needed(term_value: Any) -> list[str]:
    if isinstance(term_value, str):
        return [term_value]
    if isinstance(term_value, list):
        return [str(v) for v in term_value]
    return []


def rule_approvals(ctx: CheckContext) -> Iterator[Problem]:
    """Review types that need an approval (``approval:`` in their data) are not published without
    it, and no approval is dated after publication."""
    for item in ctx.library.items:
        if not isinstance(item, Review):
            continue
        term = ctx.vocab.review_types.terms.get(item.review_type)
        needed = _approvals_needed(term.get("approval")) if term else []
        if item.status != "draft" and term is not None:
            for name in needed:
                if name not in Approvals.model_fields:
                    msg = (
                        f"review type '{item.review_type}' in data/review_types.yml needs "
                        f"approval '{name}', which is not a field of 'approvals' (use one of: "
                        f"{', '.join(Approvals.model_fields)})"
                    )
                    yield ctx.problem(item, ("review_type",), msg)
                elif getattr(item.approvals, name) is None:
                    loc: Loc = ("approvals",) if "approvals" in _present(ctx, item) else ("status",)
                    msg = (
                        f"a {lower_first(term.label)} is published only with "
                        f"{APPROVAL_LABELS.get(name, name)}: add its date under 'approvals:' as "
                        f"'{name}: YYYY-MM-DD', or keep 'status: draft' until it comes"
                    )
                    yield ctx.problem(item, loc, msg, label=f"approvals.{name}")
        published = publication_date(item)
        if published is None or item.status == "draft":
            continue
        for name in Approvals.model_fields:
            when = getattr(item.approvals, name)
            if when is None or when <= published:
                continue
            label = APPROVAL_LABELS.get(name, name)
            if name == "family_informed":
                msg = (
                    f"the family was told on {when}, after publication on {published}: the "
                    "family should hear before the review is published; check both dates"
                )
                yield ctx.problem(item, ("approvals", name), msg, severity="warning")
            else:
                msg = (
                    f"{label} is dated {when}, after publication on {published}: nothing is "
                    "published before it is approved; check both dates (or delay publication "
                    "with 'publish_on')"
                )
                yield ctx.problem(item, ("approvals", name), msg)


def _present(ctx: CheckContext, item: Item) -> set[str]:
    """Top-level fields written in the item's file."""
    return {str(k[0]) for k in ctx.source(item).positions if len(k) == 1}


def rule_case_records(ctx: CheckContext) -> Iterator[Problem]:
    """Review types whose single cases are never published (``case_record: false``), such as
    child death reviews, appear only as thematic or annual learning, never about one subject."""
    for item in ctx.library.items:
        if not isinstance(item, Review):
            continue
        term = ctx.vocab.review_types.terms.get(item.review_type)
        if term is None or term.get("case_record", True) is not False or not item.subject:
            continue
        yield ctx.problem(
            item,
            ("subject",),
            f"{term.label}: single cases are not published, only thematic or annual learning "
            "across cases (for example an individual child death review): remove 'subject' and "
            "write the learning across cases, or publish it as a thematic note in briefs/",
        )


def rule_placeholders(ctx: CheckContext) -> Iterator[Problem]:
    """Nothing is published with the scaffold's '[[fill in: …]]' placeholders still in it."""

    def find(text: str) -> Iterator[tuple[int, str]]:
        start = text.find(PLACEHOLDER)
        while start != -1:
            yield start, "the scaffold's placeholder text is still here"
            start = text.find(PLACEHOLDER, start + 1)

    for item in ctx.library.items:
        if item.status == "draft":
            continue
        for hit in _scan(item, ctx.source(item).body, find):
            yield _place(
                ctx,
                item,
                hit,
                f"{hit.what}: replace every '{PLACEHOLDER}: …]]' with your own text "
                "before publishing (or keep 'status: draft')",
            )


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


def rule_retention(ctx: CheckContext) -> Iterator[Problem]:
    """Published items whose retention review date has come are reported (a warning)."""
    for item in ctx.library.items:
        if item.status != "published":
            continue
        due = retention_review_date(item)
        published = publication_date(item)
        if item.retention_review is not None and published and item.retention_review < published:
            yield ctx.problem(
                item,
                ("retention_review",),
                f"'retention_review' ({item.retention_review}) is before the publication date "
                f"({published}): give the date the board will decide whether it stays online",
            )
            continue
        if due is None or due > ctx.today:
            continue
        own = item.retention_review is not None
        yield ctx.problem(
            item,
            ("retention_review",) if own else ("published",),
            f"its retention review was due on {due}"
            + ("" if own else f" ({RETENTION_YEARS} years after publication)")
            + ": decide whether it stays online; to keep it, set 'retention_review' to the next "
            "review date; to take its documents down, set 'status: withdrawn' and 'withdrawn_on'",
            severity="warning",
            label="retention_review",
        )


def rule_holds_and_embargoes(ctx: CheckContext) -> Iterator[Problem]:
    """A hold says why; a draft whose embargo date has passed is pointed out (it stays hidden)."""
    for item in ctx.library.items:
        if item.hold is not None and item.hold.reason == "other" and not item.hold.note:
            yield ctx.problem(
                item,
                ("hold", "reason"),
                "a hold for reason 'other' needs a 'note' saying why publication is held "
                "(the note is never published)",
            )
        if item.status == "draft" and item.publish_on is not None and item.publish_on <= ctx.today:
            yield ctx.problem(
                item,
                ("publish_on",),
                f"the embargo date {item.publish_on} has come but the status is still 'draft', "
                "so it is not published: set 'status: published' when it is ready",
                severity="warning",
            )


#: The guard rules, in the order they run (appended to :data:`lif.checker.RULES`).
GUARD_RULES: list[Callable[[CheckContext], Iterable[Problem]]] = [
    rule_personal_data,
    rule_private_names,
    rule_approvals,
    rule_case_records,
    rule_placeholders,
    rule_retention,
    rule_holds_and_embargoes,
]
