import { describe, expect, it } from "vitest";
import { diffMarkdown } from "./diff";

const v1 = "# Scratches\n\nA scratch is a visible line.\n\n## Borderline\nUse borderline when unsure.\n";
const v2 = "# Scratches\n\nA scratch is a visible line longer than 2 mm.\n\n## Borderline\nUse borderline when unsure.\n\n## Dents\nA dent changes the outline.\n";

describe("diffMarkdown", () => {
  it("gives a changed line as removed then added, between the unchanged lines around it", () => {
    expect(diffMarkdown(v1, v2)).toEqual([
      { kind: "same", text: "# Scratches\n" },
      { kind: "removed", text: "A scratch is a visible line." },
      { kind: "added", text: "A scratch is a visible line longer than 2 mm." },
      { kind: "same", text: "\n## Borderline\nUse borderline when unsure." },
      { kind: "added", text: "\n## Dents\nA dent changes the outline." },
    ]);
  });

  it("keeps blank lines as empty lines of a block, so markdown paragraphs survive", () => {
    const blocks = diffMarkdown(v1, v2);
    expect(blocks[3]!.text.split("\n")).toEqual(["", "## Borderline", "Use borderline when unsure."]);
  });

  it("shows a first version as all added and a text removed entirely as all removed", () => {
    expect(diffMarkdown("", "# How to label\nLook closely.\n")).toEqual([{ kind: "added", text: "# How to label\nLook closely." }]);
    expect(diffMarkdown("# How to label\n", "")).toEqual([{ kind: "removed", text: "# How to label" }]);
  });

  it("ignores a missing line break at the end and Windows line endings", () => {
    expect(diffMarkdown("# Rules\r\nBe careful.", "# Rules\nBe careful.\n")).toEqual([{ kind: "same", text: "# Rules\nBe careful." }]);
    expect(diffMarkdown("a\nb", "a\nb\nc")).toEqual([
      { kind: "same", text: "a\nb" },
      { kind: "added", text: "c" },
    ]);
  });

  it("finds nothing to diff in two empty texts", () => {
    expect(diffMarkdown("", "")).toEqual([]);
  });
});
