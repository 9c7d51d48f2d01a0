"""`datapackage.json`: the release described as a Frictionless Data Package, derived from the column registry.

A portal (CKAN, DCAT harvesters, `frictionless validate`) learns every table's
columns, types, closed vocabularies, keys and bilingual descriptions from this
one file, so it must come from `pipeline.metadata.columns` like every other
description of the data (PUDL's pattern): nothing here names a column.

Each CSV is a resource with a Table Schema (the CSV is what frictionless
validates); its Parquet twin is listed under the resource's `alternates` with
its own checksum, since frictionless is slow on Parquet and Pandera already
validates the Parquet frames. Vietnamese descriptions sit beside the English
ones as `description_vi` (Table Schema allows extra properties). The schema
describes the CSV as written: closed vocabularies list their values the way
the CSV neutralizes formula-like free text; closed vocabularies are written as they are.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from pipeline.metadata.columns import FLAGS, FOREIGN_KEYS, TABLES, Column, Table
from pipeline.tables.frames import DATASET

DATAPACKAGE = "datapackage.json"
LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0"}
_TYPES = {"str": "string", "int": "integer", "float": "number", "list_str": "array"}


def field_descriptor(column: Column) -> dict:
    """A Table Schema field: type, constraints from the registry, descriptions in English and Vietnamese."""
    constraints: dict = {}
    if not column.nullable:
        constraints["required"] = True
    if column.allowed is not None and column.kind == "str":
        constraints["enum"] = list(column.allowed)  # written as they are: the CSV guards free text only
    if column.min_value is not None:
        constraints["minimum"] = column.min_value
    if column.max_value is not None:
        constraints["maximum"] = column.max_value
    if column.pattern is not None:
        constraints["pattern"] = column.pattern
    field = {"name": column.name, "type": _TYPES[column.kind], "description": column.en, "description_vi": column.vi}
    if column.kind == "list_str" and column.allowed is not None:
        # A flags cell is a JSON array ("[\"source_gap\"]"); each item comes from the closed vocabulary.
        field["arrayItem"] = {"type": "string", "constraints": {"enum": list(column.allowed)}}
    return {**field, "constraints": constraints} if constraints else field


def table_schema(table: Table, published: set[str]) -> dict:
    """The Table Schema of one table; foreign keys only to tables the release holds."""
    foreign = [{"fields": [column], "reference": {"resource": ref_table, "fields": [ref_column]}}
               for (name, column), (ref_table, ref_column) in FOREIGN_KEYS.items()
               if name == table.name and ref_table in published]
    schema = {"fields": [field_descriptor(c) for c in table.columns], "primaryKey": [table.key],
              "missingValues": [""]}
    return {**schema, "foreignKeys": foreign} if foreign else schema


def _file_facts(path: Path, digests: Mapping[str, str]) -> dict:
    digest = digests.get(path.name) or hashlib.sha256(path.read_bytes()).hexdigest()
    return {"bytes": path.stat().st_size, "hash": f"sha256:{digest}"}


def descriptor(directory: Path, digests: Mapping[str, str] | None = None) -> dict:
    """The Data Package of the tables written in `directory` (every `<table>.csv` the registry knows).

    `digests` (file name → sha256) are hashes the caller already took of those files. The package holds no
    release id or time, so the same tables give the same bytes (the id is in `manifest.json`).
    """
    digests = digests or {}
    published = {name for name in TABLES if (directory / f"{name}.csv").is_file()}
    resources = []
    for name in (n for n in TABLES if n in published):
        table = TABLES[name]
        resource = {
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8-sig", "title": table.en, "description": table.en,
            "description_vi": table.vi, **_file_facts(directory / f"{name}.csv", digests),
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
            "schema": table_schema(table, published),
        }
        parquet = directory / f"{name}.parquet"
        if parquet.is_file():
            resource["alternates"] = [{"path": parquet.name, "format": "parquet",
                                       "mediatype": "application/vnd.apache.parquet", **_file_facts(parquet, digests)}]
        resources.append(resource)
    return {
        "profile": "tabular-data-package", "name": DATASET,
        "title": "Resolution 57-NQ/TW indicator targets of Vietnamese plans",
        "title_vi": "Chỉ tiêu thực hiện Nghị quyết 57-NQ/TW trong kế hoạch của các địa phương",
        "licenses": [LICENSE],
        "flags": [{"name": f.name, "description": f.en, "description_vi": f.vi} for f in FLAGS],
        "resources": resources,
    }


def datapackage_bytes(directory: Path, digests: Mapping[str, str] | None = None) -> bytes:
    """`datapackage.json` as written into a release: indented UTF-8, diffable between releases."""
    return (json.dumps(descriptor(directory, digests), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
