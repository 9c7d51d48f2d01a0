"""The value grammar: one printed target cell in, comparator/number/unit out.

Implements the sections "Normalization rules" and "Special values" of the data contract
(../shared/spec/targets.md). A target cell is one of these forms,
tried in this order on the NFC, whitespace-collapsed text:

1. no target: "-", "–", "—" or blank → None (no row is published);
2. rank group: "Nhóm 15 tỉnh đứng đầu" → rank, <=, 15, the words kept;
3. rank fraction: "20/34" → rank, <=, 20 (rank 20 or better);
4. qualifier with a parenthesised quantity or rank: "6G (50%)" → 50
   percent, "6G"; or the other way round: "≥ 0,7 (HDI)" → 0.7, "HDI";
5. quantity: [tăng trung bình|thu hút thêm|duy trì] [đạt|có|ở mức|mức|chiếm]*
   [comparator [có]] [từ] NUMBER [%]
   [(-|đến|tới) NUMBER [%]] [trở lên|trở xuống] [tail words] —
   "≥ 1,5%", "2-3%", "đạt tối thiểu 30% GDP", "có từ 40 - 50 tổ chức",
   "100% trung tâm xã được phủ sóng 5G", "chiếm hơn 60%", "tăng trung bình
   10%/năm" (the leading words kept as value_text: a growth rate, not a level),
   "duy trì trên 0,7" (a maintained floor: > 0.7, "duy trì");
6. status: words starting with a STATUS_WORDS entry ("Duy trì/nâng cấp"),
   a result stated in words with no digit ("Một số lĩnh vực đạt trình độ
   quốc tế"; not the name of a body, "Sở …", which is a misplaced cell),
   or one of the alternatives its unit column offers ("Có/Không").
Anything else raises ValueGrammarError: a wrong number must never be
published silently, so a cell the grammar does not know is a problem to
report, not a value to guess.

Tail words after a quantity are kept as value_text (a qualifier such as
"trung tâm xã được phủ sóng 5G") unless they are unit vocabulary: "GRDP" /
"GDP" after "%" (their own unit), "%/năm", "% dân số", "% tổng chi …" (the
spec's spellings of percent), or the counted noun after a bare number when
the unit is `count` ("có từ 40 - 50 tổ chức" → value_text None): the noun
says what is counted, which is what the unit says.

The unit follows the spec's ordered rules (see `_resolve_unit`); the
vocabulary those rules look for is data in `pipeline.metadata.units`.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace

from pipeline.metadata import units
from pipeline.metadata.vocabularies import COMPARATORS

UNIT_INFERRED = "unit_inferred"
COMPOUND_TARGET = "compound_target"

NO_TARGET = frozenset({"-", "–", "—", ""})

# Leading words of a qualitative (status) target. Matched as whole words at
# the start of the cell, case-insensitively, so "Có" does not match "Công an".
STATUS_WORDS: tuple[str, ...] = (
    "Có", "Không", "Duy trì", "Đạt", "Ứng dụng", "Bảo đảm", "Đảm bảo", "Kết nối",
    "Đáp ứng", "Làm chủ", "Hoạt động", "Hoàn thành", "Nâng cấp",
    "Triển khai", "Xây dựng", "Thực hiện", "Vận hành",
)
# Not "Phát triển", "Hoàn thiện": they open section titles ("Phát triển hạ
# tầng"), which readers must not take for targets.

# Words that open the name of a body in charge (agency column).
AGENCY_STARTS = (
    "Sở", "Phòng", "Văn phòng", "Công an", "Ban", "Đảng ủy", "Đảng uỷ", "UBND", "Ủy ban", "Uỷ ban",
    "Các", "Bảo hiểm", "Ngân hàng", "Trung tâm", "Thống kê", "Cục", "Chi cục", "Tỉnh ủy",
    "Tỉnh đoàn", "Hội", "Liên hiệp", "Liên đoàn", "Trường", "Viện", "Kho bạc", "Bộ", "Đài",
    "Báo", "Hội đồng", "Mặt trận", "Ủy ban Mặt trận", "Thuế", "Chi nhánh", "Cơ quan", "Đơn vị",
    "Bộ Chỉ huy", "Bưu điện", "Viettel", "VNPT",
)


@dataclass(frozen=True)
class ParsedValue:
    """One target value in the contract's terms (see the `targets` table)."""

    comparator: str
    value: float | None
    value_max: float | None
    value_text: str | None
    unit: str
    flags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Invariants of the contract, checked here so no code path can build
        # a row the published schema would have to reject later.
        if self.comparator not in COMPARATORS:
            raise ValueError(f"unknown comparator {self.comparator!r}")
        if self.unit not in units.UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        if (self.comparator == "between") != (self.value_max is not None):
            raise ValueError("value_max goes with comparator 'between' and only with it")
        if (self.unit == units.STATUS) != (self.value is None):
            raise ValueError("a status target has no number and every other target has one")


