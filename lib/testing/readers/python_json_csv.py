"""Reads Concord's JSONL and CSV exports with Python's own json and csv modules, as a pipeline would.

items.jsonl: json.loads line by line (every line one object); items.csv and segments.csv: csv.DictReader on a file
opened with newline="" (as the csv module asks), which must give every row the header's fields. Prints
{"jsonl": [...objects], "csv": [...rows as dicts]} for the files present in the folder.
"""
import csv
import json
import pathlib
import sys

folder = pathlib.Path(sys.argv[1])
read = {}
jsonl = folder / "items.jsonl"
if jsonl.exists():
    lines = []
    with open(jsonl, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            value = json.loads(line)
            if not isinstance(value, dict):
                raise ValueError(f"line {number} is not an object")
            lines.append(value)
    read["jsonl"] = lines
for name in ("items.csv", "segments.csv"):
    path = folder / name
    if path.exists():
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            for number, row in enumerate(rows, 2):
                if None in row or any(value is None for value in row.values()):
                    raise ValueError(f"{name} row {number} does not have the header's {len(reader.fieldnames)} fields")
        read[name] = rows
print(json.dumps(read))
