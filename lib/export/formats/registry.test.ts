import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EXPORT_FORMATS, exportFormatsTable } from "./registry";

describe("the export format registry (issue 21)", () => {
  it("names each format once, and each takes the final, consensus and gold labels and fits some media", () => {
    const names = EXPORT_FORMATS.map((format) => format.name);
    expect(new Set(names).size).toBe(names.length);
    for (const format of EXPORT_FORMATS) {
      expect(format.labels).toEqual(expect.arrayContaining(["final", "consensus", "gold"]));
      expect(format.media.length).toBeGreaterThan(0);
    }
  });

  it("is the table README.md shows (to update it: npx tsx lib/cli/readme-export-formats.ts)", () => {
    const readme = readFileSync(path.join(process.cwd(), "README.md"), "utf8");
    const shown = readme.match(/<!-- export formats -->\n([\s\S]*?)\n<!-- \/export formats -->/)?.[1];
    expect(shown).toBe(exportFormatsTable());
  });
});
