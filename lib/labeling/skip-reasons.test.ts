import { describe, expect, it } from "vitest";
import { DEFAULT_SKIP_REASONS, projectSkipReasons, resolveSkipChoice, skipReasonsSchema } from "./skip-reasons";

describe("skip reasons", () => {
  const reasons = ["Blurry", "Wrong project"];

  it("keeps a listed reason, without a note unless one is given", () => {
    expect(resolveSkipChoice(reasons, { reason: "Blurry" })).toEqual({ reason: "Blurry", note: null });
    expect(resolveSkipChoice(reasons, { reason: "Blurry", note: " very " })).toEqual({ reason: "Blurry", note: "very" });
  });

  it("needs a note for other", () => {
    expect(resolveSkipChoice(reasons, { reason: "other", note: "a cat walked on the keyboard" })).toEqual({ reason: "other", note: "a cat walked on the keyboard" });
    expect(resolveSkipChoice(reasons, { reason: "other", note: "  " })).toEqual({ error: `"other" needs a note saying why you skip` });
    expect(resolveSkipChoice(reasons, { reason: "other" })).toEqual({ error: `"other" needs a note saying why you skip` });
  });

  it("refuses an unlisted reason sent with a note, and keeps an old client's free text as other", () => {
    expect(resolveSkipChoice(reasons, { reason: "Too dark", note: "x" })).toEqual({ error: `"Too dark" is not one of this project's skip reasons (Blurry, Wrong project, other)` });
    expect(resolveSkipChoice(reasons, { reason: "image is blank" })).toEqual({ reason: "other", note: "image is blank" });
  });

  it("reads null or an unreadable stored list as the defaults", () => {
    expect(projectSkipReasons(null)).toBe(DEFAULT_SKIP_REASONS);
    expect(projectSkipReasons([])).toBe(DEFAULT_SKIP_REASONS);
    expect(projectSkipReasons(["Blurry"])).toEqual(["Blurry"]);
  });

  it("refuses duplicates, an explicit other and more than nine reasons, naming the entry", () => {
    const issues = (value: unknown) => skipReasonsSchema.safeParse(value).error?.issues.map((issue) => [issue.path, issue.message]);
    expect(issues(["Blurry", "blurry"])).toEqual([[[1], `"blurry" is listed twice`]]);
    expect(issues(["Other"])).toEqual([[[0], `"other" is always offered; leave it out of the list`]]);
    expect(issues(Array.from({ length: 10 }, (_, index) => `r${index}`))).toEqual([[[], "at most 9 reasons (number keys 1–9 pick them)"]]);
  });
});
