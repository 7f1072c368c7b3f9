// Agreement on each class taken alone: is this class recognised consistently, whatever the confusions among the others?
import { describeCategory, type Category, type CategoryOptions, type ReliabilityData } from "./ratings";
import { alphaFromCoincidences, coincidences, prepareAlpha, type AlphaResult, type Coincidences } from "./krippendorff";

const IN_CLASS_AND_REST: readonly Category[] = ["in class", "rest"];

export type ClassAlpha = AlphaResult & { category: Category; valuesInClass: number };

/**
 * One-against-the-rest agreement per class: nominal Krippendorff's alpha on the data binarised to "this class" versus
 * "any other class" (missing ratings stay missing), for every category in order.
 *
 * Definition: Krippendorff (2011) nominal alpha on the binarised data. Binarising merges rows and columns of the
 * coincidence matrix, so each class's alpha comes from the full matrix: o_in,in = o_cc, o_in,out = n_c − o_cc, giving
 * α_c = 1 − (n − 1)(n_c − o_cc) / (n_c (n − n_c)). Alpha rather than kappa because it takes any number of coders and
 * missing ratings, like the overall alpha.
 *
 * Undefined per class (value null, with a reason): no pairable values (empty data, one coder per unit); the class never
 * occurs among pairable values, or every pairable value is in it (expected disagreement 0).
 *
 * Category order and errors as in `krippendorffAlpha` (nominal level). O(units × coders² + categories²).
 */
export function perClassAlpha(data: ReliabilityData, options: CategoryOptions = {}): ClassAlpha[] {
  const input = prepareAlpha(data, { level: "nominal", categories: options.categories });
  const { categories } = input.encoded;
  return perClassAlphaFromCoincidences(coincidences(input.units, categories.length), categories);
}

/** perClassAlpha from the coincidence matrix of all categories, whose rows and columns are `categories`. */
export function perClassAlphaFromCoincidences(all: Coincidences, categories: readonly Category[]): ClassAlpha[] {
  return categories.map((category, code) => {
    const binary = oneAgainstRest(all, code);
    const valuesInClass = binary.marginals[0]!;
    const alpha = alphaFromCoincidences(binary, "nominal", IN_CLASS_AND_REST);
    if (alpha.value === null && binary.total > 0) {
      const reason = valuesInClass === 0 ? `${describeCategory(category)} never occurs among the pairable values` : `every pairable value is ${describeCategory(category)}`;
      return { ...alpha, reason, category, valuesInClass };
    }
    return { ...alpha, category, valuesInClass };
  });
}

/** The 2 × 2 coincidence matrix of "category `code`" (index 0) against every other category (index 1). */
function oneAgainstRest(all: Coincidences, code: number): Coincidences {
  const inClass = all.marginals[code]!;
  const agreeingInClass = all.matrix[code * all.categoryCount + code]!;
  const crossing = inClass - agreeingInClass;
  const outOfClass = all.total - inClass;
  return {
    categoryCount: 2,
    matrix: Float64Array.of(agreeingInClass, crossing, crossing, outOfClass - crossing),
    marginals: Float64Array.of(inClass, outOfClass),
    total: all.total,
  };
}
