"""datapackage.json: derived from the registry, valid for frictionless, foreign keys enforced; Parquet encodings."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from frictionless import Package

from pipeline.metadata.columns import FOREIGN_KEYS, TABLES
from pipeline.tables.frames import dictionary_columns


def _report(release: Path):
    return Package(str(release / "datapackage.json")).validate()


def test_frictionless_validates_every_csv_of_the_release(portal_release: Path) -> None:
    report = _report(portal_release)
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    assert {task.name for task in report.tasks} == set(TABLES)


def test_descriptor_is_the_registry(portal_release: Path) -> None:
    descriptor = json.loads((portal_release / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    for name, table in TABLES.items():
        schema = resources[name]["schema"]
        assert schema["primaryKey"] == [table.key]
        fields = {f["name"]: f for f in schema["fields"]}
        assert list(fields) == table.column_names
        for col in table.columns:
            assert (fields[col.name]["description"], fields[col.name]["description_vi"]) == (col.en, col.vi)
            assert fields[col.name].get("constraints", {}).get("required", False) is not col.nullable
        refs = {fk["fields"][0]: (fk["reference"]["resource"], fk["reference"]["fields"][0])
                for fk in schema.get("foreignKeys", [])}
        assert refs == {c: ref for (t, c), ref in FOREIGN_KEYS.items() if t == name}
        assert resources[name]["alternates"][0]["path"] == f"{name}.parquet"
    assert fields_of(resources, "targets", "unit")["constraints"]["enum"][0] == "percent"
    # A closed vocabulary is written as it is: the CSV's comparator "=" is "=", as in the Parquet.
    assert fields_of(resources, "targets", "comparator")["constraints"]["enum"] == [">=", ">", "<=", "<", "=", "between"]
    assert fields_of(resources, "targets", "flags")["arrayItem"]["constraints"]["enum"][0] == "year_uncertain"


def fields_of(resources: dict, table: str, column: str) -> dict:
    return next(f for f in resources[table]["schema"]["fields"] if f["name"] == column)


def test_a_target_of_an_unknown_plan_breaks_the_package(portal_release: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(portal_release, tmp_path / "release"))
    table = pd.read_csv(copy / "targets.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table.loc[0, "plan_id"] = "no-such-plan"
    table.to_csv(copy / "targets.csv", index=False, encoding="utf-8-sig", lineterminator="\r\n")
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    for r in descriptor["resources"]:
        r.pop("hash"), r.pop("bytes")  # only the foreign key should fail
    (copy / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    report = _report(copy)
    broken = {task.name: {e.type for e in task.errors} for task in report.tasks if task.errors}
    assert broken == {"targets": {"foreign-key"}}


def test_parquet_dictionary_encodes_low_cardinality_columns_only(portal_release: Path) -> None:
    for name in ("targets", "catalog_links", "lineage_edges"):
        meta = pq.ParquetFile(portal_release / f"{name}.parquet").metadata
        group = meta.row_group(0)
        encodings = {group.column(i).path_in_schema: group.column(i).encodings for i in range(group.num_columns)}
        assert all(group.column(i).compression == "ZSTD" for i in range(group.num_columns))
        wanted = set(dictionary_columns(name))
        assert wanted, name
        for path, used in encodings.items():
            assert ("RLE_DICTIONARY" in used) == (path in wanted), (name, path, used)
    assert {"plan_id", "unit", "comparator", "flags.list.element"} <= set(dictionary_columns("targets"))
    assert "target_id" not in dictionary_columns("targets")
