// What the frame hands each media workspace, and helpers they share.
import type { ReactNode } from "react";
import type { ResultEntry } from "@/lib/validation/annotation";
import type { Task } from "@/lib/validation/project";
import type { Change } from "./answer-panels";
import type { LeasedItem } from "./use-task-queue";

export interface MediaWorkspaceProps {
  item: LeasedItem;
  tasks: Task[];
  result: ResultEntry[];
  onChange: Change;
  /** The item-level answers and actions, shown in the workspace's side column. */
  sidebar: ReactNode;
}

/** Whether a key press is typing into a field, where workspace shortcuts must not fire. */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && !!target.closest("input, textarea, select, [contenteditable=true]");
}
