import { describe, expect, it } from "vitest";
import { record, redo, startHistory, undo } from "./history";

describe("undo history", () => {
  it("undoes and redoes steps in order, and a new edit drops the redo branch", () => {
    let history = startHistory("a");
    history = record(history, "ab");
    history = record(history, "abc");
    history = undo(undo(history));
    expect(history.present).toBe("a");
    history = redo(history);
    expect(history.present).toBe("ab");
    history = record(history, "abX");
    expect(redo(history).present).toBe("abX");
    expect(undo(history).present).toBe("ab");
  });

  it("merges successive edits with the same key into one step", () => {
    let history = startHistory("");
    for (const text of ["h", "he", "hel"]) history = record(history, text, "transcript");
    history = record(history, "hel!", "other");
    expect(undo(history).present).toBe("hel");
    expect(undo(undo(history)).present).toBe("");
  });

  it("does nothing at either end", () => {
    const history = startHistory(1);
    expect(undo(history)).toBe(history);
    expect(redo(history)).toBe(history);
  });
});
