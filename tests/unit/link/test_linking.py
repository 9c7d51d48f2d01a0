"""Linking plan indicators to the catalog: a hand-made list of pairs that do and do not denote one concept."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.link.catalog import Catalog, CatalogError, catalog_rows, load_catalog
from pipeline.link.linking import fold, link_one, markers
from pipeline.tables.frames import frame
from tests.seed import CATALOG_DIR, seed
from validations.schemas import validate_table

P0, P1, P2, P3, P4, N = ("000_e9c5a55a8f86a682", "001_8750eb6a39ed0c07", "002_b5f291679289927e",
                         "003_1a9c719e803cfb71", "004_7ffbc6da0806170f", "57-NQ-TW")

# (indicator a, indicator b, same concept?) checked by hand against the plans' wording and units.
PAIRS = [
    (f"{P0}:I:1", f"{P1}:I:1", True),            # 5G/6G vs 5G coverage
    (f"{P1}:I:1", f"{P4}:1:1.1", True),          # 5G coverage
    (f"{P2}:I:1", f"{N}:-:23", True),            # people covered by 5G vs national 5G coverage
    (f"{P1}:I:1", f"{P1}:I:2", False),           # 5G vs 6G
    (f"{P0}:I:2", f"{P4}:1:1.2", True),          # fixed broadband 1 Gbps / 1 Gb/s
    (f"{P0}:I:3", f"{P4}:1:1.3", True),          # cybersecurity centre, with and without the verb
    (f"{P0}:II:4", f"{P3}:I:1", True),           # budget share for S&T
    (f"{P0}:II:5", f"{P0}:II:4", False),         # % GRDP spending vs budget share
    (f"{P0}:II:5", f"{P2}:II:11", True),         # spending % GRDP
    (f"{P0}:II:6", f"{P0}:II:7", False),         # commune vs provincial officials
    (f"{P0}:II:6", f"{P3}:I:2", True),           # commune officials, "Tỉ lệ" spelling
    (f"{P0}:II:9", f"{P0}:II:10", False),        # access vs regular use of digital services
    (f"{P0}:II:10", f"{P1}:II:12", True),        # regular use of digital services
    (f"{P0}:II:11", f"{N}:-:17", True),          # researchers per 10 000 inhabitants
    (f"{P0}:II:11", f"{P0}:III:16", False),      # researchers per 10 000 vs number of researchers
    (f"{P0}:III:13", f"{P4}:3:3.13", True),      # S&T enterprises
    (f"{P0}:III:14", f"{P1}:III:13", False),     # public S&T organisations vs public and private
    (f"{P0}:III:15", f"{P3}:II:2", True),        # accepted S&T projects ("đề tài, dự án")
    (f"{P0}:III:15", f"{P0}:III:17", False),     # accepted vs implemented tasks
    (f"{P0}:III:19", f"{P0}:IV:33", False),      # IP applications vs patents with a local address
    (f"{P0}:III:21", f"{P0}:IV:34", False),      # Scopus papers vs applied innovation papers
    (f"{P0}:III:24", f"{N}:-:7", True),          # TFP contribution
    (f"{P0}:III:25", f"{N}:-:13", True),         # HDI
    (f"{P0}:IV:30", f"{N}:-:12", True),          # enterprises with innovation activity
    (f"{P0}:IV:28", f"{P1}:IV:26", False),       # start-up enterprises vs start-up projects
    (f"{P0}:V:37", f"{P1}:V:37", False),         # DTI score vs DTI rank
    (f"{P0}:V:37", f"{P4}:5:5.1", True),         # DTI score
    (f"{P1}:IV:24", f"{P3}:II:13", True),        # PII rank
    (f"{P1}:IV:24", f"{P1}:V:37", False),        # PII rank vs DTI rank
    (f"{P0}:V:42", f"{P2}:V:49", False),         # e2e online services among eligible vs among all procedures
    (f"{P0}:V:42", f"{P3}:III:6", True),         # e2e online services
    (f"{P0}:V:50", f"{P4}:5:5.15", False),       # party and government vs party only
    (f"{P0}:V:52", f"{N}:-:9", True),            # digital economy share of GRDP vs of GDP
    (f"{P2}:V:65", f"{P2}:V:66", False),         # digital economy share vs its value added
    (f"{P3}:III:14", f"{N}:-:11", True),         # cashless transactions
    (f"{N}:-:6", f"{N}:-:35", True),             # world-class digital enterprises, 2030 and 2045
    (f"{P4}:3:3.14", f"{N}:-:6", False),         # share of regional digital firms vs count of world-class ones
]


def test_pairs_are_at_least_thirty_and_both_kinds() -> None:
    assert len(PAIRS) >= 30 and {same for *_, same in PAIRS} == {True, False}


@pytest.mark.parametrize("a, b, same", PAIRS, ids=[f"{a}~{b}" for a, b, _ in PAIRS])
def test_link_pairs(a: str, b: str, same: bool) -> None:
    links = seed()[0]["catalog_links"].set_index("indicator_id")
    assert links.loc[a, "status"] == "linked" and links.loc[b, "status"] == "linked"
    assert (links.loc[a, "catalog_id"] == links.loc[b, "catalog_id"]) is same


def test_every_indicator_is_linked_or_listed_for_review() -> None:
    frames = seed()[0]
    links = frames["catalog_links"]
    assert list(links["indicator_id"]) == list(frames["indicators"]["indicator_id"])
    assert links.loc[links["status"] == "linked", "catalog_id"].notna().all()
    review = links[links["status"] == "review"]
    assert review["catalog_id"].isna().all() and review["reason"].notna().all()
    # The composite ward row (≥ 250 S&T firms, 10% of them digital) is not forced onto either concept.
    assert "003_1a9c719e803cfb71:II:9" in set(review["indicator_id"])


def test_similarity_alone_links_plain_rewordings() -> None:
    catalog = load_catalog(CATALOG_DIR)
    bare = Catalog(catalog.entries, {})  # no curated links: the linker on its own
    assert link_one("Số lượng doanh nghiệp khoa học, công nghệ trên địa bàn", ["count"], bare)["catalog_id"] == \
        "st_enterprises"
    assert link_one("Tỉ lệ hồ sơ thủ tục hành chính xử lý trực tuyến", ["percent"], bare)["catalog_id"] == \
        "online_processed_records"
    six = link_one("Tỷ lệ phủ sóng 6G trên địa bàn.", ["percent"], bare)
    assert six["catalog_id"] == "coverage_6g"


def test_weak_or_unit_incompatible_matches_are_not_forced() -> None:
    catalog = Catalog(load_catalog(CATALOG_DIR).entries, {})
    weak = link_one("Tỷ lệ cây xanh đô thị", ["percent"], catalog)
    assert weak["status"] == "review" and weak["catalog_id"] is None and "weak" in weak["reason"]
    wrong_unit = link_one("Số lượng công bố khoa học quốc tế", ["percent"], catalog)
    assert wrong_unit["catalog_id"] is None and wrong_unit["candidate_id"] == "scientific_papers"


def test_fold_and_markers() -> None:
    assert fold("Tỉ lệ phủ sóng 5G.") == fold("Tỷ lệ  phủ sóng 5G") == "ty le phu song 5g"
    assert markers("Chỉ số chuyển đổi số cấp tỉnh (DTI)") == {"dti"}
    assert markers("Tỷ lệ phủ sóng 5G/6G") == {"5g", "6g"}


def test_catalog_rejects_unknown_pillar(tmp_path: Path) -> None:
    (tmp_path / "indicators.csv").write_text(
        "catalog_id,pillar,name_vi,name_en,preferred_unit,direction,cumulative,aliases\n"
        "x,weather,Mưa,Rain,percent,higher,no,\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="pillar"):
        load_catalog(tmp_path)


def test_curated_link_to_unknown_entry_fails(tmp_path: Path) -> None:
    (tmp_path / "indicators.csv").write_text((CATALOG_DIR / "indicators.csv").read_text(encoding="utf-8"),
                                             encoding="utf-8")
    (tmp_path / "links.csv").write_text("indicator_id,catalog_id,note\na:1,no_such_entry,\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="no_such_entry"):
        load_catalog(tmp_path)


def test_catalog_and_links_tables_validate() -> None:
    frames, catalog, _ = seed()
    table = frame("catalog", catalog_rows(catalog, frames["catalog_links"]))
    assert validate_table("catalog", table, {})[0]
    ok, summary = validate_table("catalog_links", frames["catalog_links"],
                                 {"indicators": frames["indicators"], "plans": frames["plans"], "catalog": table})
    assert ok, summary
    five_g = table.set_index("catalog_id").loc["coverage_5g"]
    assert (five_g["n_plans"], five_g["n_indicators"]) == (5, 5)  # 000, 001, 002, 004 and the national plan
