"""Segment F1 by an independent one-to-one matching: the most pairs of same-label segments with temporal IoU >= 0.5.

Not a port of Concord's matching (Hungarian assignment on IoU): per item and label, a maximum bipartite matching
by augmenting paths (Kuhn's algorithm) on the pairs allowed. Times are whole milliseconds, so IoU >= 0.5 is the exact
integer test 2 * intersection >= union. Each label's TP is its matched pairs, FP its unmatched estimated segments, FN
its unmatched reference segments; pooled F1 = 2 * sum TP / (2 * sum TP + sum FP + sum FN) over labels and items.

Usage: segment_matching.py <input.json>, the input {"items": [{"reference": [[label, start_ms, end_ms], ...],
"estimated": [...]}, ...]}. Prints {"f1", "per_class": {label: {"tp", "fp", "fn", "precision", "recall", "f1"}}}, a
ratio null where its denominator is 0.
"""

import json
import sys


def can_pair(reference, estimated):
    intersection = min(reference[2], estimated[2]) - max(reference[1], estimated[1])
    if intersection <= 0:
        return False
    union = (reference[2] - reference[1]) + (estimated[2] - estimated[1]) - intersection
    return 2 * intersection >= union


def maximum_matching(references, estimates):
    """The size of a maximum matching: for each reference, look for an augmenting path from it."""
    edges = [[j for j, estimated in enumerate(estimates) if can_pair(reference, estimated)] for reference in references]
    owner = [None] * len(estimates)

    def augment(i, visited):
        for j in edges[i]:
            if j in visited:
                continue
            visited.add(j)
            if owner[j] is None or augment(owner[j], visited):
                owner[j] = i
                return True
        return False

    return sum(augment(i, set()) for i in range(len(references)))


def ratio(numerator, denominator):
    return numerator / denominator if denominator else None


def main(path):
    with open(path, "r", encoding="utf-8") as f:
        data = json.load(f)
    per_class = {}
    for item in data["items"]:
        for label in {segment[0] for segment in item["reference"] + item["estimated"]}:
            references = [segment for segment in item["reference"] if segment[0] == label]
            estimates = [segment for segment in item["estimated"] if segment[0] == label]
            matched = maximum_matching(references, estimates)
            counts = per_class.setdefault(label, {"tp": 0, "fp": 0, "fn": 0})
            counts["tp"] += matched
            counts["fp"] += len(estimates) - matched
            counts["fn"] += len(references) - matched
    for counts in per_class.values():
        tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
        counts.update(precision=ratio(tp, tp + fp), recall=ratio(tp, tp + fn), f1=ratio(2 * tp, 2 * tp + fp + fn))
    tp, fp, fn = (sum(counts[name] for counts in per_class.values()) for name in ("tp", "fp", "fn"))
    print(json.dumps({"f1": ratio(2 * tp, 2 * tp + fp + fn), "per_class": per_class}))


if __name__ == "__main__":
    main(sys.argv[1])
