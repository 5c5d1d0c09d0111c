"""Characters pasted from Word, PDF readers and web pages that stand for ordinary ones.

Word and PDF readers paste non-breaking and other fixed-width spaces, zero-width spaces and
joiners, soft hyphens, and the Unicode hyphens and dashes. A reader sees a space or a hyphen (or
nothing), so search and the personal-data scan must read them so too; the page keeps them as
written. In front matter, where a key, an id or a vocabulary term must be exact, they are
replaced where the meaning is plain (see :mod:`lif.load.yaml_reader`).
"""

from __future__ import annotations

#: Spaces that look like an ordinary space: no-break (U+00A0), the typographic spaces
#: U+2000 to U+200A, narrow no-break (U+202F), medium mathematical (U+205F), ideographic
#: (U+3000).
SPACES = frozenset("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a")
SPACES |= frozenset("\u202f\u205f\u3000")

#: Characters that show as nothing: the zero-width space, non-joiner and joiner, the word
#: joiner, the byte-order mark and the soft hyphen (shown only where a line breaks).
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")

#: Hyphens and dashes that stand for the hyphen-minus: hyphen (U+2010), non-breaking hyphen
#: (U+2011), figure dash, en and em dash, horizontal bar, minus sign, small and full-width
#: hyphen-minus.
HYPHENS = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d")

#: Every pasted character this module knows, with the name a message gives it.
NAMES: dict[str, str] = {
    "\u00a0": "a non-breaking space",
    "\u202f": "a narrow non-breaking space",
    "\u200b": "a zero-width space",
    "\u200c": "a zero-width non-joiner",
    "\u200d": "a zero-width joiner",
    "\u2060": "a word joiner",
    "\ufeff": "a zero-width no-break space",
    "\u00ad": "a soft hyphen",
    "\u2010": "a Unicode hyphen (U+2010)",
    "\u2011": "a non-breaking hyphen (U+2011)",
}

_SAME_LENGTH = str.maketrans(
    {**dict.fromkeys(SPACES, " "), **dict.fromkeys(INVISIBLE, " "), **dict.fromkeys(HYPHENS, "-")}
)

_PLAIN = str.maketrans(
    {**dict.fromkeys(SPACES, " "), **dict.fromkeys(INVISIBLE, None), **dict.fromkeys(HYPHENS, "-")}
)


def plain(text: str) -> str:
    """``text`` as a reader takes it in: pasted spaces as spaces, invisible characters left
    out, hyphens and dashes as ``-``."""
    return text.translate(_PLAIN)


def plain_same_length(text: str) -> str:
    """``text`` with pasted spaces and invisible characters as spaces and hyphens and dashes as
    ``-``, one character for one, so that positions in it are positions in ``text``."""
    return text.translate(_SAME_LENGTH)


def name_of(char: str) -> str:
    """What a message calls ``char``: its name, or its code point (``U+00A0``)."""
    return NAMES.get(char, f"U+{ord(char):04X}")
