"use client";
// The check before an answer is sent (a submission, or a reviewer's final label): the server's own rules
// (lib/labeling/problems.ts), so nothing is sent that it would refuse. Problems show from the first
// held-back attempt on and follow the answer as it is fixed; each attempt selects the first shape with one.
import { useCallback, useEffect, useMemo, useState } from "react";
import { answerProblems, firstEntryWithProblem, problemSummary, type AnswerProblems } from "@/lib/labeling/problems";
import { mediaBoundsOf, type ResultEntry } from "@/lib/validation/annotation";
import type { Task } from "@/lib/validation/project";
import type { LeasedItem } from "./use-task-queue";

/** Problems found by a held-back attempt (numbered, so that each one selects the first shape again). */
export interface ShownProblems {
  found: AnswerProblems;
  attempt: number;
}

export function useAnswerCheck(tasks: readonly Task[], item: LeasedItem, result: readonly ResultEntry[]) {
  const [attempt, setAttempt] = useState(0);
  const find = useCallback(() => answerProblems(tasks, mediaBoundsOf(item), result), [tasks, item, result]);
  const problems = useMemo<ShownProblems | null>(() => (attempt ? { found: find(), attempt } : null), [attempt, find]);
  /** Whether the answer may be sent; if not, its problems are shown instead. */
  const ready = useCallback(() => {
    if (!find().messages.length) return true;
    setAttempt((count) => count + 1);
    return false;
  }, [find]);
  return { problems, ready, summary: problems ? problemSummary(problems.found) : null };
}

/** Selects the first shape or segment with a problem after each held-back attempt. */
export function useSelectFirstProblem(problems: ShownProblems | null | undefined, select: (index: number) => void): void {
  const attempt = problems?.attempt ?? 0;
  useEffect(() => {
    const first = problems ? firstEntryWithProblem(problems.found) : null;
    if (first !== null) select(first);
    // Only a new attempt moves the selection; fixing one problem must not jump to the next.
  }, [attempt]);
}
