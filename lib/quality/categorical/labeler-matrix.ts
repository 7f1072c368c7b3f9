// Who agrees with whom: every pair of labelers compared on the units both rated.
import { undefinedBecause } from "../statistic";
import { checkWeighting, kappaFromCrossTable, type KappaOptions, type KappaResult } from "./cohen-kappa";
import { crossTabulate, unitsRatedByBoth } from "./confusion";
import { agreementFromCrossTable, type PercentAgreementResult } from "./percent-agreement";
import { encodeRatings, type Category, type ReliabilityData } from "./ratings";

export interface LabelerAgreementMatrix {
  /** The category order used for every pair (and so for weighted kappa). */
  readonly categories: readonly Category[];
  /** `unitsBothRated[i][j]`: units rated by labeler i and labeler j; on the diagonal, units labeler i rated. */
  readonly unitsBothRated: number[][];
  /** `percentAgreement[i][j]`: share of the units both rated on which labelers i and j agree. */
  readonly percentAgreement: PercentAgreementResult[][];
  /** `kappa[i][j]`: Cohen's kappa of labeler i (rows of their confusion table) against labeler j. */
  readonly kappa: KappaResult[][];
}

/**
 * Labeler-by-labeler agreement: for each pair of coders (rows of `data`, one column per unit, null = not rated), percent
 * agreement and Cohen's kappa (as `cohenKappa`, weighting from `options`) on the units both rated. The matrices are
 * symmetric (Cohen's kappa does not depend on which rater is first). One category order serves every pair (`options.categories`,
 * else numbers ascending or strings in first-seen order, coder by coder), so a weighted kappa means the same across pairs.
 *
 * Undefined entries (value null, with a reason): the diagonal (a labeler is not compared with themself); pairs with no
 * unit rated by both; kappa where both used one and the same category for every shared unit.
 *
 * Throws on ragged rows, a rating not in `options.categories`, or an unknown weighting. O(coders² × (units + categories²)).
 */
export function labelerAgreementMatrix(data: ReliabilityData, options: KappaOptions = {}): LabelerAgreementMatrix {
  const weights = checkWeighting(options.weights);
  const encoded = encodeRatings(data, options.categories);
  const { coderCount } = encoded;
  const categoryCount = encoded.categories.length;
  const square = <T>(fill: T) => Array.from({ length: coderCount }, () => new Array<T>(coderCount).fill(fill));
  const self = { ...undefinedBecause("a labeler is not compared with themself"), unitsCompared: 0 };
  const unitsBothRated = square(0);
  const percentAgreement = square<PercentAgreementResult>(self);
  const kappa = square<KappaResult>({ ...self, observedDisagreement: null, expectedDisagreement: null });
  for (let first = 0; first < coderCount; first++) {
    unitsBothRated[first]![first] = unitsRatedByBoth(encoded, first, first).length;
    for (let second = first + 1; second < coderCount; second++) {
      const units = unitsRatedByBoth(encoded, first, second);
      const table = crossTabulate(encoded, first, second, units);
      const agreement = agreementFromCrossTable(table, categoryCount);
      const pairKappa = kappaFromCrossTable(table, categoryCount, weights);
      unitsBothRated[first]![second] = unitsBothRated[second]![first] = units.length;
      percentAgreement[first]![second] = percentAgreement[second]![first] = agreement;
      kappa[first]![second] = kappa[second]![first] = pairKappa;
    }
  }
  return { categories: encoded.categories, unitsBothRated, percentAgreement, kappa };
}
