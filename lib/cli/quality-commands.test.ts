import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { agreement, consensus, InputError, wer } from "./quality-commands";

const dir = mkdtempSync(path.join(tmpdir(), "concord-quality-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function input(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders × 12 units with missing values.
const KRIPPENDORFF_2011 = {
  data: [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  ],
};

describe("concord agreement", () => {
  it("prints Krippendorff's published alphas at each level", () => {
    const file = input("k.json", KRIPPENDORFF_2011);
    const alphas = (["nominal", "ordinal", "interval", "ratio"] as const).map((level) => (agreement({ metric: "krippendorff", level, input: file }) as { value: number }).value);
    expect(alphas.map((value) => value.toFixed(3))).toEqual(["0.743", "0.815", "0.849", "0.797"]);
  });

  it("adds a reproducible bootstrap interval with --bootstrap and --seed", () => {
    const file = input("k2.json", KRIPPENDORFF_2011);
    const first = agreement({ metric: "krippendorff", level: "interval", bootstrap: "300", seed: "11", input: file }) as { ci: { lower: number; upper: number; resamples: number } };
    const second = agreement({ metric: "krippendorff", level: "interval", bootstrap: "300", seed: "11", input: file });
    expect(second).toEqual(first);
    expect(first.ci.resamples).toBe(300);
    expect(first.ci.lower).toBeLessThanOrEqual(0.849);
  });

  it("reads counts for Fleiss' kappa (Wikipedia's worked example, κ = 0.210)", () => {
    const counts = [
      [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ];
    expect((agreement({ metric: "fleiss", input: input("f.json", { counts }) }) as { value: number }).value).toBeCloseTo(0.21, 3);
  });

  it("refuses bad input with one line: ragged rows, not JSON, an unknown level, Cohen with three coders", () => {
    expect(() => agreement({ metric: "krippendorff", input: input("r.json", { data: [[1, 2], [1]] }) })).toThrow(InputError);
    expect(() => agreement({ metric: "krippendorff", input: input("n.json", "nope") })).toThrow(/is not JSON/);
    expect(() => agreement({ metric: "krippendorff", level: "cardinal", input: input("l.json", KRIPPENDORFF_2011) })).toThrow("--level must be one of nominal, ordinal, interval, ratio.");
    expect(() => agreement({ metric: "cohen", input: input("c.json", KRIPPENDORFF_2011) })).toThrow("Cohen's kappa compares exactly two coders; the data has 4 rows.");
    expect(() => agreement({ metric: "krippendorff", input: input("e.json", { data: [] }) })).toThrow("Invalid input: data: no coders");
  });

  it("exits 2 with the message on stderr", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "concord.ts"), "agreement", "--metric", "krippendorff", "--input", input("bad.json", { data: [[1, 2], [1]] })], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("concord consensus and wer", () => {
  it("prints Dawid–Skene posteriors, labeler accuracies and priors", () => {
    const annotations = [
      { item: "t1", labeler: "w1", label: "no" },
      { item: "t1", labeler: "w2", label: "yes" },
      { item: "t1", labeler: "w3", label: "yes" },
      { item: "t2", labeler: "w1", label: "no" },
      { item: "t2", labeler: "w2", label: "no" },
      { item: "t2", labeler: "w3", label: "no" },
    ];
    const result = consensus({ method: "dawid-skene", input: input("a.json", { annotations }) }) as { items: Record<string, { label: string }>; iterations: number; priors: Record<string, number> };
    expect(result.items.t1?.label).toBe("yes");
    expect(result.items.t2?.label).toBe("no");
    expect(result.priors.no! + result.priors.yes!).toBeCloseTo(1, 12);
    expect(result.iterations).toBeGreaterThan(0);
    expect((consensus({ method: "majority", input: input("m.json", { annotations }) }) as { items: Record<string, { label: string }> }).items.t1?.label).toBe("yes");
  });

  it("prints WER, MER, WIL and CER, with the project's normalisation on request", () => {
    expect(wer({ reference: "um, nearest gas station", hypothesis: "umm, nearest gas station" })).toMatchObject({ wer: 0.25, mer: 0.25 });
    expect(wer({ reference: "um, nearest gas station", hypothesis: "umm, nearest gas station", normalize: true })).toMatchObject({ wer: 0, mer: 0, wil: 0, cer: 0 });
  });
});
