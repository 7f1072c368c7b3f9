// Per-class true positives, false positives and false negatives of a model against the final labels, and the
// precision, recall and F1 figures built on them.
import type { ClassFigures } from "./types";

export interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

const ratioOrNull = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : null);

/** F1 as 2·TP / (2·TP + FP + FN): the harmonic mean of precision and recall where both are defined; null with no TP, FP or FN. */
export function f1Of({ truePositives, falsePositives, falseNegatives }: Counts): number | null {
  return ratioOrNull(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives);
}

/**
 * Counts per label. Labels are listed in the task's class order, then any other label in code-unit order; only labels
 * that occur in the final labels or the predictions are listed (scikit-learn's default `labels`: y_true ∪ y_pred).
 */
export class ClassCounts {
  private readonly counts = new Map<string, Counts>();

  constructor(private readonly classOrder: readonly string[]) {}

  add(label: string, truePositives: number, falsePositives: number, falseNegatives: number): void {
    if (truePositives + falsePositives + falseNegatives === 0) return;
    let counts = this.counts.get(label);
    if (!counts) this.counts.set(label, (counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 }));
    counts.truePositives += truePositives;
    counts.falsePositives += falsePositives;
    counts.falseNegatives += falseNegatives;
  }

  labels(): string[] {
    const known = this.classOrder.filter((label) => this.counts.has(label));
    const others = [...this.counts.keys()].filter((label) => !this.classOrder.includes(label)).sort();
    return [...known, ...others];
  }

  /** All labels pooled (micro-averaging). */
  pooled(): Counts {
    const total: Counts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
    for (const counts of this.counts.values()) {
      total.truePositives += counts.truePositives;
      total.falsePositives += counts.falsePositives;
      total.falseNegatives += counts.falseNegatives;
    }
    return total;
  }

  /** precision = TP/(TP+FP), recall = TP/(TP+FN), F1 as f1Of, support = TP + FN (occurrences in the final labels); null where 0/0. */
  figures(): Record<string, ClassFigures> {
    return Object.fromEntries(
      this.labels().map((label) => {
        const counts = this.counts.get(label)!;
        const { truePositives, falsePositives, falseNegatives } = counts;
        return [
          label,
          { precision: ratioOrNull(truePositives, truePositives + falsePositives), recall: ratioOrNull(truePositives, truePositives + falseNegatives), f1: f1Of(counts), support: truePositives + falseNegatives },
        ];
      }),
    );
  }

  /**
   * Macro F1: the unweighted mean of the listed labels' F1 (every listed label has one), as scikit-learn's
   * f1_score(average="macro") with its default labels; weighted F1: the mean weighted by support, as average="weighted".
   * Null without labels (macro) or without support (weighted; scikit-learn returns 0 there with a warning).
   */
  averages(): { macroF1: number | null; weightedF1: number | null } {
    const figures = Object.values(this.figures());
    const f1s = figures.map((figure) => figure.f1 ?? 0);
    const support = figures.reduce((total, figure) => total + figure.support, 0);
    const weighted = figures.reduce((total, figure, index) => total + f1s[index]! * figure.support, 0);
    return { macroF1: ratioOrNull(f1s.reduce((total, f1) => total + f1, 0), figures.length), weightedF1: ratioOrNull(weighted, support) };
  }
}