class ValueGrammarError(ValueError):
    """A cell that is neither a number form nor a status phrase.

    Carries the text read (`raw`, whitespace-collapsed) and what was wrong
    (`reason`) so the
    pipeline can report it with its file and lines instead of guessing.
    """

    def __init__(self, raw: str, reason: str) -> None:
        super().__init__(f"{reason}: {raw!r}")
        self.raw = raw
        self.reason = reason


# --- normalization ---------------------------------------------------------

# One character to one character, so a span found in the folded text is the
# same span in the printed text (value_text is cut from the printed text).
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII
_FOLD.update({ord(c): "-" for c in "–—−‐‑‒"})
_FOLD.update({ord("⩾"): "≥", ord("≧"): "≥", ord("⩽"): "≤", ord("≦"): "≤"})
_WS = re.compile(r"\s+")


def _normalize(raw: str) -> tuple[str, str]:
    """(printed, folded): NFC with whitespace collapsed; and that with symbols folded."""
    printed = _WS.sub(" ", unicodedata.normalize("NFC", raw)).strip()
    return printed, printed.translate(_FOLD)


def is_no_target(raw: str) -> bool:
    """True for "-", an en/em dash or a blank cell: the plan sets no target there."""
    return _normalize(raw)[1] in NO_TARGET


# --- numbers ---------------------------------------------------------------

_NUMBER_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*")


def parse_number(token: str) -> float:
    """A number as Vietnamese plans print it.

    Decimal comma ("1,5" → 1.5); a dot before exactly three digits groups
    thousands ("1.500" → 1500, "2.000.000" → 2000000, "1.000,5" → 1000.5);
    any other dot, or one after a leading 0, is a decimal point ("0.73",
    "1.0"); leading zeros drop ("07" → 7). Raises ValueGrammarError for
    anything else ("1,,5", "1.2.3", "1.000.5").
    """
    text = token.strip().translate(_FOLD)
    if not _NUMBER_TOKEN.fullmatch(text):
        raise ValueGrammarError(token, "not a number")
    whole, comma, fraction = text.partition(",")
    if "," in fraction:
        raise ValueGrammarError(token, "more than one decimal comma")
    groups = whole.split(".")
    if len(groups) > 1:
        thousands = not groups[0].startswith("0") and all(len(g) == 3 for g in groups[1:])
        if thousands and len(groups[0]) > 3:
            raise ValueGrammarError(token, "a thousands group longer than three digits")
        if thousands:
            whole = "".join(groups)
        elif len(groups) == 2 and not comma:
            whole = ".".join(groups)  # a decimal point: "0.73", "1.0", "0.500"
        else:
            raise ValueGrammarError(token, "dots are neither thousands groups nor one decimal point")
    try:
        number = float(whole + ("." + fraction if comma else ""))
    except ValueError:  # a dot inside the decimal part, "0,0.0": found by fuzzing
        raise ValueGrammarError(token, "not a number") from None
    if not math.isfinite(number):
        raise ValueGrammarError(token, "number out of range")
    return number


# --- the forms of a cell ---------------------------------------------------

