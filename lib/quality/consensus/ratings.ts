/**
 * One categorical judgement: `labeler` put `item` in class `label`.
 *
 * A labeler may rate the same item more than once (test–retest data, as observer 1 in Dawid & Skene's
 * anaesthetist study); every rating counts. Items, labelers and labels exist only through ratings, so
 * "an item with no ratings" cannot be expressed: an item nobody rated is simply absent from every result.
 */
export type Rating = { item: string; labeler: string; label: string };

/** Values keyed by name, as a Map or as a plain object (own properties only; `"__proto__"` is an ordinary key). */
export type ByName<T> = ReadonlyMap<string, T> | Readonly<Record<string, T>>;

/**
 * Ratings indexed for the consensus methods. Names are sorted by UTF-16 code units, so the order (and every
 * tie-break that follows it) does not depend on the locale or on the order of the input. Ratings are grouped
 * by item, and within an item merged per (labeler, label) into one entry with a count, in (labeler, label) order.
 */
export type RatingTable = {
  items: string[];
  labelers: string[];
  labels: string[];
  /** The entries of item `i` are the indices `entryStart[i]` to `entryStart[i + 1] - 1`. */
  entryStart: Int32Array;
  entryLabeler: Int32Array;
  entryLabel: Int32Array;
  /** How many times the entry's labeler gave the item the entry's label. */
  entryCount: Int32Array;
  ratingCount: number;
};

const RATING_FIELDS = ["item", "labeler", "label"] as const;

/**
 * Validates and indexes ratings. Throws an Error naming the first malformed rating (not an object, or a field
 * that is not a non-empty string).
 *
 * Complexity: O(n log n) time for n ratings (sorting the names and each item's ratings), O(n) memory.
 */
export function tabulateRatings(ratings: readonly Rating[]): RatingTable {
  if (!Array.isArray(ratings)) throw new Error(`ratings must be an array, got ${describeValue(ratings)}`);
  const itemNames = new NameIndex();
  const labelerNames = new NameIndex();
  const labelNames = new NameIndex();
  const n = ratings.length;
  const ratingItem = new Int32Array(n);
  const ratingLabeler = new Int32Array(n);
  const ratingLabel = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const rating = checkedRating(ratings[r], r);
    ratingItem[r] = itemNames.indexOf(rating.item);
    ratingLabeler[r] = labelerNames.indexOf(rating.labeler);
    ratingLabel[r] = labelNames.indexOf(rating.label);
  }
  const items = itemNames.sorted();
  const labelers = labelerNames.sorted();
  const labels = labelNames.sorted();
  for (let r = 0; r < n; r++) {
    ratingItem[r] = items.rankOf[ratingItem[r]!]!;
    ratingLabeler[r] = labelers.rankOf[ratingLabeler[r]!]!;
    ratingLabel[r] = labels.rankOf[ratingLabel[r]!]!;
  }

  // Counting sort of the ratings by item, then each item's ratings sorted by (labeler, label) and merged.
  const nItems = items.names.length;
  const nLabels = labels.names.length;
  const itemStart = new Int32Array(nItems + 1);
  for (let r = 0; r < n; r++) itemStart[ratingItem[r]! + 1]!++;
  for (let i = 0; i < nItems; i++) itemStart[i + 1]! += itemStart[i]!;
  const pairKeys = new Float64Array(n);
  const nextSlot = itemStart.slice(0, nItems);
  for (let r = 0; r < n; r++) pairKeys[nextSlot[ratingItem[r]!]!++] = ratingLabeler[r]! * nLabels + ratingLabel[r]!;

  const entryStart = new Int32Array(nItems + 1);
  const entryLabeler = new Int32Array(n);
  const entryLabel = new Int32Array(n);
  const entryCount = new Int32Array(n);
  let entries = 0;
  for (let i = 0; i < nItems; i++) {
    const keys = pairKeys.subarray(itemStart[i]!, itemStart[i + 1]!).sort();
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      if (k > 0 && key === keys[k - 1]) {
        entryCount[entries - 1]!++;
        continue;
      }
      entryLabeler[entries] = Math.floor(key / nLabels);
      entryLabel[entries] = key % nLabels;
      entryCount[entries] = 1;
      entries++;
    }
    entryStart[i + 1] = entries;
  }
  return {
    items: items.names,
    labelers: labelers.names,
    labels: labels.names,
    entryStart,
    entryLabeler: entryLabeler.slice(0, entries),
    entryLabel: entryLabel.slice(0, entries),
    entryCount: entryCount.slice(0, entries),
    ratingCount: n,
  };
}

/** The (name, value) pairs of a Map or of a plain object's own enumerable properties; `what` names it in errors. */
export function entriesByName<T>(values: ByName<T>, what: string): [string, T][] {
  if (values instanceof Map) return [...values.entries()];
  if (typeof values !== "object" || values === null) {
    throw new Error(`${what} must be a Map or an object keyed by name, got ${describeValue(values)}`);
  }
  return Object.entries(values);
}

/** A value as it should appear in a one-line error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function checkedRating(rating: unknown, position: number): Rating {
  if (typeof rating !== "object" || rating === null) {
    throw new Error(`rating ${position}: expected an object { item, labeler, label }, got ${describeValue(rating)}`);
  }
  for (const field of RATING_FIELDS) {
    const value = (rating as Record<string, unknown>)[field];
    if (typeof value !== "string" || value === "") {
      throw new Error(`rating ${position}: ${field} must be a non-empty string, got ${describeValue(value)}`);
    }
  }
  return rating as Rating;
}

/** Assigns each distinct name an index in first-seen order; `sorted()` then ranks them by code units. */
class NameIndex {
  private readonly indexByName = new Map<string, number>();
  private readonly names: string[] = [];

  indexOf(name: string): number {
    let index = this.indexByName.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.indexByName.set(name, index);
      this.names.push(name);
    }
    return index;
  }

  /** The names in code-unit order, and for each first-seen index its rank in that order. */
  sorted(): { names: string[]; rankOf: Int32Array } {
    const order = this.names.map((_, index) => index).sort((a, b) => compareCodeUnits(this.names[a]!, this.names[b]!));
    const rankOf = new Int32Array(order.length);
    order.forEach((index, rank) => (rankOf[index] = rank));
    return { names: order.map((index) => this.names[index]!), rankOf };
  }
}

/** Strings in UTF-16 code-unit order, the same in every locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
