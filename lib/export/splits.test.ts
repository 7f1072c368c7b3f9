import { describe, expect, it } from "vitest";
import { assignSplits, parseSplit, splitCounts, UNLABELED_STRATUM, type SplitUnit } from "./splits";

/** `count` units of one label, ids `${prefix}-000`, `${prefix}-001`, … */
function unitsOf(label: string | null, count: number, prefix: string = label ?? "none"): SplitUnit[] {
  return Array.from({ length: count }, (_, index) => ({ id: `${prefix}-${String(index).padStart(3, "0")}`, label }));
}

/** Items per split, whatever their label. */
function totals(assignment: Map<string, string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of assignment.values()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

// 100 items: 30 positives, 70 negatives.
const worked = [...unitsOf("pos", 30), ...unitsOf("neg", 70)];

describe("parseSplit", () => {
  it("names three parts train/dev/test and normalises them to sum to 1", () => {
    expect(parseSplit("70,15,15")).toEqual([
      { name: "train", ratio: 0.7 },
      { name: "dev", ratio: 0.15 },
      { name: "test", ratio: 0.15 },
    ]);
  });

  it('reads "80,20" as train/test and "100" as train only', () => {
    expect(parseSplit("80,20")).toEqual([
      { name: "train", ratio: 0.8 },
      { name: "test", ratio: 0.2 },
    ]);
    expect(parseSplit("100")).toEqual([{ name: "train", ratio: 1 }]);
  });

  it("accepts ratios that do not sum to 100, spaces and decimals", () => {
    expect(parseSplit(" 2, 1 ,1 ")).toEqual([
      { name: "train", ratio: 0.5 },
      { name: "dev", ratio: 0.25 },
      { name: "test", ratio: 0.25 },
    ]);
    expect(parseSplit("0.5,0.5")).toEqual([
      { name: "train", ratio: 0.5 },
      { name: "test", ratio: 0.5 },
    ]);
  });

  it.each([
    ["70,10,10,10", 'Split "70,10,10,10" has 4 parts; give 1 to 3 numbers (train, train/test or train/dev/test).'],
    ["70,abc", 'Split "70,abc": "abc" is not a number.'],
    ["70,,30", 'Split "70,,30": "" is not a number.'],
    ["", 'Split "": "" is not a number.'],
    ["1e2", 'Split "1e2": "1e2" is not a number.'],
    ["80,-20", 'Split "80,-20": -20 is negative.'],
    ["0,0,0", 'Split "0,0,0" has no positive part.'],
  ])("rejects %j", (text, message) => {
    expect(() => parseSplit(text)).toThrow(message);
  });
});

describe("assignSplits", () => {
  it("stratifies the worked example exactly: 30 positives and 70 negatives at 60/20/20 give 18/6/6 and 42/14/14", () => {
    const assignment = assignSplits(worked, parseSplit("60,20,20"), 42);
    expect(assignment.size).toBe(100);
    const counts = splitCounts(assignment, worked);
    expect(counts).toEqual({
      train: { neg: 42, pos: 18 },
      dev: { neg: 14, pos: 6 },
      test: { neg: 14, pos: 6 },
    });
    expect(Object.keys(counts)).toEqual(["train", "dev", "test"]);
  });

  it("is deterministic: the same units in another order with the same seed give the identical assignment", () => {
    const split = parseSplit("60,20,20");
    const once = assignSplits(worked, split, 7);
    expect([...assignSplits([...worked].reverse(), split, 7)]).toEqual([...once]);
    expect([...assignSplits([...worked.slice(37), ...worked.slice(0, 37)], split, 7)]).toEqual([...once]);
  });

  it("lists its entries by split, then by id in code-unit order", () => {
    const split = parseSplit("60,20,20");
    const entries = [...assignSplits([...worked].reverse(), split, 7)];
    const expected = split.flatMap(({ name }) => entries.filter(([, splitName]) => splitName === name).map(([id]) => id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(entries.map(([id]) => id)).toEqual(expected);
  });

  it("moves items between splits under another seed but keeps the counts per split and label", () => {
    const split = parseSplit("60,20,20");
    const once = assignSplits(worked, split, 7);
    const other = assignSplits(worked, split, 8);
    expect(worked.some((unit) => other.get(unit.id) !== once.get(unit.id))).toBe(true);
    expect(splitCounts(other, worked)).toEqual(splitCounts(once, worked));
  });

  it("normalises ratios that do not sum to 1: 3/1/1 assigns exactly as 60/20/20", () => {
    const raw = [
      { name: "train", ratio: 3 },
      { name: "dev", ratio: 1 },
      { name: "test", ratio: 1 },
    ];
    expect([...assignSplits(worked, raw, 11)]).toEqual([...assignSplits(worked, parseSplit("60,20,20"), 11)]);
  });

  it('splits "80,20" into train and test only, and "100" puts everything in train', () => {
    const units = unitsOf("a", 10);
    expect(totals(assignSplits(units, parseSplit("80,20"), 1))).toEqual({ train: 8, test: 2 });
    expect(totals(assignSplits(units, parseSplit("100"), 1))).toEqual({ train: 10 });
  });

  it("rounds by largest remainder within a stratum: 7 at 60/20/20 give 4/2/1, 10 at 1/1/1 give 4/3/3", () => {
    // 4.2/1.4/1.4: floors 4/1/1, the one left over ties dev with test and goes to the earlier split.
    expect(totals(assignSplits(unitsOf("a", 7), parseSplit("60,20,20"), 3))).toEqual({ train: 4, dev: 2, test: 1 });
    expect(totals(assignSplits(unitsOf("a", 10), parseSplit("1,1,1"), 3))).toEqual({ train: 4, dev: 3, test: 3 });
  });

  it("treats remainders equal up to floating-point noise as ties: 50 at 29/71 give 15/35, not 14/36", () => {
    // 0.29 × 50 = 14.499999999999998 and 0.71 × 50 = 35.5: both remainders are one half, so the earlier split wins.
    expect(totals(assignSplits(unitsOf("a", 50), parseSplit("29,71"), 5))).toEqual({ train: 15, test: 35 });
  });

  it("gives a stratum smaller than the number of splits 1 to train and 1 to dev or test, making up the rounding across strata", () => {
    // 2 items at 60/20/20: targets 1.2/0.4/0.4, so 1 to train and the second to the larger remainder; dev and test tie
    // at 0.4, and the first stratum breaks it toward the earlier split (dev). The next stratum's tie goes to test, which is
    // then furthest below its overall target, so two such strata give 2/1/1 rather than 2/2/0.
    const split = parseSplit("60,20,20");
    expect(totals(assignSplits(unitsOf("a", 2), split, 9))).toEqual({ train: 1, dev: 1 });
    const twoStrata = [...unitsOf("a", 2), ...unitsOf("b", 2)];
    expect(splitCounts(assignSplits(twoStrata, split, 9), twoStrata)).toEqual({ train: { a: 1, b: 1 }, dev: { a: 1 }, test: { b: 1 } });
  });

  it("keeps the ratios across strata too small to hold a share: ten classes of one item at 60/20/20 give 6/2/2, not 10/0/0", () => {
    // No stratum is short of a whole item in any split, so the overall shortfall places each one.
    const singles = Array.from({ length: 10 }, (_, index) => unitsOf(`class-${index}`, 1)).flat();
    expect(totals(assignSplits(singles, parseSplit("60,20,20"), 5))).toEqual({ train: 6, dev: 2, test: 2 });
  });

  it(`stratifies unlabeled items as their own stratum, reported as "${UNLABELED_STRATUM}"`, () => {
    const units = [...unitsOf(null, 5), ...unitsOf("a", 5)];
    expect(splitCounts(assignSplits(units, parseSplit("80,20"), 2), units)).toEqual({
      train: { [UNLABELED_STRATUM]: 4, a: 4 },
      test: { [UNLABELED_STRATUM]: 1, a: 1 },
    });
  });

  it("gives labeled items the same splits whether unlabeled items are included or not (as COCO leaves them out and JSONL may not)", () => {
    const labeled = [...unitsOf("pos", 13), ...unitsOf("neg", 29)];
    const withUnlabeled = [...labeled, ...unitsOf(null, 7)];
    const split = parseSplit("60,20,20");
    for (const seed of [0, 42, 2024]) {
      const all = assignSplits(withUnlabeled, split, seed);
      expect([...assignSplits(labeled, split, seed)]).toEqual([...all].filter(([id]) => !id.startsWith("none-")));
    }
  });

  it("returns an empty assignment for no units", () => {
    expect(assignSplits([], parseSplit("70,15,15"), 1).size).toBe(0);
  });

  it.each<[string, SplitUnit[], { name: string; ratio: number }[], number, string]>([
    ["duplicate ids", [...unitsOf("a", 2, "x"), ...unitsOf("b", 1, "x")], parseSplit("50,50"), 1, 'Item id "x-000" appears more than once.'],
    ["a fractional seed", worked, parseSplit("50,50"), 1.5, "Split seed 1.5 is not an integer from 0 to 2^32 - 1."],
    ["a negative seed", worked, parseSplit("50,50"), -1, "Split seed -1 is not an integer from 0 to 2^32 - 1."],
    ["no split", worked, [], 1, "A split needs at least one part."],
    ["a negative ratio", worked, [{ name: "train", ratio: 1 }, { name: "test", ratio: -1 }], 1, 'Split "test" has ratio -1; ratios must be finite and not negative.'],
    ["a NaN ratio", worked, [{ name: "train", ratio: Number.NaN }], 1, 'Split "train" has ratio NaN; ratios must be finite and not negative.'],
    ["all ratios zero", worked, [{ name: "train", ratio: 0 }], 1, "Every split ratio is zero."],
    ["repeated names", worked, [{ name: "train", ratio: 1 }, { name: "train", ratio: 1 }], 1, "Split names train, train are not distinct."],
  ])("throws on %s", (_, units, split, seed, message) => {
    expect(() => assignSplits(units, split, seed)).toThrow(message);
  });
});

describe("assignSplits with groups", () => {
  // 40 speakers × 5 clips. Speakers 0–23 are mostly "yes", 24–35 mostly "no", 36–39 mostly unlabeled.
  const clipLabels = (speaker: number): (string | null)[] =>
    speaker < 24 ? ["yes", "yes", "yes", "yes", "no"] : speaker < 36 ? ["no", "no", "no", "yes", null] : [null, null, null, "yes", "no"];
  const clips: SplitUnit[] = Array.from({ length: 40 }, (_, speaker) =>
    clipLabels(speaker).map((label, clip) => ({ id: `clip-${speaker}-${clip}`, label, group: `speaker-${String(speaker).padStart(2, "0")}` })),
  ).flat();
  const speakerOf = (id: string) => clips.find((unit) => unit.id === id)!.group!;
  const split = parseSplit("70,15,15");

  it.each([1, 2, 3, 17, 2024, 0xffffffff])("keeps every speaker in one split and each split within one speaker (5 clips) of its target, seed %i", (seed) => {
    const assignment = assignSplits(clips, split, seed);
    expect(assignment.size).toBe(200);
    const splitsBySpeaker = new Map<string, Set<string>>();
    for (const [id, name] of assignment) splitsBySpeaker.set(speakerOf(id), (splitsBySpeaker.get(speakerOf(id)) ?? new Set()).add(name));
    expect([...splitsBySpeaker.values()].every((names) => names.size === 1)).toBe(true);

    const counts = totals(assignment);
    for (const { name, ratio } of split) expect(Math.abs((counts[name] ?? 0) - 200 * ratio)).toBeLessThanOrEqual(5);
  });

  it("stratifies speakers by their majority label: the 24 mostly-yes speakers split 17 / 4 and 3 (16.8 / 3.6 / 3.6 by largest remainder)", () => {
    const assignment = assignSplits(clips, split, 4);
    const yesSpeakersIn = (name: string) => new Set(clips.filter((unit) => unit.group! < "speaker-24" && assignment.get(unit.id) === name).map((unit) => unit.group)).size;
    expect(yesSpeakersIn("train")).toBe(17);
    expect([yesSpeakersIn("dev"), yesSpeakersIn("test")].sort()).toEqual([3, 4]);
  });

  it("is deterministic across input order", () => {
    expect([...assignSplits([...clips].reverse(), split, 99)]).toEqual([...assignSplits(clips, split, 99)]);
  });

  it("splits speakers who each have a class of their own by the ratios: 10 speakers × 10 clips at 60/20/20 give 6/2/2 speakers", () => {
    const ownClass = Array.from({ length: 10 }, (_, speaker) => unitsOf(`class-${speaker}`, 10).map((unit) => ({ ...unit, group: `speaker-${speaker}` }))).flat();
    const assignment = assignSplits(ownClass, parseSplit("60,20,20"), 11);
    expect(totals(assignment)).toEqual({ train: 60, dev: 20, test: 20 });
    const splitsBySpeaker = new Map<string, Set<string>>();
    for (const unit of ownClass) splitsBySpeaker.set(unit.group!, (splitsBySpeaker.get(unit.group!) ?? new Set()).add(assignment.get(unit.id)!));
    expect([...splitsBySpeaker.values()].every((names) => names.size === 1)).toBe(true);
  });

  it("treats units without a group as groups of one, not as one group of all ungrouped units", () => {
    const mixed = [...clips, ...unitsOf("yes", 10, "loose")];
    const assignment = assignSplits(mixed, split, 6);
    expect(assignment.size).toBe(210);
    expect(new Set(unitsOf("yes", 10, "loose").map((unit) => assignment.get(unit.id))).size).toBeGreaterThan(1);
  });
});

describe("splitCounts", () => {
  it("counts items per split and label, splits in assignment order and labels in code-unit order", () => {
    const units: SplitUnit[] = [
      { id: "1", label: "b" },
      { id: "2", label: "a" },
      { id: "3", label: null },
      { id: "4", label: "b" },
    ];
    const assignment = new Map([
      ["1", "test"],
      ["2", "train"],
      ["3", "test"],
      ["4", "test"],
    ]);
    const counts = splitCounts(assignment, units);
    expect(counts).toEqual({ test: { [UNLABELED_STRATUM]: 1, b: 2 }, train: { a: 1 } });
    expect(Object.keys(counts)).toEqual(["test", "train"]);
    expect(Object.keys(counts.test!)).toEqual([UNLABELED_STRATUM, "b"]);
  });

  it("throws when a unit has no split", () => {
    expect(() => splitCounts(new Map(), [{ id: "u1", label: "a" }])).toThrow('Item "u1" has no split.');
  });
});