_FLAGS = re.IGNORECASE
_FILLER = re.compile(r"(?:ở mức|đạt|có|mức|chiếm)\s+", _FLAGS)
# Words before a quantity that change what it means (a growth rate, an
# increment), so they are kept as value_text: "tăng trung bình 10%/năm".
_LEAD_QUALIFIER = re.compile(r"(tăng trung bình|tăng bình quân|thu hút thêm|duy trì)\s+(?=\S)", _FLAGS)
_CMP_SYMBOL = re.compile(r"(>\s*=|<\s*=|≥|≤|>|<|=)\s*")
_CMP_SYMBOLS = {">=": ">=", "≥": ">=", "<=": "<=", "≤": "<=", ">": ">", "<": "<", "=": "="}
_CMP_WORD = re.compile(r"(không vượt quá|không quá|không dưới|tối thiểu|ít nhất|tối đa|trên|dưới|hơn)\s*(?=(?:có\s+)?[0-9])", _FLAGS)
_CMP_WORDS = {
    "không vượt quá": "<=", "không quá": "<=", "tối đa": "<=",
    "không dưới": ">=", "tối thiểu": ">=", "ít nhất": ">=",
    "trên": ">", "hơn": ">", "dưới": "<",
}
_FROM = re.compile(r"từ\s+(?=[0-9])", _FLAGS)
_NUMBER_END = re.compile(r"(?!\w)")
_PCT = re.compile(r"\s*%")
_RANGE_SEP = re.compile(r"\s*-\s*|\s+(?:đến|tới)\s+", _FLAGS)
_SUFFIX = re.compile(r"\s+(trở lên|trở xuống)(?!\w)", _FLAGS)
_SUFFIXES = {"trở lên": ">=", "trở xuống": "<="}
_TAIL_WORDS = re.compile(r"[^\W\d_][^%<>=≥≤]*")
_QUALIFIER = re.compile(r"(?=.*[^\W\d_])[^%<>=≥≤()]+")  # words, may hold digits: "6G"

# "Nhóm 15 tỉnh đứng đầu"; the national plan adds a scope: "nhóm 3 nước dẫn đầu khu vực Đông Nam Á".
_RANK_GROUP = re.compile(r"(?:thuộc\s+)?(?:trong\s+)?nhóm\s+([0-9]+)"
                         r"(?:\s+[^0-9%<>=≥≤]*?(?:đứng|dẫn)\s+đầu(?:\s+[^\W\d_][^0-9%<>=≥≤,;]*)?)?", _FLAGS)
_RANK_FRACTION = re.compile(r"(?:(>\s*=|<\s*=|≥|≤|>|<)\s*)?([0-9]+)\s*/\s*([0-9]+)")
_PARENTHESISED = re.compile(r"([^()]*?)\s*\(([^()]*)\)")
_STATUS = re.compile(r"(?:" + "|".join(re.escape(w) for w in STATUS_WORDS) + r")(?!\w)", _FLAGS)
# A result in words only, two or more, no digit or comparator ("Một số lĩnh vực đạt trình độ quốc tế", "Tiên tiến,
# hiện đại …"): a status target. Words that open a body's name ("Sở …", "Công an tỉnh") are an agency in the wrong
# column, and stay an error.
_RESULT_WORDS = re.compile(r"[^\W\d_][^\d%<>=≥≤]*\s[^\d%<>=≥≤]*[^\W\d_][^\d%<>=≥≤]*")
_AGENCY_START = re.compile(r"(?:" + "|".join(re.escape(w) for w in AGENCY_STARTS) + r")(?!\w)")


@dataclass(frozen=True)
class _Reading:
    """What the grammar read from a cell, before the unit rules run."""

    comparator: str
    value: float | None = None
    value_max: float | None = None
    percent: bool = False
    base: str | None = None          # units.PERCENT_OF_GRDP / PERCENT_OF_GDP from "% GRDP" in the cell
    qualifier: str | None = None     # value_text whatever the unit
    tail: str | None = None          # words after the number: value_text unless the unit is count
    rank: bool = False
    status: str | None = None        # the printed words of a status target


def _comparator_symbol(symbol: str) -> str:
    """">=", "> =", "≥" → ">="; the canonical form of a printed symbol."""
    return _CMP_SYMBOLS[_WS.sub("", symbol)]


