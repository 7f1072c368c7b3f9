import { describe, expect, it } from "vitest";
import { prioritizationCsv, prioritizationRows, sliceId, type PrioritizationRow } from "./prioritization";
import type { EvaluationReport } from "./types";

const rows: PrioritizationRow[] = [
  { slice: "tags", value: "clean speech", items: 3000, share: 0.6, accuracy: 0.94, hlp: 0.95, gap: 0.01, gapTimesShare: 0.006 },
  { slice: "tags", value: "=HYPERLINK(\"x\")", items: 10, share: 0.002, accuracy: 0.9, hlp: 0.8, gap: -0.1, gapTimesShare: -0.0002 },
  { slice: "meta.device", value: "(none)", items: 5, share: 0.001, accuracy: null, hlp: null, gap: null, gapTimesShare: null },
];

describe("prioritizationCsv", () => {
  it("writes decimals with 4 places, empty cells for undefined figures, and the team's ease and importance by slice id", () => {
    const csv = prioritizationCsv(rows, { [sliceId("tags", "clean speech")]: { ease: "easy", importance: "high" } });
    expect(csv.split("\r\n")).toEqual([
      "slice,value,items,share,accuracy,hlp,gap,gap_times_share,ease,importance",
      "tags,clean speech,3000,0.6000,0.9400,0.9500,0.0100,0.0060,easy,high",
      `tags,"'=HYPERLINK(""x"")",10,0.0020,0.9000,0.8000,-0.1000,-0.0002,,`,
      "meta.device,(none),5,0.0010,,,,,,",
      "",
    ]);
  });

  it("guards text a spreadsheet would run as a formula in the team's cells too", () => {
    expect(prioritizationCsv(rows.slice(0, 1), { "tags=clean speech": { ease: "@SUM(A1)", importance: "-2+3" } })).toContain(",'@SUM(A1),'-2+3\r\n");
  });
});

describe("prioritizationRows", () => {
  it("takes the report's slices in its order", () => {
    const interval = { accuracy: null, hlp: null, gap: null };
    const slices = rows.map(({ slice, ...figures }) => ({ key: slice, ...figures, interval }));
    expect(prioritizationRows({ slices } as unknown as EvaluationReport)).toEqual(rows);
  });
});
