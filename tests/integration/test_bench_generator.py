"""The benchmark's synthetic corpus (bench/generate.py): deterministic, all five layouts, truth in the contract's terms.

The last test also guards the readers: varied but unambiguous plans in every
layout family must still be read at the benchmark's accuracy bar.
"""
from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from bench.accuracy import Tally, score_plan
from bench.generate import generate_corpus
from bench.layouts import FAMILIES
from bench.plan import TRUTH_COLUMNS
from pipeline.extract.reading import extract_plan
from pipeline.metadata.units import UNITS
from tests.scoring import read_gold

N = 25
BAR = 0.99


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("corpus")
    return out, generate_corpus(out, N, seed=7)


def test_same_seed_same_bytes(corpus, tmp_path: Path) -> None:
    out, made = corpus
    again = generate_corpus(tmp_path, N, seed=7)
    for a, b in zip(made, again):
        assert filecmp.cmp(a.path, b.path, shallow=False) and filecmp.cmp(a.truth_path, b.truth_path, shallow=False)
    other = generate_corpus(tmp_path / "other", N, seed=8)
    assert any(not filecmp.cmp(a.path, b.path, shallow=False) for a, b in zip(made, other))


def test_every_layout_family_is_generated(corpus) -> None:
    _, made = corpus
    assert {g.family for g in made} == set(FAMILIES)


def test_truth_rows_are_consistent(corpus) -> None:
    _, made = corpus
    for g in made:
        rows = read_gold(g.truth_path)
        assert rows, g.path.name
        for r in rows:
            assert tuple(r) == TRUTH_COLUMNS
            assert r["doc"] == g.path.name
            assert 2020 <= int(r["year"]) <= 2050
            assert r["unit"] in UNITS
            assert r["comparator"] in (">=", ">", "<=", "<", "=", "between")
            assert (r["value"] == "") == (r["unit"] == "status"), r
            assert (r["value_max"] != "") == (r["comparator"] == "between"), r
        keys = [(r["year"], r["section_code"], r["row_ref"]) for r in rows]
        assert len(keys) == len(set(keys)), f"{g.path.name}: a target twice"


@pytest.mark.parametrize("family", FAMILIES)
def test_readers_meet_the_bar_on_generated_plans(corpus, family: str) -> None:
    _, made = corpus
    tally = Tally()
    for g in (g for g in made if g.family == family):
        tally.add(score_plan(read_gold(g.truth_path), extract_plan(g.path, {}).targets), g.path.name)
    assert tally.overall >= BAR, "\n".join(tally.examples)
