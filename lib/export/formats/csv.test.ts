import { describe, expect, it } from "vitest";
import type { ResultEntry } from "../../validation/annotation";
import {
  csvHeader,
  csvLine,
  csvRow,
  segmentsCsvRows,
} from ".";
import { imageTasks, audioTasks, annotation, imageItem, audioItem, box, segment } from "./test-items";

describe("items CSV", () => {
  const metadataKeys = ["site", "depth"];

  it("has fixed columns, then columns per task, then meta.<key>", () => {
    expect(csvHeader(imageTasks, metadataKeys)).toEqual([
      "id", "file", "original_name", "sha256", "split", "review_state", "agreement_score", "labelers",
      "defect", "boxes.count", "outline.count", "meta.site", "meta.depth",
    ]);
    expect(csvHeader(audioTasks, [])).toEqual([
      "id", "file", "original_name", "sha256", "split", "review_state", "agreement_score", "labelers",
      "speech.count", "speech.transcript", "noise.count", "text",
    ]);
  });

  it("writes the final values joined by +, shape counts, distinct labelers and metadata", () => {
    const final: ResultEntry[] = [{ task: "defect", type: "classification", values: ["scratch", "dent"] }, box(0, 0, 10, 10), box(5, 5, 10, 10, "dent")];
    const item = imageItem(final, { metadata: { site: "north", depth: 2.5 } });
    item.annotations.push(annotation("u1", final)); // a second revision by u1 is still one labeler
    expect(csvRow(item, imageTasks, metadataKeys)).toEqual(["item1", "media/abc.png", "photo.png", "abc", "train", "accepted", "0.75", "2", "scratch+dent", "2", "0", "north", "2.5"]);
  });

  it("leaves label cells empty for an item without a final label, unlike a count of 0", () => {
    const row = csvRow(imageItem(null, { split: null, review: { state: "pending", reasons: [], agreementScore: null, agreement: null, consensus: null, decisions: [], revisionRequests: [] } }), imageTasks, []);
    expect(row.slice(4)).toEqual(["", "pending", "", "0", "", "", ""]);
  });

  it("writes counts of 0 for an empty final label (the labelers agreed there is nothing)", () => {
    expect(csvRow(imageItem([]), imageTasks, []).slice(8)).toEqual(["", "0", "0"]);
  });

  it("writes transcripts: a transcript task's text and a segment task's transcripts in time order", () => {
    const item = audioItem([segment(2, 3, "world"), segment(0.5, 1.5, "hello"), segment(1, 2, undefined, "noise"), { task: "text", type: "transcript", text: "hello world" }]);
    expect(csvRow(item, audioTasks, []).slice(8)).toEqual(["2", "hello world", "1", "hello world"]);
  });

  it.each(["=", "+", "-", "@", "\t", "\r", "\n", "\u0000", " =", "\u00a0=", "\u0000="])("prefixes a text cell starting with %j with a single quote (OWASP)", (start) => {
    const payload = `${start}HYPERLINK("http://evil.example")`;
    const row = csvRow(imageItem(null, { id: payload, metadata: { site: payload } }), imageTasks, ["site"]);
    expect(row[0]).toBe(`'${payload}`);
    expect(row.at(-1)).toBe(`'${payload}`);
  });

  it("prefixes class names and transcripts too, but leaves text that merely contains those characters", () => {
    const item = audioItem([{ task: "text", type: "transcript", text: "=1+2" }], { metadata: { note: "a=b, c-d" } });
    const row = csvRow(item, audioTasks, ["note"]);
    expect(row.slice(-2)).toEqual(["'=1+2", "a=b, c-d"]);
  });

  it("lets numbers through unprefixed, as numbers or as text (-3 stays a number either way)", () => {
    const row = csvRow(imageItem(null, { metadata: { depth: -3, label: "-3", flag: false, none: null } }), imageTasks, ["depth", "label", "flag", "none", "missing"]);
    expect(row.slice(-5)).toEqual(["-3", "-3", "false", "", ""]);
  });

  // A spreadsheet reads a plain number with its sign as that number; anything more after =, +, - or @ it runs.
  const NUMBERS = ["-5", "+3", "-0.5", "1e-3", "-.5", "-1e-3", "+2.5E+10", "-7."];
  const FORMULAS = ["=1+2", "-2+3", "+A1", "@SUM(A1)", "-cmd|' /C calc'!A0", "- 5", " -5", "-5 ", "-0x10", "-Infinity", "+1 day", "-", "--5", "-5%"];

  it("writes text that is a plain number as it is, and prefixes text a spreadsheet would run as a formula", () => {
    const cells = [...NUMBERS, ...FORMULAS];
    const metadata = Object.fromEntries(cells.map((cell, index) => [`m${index}`, cell]));
    const row = csvRow(imageItem(null, { metadata }), imageTasks, Object.keys(metadata));
    expect(row.slice(-cells.length)).toEqual([
      "-5", "+3", "-0.5", "1e-3", "-.5", "-1e-3", "+2.5E+10", "-7.",
      "'=1+2", "'-2+3", "'+A1", "'@SUM(A1)", "'-cmd|' /C calc'!A0", "'- 5", "' -5", "'-5 ", "'-0x10", "'-Infinity", "'+1 day", "'-", "'--5", "'-5%",
    ]);
  });

  it("writes every text cell as it is with the formula guard off (csvFormulaGuard=0), items and segments alike", () => {
    const cells = [...FORMULAS, "\tHYPERLINK(1)", "\u0000=1"];
    const metadata = Object.fromEntries(cells.map((cell, index) => [`m${index}`, cell]));
    const item = audioItem([{ task: "text", type: "transcript", text: "=1+2" }, { task: "speech", type: "segment", label: "-2+3", start: 0, end: 1, transcript: "@SUM(A1)" }], { id: "=id", metadata });
    const row = csvRow(item, audioTasks, Object.keys(metadata), { formulaGuard: false });
    expect([row[0], row.at(-cells.length - 1), ...row.slice(-cells.length)]).toEqual(["=id", "=1+2", ...cells]);
    expect(segmentsCsvRows(item, { formulaGuard: false })).toEqual([["media/def.wav", "clip.wav", "train", "speech", "0", "1", "1", "-2+3", "@SUM(A1)", "false"]]);
    expect(segmentsCsvRows(item)).toEqual([["media/def.wav", "clip.wav", "train", "speech", "0", "1", "1", "'-2+3", "'@SUM(A1)", "false"]]);
  });

  it("quotes as RFC 4180 asks: CRLF endings, fields with commas, quotes or line breaks in quotes, quotes doubled", () => {
    expect(csvLine(["a", "b,c", 'say "hi"', "two\nlines", "cr\rhere", "", "'=1,2"])).toBe('a,"b,c","say ""hi""","two\nlines","cr\rhere",,"\'=1,2"\r\n');
  });
});

describe("segmentsCsvRows", () => {
  it("writes one row per segment in time order, times in seconds without float noise", () => {
    const item = audioItem([segment(0.3, 0.7, "=cmd"), { ...segment(0.1, 0.3), uncertain: true }, segment(0.2, 0.4, undefined, "noise")]);
    expect(segmentsCsvRows(item)).toEqual([
      ["media/def.wav", "clip.wav", "train", "speech", "0.1", "0.3", "0.2", "speech", "", "true"],
      ["media/def.wav", "clip.wav", "train", "noise", "0.2", "0.4", "0.2", "noise", "", "false"],
      ["media/def.wav", "clip.wav", "train", "speech", "0.3", "0.7", "0.4", "speech", "'=cmd", "false"],
    ]);
    expect(segmentsCsvRows(audioItem(null))).toEqual([]);
  });

  it("leaves the split cell empty without a split", () => {
    expect(segmentsCsvRows(audioItem([segment(0, 1)], { split: null }))[0]?.[2]).toBe("");
  });
});
