"""Decode a raw plan file into numbered lines, the coordinates every cell points back to.

Plans arrive from many converters and offices: UTF-8 with or without a BOM,
UTF-16 with a BOM, the Vietnamese Windows code page (cp1258, whose tone marks
are combining characters), decomposed (NFD) Unicode, CRLF line ends, stray
NUL bytes. All of them become the same NFC text. What is not text at all
(empty, PDF or other binary bytes, a file far larger than any plan) raises
`UndecodableText` with a reason an officer can act on, so the plan is
quarantined instead of being read as garbage.

Lines are split on "\\n" only (a lone "\\r" is dropped), never with
`str.splitlines`, which also breaks on form feeds and Unicode separators and
would shift line numbers away from what an officer sees in an editor.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
#: A converted plan is well under 2 MB; anything this large is not one (and would stall the nightly run).
MAX_BYTES = 20 * 1024 * 1024
#: Share of control bytes (other than tab, LF, CR, FF) above which the bytes are binary, not text with a few strays.
_BINARY_SHARE = 0.05
_SNIFF = 65536
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c")
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in _TEXT_CONTROLS)
# Legacy Vietnamese encodings first: charset detection confuses them with other Latin code pages.
_CANDIDATES = ("cp1258", "cp1252", "latin_1")


class UndecodableText(ValueError):
    """The bytes are not text in any encoding we can tell apart safely."""


@dataclass(frozen=True)
class Decoded:
    """NFC text, the encoding it was read in, and whether the bytes end inside a character (a cut-off file)."""

    text: str
    encoding: str
    truncated: bool = False


def decode(data: bytes) -> Decoded:
    """Bytes to NFC text: size and binary checks, BOM, UTF-8, then charset detection; NULs dropped."""
    if len(data) > MAX_BYTES:
        raise UndecodableText(f"file is {len(data) / 2**20:.0f} MB, over the {MAX_BYTES / 2**20:.0f} MB limit for a plan")
    if not data.strip():
        raise UndecodableText("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _normalized(data.decode(encoding, errors="strict"), encoding.removesuffix("-sig"))
    if data.startswith(b"%PDF-"):
        raise UndecodableText("PDF bytes, not text: convert the PDF to text first")
    head = data[:_SNIFF]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > _BINARY_SHARE * len(head):
        raise UndecodableText(f"binary data, not text ({controls} control bytes in the first {len(head)})")
    try:
        return _normalized(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            # Cut off inside the last character (a truncated download): keep the text before it.
            return _normalized(data[: exc.start].decode("utf-8"), "utf-8", truncated=True)
    return _normalized(*_detect(data))


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_CANDIDATES)).best() or from_bytes(data).best()
    if best is None:
        raise UndecodableText("not text in a known encoding")
    return str(best), best.encoding


def _normalized(text: str, encoding: str, truncated: bool = False) -> Decoded:
    return Decoded(unicodedata.normalize("NFC", text.replace("\x00", "")), encoding, truncated)


def decode_text(data: bytes) -> str:
    """Bytes to NFC text (see `decode`)."""
    return decode(data).text


def split_lines(text: str) -> list[str]:
    """Lines without their ends; line N of the file is element N-1."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def collapse(text: str) -> str:
    """Whitespace-collapsed text: how the contract compares and publishes cell text."""
    return " ".join(text.split())
