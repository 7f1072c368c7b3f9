// Train/dev/test splits for dataset export: stratified by label, optionally grouped (e.g. by speaker) so that no group
// straddles two splits, and reproducible from a seed.
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { compareCodeUnits } from "../quality/consensus/ratings";

export interface SplitUnit {
  id: string;
  /** Class to stratify on; null when unlabeled or multi-class, which forms the stratum `UNLABELED_STRATUM`. */
  label: string | null;
  /** Units sharing a group value (e.g. a speaker) always land in the same split; null or absent means no group. */
  group?: string | null;
}

export interface SplitRatio {
  name: string;
  /** Share of the items; `assignSplits` divides by the sum, so ratios need not add up to 1. */
  ratio: number;
}

/** Stratum and manifest key of units whose label is null. A real label spelled the same joins that stratum. */
export const UNLABELED_STRATUM = "(none)";

const SPLIT_NAMES_BY_PART_COUNT: readonly (readonly string[])[] = [[], ["train"], ["train", "test"], ["train", "dev", "test"]];
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/**
 * Parses a split such as "70,15,15" into train/dev/test, "80,20" into train/test and "100" into train only. The ratios
 * are normalised to sum to 1, so "2,1,1" means 50/25/25.
 *
 * Throws on more than 3 parts, a part that is not a decimal number, a negative part, or when no part is positive.
 * @example parseSplit("70,15,15") // [{ name: "train", ratio: 0.7 }, { name: "dev", ratio: 0.15 }, { name: "test", ratio: 0.15 }]
 */
export function parseSplit(text: string): SplitRatio[] {
  const parts = text.split(",").map((part) => part.trim());
  const names = SPLIT_NAMES_BY_PART_COUNT[parts.length];
  if (names === undefined) throw new Error(`Split "${text}" has ${parts.length} parts; give 1 to 3 numbers (train, train/test or train/dev/test).`);
  const weights = parts.map((part) => {
    if (!DECIMAL.test(part)) throw new Error(`Split "${text}": "${part}" is not a number.`);
    const weight = Number(part);
    if (weight < 0) throw new Error(`Split "${text}": ${part} is negative.`);
    return weight;
  });
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  if (total === 0) throw new Error(`Split "${text}" has no positive part.`);
  return weights.map((weight, index) => ({ name: names[index]!, ratio: weight / total }));
}

/**
 * Assigns every unit to a split and returns item id → split name, with entries ordered by split, then id.
 *
 * Deterministic: units are sorted by id (code-unit order, not locale) before a Fisher–Yates shuffle driven by `seed`
 * (a stream per stratum), so the same units in any order with the same seed give the same assignment; unlabeled
 * units are allocated last, so adding or leaving them out moves no labeled unit.
 *
 * Stratified: each label is allocated separately. Within a stratum of n items, split i has the target n × ratioᵢ, and
 * items go one at a time (in shuffled order) to the split furthest below its target. With one item per step this is
 * exactly largest-remainder rounding: every split first reaches the floor of its target, the leftovers go by largest
 * remainder. So 30 items at 60/20/20 give 18/6/6, and 2 items give 1 to train and 1 to dev or test. Ties (equal
 * remainders) go to the split whose total over the strata allocated so far is furthest below its target, then to the
 * earlier split, so rounding in one stratum is made up in the next. Once no split of a stratum is short of a whole
 * item (or group), the overall shortfall decides first: ten classes of one item at 60/20/20 give 6/2/2, not 10/0/0.
 * A split with ratio 0 gets nothing.
 *
 * Grouped, when any unit has a group: whole groups are allocated by the same rule, each group counting its items and
 * placed in the stratum of its majority label (ties to the label first in code-unit order); units without a group are
 * groups of one. This is an approximation: a group's minority labels follow it, and a split can overshoot its target
 * by up to one group per stratum (the greedy rule, unlike exact bin packing, never moves a placed group). In practice
 * the tie-break across strata keeps each split's total within about one group of its target (40 speakers × 5 clips in
 * 3 strata at 70/15/15 stayed within 5 items for each of 2000 seeds).
 *
 * Throws on an empty split list, a negative or non-finite ratio, ratios that are all zero, duplicate split names,
 * duplicate item ids, or a seed that is not an integer from 0 to 2³² − 1. O(items × (log items + splits)).
 */
