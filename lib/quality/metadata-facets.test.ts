import { describe, expect, it } from "vitest";
import { facetValuesOf, MAX_FACET_VALUES, MAX_FACETS, mergeFacets } from "./metadata-facets";

describe("metadata facets", () => {
  it("keeps the values of keys with few of them, and gives up a key for good past the limit", () => {
    const devices = mergeFacets({}, [{ device: "phone", line: 3 }, { device: "laptop", line: 3, ok: true }, { device: "phone", note: null }]);
    expect(devices).toEqual({ device: ["phone", "laptop"], line: ["3"], ok: ["true"] });
    const names = mergeFacets(devices, Array.from({ length: MAX_FACET_VALUES + 1 }, (_, index) => ({ file: `f${index}.wav` })));
    expect(names.file).toBeNull();
    // A key given up stays given up, and the earlier facets are not changed by merging.
    expect(mergeFacets(names, [{ file: "f0.wav" }]).file).toBeNull();
    expect(devices.file).toBeUndefined();
  });

  it("keeps at most MAX_FACETS keys, and frees a place when a key is given up", () => {
    const many = mergeFacets({}, [Object.fromEntries(Array.from({ length: MAX_FACETS + 1 }, (_, index) => [`k${String(index).padStart(2, "0")}`, "x"]))]);
    expect(Object.values(many).filter((values) => values !== null)).toHaveLength(MAX_FACETS);
    expect(many[`k${MAX_FACETS}`]).toBeNull();
    const freed = mergeFacets(many, [...Array.from({ length: MAX_FACET_VALUES }, (_, index) => ({ k00: `v${index}` })), { late: "y" }]);
    expect(freed.k00).toBeNull();
    expect(freed.late).toEqual(["y"]);
  });

  it("gives an item's values on the facets only, in key order", () => {
    const facets = { device: ["phone"], line: ["3"], file: null };
    expect(facetValuesOf(facets, { line: 3, file: "a.wav", device: "phone", speaker: "s1" })).toEqual([
      ["device", "phone"],
      ["line", "3"],
    ]);
    expect(facetValuesOf(facets, { device: "tablet" })).toEqual([]);
  });
});
