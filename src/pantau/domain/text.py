"""Text that came from a user's file, made safe to show: control characters escaped, long values shortened.

A site name, a target name or a probe's error message can hold anything a file or a remote server put there: an
ANSI escape that recolours or clears a terminal, a newline that forges a line of output, a bidirectional override
that shows text reversed. Wherever such text meets a terminal or the clipboard it passes through `printable`, which
writes those characters as escapes (`\\x1b`, `\\n`, `\\u202e`), so one value always stays one visible line.
"""

from __future__ import annotations

import unicodedata

# Control (Cc), format (Cf: bidi overrides, zero-width characters, the BOM), surrogates (Cs), and the line and
# paragraph separators: characters that move the cursor, hide text or break a line, rather than show something.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def is_hidden(char: str) -> bool:
    """True for a character that `printable` escapes."""
    return unicodedata.category(char) in _HIDDEN_CATEGORIES


def hidden_characters(text: str, allowed: str = "") -> list[str]:
    """The distinct characters of `text` that `printable` would escape, other than those in `allowed`."""
    if text.isprintable():
        return []
    return sorted({char for char in text if char not in allowed and is_hidden(char)})


def escape_char(char: str) -> str:
    """One character as an escape: `\\n`, `\\x1b`, `\\u202e` or `\\U000e0001`."""
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every control or format character written as an escape; with `keep_newlines`, '\\n' stays a
    line break (for a whole report whose own lines are already safe).

    A backslash is left as it is, so applying `printable` twice gives the same text as applying it once.
    """
    if text.isprintable():
        return text
    return "".join(escape_char(char) if is_hidden(char) and not (keep_newlines and char == "\n") else char
                   for char in text)


def shown(value: object, limit: int = 80) -> str:
    """A value quoted for a message, like `repr`, and cut after `limit` characters with its length said, so that a
    megabyte-long id gives a readable message."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= limit + 2 else f"{text[:limit]}… ({len(text):,} characters)"