export function assignSplits(units: readonly SplitUnit[], split: readonly SplitRatio[], seed: number): Map<string, string> {
  const shares = normalisedRatios(split);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`Split seed ${seed} is not an integer from 0 to 2^32 - 1.`);
  const sorted = [...units].sort((a, b) => compareCodeUnits(a.id, b.id));
  for (let index = 1; index < sorted.length; index++) {
    if (sorted[index - 1]!.id === sorted[index]!.id) throw new Error(`Item id "${sorted[index]!.id}" appears more than once.`);
  }

  const strata = new Map<string, UnitGroup[]>();
  for (const unitGroup of groupUnits(sorted)) {
    const stratum = strata.get(unitGroup.stratum);
    if (stratum) stratum.push(unitGroup);
    else strata.set(unitGroup.stratum, [unitGroup]);
  }

  const overall = { target: shares.map(() => 0), assigned: shares.map(() => 0) };
  // Each unit's split by its position in `sorted`: an array rather than a map keyed by unit (200,000 of them and more).
  const splitAt = new Int32Array(sorted.length);
  for (const stratum of allocationOrder(strata.keys())) {
    const unitGroups = strata.get(stratum)!;
    shuffle(unitGroups, xoroshiro128plus(stratumSeed(seed, stratum)));
    const size = unitGroups.reduce((sum, unitGroup) => sum + unitGroup.members.length, 0);
    const target = shares.map((share) => size * share);
    const assigned = shares.map(() => 0);
    target.forEach((count, index) => (overall.target[index]! += count));
    for (const unitGroup of unitGroups) {
      const chosen = furthestBelowTarget(target, assigned, overall, unitGroup.members.length);
      assigned[chosen]! += unitGroup.members.length;
      overall.assigned[chosen]! += unitGroup.members.length;
      for (const position of unitGroup.members) splitAt[position] = chosen;
    }
  }
  // By split, then id: the units are in id order already, so one pass per split rather than a sort.
  const assignment = new Map<string, string>();
  split.forEach(({ name }, index) => {
    for (let position = 0; position < sorted.length; position++) if (splitAt[position] === index) assignment.set(sorted[position]!.id, name);
  });
  return assignment;
}

/**
 * Item counts per split and label, for export manifests: split name → label → count, null labels under
 * `UNLABELED_STRATUM`. Splits appear in the order they first appear in `assignment` (train, dev, test for the output
 * of `assignSplits`), labels in code-unit order; a split with no items has no entry.
 *
 * Throws when a unit has no split in `assignment`.
 */
export function splitCounts(assignment: ReadonlyMap<string, string>, units: readonly SplitUnit[]): Record<string, Record<string, number>> {
  const tally = new SplitTally([...assignment.values()]);
  for (const unit of units) {
    const name = assignment.get(unit.id);
    if (name === undefined) throw new Error(`Item "${unit.id}" has no split.`);
    tally.add(name, unit.label);
  }
  return tally.counts();
}

/** Counts per split and stratum, item by item (an export counts what it writes without keeping the items). */
export class SplitTally {
  private readonly tallies = new Map<string, Map<string, number>>();

  /** `splitNames` fixes the order of the splits in `counts()`; others follow in the order first added. */
  constructor(splitNames: Iterable<string> = []) {
    for (const name of splitNames) if (!this.tallies.has(name)) this.tallies.set(name, new Map());
  }

  add(split: string, label: string | null): void {
    let tally = this.tallies.get(split);
    if (!tally) this.tallies.set(split, (tally = new Map()));
    const stratum = label ?? UNLABELED_STRATUM;
    tally.set(stratum, (tally.get(stratum) ?? 0) + 1);
  }

  /** Split → stratum → count, strata in code-unit order; splits without items are left out. */
  counts(): Record<string, Record<string, number>> {
    return Object.fromEntries(
      [...this.tallies]
        .filter(([, tally]) => tally.size > 0)
        .map(([name, tally]) => [name, Object.fromEntries([...tally].sort(([a], [b]) => compareCodeUnits(a, b)))]),
    );
  }
}

/** Units that must stay together (by position in the units sorted by id), and the stratum they are allocated in. */
interface UnitGroup {
  members: number[];
  stratum: string;
}

