// Import manifests: CSV, JSON or JSONL rows that name an uploaded file and carry its metadata.
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { itemName } from "@/lib/validation/item-name";
import { tagNameSchema } from "@/lib/validation/predictions";

export type MetadataValue = string | number | boolean | null;

export interface ManifestRow {
  /** 1-based row number as a person would count it in the file (CSV: the header is row 1). */
  row: number;
  file: string;
  source: string | null;
  metadata: Record<string, MetadataValue>;
  /** Tags the item gets (source "import"): a list in JSON, `;`-separated in CSV. */
  tags: string[];
}

export interface ManifestProblem {
  row: number;
  file: string | null;
  reason: string;
}

export interface Manifest {
  rows: ManifestRow[];
  problems: ManifestProblem[];
}

type Format = "csv" | "json" | "jsonl";

function formatOf(fileName: string, text: string): Format {
  const extension = path.extname(fileName).toLowerCase();
  if (extension === ".csv") return "csv";
  if (extension === ".jsonl" || extension === ".ndjson") return "jsonl";
  if (extension === ".json") return "json";
  const start = text.trimStart()[0];
  if (start === "[") return "json";
  return start === "{" ? "jsonl" : "csv";
}

function rawRows(text: string, format: Format): { row: number; value: unknown }[] {
  switch (format) {
    case "csv":
      return (parseCsv(text, { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[]).map((value, index) => ({ row: index + 2, value }));
    case "json": {
      const parsed: unknown = JSON.parse(text);
      const list = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown }).items;
      if (!Array.isArray(list)) throw new Error("a JSON manifest must be an array of objects (or {\"items\": [...]})");
      return list.map((value, index) => ({ row: index + 1, value }));
    }
    case "jsonl":
      return text
        .split(/\r?\n/)
        .map((line, index) => ({ line, row: index + 1 }))
        .filter(({ line }) => line.trim())
        .map(({ line, row }) => {
          try {
            return { row, value: JSON.parse(line) as unknown };
          } catch {
            return { row, value: new SyntaxError("not valid JSON") };
          }
        });
  }
}

/** Most tags a manifest row gives its item (as POST …/items/{id}/tags takes at once). */
const MAX_ROW_TAGS = 20;

/** A row's `tags`: a list of names (JSON) or names separated by `;` (CSV); throws the reason it cannot be used. */
function tagsOf(value: unknown): string[] {
  if (value === undefined || value === null || value === "") return [];
  const names = typeof value === "string" ? value.split(";").filter((name) => name.trim()) : value;
  if (!Array.isArray(names) || names.some((name) => typeof name !== "string")) throw new Error('"tags" must be a list of tag names (in CSV, names separated by ";")');
  if (names.length > MAX_ROW_TAGS) throw new Error(`"tags" names ${names.length} tags; a row gives at most ${MAX_ROW_TAGS}`);
  const tags = names.map((name) => {
    const parsed = tagNameSchema.safeParse(name);
    if (!parsed.success) throw new Error(`tag ${JSON.stringify(name)}: ${parsed.error.issues[0]!.message}`);
    return parsed.data;
  });
  return [...new Set(tags)];
}

const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Text PostgreSQL cannot store (a NUL), in a key or a text value: the whole manifest is refused, before anything is stored. */
function assertStorable(row: number, record: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(record)) {
    if (key.includes("\0")) throw new Error(`row ${row}: a column name contains a NUL character`);
    if (typeof value === "string" && value.includes("\0")) throw new Error(`row ${row}: "${key}" contains a NUL character`);
  }
}

/**
 * Reads a manifest; a row that cannot be used is a problem of its own and never half-applied. Throws on a manifest
 * that cannot be read at all, or that holds a NUL character.
 */
export function parseManifest(fileName: string, text: string): Manifest {
  const manifest: Manifest = { rows: [], problems: [] };
  const seen = new Set<string>();
  for (const { row, value } of rawRows(text, formatOf(fileName, text))) {
    const problem = (reason: string, file: string | null = null) => manifest.problems.push({ row, file, reason });
    if (value instanceof SyntaxError) {
      problem(value.message);
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problem("a row must be an object with a \"file\" field");
      continue;
    }
    assertStorable(row, value as Record<string, unknown>);
    const { file, source, tags: tagList, ...rest } = value as Record<string, unknown>;
    if (typeof file !== "string" || !file.trim()) {
      problem('the row has no "file"');
      continue;
    }
    if (REMOTE.test(file)) {
      problem("remote URLs are not fetched (that would let anyone make this server request any address); upload the file with the manifest instead", file);
      continue;
    }
    const name = itemName(file);
    if (seen.has(name)) {
      problem("a file named twice in the manifest", name);
      continue;
    }
    const nested = Object.entries(rest).find(([, entry]) => entry !== null && typeof entry === "object");
    if (nested) {
      problem(`metadata "${nested[0]}" must be text, a number or true/false`, name);
      continue;
    }
    let tags: string[];
    try {
      tags = tagsOf(tagList);
    } catch (error) {
      problem((error as Error).message, name);
      continue;
    }
    seen.add(name);
    manifest.rows.push({ row, file: name, source: typeof source === "string" && source ? source : null, metadata: rest as Record<string, MetadataValue>, tags });
  }
  return manifest;
}
