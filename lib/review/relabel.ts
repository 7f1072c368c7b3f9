// Who is asked to revise when a reviewer sends an item back for relabeling: by default, the labelers whose answer
// differs from the item's consensus, each task measured as the review rules measure agreement.
import { classificationAnswer } from "../quality/item-agreement";
import { compareLabelers, type LabelerResult } from "../quality/labeler-pairs";
import type { ResultEntry } from "../validation/annotation";
import type { Task } from "../validation/project";
import type { FlagRules } from "./rules";

/** The least agreement with the consensus, per task type, that counts as agreeing (the rules' own thresholds). */
function agreementNeeded(task: Task, rules: FlagRules): number {
  switch (task.type) {
    case "bbox":
    case "polygon":
      return rules.minShapeF1;
    case "segment":
      return rules.minSegmentF1;
    default:
      return 1 - rules.maxTranscriptWer;
  }
}

/** Whether a labeler's answer to one task differs from the consensus's (an uncertainty vote always differs). */
function differs(task: Task, answer: readonly ResultEntry[], consensus: readonly ResultEntry[], rules: FlagRules): boolean {
  if (task.type === "classification") return classificationAnswer(answer, task.key) !== classificationAnswer(consensus, task.key);
  const [comparison] = compareLabelers(task, [
    { labelerId: "labeler", result: answer },
    { labelerId: "the consensus", result: consensus },
  ]);
  // A transcript task where either side wrote nothing has no comparison: it differs when exactly one wrote.
  if (!comparison) return answer.some((entry) => entry.task === task.key) !== consensus.some((entry) => entry.task === task.key);
  return comparison.agreement < agreementNeeded(task, rules);
}

/**
 * The labelers whose latest answer differs from the consensus on some task; every labeler when there is no
 * consensus (a tie, nothing agreed). In the order given.
 */
export function labelersWhoDisagree(tasks: readonly Task[], results: readonly LabelerResult[], consensus: readonly ResultEntry[] | null, rules: FlagRules): string[] {
  if (!consensus?.length) return results.map((result) => result.labelerId);
  return results.filter((result) => tasks.some((task) => differs(task, result.result, consensus, rules))).map((result) => result.labelerId);
}
