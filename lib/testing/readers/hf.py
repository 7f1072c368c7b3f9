"""Reads a Hugging Face folder dataset export as datasets.load_dataset("imagefolder" | "audiofolder", data_dir=...) does.

Ports huggingface/datasets:
- src/datasets/data_files.py: get_data_patterns / _get_data_files_patterns (first the sharded pattern
  data/{split}-00000-of-00001*, then the split keywords in folder names, then in file names, else everything is
  "train"; SPLIT_KEYWORDS: train/training, validation/valid/dev/val, test/testing/eval/evaluation; the patterns of
  fsspec >= 2023.12, whose glob is Python's) and resolve_pattern (files only; FILES_TO_IGNORE, hidden files and
  folders and __special__ folders left out).
- src/datasets/packaged_modules/folder_based_builder/folder_based_builder.py: FolderBasedBuilder._split_generators
  (metadata files found per split; one metadata extension; every split's metadata file typed alike from its first
  rows, else ValueError "have different features"; a string `file_name` column required) and _generate_examples
  (file_name joined to the metadata file's folder after normpath, becoming the image/audio column). Decoding the
  Image/Audio feature opens that file: FileNotFoundError when it is missing.
- pyarrow.json.read_json's type inference for metadata.jsonl: null takes any type, int64 and double make double,
  struct fields are the union; anything else is ArrowInvalid "JSON parse error: Column(...) changed from X to Y".

Usage: hf.py <imagefolder|audiofolder> <folder>. Prints {split: [example, ...]}, the media path relative to <folder>.
"""
import glob
import json
import os
import re
import sys
from pathlib import Path, PurePath

SPLIT_PATTERN_SHARDED = "data/{split}-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]*.*"
SPLIT_KEYWORDS = {
    "train": ["train", "training"],
    "validation": ["validation", "valid", "dev", "val"],
    "test": ["test", "testing", "eval", "evaluation"],
}
NON_WORDS_CHARS = "-._ 0-9"
KEYWORDS_IN_FILENAME_BASE_PATTERNS = ["**/{keyword}[{sep}]*", "**/*[{sep}]{keyword}[{sep}]*"]
KEYWORDS_IN_DIR_NAME_BASE_PATTERNS = [
    "**/{keyword}/**",
    "**/{keyword}[{sep}]*/**",
    "**/*[{sep}]{keyword}/**",
    "**/*[{sep}]{keyword}[{sep}]*/**",
]
DEFAULT_SPLITS = ["train", "validation", "test"]
DEFAULT_PATTERNS_SPLIT_IN_FILENAME = {
    split: [p.format(keyword=k, sep=NON_WORDS_CHARS) for k in SPLIT_KEYWORDS[split] for p in KEYWORDS_IN_FILENAME_BASE_PATTERNS]
    for split in DEFAULT_SPLITS
}
DEFAULT_PATTERNS_SPLIT_IN_DIR_NAME = {
    split: [p.format(keyword=k, sep=NON_WORDS_CHARS) for k in SPLIT_KEYWORDS[split] for p in KEYWORDS_IN_DIR_NAME_BASE_PATTERNS]
    for split in DEFAULT_SPLITS
}
DEFAULT_PATTERNS_ALL = {"train": ["**"]}
ALL_DEFAULT_PATTERNS = [DEFAULT_PATTERNS_SPLIT_IN_DIR_NAME, DEFAULT_PATTERNS_SPLIT_IN_FILENAME, DEFAULT_PATTERNS_ALL]
FILES_TO_IGNORE = ["README.md", "config.json", "dataset_info.json", "dataset_infos.json", "dummy_data.zip", "dataset_dict.json"]
METADATA_FILENAMES = ["metadata.csv", "metadata.jsonl", "metadata.parquet"]
# datasets' packaged_modules/imagefolder IMAGE_EXTENSIONS and audiofolder AUDIO_EXTENSIONS (the common ones).
EXTENSIONS = {
    "imagefolder": [".bmp", ".gif", ".jpeg", ".jpg", ".png", ".tif", ".tiff", ".webp"],
    "audiofolder": [".aiff", ".au", ".flac", ".m4a", ".mp3", ".ogg", ".opus", ".wav", ".webm"],
}
BASE_COLUMN_NAME = {"imagefolder": "image", "audiofolder": "audio"}


def resolve_pattern(pattern, base_path):
    matched = []
    for relative in glob.glob(pattern, root_dir=base_path, recursive=True):
        path = os.path.join(base_path, relative)
        if not os.path.isfile(path) or os.path.basename(relative) in set(FILES_TO_IGNORE) - {os.path.basename(pattern)}:
            continue
        special_in_path = [part for part in PurePath(relative).parent.parts if part.startswith("__")]
        special_in_pattern = [part for part in PurePath(pattern).parent.parts if part.startswith("__")]
        if len(special_in_path) != len(special_in_pattern):
            continue
        matched.append(relative)
    if not matched:
        raise FileNotFoundError(f"Unable to find '{pattern}'")
    return sorted(matched)


def get_data_patterns(base_path):
    resolver = lambda pattern: resolve_pattern(pattern, base_path)  # noqa: E731
    try:
        sharded = resolver(SPLIT_PATTERN_SHARDED.replace("{split}", "*"))
    except FileNotFoundError:
        sharded = []
    if sharded:
        splits = sorted({os.path.basename(p).split("-")[0] for p in sharded})
        return {split: [SPLIT_PATTERN_SHARDED.format(split=split)] for split in splits}
    for patterns_dict in ALL_DEFAULT_PATTERNS:
        non_empty_splits = []
        for split, patterns in patterns_dict.items():
            for pattern in patterns:
                try:
                    data_files = resolver(pattern)
                except FileNotFoundError:
                    continue
                if len(data_files) > 0:
                    non_empty_splits.append(split)
                    break
        if non_empty_splits:
            return {split: patterns_dict[split] for split in non_empty_splits}
    raise FileNotFoundError(f"Couldn't resolve any pattern in {base_path}")


