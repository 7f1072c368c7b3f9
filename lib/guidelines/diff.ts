import { diffLines } from "diff";

export interface DiffBlock {
  kind: "added" | "removed" | "same";
  /** One or more whole lines joined by "\n", without the last line's line break. */
  text: string;
}

/**
 * What changed between two versions of a markdown text, line by line, in reading order. A missing line
 * break at the end and Windows line endings do not count as changes, so a pasted text does not look rewritten.
 */
export function diffMarkdown(before: string, after: string): DiffBlock[] {
  return diffLines(before, after, { ignoreNewlineAtEof: true, stripTrailingCr: true }).map((change) => ({
    kind: change.added ? "added" : change.removed ? "removed" : "same",
    text: change.value.replace(/\n$/, ""),
  }));
}
