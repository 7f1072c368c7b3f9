// Raw (chance-uncorrected) agreement: what share of pairs of ratings of the same unit agree.
import { defined, undefinedBecause, type Statistic } from "../statistic";
import { encodeRatings, ratedUnits, type CategoryOptions, type ReliabilityData } from "./ratings";

export type PercentAgreementResult = Statistic & { unitsCompared: number };

/**
 * Pairwise percent agreement, as a proportion in [0, 1].
 *
 * Definition: for each unit u rated by m_u ≥ 2 coders, the share of its m_u (m_u − 1) ordered pairs of ratings by
 * different coders that agree, Σ_c n_uc (n_uc − 1) / (m_u (m_u − 1)); then the mean over those units, each unit
 * weighing the same. This is the multi-coder observed agreement A_o of Artstein & Poesio (2008, "Inter-coder agreement
 * for computational linguistics", section 2.6) and Fleiss' (1971) P̄ when every unit has the same coders; with two
 * coders it is the share of units both rated on which they agree. Units with fewer than two ratings are ignored.
 *
 * Undefined (value null, with a reason): empty data, or no unit rated by two coders (one coder per unit).
 *
 * Throws on ragged rows or a rating not in `options.categories`. O(units × coders²).
 */
export function percentAgreement(data: ReliabilityData, options: CategoryOptions = {}): PercentAgreementResult {
  const { offsets, values } = ratedUnits(encodeRatings(data, options.categories));
  const unitsCompared = offsets.length - 1;
  if (unitsCompared === 0) return { ...undefinedBecause("no unit was rated by at least two coders"), unitsCompared };
  let sum = 0;
  for (let unit = 0; unit < unitsCompared; unit++) {
    const start = offsets[unit]!;
    const end = offsets[unit + 1]!;
    let agreeing = 0;
    for (let i = start; i < end; i++) {
      for (let j = i + 1; j < end; j++) if (values[i] === values[j]) agreeing++;
    }
    const ratings = end - start;
    sum += agreeing / ((ratings * (ratings - 1)) / 2);
  }
  return { ...defined(sum / unitsCompared), unitsCompared };
}

/** Share of units on the diagonal of a row-major categories × categories table of counts. O(categories²). */
export function agreementFromCrossTable(table: Float64Array, categoryCount: number): PercentAgreementResult {
  let total = 0;
  let agreeing = 0;
  for (let i = 0; i < categoryCount; i++) {
    for (let j = 0; j < categoryCount; j++) total += table[i * categoryCount + j]!;
    agreeing += table[i * categoryCount + i]!;
  }
  if (total === 0) return { ...undefinedBecause("no unit was rated by both labelers"), unitsCompared: 0 };
  return { ...defined(agreeing / total), unitsCompared: total };
}
