"""Decode a raw plan file into numbered lines, the coordinates every cell points back to.

Lines are split on "\\n" only (a lone "\\r" is dropped), never with
`str.splitlines`, which also breaks on form feeds and Unicode separators and
would shift line numbers away from what an officer sees in an editor.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


class UndecodableText(ValueError):
    """The bytes are not text in any encoding we can tell apart safely."""


def decode_text(data: bytes) -> str:
    """Bytes to NFC text: BOM first, then UTF-8, then charset detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return unicodedata.normalize("NFC", data.decode(encoding))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise UndecodableText("not text in a known encoding") from None
        text = str(best)
    return unicodedata.normalize("NFC", text)


def split_lines(text: str) -> list[str]:
    """Lines without their ends; line N of the file is element N-1."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def read_lines(path: Path) -> list[str]:
    """Decoded, NFC-normalized lines of a plan file."""
    return split_lines(decode_text(path.read_bytes()))


def collapse(text: str) -> str:
    """Whitespace-collapsed text: how the contract compares and publishes cell text."""
    return " ".join(text.split())
