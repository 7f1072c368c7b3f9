import { describe, expect, it } from "vitest";
import { AveragePrecision50, MAX_DETECTIONS_PER_ITEM, type ScoredShape } from "./average-precision";
import { createEvaluator } from "./evaluator";
import { box, boxTask, item, runReference, seeded } from "./test-support";
import type { EvaluatedItem } from "./types";

const car = (x: number, score?: number): ScoredShape => ({ task: "cars", type: "bbox", label: "car", x, y: 0, width: 10, height: 10, ...(score === undefined ? {} : { score }) });

describe("AveragePrecision50", () => {
  it("interpolates precision at 101 recall points: TP, FP, TP over 2 references gives (51 · 1 + 50 · 2/3) / 101", () => {
    const ap = new AveragePrecision50();
    ap.addItem([car(0), car(100)], [car(0, 0.9), car(50, 0.8), car(100, 0.7)]);
    expect(ap.perClass().get("car")).toBeCloseTo((51 + 50 * (2 / 3)) / 101, 10);
  });

  it("ranks a missing score as 1, ranks across items, and gives a class without references no AP", () => {
    const ap = new AveragePrecision50();
    ap.addItem([car(0)], [car(50, 0.9)]);
    ap.addItem([car(0)], [car(0)]);
    ap.addItem([], [{ ...car(0), label: "bus" }]);
    // Ranked: the unscored TP (recall 1/2, precision 1), then the FP: AP = 51/101.
    expect(ap.perClass()).toEqual(new Map([["bus", null], ["car", expect.closeTo(51 / 101, 10)]]));
    expect(ap.mean()).toBeCloseTo(51 / 101, 10);
  });

  it(`keeps the ${MAX_DETECTIONS_PER_ITEM} best-scored detections of an item and class`, () => {
    const ap = new AveragePrecision50();
    const decoys = Array.from({ length: MAX_DETECTIONS_PER_ITEM }, (_, index) => car(1000 + 20 * index, 0.9));
    ap.addItem([car(0)], [...decoys, car(0, 0.1)]);
    expect(ap.perClass().get("car")).toBe(0);
  });

  it("refuses a score that is not a number", () => {
    expect(() => new AveragePrecision50().addItem([], [car(0, Number.NaN)])).toThrow(/score is NaN/);
  });

  it("agrees with pycocotools' COCOeval (evaluateImg and accumulate at IoU 0.5) on random boxes", async () => {
    for (const seed of [11, 12, 13]) {
      const random = seeded(seed);
      const score = () => (random.float() < 0.9 ? random.pick([0.2, 0.5, 0.7, 0.9]) : undefined);
      const randomBox = () => box("cars", random.pick(["car", "bus", "van"]), random.int(0, 100), random.int(0, 100), random.int(10, 40), random.int(10, 40), score());
      // Detections near most references (IoU often around 0.5, the label sometimes wrong), and a few stray ones.
      const detectionNear = (reference: EvaluatedItem["final"][number]) =>
        reference.type === "bbox" && random.float() < 0.8
          ? [box("cars", random.float() < 0.9 ? reference.label : "van", reference.x + random.int(-4, 4), reference.y + random.int(-4, 4), reference.width + random.int(0, 6), reference.height + random.int(0, 6), score())]
          : [];
      const items: EvaluatedItem[] = Array.from({ length: 200 }, (_, index) => {
        const references = Array.from({ length: random.int(0, 3) }, () => {
          const { score: _unscored, ...reference } = randomBox();
          return reference;
        });
        return item(String(index), references, [...references.flatMap(detectionNear), ...Array.from({ length: random.int(0, 1) }, randomBox)]);
      });
      const evaluator = createEvaluator(boxTask("cars", "car", "bus", "van"), { by: null, resamples: 1 });
      items.forEach((added) => evaluator.add(added));
      const report = evaluator.report();
      const asRow = (entry: EvaluatedItem["prediction"][number]) => (entry.type === "bbox" ? [entry.label, entry.x, entry.y, entry.width, entry.height, entry.score ?? 1] : []);
      const coco = await runReference<{ per_class: Record<string, number | null>; mean: number | null }>("cocoeval_ap50", {
        images: items.map((added) => ({ gt: added.final.map(asRow), dt: added.prediction.map(asRow) })),
      });
      for (const [label, figures] of Object.entries(report.perClass)) {
        if (coco.per_class[label] === null) expect(figures.ap50).toBeNull();
        else expect(figures.ap50).toBeCloseTo(coco.per_class[label]!, 10);
      }
      expect(report.overall.ap50).toBeCloseTo(coco.mean!, 10);
      // The data exercises partial precision, not only the trivial 0 and 1.
      expect(Object.values(coco.per_class).some((ap) => ap !== null && ap > 0.05 && ap < 0.95)).toBe(true);
    }
  });
});
