"""Classification metrics as scikit-learn computes them, ported to the standard library.

- scikit-learn sklearn/metrics/_classification.py: unique_labels (sorted union of y_true and y_pred), confusion_matrix
  (rows y_true, columns y_pred), multilabel_confusion_matrix (per label tp_sum, pred_sum, true_sum, for multiclass and
  multilabel indicator input alike) and precision_recall_fscore_support with average=None, "macro" and "weighted":
  precision = tp / pred, recall = tp / true, F = 2·tp / (2·tp + fp + fn) (the form of scikit-learn >= 1.3), a 0/0
  taken as zero_division's default 0 ("warn"); macro = the unweighted mean of F over the labels; weighted = the mean
  weighted by true_sum (0 when it sums to 0).

Usage: sklearn_classification.py <input.json>, the input {"multilabel": bool, "y_true": [...], "y_pred": [...]} with
one label per sample, or a list of labels per sample when multilabel. Prints the figures as JSON.
"""

import json
import sys


def divide(numerator, denominator):
    return numerator / denominator if denominator else 0.0


def main(path):
    with open(path, "r", encoding="utf-8") as f:
        data = json.load(f)
    multilabel = data["multilabel"]
    y_true, y_pred = data["y_true"], data["y_pred"]
    true_sets = [set(y) for y in y_true] if multilabel else [{y} for y in y_true]
    pred_sets = [set(y) for y in y_pred] if multilabel else [{y} for y in y_pred]
    labels = sorted(set().union(*true_sets, *pred_sets))
    tp_sum = [sum(1 for t, p in zip(true_sets, pred_sets) if label in t and label in p) for label in labels]
    pred_sum = [sum(1 for p in pred_sets if label in p) for label in labels]
    true_sum = [sum(1 for t in true_sets if label in t) for label in labels]
    precision = [divide(tp, pred) for tp, pred in zip(tp_sum, pred_sum)]
    recall = [divide(tp, true) for tp, true in zip(tp_sum, true_sum)]
    f1 = [divide(2 * tp, pred + true) for tp, pred, true in zip(tp_sum, pred_sum, true_sum)]
    result = {
        "labels": labels,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "support": true_sum,
        "macro_f1": sum(f1) / len(f1) if f1 else 0.0,
        "weighted_f1": divide(sum(f * s for f, s in zip(f1, true_sum)), sum(true_sum)),
    }
    if not multilabel:
        index = {label: i for i, label in enumerate(labels)}
        matrix = [[0] * len(labels) for _ in labels]
        for t, p in zip(y_true, y_pred):
            matrix[index[t]][index[p]] += 1
        result["confusion_matrix"] = matrix
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
