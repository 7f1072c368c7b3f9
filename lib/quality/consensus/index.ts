/**
 * Categorical consensus: one label per item from several labelers' ratings, and how much to trust it.
 * Pure functions over `Rating[]`; no framework imports.
 */
export type { Rating, ByName } from "./ratings";
export type { VoteOutcome } from "./vote";
export { majorityVote } from "./majority-vote";
export { weightedVote, type WeightedVoteOptions } from "./weighted-vote";
export { dawidSkene, itemPosterior, type DawidSkeneOptions, type DawidSkeneResult } from "./dawid-skene";
export {
  humanLevelPerformance,
  type HumanLevelOptions,
  type HumanLevelPerformance,
  type ItemHumanLevel,
  type LabelerHumanLevel,
} from "./human-level";
