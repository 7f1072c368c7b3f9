"""Box AP at IoU 0.5 per category as pycocotools' COCOeval computes it, ported to the standard library.

- cocodataset/cocoapi PythonAPI/pycocotools/cocoeval.py: Params (iouThrs [0.5] here, recThrs = np.linspace(0, 1,
  101), maxDets 100, areaRng "all", useCats 1), computeIoU (maskUtils.iou on boxes: common/maskApi.c bbIou,
  x, y, w, h, no crowd), evaluateImg (detections sorted by score with a stable mergesort, cut at maxDet; each matched
  to the best-IoU unmatched ground truth at or above the threshold, the comparison `if ious[dind, gind] < iou:
  continue` letting a later equal IoU win) and accumulate (per category, images in imgIds order, scores stably sorted
  descending, cumulative tp and fp, precision tp / (tp + fp + np.spacing(1)) made non-increasing from the right,
  np.searchsorted(rc, recThrs, side="left"), a recall threshold past the last rank left at 0). The per-category AP is
  the mean of the 101 precisions; a category without ground truth has -1 there and is left out of the mean, as
  COCOeval.summarize does.

Usage: cocoeval_ap50.py <input.json>, the input {"images": [{"gt": [[label, x, y, w, h], ...], "dt": [[label, x, y,
w, h, score], ...]}, ...]}, images in id order. Prints {"per_class": {label: AP or null}, "mean": mAP or null}.
"""

import json
import sys

IOU_THRESHOLD = 0.5
MAX_DETS = 100
REC_THRS = [i * (1.0 / 100) for i in range(100)] + [1.0]
EPS = 2.220446049250313e-16  # np.spacing(1)


def bb_iou(dt, gt):
    # maskApi.c bbIou with iscrowd = 0
    dx, dy, dw, dh = dt
    gx, gy, gw, gh = gt
    w = min(dx + dw, gx + gw) - max(dx, gx)
    if w <= 0:
        return 0.0
    h = min(dy + dh, gy + gh) - max(dy, gy)
    if h <= 0:
        return 0.0
    i = w * h
    u = dw * dh + gw * gh - i
    return i / u


def evaluate_img(gts, dts):
    dts = sorted(dts, key=lambda d: -d["score"])[:MAX_DETS]  # Python's sort is stable, as mergesort
    gtm = [0] * len(gts)
    dtm = []
    for d in dts:
        iou = min(IOU_THRESHOLD, 1 - 1e-10)
        m = -1
        for gind, g in enumerate(gts):
            if gtm[gind] > 0:
                continue
            value = bb_iou(d["box"], g["box"])
            if value < iou:
                continue
            iou = value
            m = gind
        if m == -1:
            dtm.append(0)
            continue
        gtm[m] = 1
        dtm.append(1)
    return {"dtScores": [d["score"] for d in dts], "dtMatches": dtm, "npig": len(gts)}


def searchsorted_left(values, target):
    lo, hi = 0, len(values)
    while lo < hi:
        mid = (lo + hi) // 2
        if values[mid] < target:
            lo = mid + 1
        else:
            hi = mid
    return lo


def main(path):
    with open(path, "r", encoding="utf-8") as f:
        data = json.load(f)
    images = data["images"]
    categories = sorted({a[0] for image in images for a in image["gt"] + image["dt"]})
    per_class = {}
    for category in categories:
        evals = []
        for image in images:
            gts = [{"box": a[1:5]} for a in image["gt"] if a[0] == category]
            dts = [{"box": a[1:5], "score": a[5]} for a in image["dt"] if a[0] == category]
            if not gts and not dts:
                continue
            evals.append(evaluate_img(gts, dts))
        scores = [s for e in evals for s in e["dtScores"]]
        matches = [m for e in evals for m in e["dtMatches"]]
        npig = sum(e["npig"] for e in evals)
        if npig == 0:
            per_class[category] = None
            continue
        order = sorted(range(len(scores)), key=lambda i: -scores[i])
        tp = fp = 0
        rc, pr = [], []
        for i in order:
            if matches[i]:
                tp += 1
            else:
                fp += 1
            rc.append(tp / npig)
            pr.append(tp / (fp + tp + EPS))
        for i in range(len(pr) - 1, 0, -1):
            if pr[i] > pr[i - 1]:
                pr[i - 1] = pr[i]
        q = [0.0] * len(REC_THRS)
        for ri, threshold in enumerate(REC_THRS):
            pi = searchsorted_left(rc, threshold)
            if pi < len(pr):
                q[ri] = pr[pi]
        per_class[category] = sum(q) / len(q)
    defined = [v for v in per_class.values() if v is not None]
    print(json.dumps({"per_class": per_class, "mean": sum(defined) / len(defined) if defined else None}))


if __name__ == "__main__":
    main(sys.argv[1])
