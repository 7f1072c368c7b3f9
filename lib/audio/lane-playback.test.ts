import { describe, expect, it } from "vitest";
import { laneSpans, laneStep } from "./lane-playback";

describe("laneSpans", () => {
  it("orders the segments and merges those that overlap or touch", () => {
    expect(
      laneSpans([
        { start: 5, end: 6 },
        { start: 1, end: 2.5 },
        { start: 2, end: 3 },
        { start: 3, end: 4 },
      ]),
    ).toEqual([
      { start: 1, end: 4 },
      { start: 5, end: 6 },
    ]);
  });

  it("keeps a segment inside another as the outer one, and drops empty ones", () => {
    expect(
      laneSpans([
        { start: 1, end: 9 },
        { start: 2, end: 3 },
        { start: 4, end: 4 },
      ]),
    ).toEqual([{ start: 1, end: 9 }]);
  });

  it("does not change the segments it is given", () => {
    const segments = [
      { start: 1, end: 2 },
      { start: 1.5, end: 3 },
    ];
    laneSpans(segments);
    expect(segments[0]).toEqual({ start: 1, end: 2 });
  });
});

describe("laneStep", () => {
  const spans = [
    { start: 1, end: 2 },
    { start: 4, end: 5 },
  ];

  it("plays on inside a span, also just before its start after a seek", () => {
    expect(laneStep(spans, 1.5)).toEqual({ action: "play" });
    expect(laneStep(spans, 3.99)).toEqual({ action: "play" });
  });

  it("jumps from the end of a span to the start of the next", () => {
    expect(laneStep(spans, 2)).toEqual({ action: "seek", to: 4 });
    expect(laneStep(spans, 0)).toEqual({ action: "seek", to: 1 });
  });

  it("stops at the end of the last span, and on a lane without segments", () => {
    expect(laneStep(spans, 5)).toEqual({ action: "stop" });
    expect(laneStep([], 0)).toEqual({ action: "stop" });
  });
});
