"""CHANGES: targets added, changed and removed since the release latest pointed to."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.release.versions import write_release
from pipeline.tables.frames import to_frames
from tests.factories import good_extraction


def _frames(edit=None) -> dict[str, pd.DataFrame]:
    frames = to_frames([good_extraction("p1")])
    if edit:
        frames["targets"] = edit(frames["targets"].copy())
    return frames


def test_first_release_says_so(tmp_path: Path) -> None:
    text = (write_release(_frames(), tmp_path) / "CHANGES").read_text(encoding="utf-8")
    assert "First release" in text and "2 targets" in text


def test_added_changed_removed_against_the_previous_release(tmp_path: Path) -> None:
    first = write_release(_frames(), tmp_path)

    def edit(t: pd.DataFrame) -> pd.DataFrame:
        t.loc[0, ["value", "raw_text"]] = [85.0, "85-90%"]        # p1-1-2025 changed
        t.loc[0, "line_start"] = 30                                # moved in its file: not a change
        t.loc[1, "target_id"] = "p1-1-2031"                        # 2030 removed, 2031 added
        return t

    second = write_release(_frames(edit), tmp_path)
    text = (second / "CHANGES").read_text(encoding="utf-8")
    assert f"previous release `{first.name}`" in text
    assert "Added / Thêm mới: 1 · Changed / Thay đổi: 1 · Removed / Bị loại: 1" in text
    added, changed, removed = (text.split(f"## {h}")[1] for h in ("Added", "Changed", "Removed"))
    assert "`p1-1-2031`" in added.split("##")[0]
    assert "`p1-1-2025` — Tỷ lệ phủ sóng 5G — value: 80 → 85; raw_text: 80-90% → 85-90%" in changed.split("##")[0]
    assert "line_start" not in text
    assert "`p1-1-2030`" in removed


def test_unchanged_targets_give_an_empty_list(tmp_path: Path) -> None:
    write_release(_frames(), tmp_path)
    text = (write_release(_frames(), tmp_path) / "CHANGES").read_text(encoding="utf-8")
    assert "Added / Thêm mới: 0 · Changed / Thay đổi: 0 · Removed / Bị loại: 0" in text