function normalisedRatios(split: readonly SplitRatio[]): number[] {
  if (split.length === 0) throw new Error("A split needs at least one part.");
  const names = new Set(split.map((part) => part.name));
  if (names.size < split.length) throw new Error(`Split names ${split.map((part) => part.name).join(", ")} are not distinct.`);
  for (const { name, ratio } of split) {
    if (!Number.isFinite(ratio) || ratio < 0) throw new Error(`Split "${name}" has ratio ${ratio}; ratios must be finite and not negative.`);
  }
  const total = split.reduce((sum, part) => sum + part.ratio, 0);
  if (total === 0) throw new Error("Every split ratio is zero.");
  return split.map((part) => part.ratio / total);
}

/** Units sorted by id → groups in a fixed order: named groups by key, then ungrouped units, each alone. */
function groupUnits(sortedUnits: readonly SplitUnit[]): UnitGroup[] {
  const membersByKey = new Map<string, number[]>();
  const loners: UnitGroup[] = [];
  sortedUnits.forEach((unit, position) => {
    // Most units have no group: each is its own majority.
    if (unit.group == null) loners.push({ members: [position], stratum: stratumOf(unit) });
    else if (membersByKey.has(unit.group)) membersByKey.get(unit.group)!.push(position);
    else membersByKey.set(unit.group, [position]);
  });
  const named = [...membersByKey.keys()].sort(compareCodeUnits).map((key) => {
    const members = membersByKey.get(key)!;
    return { members, stratum: majorityStratum(members.map((position) => sortedUnits[position]!)) };
  });
  return [...named, ...loners];
}

function majorityStratum(members: readonly SplitUnit[]): string {
  const counts = new Map<string, number>();
  for (const unit of members) counts.set(stratumOf(unit), (counts.get(stratumOf(unit)) ?? 0) + 1);
  const [majority] = [...counts].sort(([a, countA], [b, countB]) => countB - countA || compareCodeUnits(a, b));
  return majority![0];
}

function stratumOf(unit: SplitUnit): string {
  return unit.label ?? UNLABELED_STRATUM;
}

/**
 * Shortfalls closer than this are ties: floating-point ratios put equal remainders a hair apart (0.29 × 50 =
 * 14.499999999999998 against 0.71 × 50 = 35.5), which would otherwise decide the tie instead of the tie-break.
 */
const TIE_TOLERANCE = 1e-9;

/**
 * Index of the split with the largest target − assigned in the stratum; ties go to the largest overall shortfall,
 * then the lowest index. When no split of the stratum is short of a whole group (a stratum of one item or one
 * speaker, or the leftovers of rounding), the overall shortfall decides first: otherwise every such group would go
 * to the largest split, and ten one-speaker classes at 60/20/20 would all be train.
 */
function furthestBelowTarget(target: readonly number[], assigned: readonly number[], overall: { target: readonly number[]; assigned: readonly number[] }, groupSize: number): number {
  const stratumShortfall = (index: number) => target[index]! - assigned[index]!;
  const overallShortfall = (index: number) => overall.target[index]! - overall.assigned[index]!;
  const roomForGroup = target.some((_, index) => stratumShortfall(index) >= groupSize - TIE_TOLERANCE);
  const [first, second] = roomForGroup ? [stratumShortfall, overallShortfall] : [overallShortfall, stratumShortfall];
  let best = 0;
  for (let index = 1; index < target.length; index++) {
    const lead = first(index) - first(best);
    if (lead > TIE_TOLERANCE || (lead >= -TIE_TOLERANCE && second(index) - second(best) > TIE_TOLERANCE)) best = index;
  }
  return best;
}

/**
 * Labels in code-unit order, unlabeled items last: so that the labeled items' splits are the same whether or not an
 * export includes unlabeled ones (COCO and YOLO leave them out, JSONL may keep them).
 */
function allocationOrder(strata: Iterable<string>): string[] {
  return [...strata].sort((a, b) => Number(a === UNLABELED_STRATUM) - Number(b === UNLABELED_STRATUM) || compareCodeUnits(a, b));
}

/** Each stratum's own random stream (the seed mixed with an FNV-1a hash of its name): its shuffle depends on no other stratum. */
function stratumSeed(seed: number, stratum: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < stratum.length; index++) hash = Math.imul(hash ^ stratum.charCodeAt(index), 0x01000193);
  return (seed ^ hash) >>> 0;
}

function shuffle<T>(items: T[], random: RandomGenerator): void {
  for (let last = items.length - 1; last > 0; last--) {
    const pick = uniformInt(random, 0, last);
    [items[last], items[pick]] = [items[pick]!, items[last]!];
  }
}