def _read_quantity(printed: str, canon: str) -> _Reading | None:
    """Form 5. None when no number stands where one must; raises once a number was read and the rest is wrong."""
    pos = 0
    lead: str | None = None
    if m := _LEAD_QUALIFIER.match(canon):
        lead, pos = printed[m.start(1):m.end(1)], m.end()
    while m := _FILLER.match(canon, pos):
        pos = m.end()
    comparator: str | None = None
    symbol = _CMP_SYMBOL.match(canon, pos)
    if symbol:
        comparator, pos = _comparator_symbol(symbol.group(1)), symbol.end()
    elif m := _CMP_WORD.match(canon, pos):
        comparator, pos = _CMP_WORDS[m.group(1).lower()], m.end()
        while m := _FILLER.match(canon, pos):  # "tối thiểu có 5 doanh nghiệp"
            pos = m.end()
    ranged = False
    if m := _FROM.match(canon, pos):
        ranged, pos = True, m.end()
    low = _NUMBER_TOKEN.match(canon, pos)
    if symbol and not low:
        raise ValueGrammarError(printed, "comparator without a number")
    if not low or not _NUMBER_END.match(canon, low.end()):
        return None  # words ("Đạt mức khá") or a name with digits ("6G"): not a quantity
    value, pos = parse_number(low.group()), low.end()
    percent = False
    if m := _PCT.match(canon, pos):
        percent, pos = True, m.end()
    value_max: float | None = None
    if m := _RANGE_SEP.match(canon, pos):
        high = _NUMBER_TOKEN.match(canon, m.end())
        if not high or not _NUMBER_END.match(canon, high.end()):
            raise ValueGrammarError(printed, "range without an upper bound")
        if comparator is not None:
            raise ValueGrammarError(printed, "a range cannot also have a comparator")
        value_max, pos = parse_number(high.group()), high.end()
        if value_max < value:
            raise ValueGrammarError(printed, "range bounds in the wrong order")
        if m := _PCT.match(canon, pos):
            percent, pos = True, m.end()
    elif ranged:
        if not _SUFFIX.match(canon, pos):
            raise ValueGrammarError(printed, "'từ' without an upper bound or 'trở lên'")
    if m := _SUFFIX.match(canon, pos):
        suffix = _SUFFIXES[m.group(1).lower()]
        if value_max is not None or comparator not in (None, suffix):
            raise ValueGrammarError(printed, "'trở lên'/'trở xuống' contradicts the rest")
        comparator, pos = suffix, m.end()
    comparator = "between" if value_max is not None else (comparator or "=")
    rest_start = pos + len(canon[pos:]) - len(canon[pos:].lstrip())
    rest = canon[rest_start:]
    base: str | None = None
    tail: str | None = None
    if rest:
        marker = next((u for pattern, u in units.PERCENT_BASE_MARKERS if pattern.fullmatch(rest)), None)
        if marker and not percent:
            raise ValueGrammarError(printed, "GRDP/GDP without %")
        if marker:
            base = marker
        elif percent and units.PERCENT_UNIT_TAILS.fullmatch(rest):
            pass  # "%/năm", "% dân số": the unit percent, spelled out
        elif _TAIL_WORDS.fullmatch(rest):
            tail = printed[rest_start:]
        else:
            raise ValueGrammarError(printed, f"unexpected {rest!r} after the number")
    return _Reading(comparator, value, value_max, percent=percent, base=base, qualifier=lead, tail=tail)


