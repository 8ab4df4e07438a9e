"""Control characters: found in knowledge text, refused by the validator, and never written raw to a terminal.

A title holding ESC ``]0;...BEL`` retitles the reader's terminal, and U+202E turns the rest of a line around. Tabs
and line breaks are ordinary text and are kept.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
EXCERPT_CHARS = 60


def first_control(text: str) -> str | None:
    """The first control character of ``text`` as ``U+001B``, or None when there is none."""
    found = CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def strip_controls(text: str) -> str:
    """``text`` without its control characters (tabs and line breaks stay): what a terminal may be shown."""
    return CONTROL.sub("", text)


def escape_controls(text: str) -> str:
    """``text`` with each control character written as an escape (``\\x1b``), so a message shows it harmlessly."""
    return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """``value`` as a short quotable piece of text for an error message: escaped, on one line, at most ``limit``."""
    text = str(value)
    shown = escape_controls(text[:limit]).replace("\n", "\\n").replace("\t", "\\t")
    return shown + "…" if len(text) > limit else shown
