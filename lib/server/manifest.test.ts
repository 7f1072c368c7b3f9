import { describe, expect, it } from "vitest";
import { parseManifest } from "./manifest";

describe("import manifests", () => {
  it("read CSV with a file column, free-form metadata and a source", () => {
    const manifest = parseManifest("m.csv", "\ufefffile,accent,device,source\nclip1.wav,en-us,laptop,field recording 3\nsub/clip2.wav,en-gb,phone,\n");
    expect(manifest).toEqual({
      rows: [
        { row: 2, file: "clip1.wav", source: "field recording 3", metadata: { accent: "en-us", device: "laptop" }, tags: [] },
        { row: 3, file: "clip2.wav", source: null, metadata: { accent: "en-gb", device: "phone" }, tags: [] },
      ],
      problems: [],
    });
  });

  it("read JSON arrays and JSONL, keeping typed values", () => {
    expect(parseManifest("m.json", '[{"file":"a.png","line":3,"defective":true}]').rows).toEqual([{ row: 1, file: "a.png", source: null, metadata: { line: 3, defective: true }, tags: [] }]);
    const jsonl = parseManifest("m.jsonl", '{"file":"a.png","camera":"c1"}\n\nnot json\n{"file":"b.png"}\n');
    expect(jsonl.rows.map((row) => [row.row, row.file])).toEqual([[1, "a.png"], [4, "b.png"]]);
    expect(jsonl.problems).toEqual([{ row: 3, file: null, reason: "not valid JSON" }]);
  });

  it("refuse remote URLs, rows without a file, duplicates and nested metadata, row by row", () => {
    const manifest = parseManifest("m.jsonl", ['{"file":"http://169.254.169.254/latest"}', '{"device":"x"}', '{"file":"a.png"}', '{"file":"a.png"}', '{"file":"b.png","meta":{"x":1}}'].join("\n"));
    expect(manifest.rows.map((row) => row.file)).toEqual(["a.png"]);
    expect(manifest.problems.map((problem) => [problem.row, problem.reason.split(" (")[0]])).toEqual([
      [1, "remote URLs are not fetched"],
      [2, 'the row has no "file"'],
      [4, "a file named twice in the manifest"],
      [5, 'metadata "meta" must be text, a number or true/false'],
    ]);
  });

  it("read tags as a JSON list or `;`-separated CSV text, not as metadata, and refuse a row whose tags are no tag names (issue 22)", () => {
    const csv = parseManifest("m.csv", 'file,device,tags\na.wav,car," car noise ;  far   mic;car noise"\nb.wav,phone,\n');
    expect(csv.rows.map(({ file, metadata, tags }) => [file, metadata, tags])).toEqual([
      ["a.wav", { device: "car" }, ["car noise", "far mic"]],
      ["b.wav", { device: "phone" }, []],
    ]);
    const json = parseManifest("m.jsonl", ['{"file":"a.png","tags":["blurry","scratch near edge"]}', '{"file":"b.png","tags":"one;two"}', '{"file":"c.png","tags":[1]}', '{"file":"d.png","tags":["x\\u0007"]}'].join("\n"));
    expect(json.rows.map((row) => [row.file, row.tags])).toEqual([
      ["a.png", ["blurry", "scratch near edge"]],
      ["b.png", ["one", "two"]],
    ]);
    expect(json.problems).toEqual([
      { row: 3, file: "c.png", reason: '"tags" must be a list of tag names (in CSV, names separated by ";")' },
      { row: 4, file: "d.png", reason: 'tag "x\\u0007": a tag cannot hold control characters' },
    ]);
  });

  it("tell the format from the content when the name does not", () => {
    expect(parseManifest("manifest", '[{"file":"a.png"}]').rows).toHaveLength(1);
    expect(parseManifest("manifest", "file,x\na.png,1\n").rows[0]?.metadata).toEqual({ x: "1" });
  });
});

describe("manifest text (issue 19 #18, #22)", () => {
  it("refuses a NUL in a metadata key or value, which PostgreSQL cannot store", () => {
    expect(() => parseManifest("m.jsonl", '{"file":"a.png","ok":"fine"}\n{"file":"b.png","device":"cam\\u00001"}')).toThrow('row 2: "device" contains a NUL character');
    expect(() => parseManifest("m.json", '[{"file":"a.png","dev\\u0000ice":"cam"}]')).toThrow("row 1: a column name contains a NUL character");
    expect(() => parseManifest("m.csv", "file,source\na.png,kit\u00001\n")).toThrow('row 2: "source" contains a NUL character');
  });

  it("names files as uploads are named: last path part, hidden characters dropped, trimmed", () => {
    expect(parseManifest("m.json", '[{"file":" dir\\\\clip\\u202E1.wav "}]').rows[0]?.file).toBe("clip1.wav");
  });
});
