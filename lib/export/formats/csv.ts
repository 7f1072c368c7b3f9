// The items CSV and the segments CSV, guarded against spreadsheet formulas unless asked not to be.
import { stringify } from "csv-stringify/sync";
import type { ResultEntry } from "../../validation/annotation";
import type { Task } from "../../validation/project";
import { byTime, entryOf, joinTranscripts, seconds, type SegmentEntry, transcribedSegments } from "./entries";
import type { ExportQuery } from "../../validation/export";
import { ONE_LABEL_PER_ITEM, textFileWriter, type ExportFormatDefinition, type TextFile, type WriterSetup } from "./format";
import type { ExportItem } from "./item";

// =, +, - or @ first, also after spaces or control characters that spreadsheets trim on import; or a tab, carriage
// return, line feed or NUL first.
const FORMULA_START = /^[\s\u0000]*[=+\-@]|^[\t\r\n\u0000]/;
// A plain decimal number, signed or not (-5, +3, -0.5, -.5, 1e-3): a spreadsheet reads it as that number, not as a
// formula, so it keeps its sign and stays a number. Anything more (-2+3, -5 with a space) is not one.
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** How the CSV formats write a text cell. */
type TextCell = (text: string) => string;

/** A text cell a spreadsheet will not run as a formula (OWASP): a leading ' before any FORMULA_START but a plain number's sign. */
export const guardedTextCell: TextCell = (text) => (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text);
/** A text cell as it is, for pipelines that read the CSV as data (csvFormulaGuard=0). */
const plainTextCell: TextCell = (text) => text;

/** Options of the CSV formats: `formulaGuard` (default true) neutralizes text cells a spreadsheet would run as formulas. */
export interface CsvOptions {
  formulaGuard?: boolean;
}
const textCellOf = ({ formulaGuard = true }: CsvOptions): TextCell => (formulaGuard ? guardedTextCell : plainTextCell);

/** Numbers Concord writes pass unprefixed: String(number) is a plain number such as -3, never a formula. */
function numberCell(value: number | null): string {
  return value === null ? "" : String(value);
}

function metadataCell(value: string | number | boolean | null | undefined, textCell: TextCell): string {
  if (typeof value === "number") return numberCell(value);
  if (typeof value === "string") return textCell(value);
  return value === null || value === undefined ? "" : String(value);
}

interface CsvColumn {
  header: string;
  cell: (item: ExportItem) => string;
}

/** A column about the final label: empty when the item has none, so that "no label" differs from "0 boxes". */
const labelColumn = (header: string, cell: (final: ResultEntry[]) => string): CsvColumn => ({ header, cell: (item) => (item.final ? cell(item.final) : "") });
const ofTask = (final: ResultEntry[], key: string) => final.filter((entry) => entry.task === key);

function taskColumns(task: Task, textCell: TextCell): CsvColumn[] {
  const count = labelColumn(`${task.key}.count`, (final) => numberCell(ofTask(final, task.key).length));
  switch (task.type) {
    case "classification":
      return [labelColumn(task.key, (final) => textCell(entryOf(final, "classification", task.key)?.values.join("+") ?? ""))];
    case "transcript":
      return [labelColumn(task.key, (final) => textCell(entryOf(final, "transcript", task.key)?.text ?? ""))];
    case "segment":
      return task.transcript ? [count, labelColumn(`${task.key}.transcript`, (final) => textCell(joinTranscripts(transcribedSegments(ofTask(final, task.key)))))] : [count];
    default:
      return [count];
  }
}

function csvColumns(tasks: readonly Task[], metadataKeys: readonly string[], textCell: TextCell): CsvColumn[] {
  return [
    { header: "id", cell: (item) => textCell(item.id) },
    { header: "file", cell: (item) => textCell(item.mediaPath) },
    { header: "original_name", cell: (item) => textCell(item.originalName) },
    { header: "sha256", cell: (item) => textCell(item.sha256) },
    { header: "split", cell: (item) => textCell(item.split ?? "") },
    { header: "review_state", cell: (item) => textCell(item.review.state) },
    { header: "agreement_score", cell: (item) => numberCell(item.review.agreementScore) },
    { header: "labelers", cell: (item) => numberCell(item.labelerCount) },
    ...tasks.flatMap((task) => taskColumns(task, textCell)),
    ...metadataKeys.map((key) => ({ header: `meta.${key}`, cell: (item: ExportItem) => metadataCell(item.metadata[key], textCell) })),
  ];
}

