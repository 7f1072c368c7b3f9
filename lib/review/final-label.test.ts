import { describe, expect, it } from "vitest";
import { finalLabel } from "./final-label";

describe("finalLabel", () => {
  it("is the decision once resolved, the consensus once accepted, and nothing otherwise", () => {
    expect(finalLabel("resolved", "gold", "consensus")).toBe("gold");
    expect(finalLabel("resolved", null, "consensus")).toBeNull(); // excluded by decision: no label, not the consensus
    expect(finalLabel("accepted", "old decision", "consensus")).toBe("consensus");
    for (const state of ["open", "escalated", "flagged", "excluded"] as const) expect(finalLabel(state, "gold", "consensus")).toBeNull();
  });
});
