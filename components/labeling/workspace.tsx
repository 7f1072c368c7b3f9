"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api, ApiError } from "@/lib/client/api";
import type { ResultEntry } from "@/lib/validation/annotation";
import { allowedLabels, type Task } from "@/lib/validation/project";
import { useActiveTime } from "./active-time";

interface Lease {
  assignment: { id: string; expiresAt: string };
  item: { id: string; originalName: string; mediaUrl: string; mimeType: string; metadata: Record<string, unknown> };
  draft: { result: ResultEntry[]; activeMs: number } | null;
}

const AUTOSAVE_DELAY_MS = 2000;

/** The label a key picks in a task: its own hotkey, else its position 1–9; "u" picks the uncertainty class. */
function labelForKey(task: Task, key: string): string | undefined {
  if (task.type !== "classification") return undefined;
  const byHotkey = task.classes.find((labelClass) => labelClass.hotkey?.toLowerCase() === key.toLowerCase());
  if (byHotkey) return byHotkey.name;
  if (key.toLowerCase() === "u" && task.uncertainClass) return task.uncertainClass;
  const index = Number(key) - 1;
  return Number.isInteger(index) && index >= 0 ? task.classes[index]?.name : undefined;
}

function withClassification(result: ResultEntry[], task: Task, label: string): ResultEntry[] {
  const others = result.filter((entry) => entry.task !== task.key);
  const current = result.find((entry) => entry.task === task.key);
  const values = current?.type === "classification" ? current.values : [];
  if (task.type === "classification" && task.multiple) {
    const next = values.includes(label) ? values.filter((value) => value !== label) : [...values, label];
    return next.length ? [...others, { task: task.key, type: "classification", values: next }] : others;
  }
  return values[0] === label ? others : [...others, { task: task.key, type: "classification", values: [label] }];
}

/**
 * The labeling screen's common frame: lease the next item, show it, collect classification and
 * transcript answers from keyboard or clicks, autosave drafts, submit (Ctrl+Enter) or skip with a reason.
 */
