// What the frame hands each media workspace, and helpers they share.
import type { ReactNode } from "react";
import type { ResultEntry } from "@/lib/validation/annotation";
import type { Task } from "@/lib/validation/project";
import type { Change } from "./answer-panels";
import type { ShownProblems } from "./use-answer-check";
import type { LeasedItem } from "./use-task-queue";

export interface MediaWorkspaceProps {
  item: LeasedItem;
  tasks: Task[];
  result: ResultEntry[];
  onChange: Change;
  /** The item-level answers and actions, shown in the workspace's side column. */
  sidebar: ReactNode;
  /** Counts undo and redo steps: entries may have moved, so the selection is dropped. */
  historyVersion: number;
  /** What kept the answer from being sent, shown beside its shapes or segments. */
  problems?: ShownProblems | null;
  /** The workspace fills the rest of a flex column of the window's height (the labeling page), rather than its own. */
  fillHeight?: boolean;
}

const TEXT_ENTRY = "textarea, [contenteditable=true], input:not([type]), input[type=text], input[type=search], input[type=number], input[type=email], input[type=password]";

/** Whether shortcuts must wait: the key types into a text field, or a dialog (the shortcut help) is open. */
export function shortcutsPaused(event: KeyboardEvent): boolean {
  const typing = event.target instanceof HTMLElement && !!event.target.closest(TEXT_ENTRY);
  return typing || !!document.querySelector("dialog[open]");
}