/**
 * The header of the items CSV: id, file (the media named by content, media/<sha256>.<ext>, as in JSONL), original_name, sha256, split, review_state,
 * agreement_score, labelers (distinct labelers who submitted); then per task, from the final label:
 * classification `<key>` (the values joined by "+"), box, polygon and segment `<key>.count`, a transcribed
 * segment task also `<key>.transcript` (its transcripts in time order), transcript `<key>` (the text);
 * then `meta.<key>` per metadata key. Label columns are empty when the item has no final label.
 */
export function csvHeader(tasks: readonly Task[], metadataKeys: readonly string[]): string[] {
  return csvColumns(tasks, metadataKeys, plainTextCell).map((column) => column.header);
}

/** One item's row under csvHeader(tasks, metadataKeys); text cells are safe against formula injection unless `options` turn the guard off. */
export function csvRow(item: ExportItem, tasks: readonly Task[], metadataKeys: readonly string[], options: CsvOptions = {}): string[] {
  return csvColumns(tasks, metadataKeys, textCellOf(options)).map((column) => column.cell(item));
}

/** CSV records, each with its line ending, quoted as RFC 4180 asks (CRLF, quotes doubled). */
export function csvLines(records: readonly (readonly string[])[]): string {
  // csv-stringify quotes only fields holding the record delimiter itself; a lone LF or CR breaks lines in readers too.
  return records.length ? stringify(records as string[][], { record_delimiter: "windows", quoted_match: /[\r\n]/ }) : "";
}

/** One CSV record with its line ending. */
export function csvLine(cells: readonly string[]): string {
  return csvLines([cells]);
}

/** The header of segmentsCsvRows. */
export const SEGMENTS_CSV_HEADER = ["file", "original_name", "split", "task", "start", "end", "duration", "label", "transcript", "uncertain"] as const;

/** One row per segment of the final label, in time order; times in seconds, split empty without one; text cells as csvRow's. */
export function segmentsCsvRows(item: ExportItem, options: CsvOptions = {}): string[][] {
  const textCell = textCellOf(options);
  const segments = (item.final ?? []).filter((entry): entry is SegmentEntry => entry.type === "segment").sort(byTime);
  return segments.map((segment) => [
    textCell(item.mediaPath),
    textCell(item.originalName),
    textCell(item.split ?? ""),
    textCell(segment.task),
    numberCell(seconds(segment.start)),
    numberCell(seconds(segment.end)),
    numberCell(seconds(segment.end - segment.start)),
    textCell(segment.label),
    textCell(segment.transcript ?? ""),
    String(segment.uncertain ?? false),
  ]);
}

/** Whether the CSV formats neutralize text cells a spreadsheet would run as formulas (unless csvFormulaGuard=0). */
export const guardsCsvFormulas = (query: ExportQuery) => query.csvFormulaGuard !== false;

const itemsCsvFile = ({ tasks, query, metadataKeys }: WriterSetup): TextFile => ({
  name: "items.csv",
  head: csvLine(csvHeader(tasks, metadataKeys)),
  write: (items) => csvLines(items.map((item) => csvRow(item, tasks, metadataKeys, { formulaGuard: guardsCsvFormulas(query) }))),
});

export const csvFormat: ExportFormatDefinition = {
  name: "csv",
  title: "CSV (one row per item)",
  summary: "items.csv: a row per item with its split, review state, agreement, each task's final answer and the item's metadata; safe to open in a spreadsheet.",
  media: ["image", "audio"],
  labels: ONE_LABEL_PER_ITEM,
  training: false,
  checkedWith: "Python's csv module",
  options: ["csvFormulaGuard"],
  metadataKeys: true,
  filesPerItem: 0,
  writer: (setup) => textFileWriter(itemsCsvFile(setup)),
  text: itemsCsvFile,
};

const segmentsCsvFile = ({ query }: WriterSetup): TextFile => ({
  name: "segments.csv",
  head: csvLine([...SEGMENTS_CSV_HEADER]),
  write: (items) => csvLines(items.flatMap((item) => segmentsCsvRows(item, { formulaGuard: guardsCsvFormulas(query) }))),
});

export const segmentsCsvFormat: ExportFormatDefinition = {
  name: "segments-csv",
  title: "Segments CSV",
  summary: "segments.csv: a row per segment of the final label (file, split, task, start, end, label, transcript, uncertain).",
  media: ["audio"],
  labels: ONE_LABEL_PER_ITEM,
  training: false,
  checkedWith: "Python's csv module",
  options: ["csvFormulaGuard"],
  filesPerItem: 0,
  writer: (setup) => textFileWriter(segmentsCsvFile(setup)),
  text: segmentsCsvFile,
};