export function LabelingWorkspace({ projectId, tasks }: { projectId: string; tasks: Task[] }) {
  const [lease, setLease] = useState<Lease | null | undefined>(undefined);
  const [result, setResult] = useState<ResultEntry[]>([]);
  const [message, setMessage] = useState<{ tone: "error" | "success" | "info"; text: string } | null>(null);
  const [skipping, setSkipping] = useState(false);
  const [done, setDone] = useState(0);
  const activeMs = useActiveTime(lease?.assignment.id ?? "none");
  const dirty = useRef(false);
  const classificationTasks = tasks.filter((task) => task.type === "classification");
  const transcriptTasks = tasks.filter((task) => task.type === "transcript");
  const otherTasks = tasks.filter((task) => task.type !== "classification" && task.type !== "transcript");

  const loadNext = useCallback(async () => {
    const next = await api<Lease | undefined>(`/projects/${projectId}/next`, { method: "POST" });
    setLease(next ?? null);
    setResult(next?.draft?.result ?? []);
    dirty.current = false;
  }, [projectId]);

  useEffect(() => {
    void loadNext().catch((error: Error) => setMessage({ tone: "error", text: error.message }));
  }, [loadNext]);

  const saveDraft = useCallback(async () => {
    if (!lease || !dirty.current) return;
    dirty.current = false;
    await api(`/assignments/${lease.assignment.id}/draft`, { method: "PUT", json: { result, activeMs: activeMs() } }).catch((error: Error) => {
      dirty.current = true;
      setMessage({ tone: "error", text: `Draft not saved: ${error.message}` });
    });
  }, [lease, result, activeMs]);

  useEffect(() => {
    if (!dirty.current) return;
    const timer = setTimeout(() => void saveDraft(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [result, saveDraft]);

  const update = (next: ResultEntry[]) => {
    dirty.current = true;
    setResult(next);
  };

  const submit = useCallback(async () => {
    if (!lease) return;
    try {
      await api(`/assignments/${lease.assignment.id}/submit`, { method: "POST", json: { result, activeMs: activeMs(), client: { viewport: `${window.innerWidth}x${window.innerHeight}` } } });
      setDone((count) => count + 1);
      setMessage({ tone: "success", text: `Submitted ${lease.item.originalName}.` });
      await loadNext();
    } catch (error) {
      // The work stays on screen: a 409 (expired lease) is explained, nothing is thrown away.
      setMessage({ tone: "error", text: error instanceof ApiError ? error.message : String(error) });
    }
  }, [lease, result, activeMs, loadNext]);

  const skip = async (reason: string) => {
    if (!lease) return;
    try {
      await api(`/assignments/${lease.assignment.id}/skip`, { method: "POST", json: { reason } });
      setSkipping(false);
      setMessage({ tone: "info", text: `Skipped ${lease.item.originalName}.` });
      await loadNext();
    } catch (error) {
      setMessage({ tone: "error", text: (error as Error).message });
    }
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void submit();
        return;
      }
      const target = event.target as HTMLElement;
      if (target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
      const task = classificationTasks[0];
      const label = task && labelForKey(task, event.key);
      if (task && label) update(withClassification(result, task, label));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  if (lease === undefined) return <p className="text-sm text-slate-600">Loading the next item…</p>;
  if (lease === null) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
        <h2 className="text-base font-semibold">No more tasks</h2>
        <p className="mt-2 text-sm text-slate-600">You labeled {done} item{done === 1 ? "" : "s"} in this session. New items appear here as they are imported.</p>
      </div>
    );
  }

  const isImage = lease.item.mimeType.startsWith("image/");
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <section aria-label="Item" className="rounded-lg border border-slate-200 bg-white p-4">
        <p className="mb-3 text-sm font-medium text-slate-800">{lease.item.originalName}</p>
        {isImage ? (
          // eslint-disable-next-line @next/next/no-img-element -- media from the authorised route, any size
          <img src={lease.item.mediaUrl} alt={lease.item.originalName} className="mx-auto max-h-[60vh] max-w-full object-contain" />
        ) : (
          <audio controls preload="metadata" src={lease.item.mediaUrl} className="w-full" aria-label={`Audio ${lease.item.originalName}`} />
        )}
        {otherTasks.length ? (
          <p className="mt-3 text-xs text-slate-500">
            Drawing tasks ({otherTasks.map((task) => `${task.key}: ${task.type}`).join(", ")}) arrive with the {isImage ? "image" : "audio"} workspace; answer the others here.
          </p>
        ) : null}
      </section>
      <aside className="space-y-4">
        {classificationTasks.map((task, taskIndex) => {
          const chosen = result.find((entry) => entry.task === task.key);
          const values = chosen?.type === "classification" ? chosen.values : [];
          return (
            <fieldset key={task.key} className="rounded-lg border border-slate-200 bg-white p-4">
              <legend className="px-1 text-sm font-semibold text-slate-900">{task.key}</legend>
              <div className="mt-1 flex flex-wrap gap-2">
                {allowedLabels(task).map((label, index) => {
                  const key = task.type === "classification" && label === task.uncertainClass ? "u" : (task.type === "classification" && task.classes[index]?.hotkey) || String(index + 1);
                  return (
                    <button
                      key={label}
                      type="button"
                      aria-pressed={values.includes(label)}
                      onClick={() => update(withClassification(result, task, label))}
                      className={`rounded-md border px-2.5 py-1.5 text-sm ${values.includes(label) ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50"}`}
                    >
                      {label}
                      {taskIndex === 0 ? <kbd className="ml-1.5 text-xs opacity-70">{key}</kbd> : null}
                    </button>
                  );
                })}
              </div>
            </fieldset>
          );
        })}
        {transcriptTasks.map((task) => {
          const entry = result.find((candidate) => candidate.task === task.key);
          return (
            <label key={task.key} className="block rounded-lg border border-slate-200 bg-white p-4 text-sm">
              <span className="font-semibold text-slate-900">{task.key}</span>
              <textarea
                value={entry?.type === "transcript" ? entry.text : ""}
                onChange={(event) =>
                  update([...result.filter((candidate) => candidate.task !== task.key), ...(event.target.value ? [{ task: task.key, type: "transcript" as const, text: event.target.value }] : [])])
                }
                rows={3}
                className="mt-2 block w-full rounded-md border border-slate-300 px-2 py-1.5"
              />
            </label>
          );
        })}
        {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
        <div className="flex gap-2">
          <Button onClick={() => void submit()}>
            Submit <kbd className="text-xs opacity-80">Ctrl+Enter</kbd>
          </Button>
          <Button variant="secondary" onClick={() => setSkipping(true)}>
            Skip
          </Button>
        </div>
        {skipping ? (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void skip(String(new FormData(event.currentTarget).get("reason")));
            }}
            className="space-y-2"
          >
            <label className="block text-sm">
              <span className="font-medium text-slate-700">Why skip?</span>
              <input name="reason" required autoFocus className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5" />
            </label>
            <Button type="submit" variant="secondary">
              Skip this item
            </Button>
          </form>
        ) : null}
      </aside>
    </div>
  );
}
