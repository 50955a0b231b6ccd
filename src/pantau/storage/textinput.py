"""Reading a text file a user hands to Pantau (a network file, a spreadsheet CSV): bounded in size, UTF-8 only.

Every refusal says why and, where the bytes show it, on which line: a UTF-16 file, a NUL byte, a byte that is not
UTF-8. A byte-order mark (even a doubled one, from a file converted twice) is dropped.
"""

from __future__ import annotations

from pathlib import Path

# Far above any real inventory (the sample's 28 offices take 60 kB; 5,000 offices with contracts about 5 MB), and
# small enough that reading and checking a file stays a matter of seconds.
MAX_BYTES = 16 * 1024 * 1024


class TextInputError(Exception):
    """A file that is not usable text; `line` is where the fault is, when the bytes show it."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def read_user_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The text of `path`; raise `TextInputError` for a file that cannot be read, is too large or is not UTF-8."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(max_bytes + 1)
    except OSError as error:
        raise TextInputError(f"cannot read the file: {error.strerror or error}") from None
    if len(raw) > max_bytes:
        raise TextInputError(f"the file is larger than {max_bytes // (1024 * 1024)} MB, far more than any network "
                             "needs: is it the right file?")
    return decode_user_text(raw)


def decode_user_text(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TextInputError("the file is UTF-16 text: save it as UTF-8 (in a spreadsheet: 'CSV UTF-8')", 1)
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise TextInputError(f"the file holds a NUL byte (byte {nul}): it is not a text file, or it is UTF-16; "
                             "save it as UTF-8", _line_of(raw, nul))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TextInputError(f"the file is not UTF-8 text (byte {error.start} is {raw[error.start]:#04x}): save it "
                             "as UTF-8 (in a spreadsheet: 'CSV UTF-8')", _line_of(raw, error.start)) from None
    return text.lstrip("\ufeff")


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1
