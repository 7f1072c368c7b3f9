"""Reads an RTTM export as pyannote.audio and NeMo do.

Ports:
- pyannote/pyannote-database, pyannote/database/util.py, load_rttm: pandas.read_csv(names=[NA1, uri, NA2, start,
  duration, NA3, NA4, speaker, NA5, NA6], delim_whitespace=True, dtype={uri: str, start: float, duration: float,
  speaker: str}, keep_default_na=False), then per uri an Annotation of Segment(start, start + duration) -> speaker;
  pyannote.core's Annotation.__setitem__ drops an empty segment (duration <= 1e-6, pyannote.core's SEGMENT_PRECISION).
- pyannote.database's FileFinder.__call__: the uri's audio found by the template audio/{uri}.* (glob), exactly one
  match ("Could not find file" / "Found n matches" otherwise).
- NVIDIA/NeMo, nemo/collections/asr/parts/utils/speaker_utils.py, rttm_to_labels: each line split on whitespace,
  start = float(f[3]), end = float(f[4]) + float(f[3]), speaker = f[7]; the reader checks both agree.

Usage: rttm.py <folder>. Prints {split: {"uris": [...], "turns": {uri: [[start, end, speaker], ...]}}}.
"""
import glob
import json
import sys
from pathlib import Path

NAMES = ["NA1", "uri", "NA2", "start", "duration", "NA3", "NA4", "speaker", "NA5", "NA6"]
SEGMENT_PRECISION = 1e-6


def load_rttm(file_rttm):
    annotations = {}
    for number, line in enumerate(Path(file_rttm).read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split()
        if not fields:  # pandas skips blank lines
            continue
        if len(fields) != len(NAMES):
            raise ValueError(f"pandas.errors.ParserError: Expected {len(NAMES)} fields in line {number}, saw {len(fields)}")
        row = dict(zip(NAMES, fields))
        start, duration = float(row["start"]), float(row["duration"])  # dtype float: ValueError otherwise
        if duration <= SEGMENT_PRECISION:  # an empty Segment is not added to the Annotation
            continue
        annotations.setdefault(row["uri"], []).append([start, start + duration, row["speaker"]])
    return annotations


def rttm_to_labels(rttm_filename):
    labels = []
    with open(rttm_filename, "r") as f:
        for line in f.readlines():
            rttm = line.strip().split()
            start, end, speaker = float(rttm[3]), float(rttm[4]) + float(rttm[3]), rttm[7]
            labels.append([rttm[1], start, end, speaker])
    return labels


def find_audio(folder, uri):
    found = glob.glob(str(folder / "audio" / f"{glob.escape(uri)}.*"))
    if not found:
        raise ValueError(f'Could not find file "{uri}".')
    if len(found) > 1:
        raise ValueError(f'Found {len(found)} matches for file "{uri}"')
    return found[0]


def main(folder):
    folder = Path(folder)
    splits = {}
    for listed in sorted(folder.glob("*.lst")):
        split = listed.stem
        uris = [line for line in listed.read_text(encoding="utf-8").splitlines() if line]
        for uri in uris:
            find_audio(folder, uri)
        turns = load_rttm(folder / f"{split}.rttm")
        unlisted = set(turns) - set(uris)
        if unlisted:
            raise ValueError(f"{split}.rttm has turns of clips not in {split}.lst: {sorted(unlisted)}")
        nemo = [[uri, start, end, speaker] for uri, start, end, speaker in rttm_to_labels(folder / f"{split}.rttm")]
        pyannote = [[uri, *turn] for uri, uri_turns in turns.items() for turn in uri_turns]
        if sorted(nemo) != sorted(pyannote):
            raise ValueError(f"NeMo reads {split}.rttm otherwise than pyannote: {nemo} != {pyannote}")
        splits[split] = {"uris": uris, "turns": turns}
    print(json.dumps(splits))


if __name__ == "__main__":
    main(sys.argv[1])
