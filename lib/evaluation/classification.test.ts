import { describe, expect, it } from "vitest";
import { createEvaluator } from "./evaluator";
import { chose, item, multipleChoice, runReference, seeded, singleChoice } from "./test-support";
import type { EvaluatedItem } from "./types";

interface SklearnFigures {
  labels: string[];
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  macro_f1: number;
  weighted_f1: number;
  confusion_matrix?: number[][];
}

describe("classification figures", () => {
  it("gives Ng's defect detector (68 TP, 9 FP, 18 FN, 905 TN) precision 68/77, recall 68/86 and F1 136/163", () => {
    const evaluator = createEvaluator(singleChoice("part", "defect", "ok"), { by: null });
    const add = (count: number, actual: string, predicted: string) => {
      for (let index = 0; index < count; index++) evaluator.add(item(`${actual}-${predicted}-${index}`, [chose("part", actual)], [chose("part", predicted)]));
    };
    add(68, "defect", "defect");
    add(9, "ok", "defect");
    add(18, "defect", "ok");
    add(905, "ok", "ok");
    const report = evaluator.report();
    const defect = report.perClass.defect!;
    expect(defect.precision).toBeCloseTo(68 / 77, 10);
    expect(defect.recall).toBeCloseTo(68 / 86, 10);
    expect(defect.f1).toBeCloseTo(136 / 163, 10);
    expect([defect.precision, defect.recall, defect.f1].map((value) => value!.toFixed(3))).toEqual(["0.883", "0.791", "0.834"]);
    expect(defect.support).toBe(86);
    expect(report.confusion).toEqual({ labels: ["defect", "ok"], matrix: [[68, 18], [9, 905]] });
    expect(report.overall.accuracy).toBeCloseTo(973 / 1000, 10);
  });

  // Random answers over five classes, one of which the task does not list (a label a standardization could leave).
  const CLASSES = ["a", "b", "c", "d"];
  function randomItems(seed: number, multiple: boolean): EvaluatedItem[] {
    const random = seeded(seed);
    const values = (): string[] => {
      if (!multiple) return [random.pick([...CLASSES, "x"])];
      const chosen = [...CLASSES, "x"].filter(() => random.float() < 0.35);
      return chosen.length > 0 ? chosen : [random.pick(CLASSES)];
    };
    return Array.from({ length: 300 }, (_, index) => item(String(index), [chose("kind", ...values())], [chose("kind", ...values())]));
  }

  for (const multiple of [false, true]) {
    it(`agrees with scikit-learn's precision_recall_fscore_support, f1_score (macro, weighted)${multiple ? " on multilabel input" : " and confusion_matrix"} on random data`, async () => {
      for (const seed of [1, 2, 3]) {
        const items = randomItems(seed, multiple);
        const evaluator = createEvaluator((multiple ? multipleChoice : singleChoice)("kind", ...CLASSES), { by: null, resamples: 1 });
        items.forEach((added) => evaluator.add(added));
        const report = evaluator.report();
        const valuesOf = (result: EvaluatedItem["final"]) => (result[0]!.type === "classification" ? result[0]!.values : []);
        const sklearn = await runReference<SklearnFigures>("sklearn_classification", {
          multilabel: multiple,
          y_true: items.map((added) => (multiple ? valuesOf(added.final) : valuesOf(added.final)[0])),
          y_pred: items.map((added) => (multiple ? valuesOf(added.prediction) : valuesOf(added.prediction)[0])),
        });
        expect(Object.keys(report.perClass).sort()).toEqual(sklearn.labels);
        sklearn.labels.forEach((label, index) => {
          const figures = report.perClass[label]!;
          // scikit-learn writes 0 (zero_division) where the figure is undefined, the report null.
          expect(figures.precision ?? 0).toBeCloseTo(sklearn.precision[index]!, 10);
          expect(figures.recall ?? 0).toBeCloseTo(sklearn.recall[index]!, 10);
          expect(figures.f1 ?? 0).toBeCloseTo(sklearn.f1[index]!, 10);
          expect(figures.support).toBe(sklearn.support[index]);
        });
        expect(report.overall.macroF1).toBeCloseTo(sklearn.macro_f1, 10);
        expect(report.overall.weightedF1).toBeCloseTo(sklearn.weighted_f1, 10);
        if (!multiple) {
          const order = sklearn.labels.map((label) => report.confusion!.labels.indexOf(label));
          expect(order.map((row) => order.map((column) => report.confusion!.matrix[row]![column]))).toEqual(sklearn.confusion_matrix);
        }
      }
    });
  }
});
