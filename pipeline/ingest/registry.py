"""Plan metadata: the officers' registry first, the plan's own words second.

`data/raw/registry.csv` lets a person state what a plan is (number, date,
issuer, level) where the converted text is silent or garbled. It is optional
per plan: a plan not listed still gets its id from its file name and whatever
its "(Kèm theo Kế hoạch số … ngày … của …)" line clearly says. A blank or
partial number or date in the text (a draft's "số      /KH-UBND") stays None
rather than being guessed.
"""
from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from pipeline.ingest.text_io import collapse

REGISTRY_FILE = "registry.csv"
REGISTRY_COLUMNS = ("source_file", "plan_id", "title", "issuer", "level", "doc_number", "issued_date", "province",
                    "implements")  # implements: plan_id of the plan this one carries out (lineage hierarchy)
METADATA_FIELDS = ("plan_id", "source_file", "sha256", "title", "issuer", "level", "doc_number", "issued_date",
                   "province")

# "(Kèm theo Kế hoạch số: 30 /KH-SKHCN ngày 20 /9/2025 của Sở Khoa học và Công nghệ)": the line
# an appendix prints about its own plan. Other "số … ngày … của …" mentions cite other documents.
_ATTACHED_TO = re.compile(
    r"Kèm theo\s+(?:Kế hoạch|Công văn|Quyết định|Văn bản|Nghị quyết|Chương trình)\s+số\s*:?"
    r"(?P<number>[^\n]*?),?\s*ngày(?P<date>[^\n]*?)\s+của\s+(?P<issuer>[^)\n]+)\)",
    re.IGNORECASE,
)
_DOC_NUMBER = re.compile(r"\d+[/-][\w/-]*\w")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_PROVINCE_IN_ISSUER = re.compile(r"\b(?:tỉnh|thành phố)\s+(?P<name>[A-ZĐÂĂÊÔƠƯ][^,;()]*)$")
# Issuer wording → level, first match wins ("UBND phường" before a bare "UBND tỉnh").
_LEVEL_BY_ISSUER = (
    (re.compile(r"\b(?:phường|xã|đặc khu)\b", re.IGNORECASE), "ward"),
    (re.compile(r"Tỉnh ủy|Thành ủy|Đảng ủy", re.IGNORECASE), "party_committee"),
    (re.compile(r"^Sở\b"), "department"),
    (re.compile(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:tỉnh|thành phố)\b", re.IGNORECASE), "province"),
    (re.compile(r"Chính phủ|Thủ tướng|Bộ Chính trị", re.IGNORECASE), "national"),
)


def load_registry(raw_dir: Path) -> dict[str, dict]:
    """Registry rows keyed by source_file; blank cells become None. No registry file → empty dict."""
    path = raw_dir / REGISTRY_FILE
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {row["source_file"]: {k: (collapse(row.get(k) or "") or None) for k in REGISTRY_COLUMNS}
            for row in rows if row.get("source_file")}


def _iso_date(text: str) -> str | None:
    """"20 /9/2025" → "2025-09-20"; a date with a blank day or month → None."""
    match = _DMY.fullmatch(re.sub(r"\s+", "", text))
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def metadata_from_text(text: str) -> dict[str, str | None]:
    """Number, date, issuer, level and province that the plan clearly states about itself."""
    found: dict[str, str | None] = dict.fromkeys(("issuer", "level", "doc_number", "issued_date", "province"))
    match = _ATTACHED_TO.search(text)
    if not match:
        return found
    number = re.sub(r"\s+", "", match["number"])
    found["doc_number"] = number if _DOC_NUMBER.fullmatch(number) else None
    found["issued_date"] = _iso_date(match["date"])
    issuer = collapse(match["issuer"])
    found["issuer"] = issuer
    found["level"] = next((level for pattern, level in _LEVEL_BY_ISSUER if pattern.search(issuer)), None)
    province = _PROVINCE_IN_ISSUER.search(issuer)
    found["province"] = province["name"].strip() if province else None
    return found


def plan_metadata(path: Path, text: str, registry: dict[str, dict], sha256: str) -> dict:
    """The plan's metadata fields (see METADATA_FIELDS): registry values first, then the text's; `sha256` of
    the file's bytes as the inventory (or the reader that read them) took it."""
    listed = registry.get(path.name, {})
    from_text = metadata_from_text(text)
    meta: dict[str, str | None] = {
        "plan_id": listed.get("plan_id") or path.stem,
        "source_file": path.name,
        "sha256": sha256,
    }
    for field in METADATA_FIELDS[3:]:
        meta[field] = listed.get(field) or from_text.get(field)
    return meta
