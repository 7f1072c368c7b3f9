// The prioritization table of an evaluation: per slice, where closing the gap to human-level performance would gain
// the most (Andrew Ng, "Machine Learning in Production", course 1 week 2: "Prioritizing what to work on").
import { csvLines, guardedTextCell } from "../export/formats/csv";
import type { EvaluationReport, SliceFigures } from "./types";

/** A slice's figures as a table row: `slice` is the slice's key ("meta.<KEY>" or "tags"); the intervals are left out. */
export type PrioritizationRow = { slice: string } & Omit<SliceFigures, "key" | "interval">;

/** What a team adds by hand to a row: how easy the slice is to improve, how much it matters. */
export interface RowJudgement {
  ease?: string;
  importance?: string;
}

export const PRIORITIZATION_CSV_HEADER = ["slice", "value", "items", "share", "accuracy", "hlp", "gap", "gap_times_share", "ease", "importance"] as const;

/** The id under which `prioritizationCsv` looks up a row's judgement: "<slice>=<value>", e.g. "tags=car noise" or "meta.device=phone". */
export function sliceId(slice: string, value: string): string {
  return `${slice}=${value}`;
}

/** The report's slices as table rows, in the report's order (gapTimesShare descending, nulls last). O(slices). */
export function prioritizationRows(report: EvaluationReport): PrioritizationRow[] {
  return report.slices.map(({ key, value, items, share, accuracy, hlp, gap, gapTimesShare }) => ({ slice: key, value, items, share, accuracy, hlp, gap, gapTimesShare }));
}

/** A fraction as a decimal with 4 places (0.006 → "0.0060"); empty when undefined. */
const decimal = (value: number | null) => (value === null ? "" : value.toFixed(4));

/**
 * The rows as CSV (RFC 4180, CRLF, with a header: PRIORITIZATION_CSV_HEADER), share, accuracy, hlp, gap and gap × share
 * as decimals with 4 places (not percentages), undefined figures empty. `extra` gives a row's ease and importance by
 * sliceId. Text cells are guarded against spreadsheet formulas as the CSV export guards them (guardedTextCell in
 * lib/export/formats/csv.ts: a leading ' before =, +, - or @). O(rows).
 */
export function prioritizationCsv(rows: readonly PrioritizationRow[], extra: Readonly<Record<string, RowJudgement>> = {}): string {
  const records = rows.map((row) => {
    const judgement = extra[sliceId(row.slice, row.value)] ?? {};
    return [
      guardedTextCell(row.slice),
      guardedTextCell(row.value),
      String(row.items),
      decimal(row.share),
      decimal(row.accuracy),
      decimal(row.hlp),
      decimal(row.gap),
      decimal(row.gapTimesShare),
      guardedTextCell(judgement.ease ?? ""),
      guardedTextCell(judgement.importance ?? ""),
    ];
  });
  return csvLines([[...PRIORITIZATION_CSV_HEADER], ...records]);
}
