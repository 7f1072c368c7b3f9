import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ResultEntry } from "../validation/annotation";
import { taskSchema } from "../validation/project";
import { addItemAgreement, agreementFromSums, labelersAnswering, MAX_PAIR_MATRIX_LABELERS, versionKey, type CategoricalFigures, type PairwiseFigures, type ViewedSubmission } from "./agreement-sums";
import { krippendorffAlpha, labelerAgreementMatrix, perClassAlpha } from "./categorical";
import { compareLabelers, labelConfusion, labelerPairMatrix, perLabelF1 } from "./labeler-pairs";
import { mergeFacets, facetValuesOf } from "./metadata-facets";
import { gridBox } from "./shapes/test-shapes";
import type { Statistic } from "./statistic";

const DEFECT = taskSchema.parse({ key: "defect", type: "classification", classes: ["ok", "scratch", "dent"], required: false });
const BOXES = taskSchema.parse({ key: "boxes", type: "bbox", classes: ["car", "bus"] });
const TASKS = [DEFECT, BOXES];
const LABELERS = ["ann", "ben", "cat", "dan"];

interface Item {
  device: string;
  latest: ViewedSubmission[];
}

const submission = fc.record({
  answer: fc.constantFrom("ok", "scratch", "dent", null),
  version: fc.constantFrom(1, 2, null),
  boxes: fc.array(gridBox, { maxLength: 3 }),
});
const item = fc
  .record({ device: fc.constantFrom("phone", "laptop", "tablet"), submissions: fc.tuple(...LABELERS.map(() => fc.option(submission, { nil: undefined }))) })
  .map(({ device, submissions }): Item => ({
    device,
    latest: submissions.flatMap((given, index) => {
      if (!given) return [];
      const result: ResultEntry[] = [...(given.answer ? [{ task: "defect", type: "classification" as const, values: [given.answer] }] : []), ...given.boxes];
      return [{ labelerId: LABELERS[index]!, result, guidelineVersion: given.version }];
    }),
  }));

/** The figures as the project's sums give them: every item's amounts added up, as ProjectStatistic keeps them. */
function figuresFromSums(items: readonly Item[]) {
  const facets = mergeFacets({}, items.map(({ device }) => ({ device })));
  const [sums, pairSums] = [new Map<string, number>(), new Map<string, number>()];
  const adder = (into: Map<string, number>) => (amount: number, ...parts: (string | number)[]) => into.set(JSON.stringify(parts), (into.get(JSON.stringify(parts)) ?? 0) + amount);
  for (const { device, latest } of items) addItemAgreement(TASKS, latest, facetValuesOf(facets, { device }), adder(sums), adder(pairSums));
  const rows = (from: Map<string, number>) => [...from].map(([key, amount]) => [JSON.parse(key) as unknown[], amount] as const);
  return agreementFromSums(TASKS, rows(sums), rows(pairSums), facets);
}

/** One row per labeler who answered, a column per item: the reliability data the library's functions take. */
function reliabilityData(items: readonly Item[], answered: (submission: ViewedSubmission) => boolean = () => true) {
  const answerOf = (submission: ViewedSubmission | undefined) => {
    const entry = submission?.result.find((candidate) => candidate.type === "classification");
    return entry && entry.type === "classification" && answered(submission!) ? entry.values[0]! : null;
  };
  const labelers = LABELERS.filter((labeler) => items.some(({ latest }) => answerOf(latest.find((submission) => submission.labelerId === labeler)) !== null));
  return { labelers, data: labelers.map((labeler) => items.map(({ latest }) => answerOf(latest.find((submission) => submission.labelerId === labeler)))) };
}

const close = (actual: Statistic | null | undefined, expected: Statistic | null | undefined) => {
  expect(actual?.value ?? null).toBeCloseTo(expected?.value ?? Number.NaN, 9);
  if (expected?.value === null) expect(actual?.value).toBeNull();
};
const expectStatistic = (actual: Statistic | null | undefined, expected: Statistic | null | undefined) => {
  if (expected?.value === null || expected === undefined || expected === null) expect(actual?.value ?? null).toBeNull();
  else close(actual, expected);
};

