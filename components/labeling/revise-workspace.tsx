"use client";
// Revising one of the labeler's own submitted answers: a revision lease on that item, the editor starting from
// their answer, and back to their recent items once it is submitted (or skipped: the answer stays as it was).
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { api } from "@/lib/client/api";
import type { Task } from "@/lib/validation/project";
import type { Lease } from "./use-task-queue";
import { TaskEditor } from "./workspace";

export function ReviseWorkspace({ projectId, itemId, tasks, skipReasons, idleAfterMs }: { projectId: string; itemId: string; tasks: Task[]; skipReasons: readonly string[]; idleAfterMs: number }) {
  const router = useRouter();
  const [lease, setLease] = useState<Lease | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Asking again returns the same lease, with its newest draft.
  const open = useCallback(() => api<Lease>(`/items/${itemId}/revision`, { method: "POST" }).then(setLease, (failure: Error) => setError(failure.message)), [itemId]);
  useEffect(() => void open(), [open]);

  if (error) return <Alert tone="error">{error}</Alert>;
  if (!lease) return <p className="text-sm text-slate-600">Loading your answer…</p>;
  return (
    <TaskEditor
      key={`${lease.assignment.id}@${lease.assignment.draftVersion}`}
      lease={lease}
      tasks={tasks}
      skipReasons={skipReasons}
      idleAfterMs={idleAfterMs}
      notice={null}
      onReload={open}
      onFinished={async () => router.push(`/projects/${projectId}/my-items`)}
    />
  );
}
