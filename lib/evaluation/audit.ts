// A model audit: where the model does worst, slice by slice, and how it does on the classes it rarely sees.
import type { ClassFigures, EvaluationReport, OverallFigures, SliceFigures, WatchListFigures } from "./types";

/** A class is rare when its support is below this share of all classes' support. */
export const DEFAULT_RARE_SHARE = 0.05;
/** When no class is below the share, this many of the least supported are shown. */
export const DEFAULT_LEAST_SUPPORTED = 3;
/** Slices kept per slicing, worst first: crossing keys can make many. */
export const DEFAULT_WORST_SLICES = 50;

export interface AuditSlice extends SliceFigures {
  /** overall accuracy − slice accuracy: positive when the slice does worse; null when either is null. */
  gapToOverall: number | null;
}

export interface AuditSlicing {
  /** The slicing as the evaluation names it: "meta.<KEY>", crossed "meta.<A>*meta.<B>", or "tags". */
  by: string;
  /** How many slices the slicing has (worst keeps at most DEFAULT_WORST_SLICES, or the limit asked). */
  slices: number;
  worst: AuditSlice[];
}

export interface RareClass extends ClassFigures {
  label: string;
  /** support ÷ Σ support over the classes. */
  share: number;
}

export interface AuditSummary {
  overall: OverallFigures;
  slicings: AuditSlicing[];
  rareClasses: RareClass[];
  /** The report's watch list (transcript and segment tasks evaluated with one), else []. */
  watchList: WatchListFigures[];
}

export interface AuditOptions {
  /** Default DEFAULT_RARE_SHARE; in (0, 1]. */
  rareShare?: number;
  /** Default DEFAULT_LEAST_SUPPORTED; a non-negative integer. */
  leastSupported?: number;
  /** Default DEFAULT_WORST_SLICES; a positive integer. */
  worstSlices?: number;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Lowest accuracy first (nulls last), then the larger slice, then by value. */
function worstFirst(a: SliceFigures, b: SliceFigures): number {
  if (a.accuracy === null || b.accuracy === null) return (a.accuracy === null ? 1 : 0) - (b.accuracy === null ? 1 : 0) || b.items - a.items || compareText(a.value, b.value);
  return a.accuracy - b.accuracy || b.items - a.items || compareText(a.value, b.value);
}

/**
 * The audit of one task of a model version from its evaluations (lib/evaluation reports of the same items, one per
 * slicing): per slicing, its slices worst first (lowest accuracy, ties to the larger slice, then by value; slices
 * without an accuracy last), each with gapToOverall = overall accuracy − slice accuracy; the rare classes of the
 * overall report, those whose support is below `rareShare` of the classes' summed support (classes only predicted
 * have support 0, so they are rare), or when none is, the `leastSupported` least supported, rarest first (then by
 * label); and the overall report's watch list. Throws on options out of range.
 */
export function auditSummary(overall: EvaluationReport, slicings: readonly { by: string; report: EvaluationReport }[], options: AuditOptions = {}): AuditSummary {
  const rareShare = options.rareShare ?? DEFAULT_RARE_SHARE;
  const leastSupported = options.leastSupported ?? DEFAULT_LEAST_SUPPORTED;
  const worstSlices = options.worstSlices ?? DEFAULT_WORST_SLICES;
  if (!(rareShare > 0 && rareShare <= 1)) throw new Error(`rareShare must be in (0, 1], got ${rareShare}`);
  if (!(Number.isInteger(leastSupported) && leastSupported >= 0)) throw new Error(`leastSupported must be an integer >= 0, got ${leastSupported}`);
  if (!(Number.isInteger(worstSlices) && worstSlices >= 1)) throw new Error(`worstSlices must be an integer >= 1, got ${worstSlices}`);

  const overallAccuracy = overall.overall.accuracy;
  const summarized = slicings.map(({ by, report }) => ({
    by,
    slices: report.slices.length,
    worst: [...report.slices]
      .sort(worstFirst)
      .slice(0, worstSlices)
      .map((slice) => ({ ...slice, gapToOverall: overallAccuracy === null || slice.accuracy === null ? null : overallAccuracy - slice.accuracy })),
  }));

  const classes = Object.entries(overall.perClass)
    .map(([label, figures]) => ({ label, ...figures }))
    .sort((a, b) => a.support - b.support || compareText(a.label, b.label));
  const totalSupport = classes.reduce((sum, { support }) => sum + support, 0);
  const withShare = classes.map((figures) => ({ ...figures, share: totalSupport > 0 ? figures.support / totalSupport : 0 }));
  const belowShare = withShare.filter(({ share }) => share < rareShare);
  return {
    overall: overall.overall,
    slicings: summarized,
    rareClasses: belowShare.length > 0 ? belowShare : withShare.slice(0, leastSupported),
    watchList: overall.watchList ?? [],
  };
}
