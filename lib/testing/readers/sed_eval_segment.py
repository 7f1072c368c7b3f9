"""Segment-based F1 of sound event detection as sed_eval's SegmentBasedMetrics computes it, ported to the standard library.

- TUT-ARG/sed_eval sed_eval/util/event_roll.py event_list_to_event_roll: a binary roll per label of
  ceil(max offset / time_resolution) segments, an event marking segments floor(onset / time_resolution) up to, not
  including, ceil(offset / time_resolution) (so a segment is active when the event overlaps it at all, computed in
  floats exactly so: 0.07 / 0.01 is 7.000000000000001 there, whose ceil is 8); match_event_roll_lengths pads the
  shorter roll with inactive segments.
- sed_eval/sound_event.py SegmentBasedMetrics.evaluate, per file: for each label, Ntp = segments active on both
  sides, Nfp = active in the estimate only, Nfn = in the reference only, Nref and Nsys the active segments of each
  side; overall the same counts summed over the labels. class_wise_f_measure and overall_f_measure with
  sed_eval/metric.py: precision = Ntp / (Nsys + eps), recall = Ntp / (Nref + eps), eps = np.spacing(1), F = 2PR / (P + R)
  and 0 when both are 0.

Usage: sed_eval_segment.py <input.json>, the input {"time_resolution": 0.01, "labels": [...], "files": [{"reference":
[[label, onset, offset], ...], "estimated": [...]}, ...]}. Prints {"overall": {...}, "class_wise": {label: {...}}},
each {"f_measure", "precision", "recall", "Ntp", "Nfp", "Nfn", "Nref", "Nsys"}.
"""

import json
import math
import sys

EPS = 2.220446049250313e-16  # np.spacing(1)
COUNTS = ("Ntp", "Nfp", "Nfn", "Nref", "Nsys")


def event_roll(events, labels, time_resolution):
    max_offset = max((offset for _, _, offset in events), default=0)
    roll = [[0] * len(labels) for _ in range(int(math.ceil(max_offset * 1 / time_resolution)))]
    for label, onset, offset in events:
        column = labels.index(label)
        for segment in range(int(math.floor(onset * 1 / float(time_resolution))), int(math.ceil(offset * 1 / float(time_resolution)))):
            roll[segment][column] = 1
    return roll


def padded(roll, length, width):
    return roll + [[0] * width for _ in range(length - len(roll))]


def f_measure(counts):
    precision = counts["Ntp"] / (counts["Nsys"] + EPS)
    recall = counts["Ntp"] / (counts["Nref"] + EPS)
    f = 0.0 if precision == 0 and recall == 0 else 2 * precision * recall / (precision + recall)
    return {"f_measure": f, "precision": precision, "recall": recall, **counts}


def main(path):
    with open(path, "r", encoding="utf-8") as f:
        data = json.load(f)
    labels, time_resolution = data["labels"], data["time_resolution"]
    class_wise = {label: dict.fromkeys(COUNTS, 0) for label in labels}
    for file in data["files"]:
        reference = event_roll(file["reference"], labels, time_resolution)
        estimated = event_roll(file["estimated"], labels, time_resolution)
        length = max(len(reference), len(estimated))
        reference, estimated = padded(reference, length, len(labels)), padded(estimated, length, len(labels))
        for column, label in enumerate(labels):
            counts = class_wise[label]
            for annotated, system in ((row_a[column], row_s[column]) for row_a, row_s in zip(reference, estimated)):
                counts["Ntp"] += system + annotated > 1
                counts["Nfp"] += system - annotated > 0
                counts["Nfn"] += annotated - system > 0
                counts["Nref"] += annotated
                counts["Nsys"] += system
    overall = {name: sum(counts[name] for counts in class_wise.values()) for name in COUNTS}
    print(json.dumps({"overall": f_measure(overall), "class_wise": {label: f_measure(counts) for label, counts in class_wise.items()}}))


if __name__ == "__main__":
    main(sys.argv[1])
