// Krippendorff's nominal alpha for present/absent data from counts per unit, without a row per coder: what
// frame-level agreement on audio segments needs, where a clip has thousands of frames and every label is a
// binary track, and where per-label and overall figures share their units.
import { alphaFromCoincidences, type AlphaResult } from "./krippendorff";

const ABSENT_PRESENT = [0, 1] as const;

/**
 * The coincidence matrix of binary reliability data (0 absent, 1 present), built unit by unit from how many
 * coders rated the unit and how many of them said present. Alpha depends on a unit only through these two
 * counts, so the coders' identities are not needed. Tallies of disjoint sets of units add up to the tally of
 * their union (the matrix is a sum over units), which is how a figure over several tracks is built.
 */
export class BinaryCoincidences {
  /** o_00, o_01 (= o_10) and o_11 of Krippendorff (2011), section E. */
  private bothAbsent = 0;
  private mixed = 0;
  private bothPresent = 0;
  /** n_0 and n_1: pairable values of each category. */
  private absent = 0;
  private present = 0;

  /**
   * One unit with `values` ratings, `present` of them 1. A unit with fewer than two ratings yields no pair
   * and is skipped, as in krippendorffAlpha. Throws unless 0 <= present <= values are whole numbers.
   */
  addUnit(values: number, present: number): void {
    if (!(Number.isInteger(values) && Number.isInteger(present) && present >= 0 && present <= values)) {
      throw new Error(`A unit needs whole numbers 0 <= present <= values, got present ${present} of ${values}.`);
    }
    if (values < 2) return;
    const absent = values - present;
    // Each ordered pair of values from different coders adds 1 / (m_u − 1).
    const weight = 1 / (values - 1);
    this.bothAbsent += absent * (absent - 1) * weight;
    this.mixed += absent * present * weight;
    this.bothPresent += present * (present - 1) * weight;
    this.absent += absent;
    this.present += present;
  }

  /** Adds another tally's units to this one. */
  add(other: BinaryCoincidences): void {
    this.bothAbsent += other.bothAbsent;
    this.mixed += other.mixed;
    this.bothPresent += other.bothPresent;
    this.absent += other.absent;
    this.present += other.present;
  }

  /**
   * Nominal alpha of the units tallied, exactly as krippendorffAlpha computes it on the same data, with its
   * conventions: undefined without pairable values, or when every pairable value is the same (D_e = 0).
   */
  alpha(): AlphaResult {
    const coincidences = {
      categoryCount: 2,
      matrix: Float64Array.of(this.bothAbsent, this.mixed, this.mixed, this.bothPresent),
      marginals: Float64Array.of(this.absent, this.present),
      total: this.absent + this.present,
    };
    return alphaFromCoincidences(coincidences, "nominal", ABSENT_PRESENT);
  }
}
