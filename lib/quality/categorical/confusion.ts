// Cross-tabulation of two coders' ratings: the confusion matrices shown to users, and the table under Cohen's kappa,
// the labeler matrix and the kappa bootstrap.
import { encodeRatings, MISSING, type Category, type CategoryOptions, type EncodedRatings, type Rating } from "./ratings";

export interface ConfusionMatrix {
  readonly categories: readonly Category[];
  /** `counts[row][column]`: units the row side rated `categories[row]` and the column side rated `categories[column]`. */
  readonly counts: number[][];
  /** Units rated by both sides; units either side left unrated are not counted. */
  readonly unitsCompared: number;
}

/**
 * Confusion matrix between two labelers over the units both rated: ROWS = `first` labeler, COLUMNS = `second` labeler.
 * `first[u]` and `second[u]` are the two labelers' ratings of unit u (null = not rated). Empty input or no unit rated
 * by both gives an all-zero matrix with `unitsCompared` 0. Row and column order: `options.categories`, else numbers
 * ascending or strings in first-seen order (first side, then second). Throws when the two arrays differ in length or a rating is not
 * in `options.categories`. O(units + categories²).
 */
export function confusionBetweenLabelers(first: readonly Rating[], second: readonly Rating[], options: CategoryOptions = {}): ConfusionMatrix {
  return confusionMatrix(first, second, options.categories);
}

/**
 * Confusion matrix of a labeler against a reference (consensus or gold labels): ROWS = `reference`, COLUMNS = `labeler`,
 * as in scikit-learn's confusion_matrix(y_true, y_pred). Units without a reference label (null) or not rated by the
 * labeler are left out. Same errors and cost as `confusionBetweenLabelers`.
 */
export function confusionAgainstReference(reference: readonly Rating[], labeler: readonly Rating[], options: CategoryOptions = {}): ConfusionMatrix {
  return confusionMatrix(reference, labeler, options.categories);
}

function confusionMatrix(rowSide: readonly Rating[], columnSide: readonly Rating[], categories: readonly Category[] | undefined): ConfusionMatrix {
  const encoded = encodeRatings([rowSide, columnSide], categories);
  const units = unitsRatedByBoth(encoded, 0, 1);
  const table = crossTabulate(encoded, 0, 1, units);
  const size = encoded.categories.length;
  const counts = Array.from({ length: size }, (_, row) => Array.from(table.subarray(row * size, (row + 1) * size)));
  return { categories: encoded.categories, counts, unitsCompared: units.length };
}

/** Indices of the units that both coders rated. O(units). */
export function unitsRatedByBoth(encoded: EncodedRatings, firstCoder: number, secondCoder: number): Int32Array {
  const { codes, coderCount, unitCount } = encoded;
  const units = new Int32Array(unitCount);
  let length = 0;
  for (let unit = 0; unit < unitCount; unit++) {
    const base = unit * coderCount;
    if (codes[base + firstCoder] !== MISSING && codes[base + secondCoder] !== MISSING) units[length++] = unit;
  }
  return units.subarray(0, length);
}

/**
 * Row-major categories × categories counts over `units` (which both coders must have rated): rows = `rowCoder`'s
 * category, columns = `columnCoder`'s. Unit `units[i]` counts `multiplicities[i]` times when given (a bootstrap
 * resample). O(units + categories²).
 */
export function crossTabulate(encoded: EncodedRatings, rowCoder: number, columnCoder: number, units: Int32Array, multiplicities?: Int32Array): Float64Array {
  const { codes, coderCount } = encoded;
  const size = encoded.categories.length;
  const table = new Float64Array(size * size);
  for (let i = 0; i < units.length; i++) {
    const base = units[i]! * coderCount;
    const cell = codes[base + rowCoder]! * size + codes[base + columnCoder]!;
    table[cell] = table[cell]! + (multiplicities ? multiplicities[i]! : 1);
  }
  return table;
}
