import { describe, expect, it } from "vitest";
import { tabulateRatings } from "./ratings";

describe("tabulateRatings", () => {
  it("sorts names by UTF-16 code units, whatever the input order or locale", () => {
    const table = tabulateRatings([
      { item: "9", labeler: "b", label: "é" },
      { item: "10", labeler: "B", label: "e" },
      { item: "a", labeler: "b", label: "E" },
    ]);
    expect(table.items).toEqual(["10", "9", "a"]);
    expect(table.labelers).toEqual(["B", "b"]);
    expect(table.labels).toEqual(["E", "e", "é"]);
  });

  it("groups ratings by item and merges a labeler's repeated ratings into a count (test–retest)", () => {
    const table = tabulateRatings([
      { item: "p2", labeler: "o1", label: "3" },
      { item: "p1", labeler: "o2", label: "1" },
      { item: "p1", labeler: "o1", label: "2" },
      { item: "p1", labeler: "o1", label: "1" },
      { item: "p1", labeler: "o1", label: "1" },
    ]);
    expect(table.ratingCount).toBe(5);
    expect([...table.entryStart]).toEqual([0, 3, 4]);
    const entries = [...table.entryLabeler].map((k, e) => [table.labelers[k], table.labels[table.entryLabel[e]!], table.entryCount[e]]);
    expect(entries).toEqual([
      ["o1", "1", 2],
      ["o1", "2", 1],
      ["o2", "1", 1],
      ["o1", "3", 1],
    ]);
  });

  it("gives empty arrays for no ratings", () => {
    const table = tabulateRatings([]);
    expect(table).toMatchObject({ items: [], labelers: [], labels: [], ratingCount: 0 });
    expect([...table.entryStart]).toEqual([0]);
  });

  it.each([
    [{ item: "a", labeler: "b" }, 'rating 1: label must be a non-empty string, got undefined'],
    [{ item: 7, labeler: "b", label: "c" }, "rating 1: item must be a non-empty string, got 7"],
    [{ item: "a", labeler: "", label: "c" }, 'rating 1: labeler must be a non-empty string, got ""'],
    [null, "rating 1: expected an object { item, labeler, label }, got null"],
  ])("rejects the malformed rating %j with a one-line message", (malformed, message) => {
    const ratings = [{ item: "a", labeler: "b", label: "c" }, malformed];
    expect(() => tabulateRatings(ratings as never)).toThrow(new Error(message));
  });

  it("rejects something other than an array", () => {
    expect(() => tabulateRatings({ item: "a" } as never)).toThrow(new Error('ratings must be an array, got {"item":"a"}'));
  });
});
