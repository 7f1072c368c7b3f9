import { describe, expect, it } from "vitest";
import { decisionInForce, finalLabel } from "./final-label";

describe("finalLabel", () => {
  it("is the decision once resolved, the consensus once accepted, and nothing otherwise", () => {
    expect(finalLabel("resolved", "gold", "consensus")).toBe("gold");
    expect(finalLabel("resolved", null, "consensus")).toBeNull(); // excluded by decision: no label, not the consensus
    expect(finalLabel("accepted", "old decision", "consensus")).toBe("consensus");
    for (const state of ["open", "escalated", "flagged", "excluded"] as const) expect(finalLabel(state, "gold", "consensus")).toBeNull();
  });
});

describe("decisionInForce", () => {
  it("is the newest decision of a resolved or excluded item, and none while the item is open, relabeled or judged again", () => {
    expect(decisionInForce("resolved", ["edit", "accept-consensus"])).toBe("edit");
    expect(decisionInForce("excluded", ["exclude", "edit"])).toBe("exclude");
    for (const state of ["open", "escalated", "flagged", "accepted"] as const) expect(decisionInForce(state, ["relabel", "edit"])).toBeNull();
    expect(decisionInForce("resolved", [])).toBeNull();
  });
});