def _read(printed: str, canon: str, status_alternatives: frozenset[str]) -> _Reading:
    """Forms 2–6 (module docstring) in order; raises ValueGrammarError when none fits."""
    if m := _RANK_GROUP.fullmatch(canon):
        return _Reading("<=", parse_number(m.group(1)), qualifier=printed, rank=True)
    if m := _RANK_FRACTION.fullmatch(canon):
        place, of = parse_number(m.group(2)), parse_number(m.group(3))
        if not 0 < place <= of:
            raise ValueGrammarError(printed, "rank outside 1..total")
        return _Reading(_comparator_symbol(m.group(1)) if m.group(1) else "<=", place, rank=True)
    if m := _PARENTHESISED.fullmatch(canon):
        outer = (printed[m.start(1):m.end(1)].strip(), m.group(1).strip())
        inner = (printed[m.start(2):m.end(2)].strip(), m.group(2).strip())
        for (number_printed, number_canon), (words, words_canon) in ((inner, outer), (outer, inner)):
            if not _QUALIFIER.fullmatch(words_canon):
                continue
            try:
                number = _read(number_printed, number_canon, frozenset())
            except ValueGrammarError:
                continue  # not this way round; the whole cell is tried as other forms below
            if number.status is None and number.qualifier is None and number.tail is None:
                return replace(number, qualifier=words)
    quantity = _read_quantity(printed, canon)
    if quantity is not None:
        return quantity
    in_words = _RESULT_WORDS.fullmatch(canon) and not _AGENCY_START.match(canon)
    if _STATUS.match(canon) or printed.casefold() in status_alternatives or in_words:
        if re.search(r"[%<>=≥≤]", canon):
            raise ValueGrammarError(printed, "a status phrase with a comparator or %")
        return _Reading("=", status=printed)
    raise ValueGrammarError(printed, "neither a number form nor a status phrase")


# --- units -----------------------------------------------------------------

def _unit_from_name(indicator_name: str, reading: _Reading) -> str:
    """Rule 7 without a printed unit: what the indicator's name says it measures."""
    name = _normalize(indicator_name)[0]
    top = reading.value_max if reading.value_max is not None else reading.value
    if units.NAME_PREFIX_SCORE.match(name):
        return units.SCORE
    if units.NAME_PREFIX_COUNT.match(name):
        return units.COUNT
    if units.INDEX_NAME.search(name) and top is not None and top <= units.INDEX_MAX_VALUE:
        return units.SCORE
    if units.NAME_PREFIX_PERCENT.match(name):
        return units.PERCENT
    if units.NAME_RANK.search(name):
        return units.RANK
    return units.NAME_DEFAULT


def _resolve_unit(reading: _Reading, unit_raw: str, indicator_name: str) -> tuple[str, tuple[str, ...]]:
    """The spec's unit rules, first that applies; the flag says the unit was not printed."""
    if reading.status is not None:
        return units.STATUS, ()
    if reading.base is not None:
        return reading.base, ()
    if units.UNIT_RAW_GRDP.search(unit_raw):
        return units.PERCENT_OF_GRDP, ()
    if units.UNIT_RAW_GDP.search(unit_raw):
        return units.PERCENT_OF_GDP, ()
    if reading.percent or units.UNIT_RAW_PERCENT.search(unit_raw):
        return units.PERCENT, ()
    if reading.rank or units.UNIT_RAW_RANK.search(unit_raw):
        return units.RANK, ()
    if units.UNIT_RAW_DAYS.search(unit_raw):
        return units.DAYS, ()
    if units.UNIT_RAW_SCORE.search(unit_raw):
        return units.SCORE, ()
    if unit_raw or reading.tail is not None:
        return units.COUNT, ()  # a printed unit (column or the noun after the number) names what is counted
    # A qualifier printed in the cell ("≥ 0,7 (HDI)") describes the value as the name does.
    described = f"{indicator_name} {reading.qualifier or ''}"
    return _unit_from_name(described, reading), (UNIT_INFERRED,)


# --- public API ------------------------------------------------------------

def parse_target(
    raw: str, *, unit_raw: str | None, indicator_name: str, has_unit_column: bool
) -> ParsedValue | None:
    """Read one target cell; None for no target ("-", blank).

    `unit_raw` is the row's unit cell as printed (None or "" when blank),
    `indicator_name` the row's indicator text (used only when no unit is
    printed), `has_unit_column` whether the plan's table has a unit column.
    A plain number with no printed unit, whether the plan lacks the column or
    the cell is blank, gets its unit from the name and the flag
    `unit_inferred`. Raises ValueGrammarError for a cell outside the grammar.
    """
    printed, canon = _normalize(raw)
    if canon in NO_TARGET:
        return None
    unit_printed = _normalize(unit_raw or "")[0]
    if unit_printed and not has_unit_column:
        raise ValueError(f"unit_raw {unit_raw!r} given for a plan without a unit column")
    alternatives = frozenset(a.strip().casefold() for a in unit_printed.split("/") if "/" in unit_printed)
    reading = _read(printed, canon, alternatives)
    unit, flags = _resolve_unit(reading, unit_printed, indicator_name)
    if reading.status is not None:
        value_text: str | None = reading.status
    elif reading.qualifier is not None:
        value_text = reading.qualifier
    else:
        value_text = reading.tail if unit != units.COUNT else None
    return ParsedValue(reading.comparator, reading.value, reading.value_max, value_text, unit, flags)


