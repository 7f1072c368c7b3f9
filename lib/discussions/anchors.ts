// Whether a comment's anchor fits the project: the task it names exists and holds what the anchor points at.
import type { Task } from "@/lib/validation/project";
import type { Anchor } from "@/lib/validation/discussions";
import { formatClock } from "@/lib/audio/timeline";

const formatMs = (ms: number) => formatClock(ms / 1000, 1);

/**
 * Why an anchor does not fit a project's tasks (a message for the caller), or null when it does: a shape anchor
 * names a bbox or polygon task, a segment anchor a segment task, a time anchor any task of an audio project.
 */
export function anchorProblem(anchor: Anchor, tasks: readonly Pick<Task, "key" | "type">[], mediaKind: "image" | "audio"): string | null {
  const task = tasks.find((candidate) => candidate.key === anchor.task);
  if (!task) return `anchor.task: this project has no task "${anchor.task}"`;
  if (anchor.kind === "shape" && task.type !== "bbox" && task.type !== "polygon") return `anchor.kind: task "${task.key}" has no shapes (it is a ${task.type} task)`;
  if (anchor.kind === "segment" && task.type !== "segment") return `anchor.kind: task "${task.key}" has no segments (it is a ${task.type} task)`;
  if (anchor.kind === "time" && mediaKind !== "audio") return "anchor.kind: a time anchor needs audio; this project labels images";
  return null;
}

/** How an anchor reads in a thread: "objects: shape 3", "speech: segment 2 at 0:04", "at 1:05.2". */
export function describeAnchor(anchor: Anchor): string {
  const at = anchor.startMs === undefined ? "" : ` at ${formatMs(anchor.startMs)}${anchor.endMs !== undefined && anchor.endMs !== anchor.startMs ? `–${formatMs(anchor.endMs)}` : ""}`;
  if (anchor.kind === "time") return `${anchor.task}:${at}`;
  return `${anchor.task}: ${anchor.kind} ${anchor.index! + 1}${at}`;
}