def data_files_of(base_path, patterns):
    files = []
    for pattern in patterns:
        try:
            for path in resolve_pattern(pattern, base_path):
                if path not in files:
                    files.append(path)
        except FileNotFoundError:
            continue
    return files


def infer(value, path):
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("bool",)
    if isinstance(value, int):
        return ("int64",)
    if isinstance(value, float):
        return ("double",)
    if isinstance(value, str):
        return ("string",)
    if isinstance(value, list):
        item = ("null",)
        for element in value:
            item = merge(item, infer(element, path + "/[]"), path + "/[]")
        return ("list", item)
    fields = {}
    for key, field in value.items():
        fields[key] = merge(fields.get(key, ("null",)), infer(field, f"{path}/{key}"), f"{path}/{key}")
    return ("struct", fields)


KIND = {"null": "null", "bool": "boolean", "int64": "number", "double": "number", "string": "string", "list": "array", "struct": "object"}


def merge(a, b, path):
    if a[0] == "null":
        return b
    if b[0] == "null":
        return a
    if {a[0], b[0]} == {"int64", "double"}:
        return ("double",)
    if a[0] != b[0]:
        raise ValueError(f"pyarrow.lib.ArrowInvalid: JSON parse error: Column({path}) changed from {KIND[a[0]]} to {KIND[b[0]]}")
    if a[0] == "list":
        return ("list", merge(a[1], b[1], path + "/[]"))
    if a[0] == "struct":
        fields = dict(a[1])
        for key, field in b[1].items():
            fields[key] = merge(fields.get(key, ("null",)), field, f"{path}/{key}")
        return ("struct", fields)
    return a


def read_metadata(metadata_file):
    """_read_metadata for .jsonl: batches of 10 MiB (finished to the line's end), each read by pyarrow on its own.
    The features are those of the first batch ("just fetch the first rows")."""
    batches = []
    with open(metadata_file, "rb") as f:
        while True:
            batch = f.read(10 << 20)
            if not batch:
                break
            batches.append(batch + f.readline())
    first_schema, rows = None, []
    for batch in batches:
        batch_rows = [json.loads(line) for line in batch.decode("utf-8").splitlines() if line.strip()]
        schema = ("struct", {})
        for row in batch_rows:
            if not isinstance(row, dict):
                raise ValueError("pyarrow.lib.ArrowInvalid: JSON parse error: a row is not an object")
            schema = merge(schema, infer(row, ""), "")
        first_schema = first_schema or schema
        # A column missing from a row reads as null.
        rows += [{key: row.get(key) for key in schema[1]} for row in batch_rows]
    return first_schema or ("struct", {}), rows


def load(builder, data_dir):
    extensions = EXTENSIONS[builder]
    base_column = BASE_COLUMN_NAME[builder]
    patterns = get_data_patterns(data_dir)
    all_metadata_files = {}
    for split, split_patterns in patterns.items():
        for data_file in data_files_of(data_dir, split_patterns):
            if os.path.splitext(data_file)[1].lower() in extensions:
                continue
            if os.path.basename(data_file) in METADATA_FILENAMES:
                all_metadata_files.setdefault(split, []).append(data_file)
    if not all_metadata_files:
        raise ValueError("no metadata file: the examples would have no labels")
    metadata_ext = {os.path.splitext(f)[-1] for files in all_metadata_files.values() for f in files}
    if len(metadata_ext) > 1:
        raise ValueError(f"Found metadata files with different extensions: {list(metadata_ext)}")
    if metadata_ext != {".jsonl"}:
        raise ValueError(f"this reader reads metadata.jsonl only, not {metadata_ext}")
    read = {split: [(f, *read_metadata(os.path.join(data_dir, f))) for f in files] for split, files in all_metadata_files.items()}
    features_per_metadata_file = [(files[0][0], files[0][1]) for files in read.values()]
    for metadata_file, features in features_per_metadata_file:
        if features != features_per_metadata_file[0][1]:
            raise ValueError(
                f"Metadata files {metadata_file} and {features_per_metadata_file[0][0]} have different features: {features_per_metadata_file[0][1]} != {features}"
            )
    if features_per_metadata_file[0][1][1].get("file_name") != ("string",):
        raise ValueError("`file_name`, `*_file_name`, `file_names` or `*_file_names` must be present as dictionary key in metadata files")
    dataset = {}
    for split in patterns:
        examples = []
        for metadata_file, _, rows in read.get(split, []):
            metadata_dir = os.path.dirname(metadata_file)
            for row in rows:
                file_relpath = os.path.normpath(row.pop("file_name")).replace("\\", "/")
                media = os.path.join(metadata_dir, file_relpath)
                if not os.path.isfile(os.path.join(data_dir, media)):
                    raise FileNotFoundError(f"[Errno 2] No such file or directory: '{os.path.join(data_dir, media)}'")
                examples.append({base_column: media, **row})
        dataset[split] = examples
    return dataset


if __name__ == "__main__":
    print(json.dumps(load(sys.argv[1], sys.argv[2])))
