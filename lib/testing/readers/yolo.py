"""Reads a YOLO export as Ultralytics does before training on it.

Ports ultralytics/ultralytics:
- ultralytics/data/utils.py, check_det_dataset: data.yaml needs `train` and `val` keys (SyntaxError), `names` or
  `nc`, as many names as nc; paths relative to the YAML's folder (no `path` key); every `val` path must exist
  (FileNotFoundError "images not found, missing path").
- ultralytics/data/base.py, BaseDataset.get_img_files: a folder's files `**/*.*` (recursive) with a suffix in
  IMG_FORMATS, sorted; a path that does not exist raises FileNotFoundError, a folder without images
  AssertionError "No images found".
- ultralytics/data/utils.py, img2label_paths (the last /images/ becomes /labels/, the suffix .txt) and
  verify_image_label's label checks: a row of more than 6 values makes the file segments (boxes from their bounds,
  segments2boxes), 5 columns, coordinates within [-0.01, 1.01], a class below nc, duplicate rows dropped. A missing
  label file is an image without objects. (The image itself is not opened: the tests' media are placeholders.)

Usage: yolo.py <folder>. Prints {"data": {train, val, test, nc, names} (paths relative to <folder>, null when
unset), "splits": {key: {image path: {"labels": [[cls, x, y, w, h]], "segments": [[[x, y], ...]]}}}}.
"""
import glob
import json
import os
import sys
from pathlib import Path

IMG_FORMATS = {"bmp", "dng", "jpeg", "jpg", "mpo", "png", "tif", "tiff", "webp", "pfm", "heic"}


def load_yaml(path):
    """The YAML the export writes: `key: value` lines (values JSON: quoted strings, numbers, null) and names as an
    indented `index: "name"` mapping. Anything else is refused, so that the test fails rather than misreads."""
    data, mapping = {}, None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, value = line.strip().partition(":")
        value = value.strip()
        if line.startswith("  "):
            if mapping is None:
                raise ValueError(f"unexpected indented line: {line}")
            mapping[int(key)] = json.loads(value)
        elif value == "":
            mapping = data[key] = {}
        else:
            mapping = None
            data[key] = {} if value == "{}" else json.loads(value)
    return data


def check_det_dataset(yaml_file):
    data = load_yaml(yaml_file)
    for k in "train", "val":
        if k not in data:
            if k != "val" or "validation" not in data:
                raise SyntaxError(f"{yaml_file} '{k}:' key missing.\n'train' and 'val' are required in all data YAMLs.")
            data["val"] = data.pop("validation")
    if "names" not in data and "nc" not in data:
        raise SyntaxError(f"{yaml_file} key missing.\n either 'names' or 'nc' are required in all data YAMLs.")
    if "names" in data and "nc" in data and len(data["names"]) != data["nc"]:
        raise SyntaxError(f"{yaml_file} 'names' length {len(data['names'])} and 'nc: {data['nc']}' must match.")
    if "names" not in data:
        data["names"] = {i: f"class_{i}" for i in range(data["nc"])}
    else:
        data["nc"] = len(data["names"])
    path = Path(data.get("path") or Path(yaml_file).parent)
    for k in "train", "val", "test", "minival":
        if data.get(k):
            x = (path / data[k]).resolve()
            if not x.exists() and data[k].startswith("../"):
                x = (path / data[k][3:]).resolve()
            data[k] = str(x)
    val = data.get("val")
    if val:
        val = [Path(x).resolve() for x in (val if isinstance(val, list) else [val])]
        if not all(x.exists() for x in val):
            raise FileNotFoundError(f"Dataset '{yaml_file}' images not found, missing path '{next(x for x in val if not x.exists())}'")
    return data


def get_img_files(img_path):
    f = []
    p = Path(img_path)
    if p.is_dir():
        f += glob.glob(str(p / "**" / "*.*"), recursive=True)
    else:
        raise FileNotFoundError(f"{p} does not exist")
    im_files = sorted(x.replace("/", os.sep) for x in f if x.rpartition(".")[-1].lower() in IMG_FORMATS)
    assert im_files, f"No images found in {img_path}."
    return im_files


def img2label_paths(img_paths):
    sa, sb = f"{os.sep}images{os.sep}", f"{os.sep}labels{os.sep}"
    return [sb.join(x.rsplit(sa, 1)).rsplit(".", 1)[0] + ".txt" for x in img_paths]


def segments2boxes(segments):
    boxes = []
    for s in segments:
        xs, ys = [p[0] for p in s], [p[1] for p in s]
        x1, y1, x2, y2 = min(xs), min(ys), max(xs), max(ys)
        boxes.append([(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1])
    return boxes


def verify_labels(lb_file, num_cls):
    segments = []
    if not os.path.isfile(lb_file):
        return [], []
    with open(lb_file, encoding="utf-8") as f:
        lb = [x.split() for x in f.read().strip().splitlines() if len(x)]
        if any(len(x) > 6 for x in lb):
            classes = [float(x[0]) for x in lb]
            segments = []
            for x in lb:
                values = [float(v) for v in x[1:]]
                if len(values) % 2:
                    raise ValueError(f"cannot reshape array of size {len(values)} into shape (-1, 2)")
                segments.append([values[i : i + 2] for i in range(0, len(values), 2)])
            lb = [[c, *box] for c, box in zip(classes, segments2boxes(segments))]
        lb = [[float(v) for v in row] for row in lb]
    if lb:
        assert all(len(row) == 5 for row in lb), f"labels require 5 columns, {max(len(row) for row in lb)} columns detected"
        points = [v for row in lb for v in row[1:]]
        assert max(points) <= 1.01, f"non-normalized or out of bounds coordinates {[p for p in points if p > 1.01]}"
        assert min(v for row in lb for v in row) >= -0.01, "negative class labels or coordinate"
        max_cls = max(row[0] for row in lb)
        assert max_cls < num_cls, f"Label class {int(max_cls)} exceeds dataset class count {num_cls}. Possible class labels are 0-{num_cls - 1}"
        unique = []
        for index, row in enumerate(lb):
            if row not in [lb[i] for i in unique]:
                unique.append(index)
        if len(unique) < len(lb):
            lb = [lb[i] for i in unique]
            if segments:
                segments = [segments[i] for i in unique]
    return lb, segments


def main(folder):
    root = Path(folder).resolve()
    data = check_det_dataset(root / "data.yaml")
    relative = lambda p: Path(p).resolve().relative_to(root).as_posix()  # noqa: E731
    splits = {}
    for key in "train", "val", "test":
        if not data.get(key):
            continue
        im_files = get_img_files(data[key])
        splits[key] = {}
        for im_file, lb_file in zip(im_files, img2label_paths(im_files)):
            labels, segments = verify_labels(lb_file, data["nc"])
            splits[key][relative(im_file)] = {"labels": labels, "segments": segments}
    summary = {k: (relative(data[k]) if data.get(k) else None) for k in ("train", "val", "test")}
    print(json.dumps({"data": {**summary, "nc": data["nc"], "names": {str(k): v for k, v in data["names"].items()}}, "splits": splits}))


if __name__ == "__main__":
    main(sys.argv[1])
