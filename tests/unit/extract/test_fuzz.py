"""Fuzzing: the value grammar never crashes, and mangled seed documents never crash and always balance.

Documents are the committed seeds (data/raw) and the clean corpus plan,
mutated the ways converters and downloads mangle text: lines dropped,
duplicated, re-wrapped (split or joined), characters injected.
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assets.resources import PROJECT_ROOT
from pipeline.extract.reading import extract_plan
from pipeline.extract.values import ParsedValue, ValueGrammarError, parse_target
from pipeline.tables.frames import to_frames
from pipeline.tables.quarantine import ledger, unbalanced
from tests.paths import FIXTURES

SEEDS = sorted((PROJECT_ROOT / "data" / "raw").glob("*.txt")) + [FIXTURES / "bad" / "00_base.txt"]
_TOKENS = ["≥", "≤", ">=", "<", "=", "%", "% GRDP", "GDP", ",", ".", "-", "–", "/", "(", ")", "1", "0", "5", "34",
           "1.500", "2,5", "Nhóm", "tỉnh đứng đầu", "Có", "Duy trì", "trở lên", "từ", "đến", "tối thiểu", "khoảng", " ", "\n"]


@settings(max_examples=400, deadline=None)
@given(cell=st.one_of(st.text(), st.lists(st.sampled_from(_TOKENS), max_size=8).map("".join)),
       unit=st.one_of(st.none(), st.sampled_from(["%", "Điểm", "Thứ bậc", "Ngày", "Doanh nghiệp", "Có/Không", ""])),
       name=st.sampled_from(["Tỷ lệ doanh nghiệp", "Chỉ số PCI", "Số sáng kiến", "Xếp hạng"]))
def test_value_grammar_returns_a_value_or_a_typed_error(cell: str, unit: str | None, name: str) -> None:
    try:
        parsed = parse_target(cell, unit_raw=unit, indicator_name=name, has_unit_column=unit is not None)
    except ValueGrammarError:
        return
    assert parsed is None or isinstance(parsed, ParsedValue)


@st.composite
def mangled(draw: st.DrawFn) -> tuple[str, bytes]:
    seed = draw(st.sampled_from(SEEDS))
    lines = seed.read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "duplicate", "split", "join", "inject"]))
        if op == "drop":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "split":
            cut = draw(st.integers(0, len(lines[i])))
            lines[i:i + 1] = [lines[i][:cut], lines[i][cut:]]
        elif op == "join" and i + 1 < len(lines):
            lines[i:i + 2] = [lines[i] + " " + lines[i + 1]]
        elif op == "inject":
            cut = draw(st.integers(0, len(lines[i])))
            junk = draw(st.text(alphabet=st.sampled_from("|\t\r\x00≥%-–.,0123456789 IVXaàđ\u0301"), min_size=1, max_size=4))
            lines[i] = lines[i][:cut] + junk + lines[i][cut:]
        if not lines:
            lines = [""]
    return seed.name, "\n".join(lines).encode("utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(doc=mangled())
def test_mangled_documents_never_crash_and_account_for_every_row(tmp_path: Path, doc: tuple[str, bytes]) -> None:
    name, data = doc
    path = tmp_path / name
    path.write_bytes(data)
    e = extract_plan(path, {})
    book = ledger(e)
    assert book["rows_seen"] == book["indicators"] + book["rows_merged"] + book["rows_quarantined"]
    assert book["cells_seen"] == book["targets"] + book["cells_quarantined"]
    frames = to_frames([e])
    assert unbalanced({e.plan["plan_id"]: e.accounting}, frames["indicators"], frames["targets"], frames["quarantine"]) == []
