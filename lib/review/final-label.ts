// Which label an item ends with: what exports, feedback, dashboards and item lists all call "final".

/** An item's review state, as stored. */
export type ReviewState = "open" | "accepted" | "escalated" | "flagged" | "resolved" | "excluded";

/** An item's final label: the decision in force once resolved, the consensus once accepted, else none. */
export function finalLabel<T>(state: ReviewState, decisionResult: T | null | undefined, consensusResult: T | null | undefined): T | null {
  if (state === "resolved") return decisionResult ?? null;
  return state === "accepted" ? (consensusResult ?? null) : null;
}

/**
 * The decision in force among an item's decisions (newest first): the newest, while the item is resolved
 * or excluded (states only a decision sets). None otherwise: after a relabeling the item is labeled and
 * judged afresh, and the decisions before it are history.
 */
export function decisionInForce<T>(state: ReviewState, decisionsNewestFirst: readonly T[]): T | null {
  return state === "resolved" || state === "excluded" ? (decisionsNewestFirst[0] ?? null) : null;
}
