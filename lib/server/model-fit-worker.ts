// The thread a labeler model is fitted in (lib/server/labeler-models.ts starts it, bundled by bundles.ts), so that a
// fit of 100,000 items, seconds of computing, never holds up the app's requests. It takes the ratings as integer
// codes (transferred, not copied) and answers with the fitted parameters.
import { parentPort } from "node:worker_threads";
import { dawidSkene, type Rating } from "@/lib/quality/consensus";

/** Ratings as codes: rating r is item `items[r]` (only its identity matters), labeler `labelerNames[labelers[r]]`, class `labelNames[labels[r]]`. */
export interface EncodedRatings {
  items: Int32Array;
  labelers: Int32Array;
  labels: Int32Array;
  labelerNames: string[];
  labelNames: string[];
}

parentPort?.once("message", (encoded: EncodedRatings) => {
  const ratings: Rating[] = Array.from(encoded.items, (item, index) => ({
    item: String(item),
    labeler: encoded.labelerNames[encoded.labelers[index]!]!,
    label: encoded.labelNames[encoded.labels[index]!]!,
  }));
  const { priors, labelers, iterations, converged } = dawidSkene(ratings);
  parentPort!.postMessage({ priors, labelers, iterations, converged });
});
