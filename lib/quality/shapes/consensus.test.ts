import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boxConsensus, polygonConsensus } from "./consensus";
import { corners, gridBox, polygon } from "./test-shapes";
import type { BoxShape, PolygonShape } from "./types";

describe("boxConsensus", () => {
  it("averages the members' corners, votes the label, and keeps clusters drawn by at least half the labelers", () => {
    // One object drawn by all three labelers at x = [0, 10], [1, 11], [2, 12] (y = [0, 10] for all):
    // mean corners x = [1, 11]. IoU of the members with [1, 11]: 9/11, 1, 9/11; mean 29/33.
    // Labels car, car, truck: car with share 2/3. A second box drawn by "a" alone has support 1/3.
    const item = new Map([
      ["a", [corners(0, 0, 10, 10, "car"), corners(50, 50, 60, 60, "car")]],
      ["b", [corners(1, 0, 11, 10, "car")]],
      ["c", [corners(2, 0, 12, 10, "truck")]],
    ]);
    const { clusters, unsupported } = boxConsensus(item);
    expect(clusters).toHaveLength(1);
    const [object] = clusters;
    expect(object).toMatchObject({
      consensus: { task: "boxes", type: "bbox", label: "car", x: 1, y: 0, width: 10, height: 10 },
      label: "car",
      labelShare: 2 / 3,
      labelTie: false,
      support: 1,
      members: [
        { labeler: "a", index: 0, iouToConsensus: 9 / 11 },
        { labeler: "b", index: 0, iouToConsensus: 1 },
        { labeler: "c", index: 0, iouToConsensus: 9 / 11 },
      ],
    });
    expect(object!.meanIoUToConsensus.value).toBeCloseTo(29 / 33, 15);
    expect(unsupported).toEqual([
      {
        consensus: { task: "boxes", type: "bbox", label: "car", x: 50, y: 50, width: 10, height: 10 },
        label: "car",
        labelShare: 1,
        labelTie: false,
        support: 1 / 3,
        members: [{ labeler: "a", index: 1, iouToConsensus: 1 }],
        meanIoUToConsensus: { value: 1 },
      },
    ]);
  });

  it("weights corners and votes by labeler reliability, and lets the most reliable labeler go first", () => {
    // x = [0, 10] by "a" (weight 3, cat) and [2, 12] by "b" (weight 1, dog), IoU 8/12, so they cluster.
    // Weighted corners: x1 = (3·0 + 1·2) / 4 = 0.5, x2 = (3·10 + 1·12) / 4 = 10.5. Cat has 3/4 of the weight.
    // IoU with [0.5, 10.5]: "a" 9.5/10.5 = 19/21, "b" 8.5/11.5 = 17/23.
    const item = new Map([
      ["b", [corners(2, 0, 12, 10, "dog")]],
      ["a", [corners(0, 0, 10, 10, "cat")]],
    ]);
    const [cluster] = boxConsensus(item, { weights: new Map([["a", 3]]) }).clusters;
    expect(cluster).toMatchObject({ consensus: { x: 0.5, width: 10, label: "cat" }, label: "cat", labelShare: 3 / 4, support: 1 });
    expect(cluster!.members.map((member) => member.labeler)).toEqual(["a", "b"]);
    expect(cluster!.meanIoUToConsensus.value).toBeCloseTo((19 / 21 + 17 / 23) / 2, 15);
    // The other way round: x1 = (1·0 + 3·2) / 4 = 1.5, and "b" goes first.
    const [reversed] = boxConsensus(item, { weights: new Map([["b", 3]]) }).clusters;
    expect(reversed).toMatchObject({ consensus: { x: 1.5, width: 10, label: "dog" }, labelShare: 3 / 4 });
    expect(reversed!.members.map((member) => member.labeler)).toEqual(["b", "a"]);
  });

  it("puts at most one shape of a labeler in a cluster, even for duplicates", () => {
    // "a" drew the same box twice, "b" once: two clusters, one with a shape of each labeler.
    const box = corners(0, 0, 10, 10);
    const { clusters } = boxConsensus(new Map([["a", [box, box]], ["b", [box]]]));
    expect(clusters.map((cluster) => cluster.members.map((member) => member.labeler))).toEqual([["a", "b"], ["a"]]);
    expect(clusters.map((cluster) => cluster.support)).toEqual([1, 0.5]);
  });

  it("reports a tied vote, choosing the label that sorts first", () => {
    const box = corners(0, 0, 10, 10);
    const [cluster] = boxConsensus(new Map([["a", [{ ...box, label: "car" }]], ["b", [{ ...box, label: "bus" }]]])).clusters;
    expect(cluster).toMatchObject({ label: "bus", labelShare: 0.5, labelTie: true });
  });

  it("counts labelers who drew nothing in the support", () => {
    const box = corners(0, 0, 10, 10);
    const item = new Map([["a", [box]], ["b", [box]], ["c", []]]);
    expect(boxConsensus(item).clusters.map((cluster) => cluster.support)).toEqual([2 / 3]);
    const strict = boxConsensus(item, { minSupport: 0.7 });
    expect(strict.clusters).toEqual([]);
    expect(strict.unsupported.map((cluster) => cluster.support)).toEqual([2 / 3]);
  });

  it("returns nothing for an item without labelers or without shapes, and singletons for one labeler", () => {
    expect(boxConsensus(new Map())).toEqual({ clusters: [], unsupported: [] });
    expect(boxConsensus(new Map([["a", []], ["b", []]]))).toEqual({ clusters: [], unsupported: [] });
    const solo = boxConsensus(new Map([["a", [corners(0, 0, 1, 1), corners(0, 0, 1, 1)]]]));
    expect(solo.clusters.map((cluster) => cluster.support)).toEqual([1, 1]);
  });

  it("refuses polygons, several tasks, bad weights and out-of-range options", () => {
    const box = corners(0, 0, 1, 1);
    const triangle = polygon([
      [0, 0],
      [1, 0],
      [0, 1],
    ]) as unknown as BoxShape;
    expect(() => boxConsensus(new Map([["a", [box, triangle]]]))).toThrow('shape 1 of labeler "a": type is "polygon", expected "bbox"');
    expect(() => boxConsensus(new Map([["a", [box]], ["b", [{ ...box, task: "faces" }]]]))).toThrow('shapes of several tasks ("boxes", "faces"); pass one task\'s shapes at a time');
    expect(() => boxConsensus(new Map([["a", [box]]]), { weights: new Map([["a", 0]]) })).toThrow('weights: labeler "a" has weight 0, expected a finite number > 0');
    expect(() => boxConsensus(new Map([["a", [box]]]), { minSupport: 1.5 })).toThrow("minSupport must be in [0, 1], got 1.5");
    expect(() => boxConsensus(new Map([["a", [box]]]), { iouThreshold: -1 })).toThrow("iouThreshold must be in (0, 1], got -1");
  });

  it("keeps every shape exactly once, one per labeler per cluster, with the consensus inside the members' span (property)", () => {
    const item = fc
      .uniqueArray(fc.constantFrom<string>("a", "b", "c", "d"), { minLength: 1, maxLength: 4 })
      .chain((labelers) => fc.tuple(...labelers.map((labeler) => fc.tuple(fc.constant(labeler), fc.array(gridBox, { maxLength: 5 })))));
    const options = fc.record({ iouThreshold: fc.constantFrom(0.3, 0.5, 0.7), minSupport: fc.constantFrom(0, 0.5, 1) });
    fc.assert(
      fc.property(item, options, (entries, consensusOptions) => {
        const shapesByLabeler = new Map(entries);
        const { clusters, unsupported } = boxConsensus(shapesByLabeler, consensusOptions);
        const members = [...clusters, ...unsupported].flatMap((cluster) => cluster.members.map(({ labeler, index }) => `${labeler}:${index}`));
        const shapes = entries.flatMap(([labeler, boxes]) => boxes.map((_, index) => `${labeler}:${index}`));
        expect(members.sort()).toEqual(shapes.sort());
        for (const cluster of [...clusters, ...unsupported]) {
          const labelers = cluster.members.map((member) => member.labeler);
          expect(new Set(labelers).size).toBe(labelers.length);
          expect(cluster.support).toBe(labelers.length / shapesByLabeler.size);
          const boxes = cluster.members.map(({ labeler, index }) => shapesByLabeler.get(labeler)![index]!);
          const cornersOf = (box: BoxShape) => [box.x, box.y, box.x + box.width, box.y + box.height];
          const consensus = cornersOf(cluster.consensus);
          consensus.forEach((value, k) => {
            const memberValues = boxes.map((box) => cornersOf(box)[k]!);
            expect(value).toBeGreaterThanOrEqual(Math.min(...memberValues) - 1e-9);
            expect(value).toBeLessThanOrEqual(Math.max(...memberValues) + 1e-9);
          });
        }
        expect(clusters.every((cluster) => cluster.support >= consensusOptions.minSupport)).toBe(true);
        expect(unsupported.every((cluster) => cluster.support < consensusOptions.minSupport)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("returns the box itself when every labeler drew the same box (property)", () => {
    fc.assert(
      fc.property(gridBox, fc.integer({ min: 1, max: 5 }), (box, labelers) => {
        const { clusters } = boxConsensus(new Map(Array.from({ length: labelers }, (_, k) => [`l${k}`, [box]])));
        expect(clusters).toHaveLength(1);
        expect(clusters[0]).toMatchObject({ consensus: { x: box.x, y: box.y, width: box.width, height: box.height }, support: 1, meanIoUToConsensus: { value: 1 } });
      }),
    );
  });
});

describe("polygonConsensus", () => {
  // Three 2 × 2 squares shifted along x by 0.5: P1 = [0, 2], P2 = [0.5, 2.5], P3 = [1, 3] (y in [0, 2]).
  // IoU(P1, P2) = IoU(P2, P3) = (1.5·2) / (4 + 4 − 3) = 3/5; IoU(P1, P3) = 2 / (8 − 2) = 1/3.
  const square = (x: number, label: string): PolygonShape =>
    polygon(
      [
        [x, 0],
        [x + 2, 0],
        [x + 2, 2],
        [x, 2],
      ],
      label,
    );
  const item = new Map([
    ["a", [square(0, "scratch")]],
    ["b", [square(0.5, "scratch")]],
    ["c", [square(1, "dent")]],
  ]);

  it("takes the member with the highest weighted mean IoU to the others (the medoid) as consensus", () => {
    // With "b" weighing 2 it goes first and seeds the cluster; "a" and "c" each overlap P2 by 3/5.
    // Weighted mean IoU to the others: P1 (2·3/5 + 1·1/3) / 3 = 23/45, P2 (3/5 + 3/5) / 2 = 3/5,
    // P3 23/45 likewise: P2 is the medoid. Mean IoU of the other members to it: 3/5.
    const { clusters } = polygonConsensus(item, { weights: new Map([["b", 2]]) });
    expect(clusters).toHaveLength(1);
    const [cluster] = clusters;
    expect(cluster).toMatchObject({ consensus: { ...square(0.5, "scratch") }, label: "scratch", support: 1 });
    expect(cluster!.labelShare).toBeCloseTo(3 / 4, 15);
    expect(cluster!.members.map((member) => [member.labeler, member.iouToConsensus])).toEqual([
      ["b", expect.closeTo(1, 12)],
      ["a", expect.closeTo(3 / 5, 12)],
      ["c", expect.closeTo(3 / 5, 12)],
    ]);
    expect(cluster!.meanIoUToConsensus.value).toBeCloseTo(3 / 5, 12);
  });

  it("depends on the order of labelers, as Weighted Boxes Fusion depends on confidence order", () => {
    // Equal weights: "a" seeds the cluster with P1, "b" joins (IoU 3/5) and the medoid of {P1, P2} is a
    // tie that goes to the earlier member, P1; P3 overlaps P1 by only 1/3 and starts its own cluster.
    const { clusters, unsupported } = polygonConsensus(item);
    expect(clusters.map((cluster) => cluster.members.map((member) => member.labeler))).toEqual([["a", "b"]]);
    expect(clusters[0]!.consensus.points).toEqual(square(0, "scratch").points);
    expect(unsupported).toMatchObject([{ members: [{ labeler: "c" }], support: 1 / 3, meanIoUToConsensus: { value: null, reason: "the medoid is the cluster's only member" } }]);
  });

  it("refuses boxes", () => {
    expect(() => polygonConsensus(new Map([["a", [corners(0, 0, 1, 1) as unknown as PolygonShape]]]))).toThrow('shape 0 of labeler "a": type is "bbox", expected "polygon"');
  });
});
