import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NO_STANDARDIZATION } from "../review/standardize";
import type { ResultEntry } from "../validation/annotation";
import { taskSchema, type Task } from "../validation/project";
import { activeTimeBucket, byFigure, histogramMedian, itemStatistics, statisticKey, statisticsDelta, type ItemFacts } from "./item-statistics";
import { median } from "./median";

const TASKS: Task[] = [taskSchema.parse({ key: "defect", type: "classification", classes: ["ok", "scratch"], uncertainClass: "borderline" })];
const defect = (value: string): ResultEntry[] => [{ task: "defect", type: "classification", values: [value] }];
const march = (day: number, hour = 12) => new Date(Date.UTC(2026, 2, day, hour));

function facts(overrides: Partial<ItemFacts>): ItemFacts {
  return {
    tasks: TASKS,
    standardization: NO_STANDARDIZATION,
    state: "open",
    submittedCount: 0,
    reviewScore: null,
    final: null,
    firstSubmissions: [],
    latestSubmissions: [],
    facets: [],
    leases: [],
    agreesWithFinal: (answer, final) => JSON.stringify(answer) === JSON.stringify(final),
    ...overrides,
  };
}

describe("what an item adds to its project's statistics", () => {
  it("adds nothing for an item nobody has labeled or skipped", () => {
    expect(itemStatistics(facts({}))).toEqual({});
  });

  it("counts an accepted item of three labelers: state, days, leases, unsure answers, agreement with the final label and the confusion", () => {
    const answers = [
      { labelerId: "ann", value: "ok", at: march(1), activeMs: 3000 },
      { labelerId: "ben", value: "ok", at: march(2), activeMs: 4000 },
      { labelerId: "cat", value: "borderline", at: march(2, 15), activeMs: 2050 },
    ];
    const statistics = itemStatistics(
      facts({
        state: "accepted",
        submittedCount: 3,
        reviewScore: 0.5,
        final: defect("ok"),
        firstSubmissions: answers.map(({ labelerId, value, at, activeMs }) => ({ labelerId, result: defect(value), activeMs, submittedAt: at, guidelineVersion: 2 })),
        latestSubmissions: answers.map(({ labelerId, value, at }) => ({ labelerId, result: defect(value), guidelineVersion: 2, submittedAt: at })),
        leases: [...answers.map(({ labelerId }) => ({ labelerId, status: "submitted" as const })), { labelerId: "dan", status: "skipped" as const, skipReason: "Too blurry" }],
      }),
    );
    // Agreement's own amounts are agreement-sums.test.ts's subject.
    expect(Object.fromEntries(Object.entries(statistics).filter(([key]) => !key.startsWith('["agreement')))).toEqual({
      [statisticKey("state", "accepted")]: 1,
      // Among the project's items with three labels.
      [statisticKey("labels", 3)]: 1,
      ...Object.fromEntries(answers.flatMap(({ labelerId }) => [[statisticKey("first", labelerId), 1], [statisticKey("submitted", labelerId), 1], [statisticKey("judged", "accepted", labelerId), 1]])),
      [statisticKey("active", "ann", activeTimeBucket(3000))]: 1,
      [statisticKey("active", "ben", activeTimeBucket(4000))]: 1,
      [statisticKey("active", "cat", activeTimeBucket(2050))]: 1,
      [statisticKey("uncertain", "cat")]: 1,
      [statisticKey("day:2026-03-01", "ann")]: 1,
      [statisticKey("day:2026-03-02", "ben")]: 1,
      [statisticKey("day:2026-03-02", "cat")]: 1,
      [statisticKey("skipped", "dan")]: 1,
      [statisticKey("skipReason", "Too blurry")]: 1,
      [statisticKey("scored")]: 1,
      [statisticKey("scoreSum")]: 0.5,
      // Completed on the day of its last first submission, under that submission's guideline version.
      [statisticKey("completed", "2026-03-02", 2)]: 1,
      [statisticKey("completedSum", "2026-03-02", 2)]: 0.5,
      [statisticKey("agreed", "accepted", "ann")]: 1,
      // Each labeler's feedback, on the day of their latest answer.
      [statisticKey("feedback:ann", "2026-03-01", "items")]: 1,
      [statisticKey("feedback:ann", "2026-03-01", "agreed")]: 1,
      [statisticKey("feedback:ben", "2026-03-02", "items")]: 1,
      [statisticKey("feedback:ben", "2026-03-02", "agreed")]: 1,
      [statisticKey("feedback:cat", "2026-03-02", "items")]: 1,
      [statisticKey("agreed", "accepted", "ben")]: 1,
      [statisticKey("rated", "defect")]: 1,
      [statisticKey("class", "defect", "ok", "ok")]: 2,
      [statisticKey("class", "defect", "ok", "borderline")]: 1,
      // Each answer against the two others: ann and ben agree with each other, nobody with cat.
      [statisticKey("others", "defect")]: 6,
      [statisticKey("othersAgreeing", "defect")]: 2,
    });
  });

  it("compares answers under the project's standardization, and counts a labeler's unsure answer as given", () => {
    const merged = itemStatistics(
      facts({
        state: "flagged",
        submittedCount: 2,
        standardization: { classMerges: [{ task: "defect", from: ["borderline"], to: "scratch" }], transcriptRules: [] },
        firstSubmissions: [{ labelerId: "ann", result: defect("borderline"), activeMs: 1000, submittedAt: march(1), guidelineVersion: null }],
        latestSubmissions: [
          { labelerId: "ann", result: defect("borderline"), guidelineVersion: null, submittedAt: march(1) },
          { labelerId: "ben", result: defect("scratch"), guidelineVersion: null, submittedAt: march(1) },
        ],
      }),
    );
    expect(merged[statisticKey("othersAgreeing", "defect")]).toBe(2);
    expect(merged[statisticKey("uncertain", "ann")]).toBe(1);
  });

  it("gives the difference to add when an item changes, and nothing for no change", () => {
    const before = { [statisticKey("state", "open")]: 1, [statisticKey("first", "ann")]: 1 };
    const after = { [statisticKey("state", "accepted")]: 1, [statisticKey("first", "ann")]: 1 };
    expect(statisticsDelta(before, after)).toEqual({ [statisticKey("state", "open")]: -1, [statisticKey("state", "accepted")]: 1 });
    expect(statisticsDelta(after, after)).toEqual({});
    expect(statisticsDelta(null, after)).toEqual(after);
    expect(byFigure(Object.entries(after)).get("state")).toEqual([[["accepted"], 1]]);
  });

  it("keeps active times in buckets 10% apart, whose median is within 5% of the times' median", () => {
    // Buckets from 100 ms up, each named by its geometric middle: 100–110 ms is 105, 3.0 s falls in 2.81–3.09 s (2,947).
    expect([activeTimeBucket(0), activeTimeBucket(99), activeTimeBucket(100), activeTimeBucket(109), activeTimeBucket(110), activeTimeBucket(3000)]).toEqual([0, 0, 105, 105, 115, 2947]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 100, max: 5_000_000 }), { minLength: 1, maxLength: 40 }), (times) => {
        const histogram = new Map<number, number>();
        for (const time of times) histogram.set(activeTimeBucket(time), (histogram.get(activeTimeBucket(time)) ?? 0) + 1);
        expect(histogramMedian(histogram)).toBe(median(times.map(activeTimeBucket)));
        // An odd count's median is one time's bucket; an even count's, the mean of two: each within 5% of its time (4.9%, and the rounding to whole milliseconds).
        expect(Math.abs(histogramMedian(histogram)! / median(times)! - 1)).toBeLessThan(0.0501);
      }),
    );
  });
});