# Where a cell's second target starts: after a ";", or after a comma that opens a second rank group
# ("nhóm 3 nước dẫn đầu Đông Nam Á, nhóm 50 nước đứng đầu thế giới"); never a decimal comma.
_SECOND_TARGET = re.compile(r"\s*;\s*|,\s+(?=(?:thuộc\s+)?nhóm\s+[0-9])", re.IGNORECASE)


def _compound(raw: str, **kwargs) -> ParsedValue | None:
    """Two targets for one year in one cell ("≤ 3 Đông Nam Á; ≤ 50 Thế giới", or two rank groups joined by a
    comma): the first is the target.

    The rest of the cell stays in value_text after the first target's own
    words, and the flag `compound_target` says a person should look.
    """
    printed = _normalize(raw)[0]
    parts = _SECOND_TARGET.split(printed, maxsplit=1)
    if len(parts) < 2 or not re.search(r"\d", parts[1]):
        return None
    first, rest = parts
    parsed = parse_target(first, **kwargs)
    if parsed is None or parsed.value is None:
        return None
    text = "; ".join(t for t in (parsed.value_text, rest.strip()) if t)
    return replace(parsed, value_text=text, flags=tuple(sorted({*parsed.flags, COMPOUND_TARGET})))


def parse_cell(raw: str, *, unit_raw: str | None, indicator_name: str, has_unit_column: bool) -> ParsedValue | None:
    """`parse_target`, and where the cell holds two targets for its year, the first (`compound_target`)."""
    kwargs = {"unit_raw": unit_raw, "indicator_name": indicator_name, "has_unit_column": has_unit_column}
    try:
        return parse_target(raw, **kwargs)
    except ValueGrammarError:
        compound = _compound(raw, **kwargs)
        if compound is None:
            raise
        return compound


# A target printed inside an indicator's text: "chiếm 45% GRDP", "đạt tối thiểu 40%", "≥ 1,5%", "trên 80%".
_IN_TEXT = re.compile(
    r"(?:(?:đạt|chiếm|ở mức|tối thiểu|ít nhất|không dưới|không quá|tối đa|trên|dưới|hơn|≥|≤|>=|<=|>|<)\s*)*"
    r"[0-9]+(?:[.,][0-9]+)*(?:\s*[-–]\s*[0-9]+(?:[.,][0-9]+)*)?\s*%(?:\s*(?:GRDP|GDP)\b)?"
    r"|(?:(?:đạt|chiếm|tối thiểu|ít nhất|không dưới|không quá|tối đa|≥|≤|>=|<=)\s*)+[0-9]+(?:[.,][0-9]+)*(?![\w/%])",
    re.IGNORECASE)


def value_in_text(text: str, *, indicator_name: str) -> ParsedValue | None:
    """The target an indicator's own text states, for tables with no value column; None if it states none.

    Only a percentage, or a number after a comparator or "đạt"/"chiếm", is a
    target: a bare number in a name ("01 Gb/s", "5G", "năm 2030") is not.
    Where several are printed, a percentage wins, and the last of its kind
    (the target usually closes the sentence). Read with the same grammar as
    a value cell, its unit inferred from the name.
    """
    printed = _normalize(text)[0]
    found = list(_IN_TEXT.finditer(printed.translate(_FOLD)))
    if not found:
        return None
    best = ([m for m in found if "%" in m.group()] or found)[-1]
    try:
        return parse_target(printed[best.start():best.end()], unit_raw=None, indicator_name=indicator_name,
                            has_unit_column=False)
    except ValueGrammarError:
        return None
