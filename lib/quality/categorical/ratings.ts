// Reliability data as the agreement code receives it, and its encoding into dense category codes.
// Every metric in this folder works on the encoding, so category order and input validation are decided here once.

/** A category label: a string or a finite number. `1` and `"1"` are different categories. */
export type Category = string | number;
/** One coder's rating of one unit; null when the coder did not rate the unit. */
export type Rating = Category | null;
/** Reliability data: one row per coder, one column per unit. */
export type ReliabilityData = readonly (readonly Rating[])[];

export interface CategoryOptions {
  /** The categories in order; every rating must be one of them. Default: numbers ascending, strings in first-seen order. */
  categories?: readonly Category[];
}

/** Code of a missing rating. */
export const MISSING = -1;

/** Integer ratings in (−SMALL_INTEGERS, SMALL_INTEGERS), the usual scales, find their codes by index rather than by hashing. */
const SMALL_INTEGERS = 1024;

export interface EncodedRatings {
  /** The category behind each code. Weighted kappa and ordinal alpha use positions in this list. */
  readonly categories: readonly Category[];
  readonly coderCount: number;
  readonly unitCount: number;
  /** `codes[unit * coderCount + coder]`: index into `categories`, or MISSING. Unit-major so that one unit's ratings are adjacent. */
  readonly codes: Int32Array;
}

/** Ratings of the units that at least `minimumRatings` coders rated, in compressed-row form. */
export interface RatedUnits {
  /** Index, in the original data, of each kept unit. */
  readonly unitIndex: Int32Array;
  /** The codes of kept unit `p` are `values[offsets[p]]` up to (excluding) `values[offsets[p + 1]]`. */
  readonly offsets: Int32Array;
  readonly values: Int32Array;
}

export function describeCategory(category: unknown): string {
  return typeof category === "string" ? JSON.stringify(category) : String(category);
}

function isCategory(value: unknown): value is Category {
  return typeof value === "string" || (typeof value === "number" && Number.isFinite(value));
}

/**
 * Encodes reliability data into category codes.
 *
 * Category order: the explicit `categories` list when given (every rating must then be in it); otherwise numbers in
 * ascending order, or strings in first-seen order reading coder by coder (coder 0's row left to right, then coder 1's ...).
 * Without a list, numbers and strings may not be mixed: their relative order, and whether 1 and "1" are meant to be the
 * same, would be a guess.
 *
 * Throws on ragged rows, a rating that is not a string, finite number or null, a rating missing from `categories`,
 * and a duplicate or invalid entry in `categories`. O(coders × units) time.
 */
export function encodeRatings(data: ReliabilityData, categories?: readonly Category[]): EncodedRatings {
  const coderCount = data.length;
  const unitCount = data[0]?.length ?? 0;
  data.forEach((row, coder) => {
    if (row.length !== unitCount) throw new Error(`Ragged reliability data: coder ${coder} has ${row.length} ratings but coder 0 has ${unitCount}.`);
  });
  const codes = new Int32Array(coderCount * unitCount);
  const codeOf = new Map<Category, number>();
  if (categories) {
    categories.forEach((category, index) => {
      if (!isCategory(category)) throw new Error(`Invalid category ${describeCategory(category)} in the category list: categories are strings or finite numbers.`);
      if (codeOf.has(category)) throw new Error(`Duplicate category ${describeCategory(category)} in the category list.`);
      codeOf.set(category, index);
    });
  }
  let sawNumber = false;
  let sawString = false;
  // The code of each small integer seen so far, at index rating + SMALL_INTEGERS: a Map lookup per rating took most
  // of the encoding of 500,000 ratings. Every category is still first seen through the Map below.
  const smallCodes = new Int32Array(2 * SMALL_INTEGERS).fill(MISSING);
  for (let coder = 0; coder < coderCount; coder++) {
    const row = data[coder]!;
    for (let unit = 0; unit < unitCount; unit++) {
      const rating = row[unit];
      let code = MISSING;
      const small = typeof rating === "number" && Number.isInteger(rating) && rating > -SMALL_INTEGERS && rating < SMALL_INTEGERS ? rating + SMALL_INTEGERS : -1;
      if (small >= 0 && smallCodes[small] !== MISSING) code = smallCodes[small]!;
      else if (rating !== null) {
        if (!isCategory(rating)) throw new Error(`Invalid rating ${describeCategory(rating)} (coder ${coder}, unit ${unit}): ratings are strings, finite numbers or null.`);
        const known = codeOf.get(rating);
        if (known !== undefined) code = known;
        else if (categories) throw new Error(`Rating ${describeCategory(rating)} (coder ${coder}, unit ${unit}) is not in the category list.`);
        else {
          code = codeOf.size;
          codeOf.set(rating, code);
          if (typeof rating === "number") sawNumber = true;
          else sawString = true;
        }
        if (small >= 0) smallCodes[small] = code;
      }
      codes[unit * coderCount + coder] = code;
    }
  }
  if (categories) return { categories: [...categories], coderCount, unitCount, codes };
  if (sawNumber && sawString) throw new Error("Ratings mix numbers and strings; pass an explicit category list to say how they relate.");
  const firstSeen = [...codeOf.keys()];
  if (!sawNumber) return { categories: firstSeen, coderCount, unitCount, codes };
  return sortNumericCodes(firstSeen as number[], { coderCount, unitCount, codes });
}

function sortNumericCodes(firstSeen: number[], encoded: Omit<EncodedRatings, "categories">): EncodedRatings {
  const sorted = [...firstSeen].sort((a, b) => a - b);
  const rank = new Map(sorted.map((value, index) => [value, index]));
  const newCode = Int32Array.from(firstSeen, (value) => rank.get(value)!);
  const { codes } = encoded;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code !== MISSING) codes[i] = newCode[code]!;
  }
  return { ...encoded, categories: sorted };
}

/** The units rated by at least `minimumRatings` coders (default 2: the units that yield pairs), with their codes. O(coders × units). */
export function ratedUnits(encoded: EncodedRatings, minimumRatings = 2): RatedUnits {
  const { codes, coderCount, unitCount } = encoded;
  // Typed arrays of the largest size, cut to length at the end: growing number[]s took three times as long.
  const unitIndex = new Int32Array(unitCount);
  const offsets = new Int32Array(unitCount + 1);
  const values = new Int32Array(codes.length);
  let kept = 0;
  let length = 0;
  for (let unit = 0; unit < unitCount; unit++) {
    const start = length;
    const base = unit * coderCount;
    for (let coder = 0; coder < coderCount; coder++) {
      const code = codes[base + coder]!;
      if (code !== MISSING) values[length++] = code;
    }
    if (length - start >= minimumRatings) {
      unitIndex[kept++] = unit;
      offsets[kept] = length;
    } else length = start;
  }
  return { unitIndex: unitIndex.slice(0, kept), offsets: offsets.slice(0, kept + 1), values: values.subarray(0, length) };
}
