import { describe, expect, it } from "vitest";
import { auditSummary } from "./audit";
import { createEvaluator } from "./evaluator";
import { chose, item, singleChoice, said, transcriptTask } from "./test-support";
import type { EvaluatedItem, SliceBy } from "./types";

const intent = singleChoice("intent", "weather", "music", "timer", "alarm");

/**
 * 20 utterances: 12 weather (3 wrong), 6 music (1 wrong), 1 timer (wrong), 1 alarm (right); accent × device as listed.
 * Overall accuracy 15/20 = 0.75.
 */
function utterances(): EvaluatedItem[] {
  const rows: [final: string, predicted: string, accent: string, device: string][] = [
    ...Array.from({ length: 9 }, (_, index): [string, string, string, string] => ["weather", "weather", index < 6 ? "en-us" : "en-gb", "phone"]),
    ["weather", "music", "en-in", "phone"],
    ["weather", "music", "en-in", "speaker"],
    ["weather", "timer", "en-gb", "speaker"],
    ...Array.from({ length: 5 }, (_, index): [string, string, string, string] => ["music", "music", index < 3 ? "en-us" : "en-gb", "speaker"]),
    ["music", "weather", "en-in", "speaker"],
    ["timer", "alarm", "en-us", "phone"],
    ["alarm", "alarm", "en-gb", "phone"],
  ];
  return rows.map(([final, predicted, accent, device], index) =>
    item(String(index).padStart(2, "0"), [chose("intent", final)], [chose("intent", predicted)], [[chose("intent", final)]], { metadata: { accent, device } }),
  );
}

function reportBy(by: SliceBy) {
  const evaluator = createEvaluator(intent, { by, resamples: 20 });
  utterances().forEach((utterance) => evaluator.add(utterance));
  return evaluator.report();
}

describe("auditSummary", () => {
  const overall = reportBy(null);
  const audit = auditSummary(overall, [
    { by: "meta.accent*meta.device", report: reportBy({ kind: "meta", keys: ["accent", "device"] }) },
    { by: "meta.device", report: reportBy({ kind: "meta", key: "device" }) },
  ]);

  it("puts the worst slices first, each with overall accuracy − its accuracy", () => {
    expect(overall.overall.accuracy).toBe(0.75);
    const crossed = audit.slicings[0]!;
    expect(crossed.by).toBe("meta.accent*meta.device");
    expect(crossed.slices).toBe(6);
    // en-in × speaker 0/2, en-in × phone 0/1, en-gb × speaker 3/4, en-us × phone 6/7, then the two at 1 by size.
    expect(crossed.worst.map(({ value, items, accuracy, gapToOverall }) => [value, items, accuracy, gapToOverall])).toEqual([
      ["en-in × speaker", 2, 0, 0.75],
      ["en-in × phone", 1, 0, 0.75],
      ["en-gb × speaker", 3, 2 / 3, 0.75 - 2 / 3],
      ["en-us × phone", 7, 6 / 7, 0.75 - 6 / 7],
      ["en-gb × phone", 4, 1, -0.25],
      ["en-us × speaker", 3, 1, -0.25],
    ]);
    expect(crossed.worst[0]!.key).toBe("meta.accent × meta.device");
    const device = audit.slicings[1]!;
    // speaker: 5 of 8 right; phone: 10 of 12.
    expect(device.worst.map(({ value, accuracy, gapToOverall }) => [value, accuracy, gapToOverall])).toEqual([
      ["speaker", 5 / 8, 0.75 - 5 / 8],
      ["phone", 10 / 12, 0.75 - 10 / 12],
    ]);
  });

  it("names the classes below 5% of the support rare, rarest first, with precision, recall and F1", () => {
    // Support: weather 12, music 6, timer 1, alarm 1 of 20; timer and alarm are 5%, not below: none is rare by share,
    // so the 3 least supported. alarm: predicted twice, right once (P 1/2, R 1); timer: predicted once wrongly (P 0, R 0).
    expect(audit.rareClasses.map(({ label, support, share, precision, recall, f1 }) => [label, support, share, precision, recall, f1])).toEqual([
      ["alarm", 1, 0.05, 0.5, 1, 2 / 3],
      ["timer", 1, 0.05, 0, 0, 0],
      ["music", 6, 0.3, 5 / 7, 5 / 6, 10 / 13],
    ]);
    const belowTenPercent = auditSummary(overall, [], { rareShare: 0.1 });
    expect(belowTenPercent.rareClasses.map(({ label }) => label)).toEqual(["alarm", "timer"]);
  });

  it("keeps at most worstSlices slices per slicing, and refuses options out of range", () => {
    const one = auditSummary(overall, [{ by: "meta.device", report: reportBy({ kind: "meta", key: "device" }) }], { worstSlices: 1 });
    expect(one.slicings[0]!.slices).toBe(2);
    expect(one.slicings[0]!.worst.map(({ value }) => value)).toEqual(["speaker"]);
    expect(() => auditSummary(overall, [], { rareShare: 0 })).toThrow(/rareShare/);
    expect(() => auditSummary(overall, [], { worstSlices: 0 })).toThrow(/worstSlices/);
    expect(() => auditSummary(overall, [], { leastSupported: 1.5 })).toThrow(/leastSupported/);
  });

  it("carries the transcript report's watch list, and has no rare classes there", () => {
    const evaluator = createEvaluator(transcriptTask("words"), { by: null, watchList: ["guns"] });
    evaluator.add(item("lecture", [said("words", "two GANs")], [said("words", "two guns")]));
    const transcriptAudit = auditSummary(evaluator.report(), []);
    expect(transcriptAudit.watchList).toEqual([{ term: "guns", predictions: 1, items: ["lecture"] }]);
    expect(transcriptAudit.rareClasses).toEqual([]);
    expect(audit.watchList).toEqual([]);
  });
});