describe("agreement kept as sums over items", () => {
  it("gives the classification figures the library computes from every answer: alpha, per class, kappa per pair, per version and per metadata value", () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 12 }), (items) => {
        const figures = figuresFromSums(items).tasks.defect as CategoricalFigures;
        const { labelers, data } = reliabilityData(items);
        if (!labelers.length) {
          expect(figures.alpha).toEqual({ value: null, reason: "no submissions" });
          return;
        }
        expectStatistic(figures.alpha, krippendorffAlpha(data, { level: "nominal" }));
        const perClass = new Map(perClassAlpha(data).map((entry) => [String(entry.category), entry]));
        // Classes among pairable values: one answered only where nobody else answered adds no sums.
        expect(figures.perClass.map((entry) => entry.category).sort()).toEqual([...perClass.values()].filter((entry) => entry.valuesInClass > 0).map((entry) => String(entry.category)).sort());
        for (const entry of figures.perClass) expectStatistic(entry.alpha, perClass.get(entry.category));

        if (labelers.length >= 2) {
          const matrix = labelerAgreementMatrix(data);
          expect(figures.labelerPairs.labelers).toEqual(labelers);
          expect(figures.labelerPairs.unitsBothRated).toEqual(matrix.unitsBothRated);
          figures.labelerPairs.kappa.forEach((row, i) => row.forEach((kappa, j) => (i === j ? expect(kappa).toBeNull() : expectStatistic(kappa, matrix.kappa[i]![j]))));
        }
        for (const version of [1, 2, null]) {
          const inVersion = reliabilityData(items, (submission) => submission.guidelineVersion === version);
          const figure = figures.byGuidelineVersion[versionKey(version)];
          if (!inVersion.labelers.length) expect(figure).toBeUndefined();
          else expectStatistic(figure, krippendorffAlpha(inVersion.data, { level: "nominal" }));
        }
        const labeledDevices = [...new Set(items.filter(({ latest }) => latest.length).map(({ device }) => device))];
        if (labeledDevices.length < 2) expect(figures.byMetadata).toEqual({});
        for (const device of labeledDevices.length >= 2 ? labeledDevices : []) {
          const { data: onDevice } = reliabilityData(items.filter((candidate) => candidate.device === device));
          expectStatistic(figures.byMetadata.device?.[device], onDevice.length ? krippendorffAlpha(onDevice, { level: "nominal" }) : { value: null, reason: "" });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("gives the box figures the library computes from every item's labeler pairs: mean F1, per pair, per label, the confusion, per version and per metadata value", () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 10 }), (items) => {
        const figures = figuresFromSums(items).tasks.boxes as PairwiseFigures;
        const compared = items.map(({ device, latest }) => ({ device, latest, pairs: compareLabelers(BOXES, latest) })).filter(({ pairs }) => pairs.length);
        const comparisons = compared.flatMap(({ pairs }) => pairs);
        const itemMean = (selected: typeof compared) => selected.reduce((sum, { pairs }) => sum + pairs.reduce((total, pair) => total + pair.agreement, 0) / pairs.length, 0) / selected.length;
        expect(figures.items).toBe(compared.length);
        expectStatistic(figures.mean, compared.length ? { value: itemMean(compared) } : undefined);
        const matrix = labelerPairMatrix(comparisons);
        expect(figures.labelerPairs.labelers).toEqual(matrix.labelers);
        expect(figures.labelerPairs.itemsBothLabeled).toEqual(matrix.items);
        figures.labelerPairs.agreement.forEach((row, i) => row.forEach((value, j) => (matrix.agreement[i]![j] === null ? expect(value).toBeNull() : expect(value).toBeCloseTo(matrix.agreement[i]![j]!, 9))));
        expect(figures.perClass).toEqual(perLabelF1(comparisons));
        expect(figures.confusion).toEqual(labelConfusion(comparisons));
        for (const version of [1, 2, null]) {
          const versionOf = (labelerId: string, latest: ViewedSubmission[]) => latest.find((submission) => submission.labelerId === labelerId)!.guidelineVersion;
          const agreements = compared.flatMap(({ latest, pairs }) => pairs.filter((pair) => versionOf(pair.first, latest) === version && versionOf(pair.second, latest) === version).map((pair) => pair.agreement));
          const figure = figures.byGuidelineVersion[versionKey(version)];
          if (!agreements.length) expect(figure).toBeUndefined();
          else expect(figure?.value).toBeCloseTo(agreements.reduce((sum, value) => sum + value, 0) / agreements.length, 9);
        }
        const labeledDevices = [...new Set(items.filter(({ latest }) => latest.length).map(({ device }) => device))];
        for (const device of labeledDevices.length >= 2 ? labeledDevices : []) {
          const onDevice = compared.filter((candidate) => candidate.device === device);
          expectStatistic(figures.byMetadata.device?.[device], onDevice.length ? { value: itemMean(onDevice) } : undefined);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("adds nothing for an item nobody submitted, and counts a labeled item once whatever its tasks", () => {
    const amounts: [unknown[], number][] = [];
    const add = (amount: number, ...parts: (string | number)[]) => amounts.push([parts, amount]);
    addItemAgreement(TASKS, [], [["device", "phone"]], add, add);
    expect(amounts).toEqual([]);
    const one = { labelerId: "ann", result: [{ task: "defect", type: "classification" as const, values: ["ok"] }], guidelineVersion: 1 };
    addItemAgreement(TASKS, [one], [["device", "phone"]], add, add);
    const figures = agreementFromSums(TASKS, amounts, [], { device: ["phone", "laptop"] });
    expect(figures.labeledItems).toBe(1);
    // One labeler: nothing pairable, and no pair to compare.
    expect((figures.tasks.defect as CategoricalFigures).alpha.reason).toMatch(/no pairable values/);
    expect((figures.tasks.defect as CategoricalFigures).labelerPairs).toEqual({ labelers: [], kappa: [], unitsBothRated: [] });
    // A facet with one value among labeled items breaks nothing down.
    expect((figures.tasks.defect as CategoricalFigures).byMetadata).toEqual({});
  });

  it("leaves labeler pairs out for a team too large for a matrix, and says how large", () => {
    const rows: [unknown[], number][] = [];
    const pairRows: [unknown[], number][] = [];
    const labelers = Array.from({ length: MAX_PAIR_MATRIX_LABELERS + 1 }, (_, index) => `labeler${String(index).padStart(2, "0")}`);
    for (const [first, second] of labelers.slice(1).map((labeler, index): [string, string] => [labelers[index]!, labeler])) {
      const latest = [first, second].map((labelerId) => ({ labelerId, result: [{ task: "defect", type: "classification" as const, values: ["ok"] }], guidelineVersion: 1 }));
      addItemAgreement(TASKS, latest, [], (amount, ...parts) => rows.push([parts, amount]), (amount, ...parts) => pairRows.push([parts, amount]));
    }
    expect(labelersAnswering(rows)).toBe(labelers.length);
    const figures = agreementFromSums(TASKS, rows, null, {});
    expect(figures.labelerPairsOmitted).toBe(labelers.length);
    expect((figures.tasks.defect as CategoricalFigures).labelerPairs).toEqual({ labelers: [], kappa: [], unitsBothRated: [] });
    expect((figures.tasks.boxes as PairwiseFigures).labelerPairs).toEqual({ labelers: [], agreement: [], itemsBothLabeled: [] });
    // The rest does not need the pairs: every item is two labelers agreeing.
    expect((figures.tasks.defect as CategoricalFigures).alpha.reason).toMatch(/same/);
    expect(agreementFromSums(TASKS, rows, pairRows, {}).labelerPairsOmitted).toBeNull();
  });
});
