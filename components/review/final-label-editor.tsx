"use client";
// "Edit into a new final label": the labeling workspace itself, started from the consensus (or a
// labeler's version), saved as the item's gold label with a reason and a category.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ClassificationPanel, TranscriptPanel, type Change } from "@/components/labeling/answer-panels";
import { MediaWorkspace, mediaKindOf } from "@/components/labeling/media-workspace";
import { useAnswerCheck } from "@/components/labeling/use-answer-check";
import type { LeasedItem } from "@/components/labeling/use-task-queue";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/client/api";
import { record, redo, startHistory, undo } from "@/lib/labeling/history";
import type { ResultEntry } from "@/lib/validation/annotation";
import type { Task } from "@/lib/validation/project";
import { DecisionFields } from "./decision-fields";

export function FinalLabelEditor({
  item,
  tasks,
  start,
  context,
  onSaved,
  onCancel,
}: {
  item: LeasedItem;
  tasks: Task[];
  /** The label to start from. */
  start: ResultEntry[];
  context: { sessionId?: string; decidedBy?: string };
  onSaved: (decision: { id: string; category: string | null }) => void;
  onCancel: () => void;
}) {
  const [history, setHistory] = useState(() => startHistory(start));
  const [historyVersion, setHistoryVersion] = useState(0);
  const save = useMutation({
    mutationFn: (form: { reason: string; category: string }) => api<{ id: string; category: string | null }>(`/items/${item.id}/decision`, { method: "POST", json: { action: "edit", result: history.present, ...form, ...context } }),
    onSuccess: onSaved,
  });
  const change: Change = (next, coalesceKey) => setHistory((current) => record(current, next, coalesceKey ?? null));
  // A final label is held to the rules of a submission; what the server would refuse is shown, not sent.
  const check = useAnswerCheck(tasks, item, history.present);
  const step = (move: typeof undo) => {
    setHistory(move);
    setHistoryVersion((version) => version + 1);
  };
  const sidebar = (
    <>
      <ClassificationPanel tasks={tasks.filter((task) => task.type === "classification")} result={history.present} onChange={change} keysActive problems={check.problems?.found.tasks} />
      <TranscriptPanel tasks={tasks.filter((task) => task.type === "transcript")} result={history.present} onChange={change} problems={check.problems?.found.tasks} />
      <form
        aria-label="Save the final label"
        className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          if (check.ready()) save.mutate({ reason: String(form.get("reason")), category: String(form.get("category")) });
        }}
      >
        <DecisionFields reasonLabel="Why this label" />
        {check.summary ? <Alert tone="error">{check.summary}</Alert> : save.error ? <Alert tone="error">{save.error.message}</Alert> : null}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={save.isPending}>
            Save as the final label
          </Button>
          <Button type="button" variant="ghost" onClick={() => step(undo)} disabled={!history.past.length}>
            Undo
          </Button>
          <Button type="button" variant="ghost" onClick={() => step(redo)} disabled={!history.future.length}>
            Redo
          </Button>
          <Button type="button" variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </>
  );
  return <MediaWorkspace kind={mediaKindOf(item)} placeholder="Loading the editor…" item={item} tasks={tasks} result={history.present} onChange={change} sidebar={sidebar} historyVersion={historyVersion} problems={check.problems} />;
}
