"use client";
// The labeling screen's frame, common to images and audio: leases tasks (one prefetched ahead),
// keeps the answer with undo/redo, autosaves drafts (after a pause and when the page is left),
// submits (Ctrl+Enter) or skips with one of the project's reasons, and never drops work on an error. The actions and
// the labeler's progress sit in one bar above the media, so Submit stays in place whatever the panels beside hold.
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api, ApiError } from "@/lib/client/api";
import { labelForKey, withClassification } from "@/lib/labeling/answers";
import { record, redo, startHistory, undo } from "@/lib/labeling/history";
import { isFinalRefusal, localTime, taskMessage } from "@/lib/labeling/task-messages";
import type { ResultEntry } from "@/lib/validation/annotation";
import type { MediaKind, Task } from "@/lib/validation/project";
import { useActiveTime } from "./active-time";
import { ClassificationPanel, TranscriptPanel, type Change } from "./answer-panels";
import { MediaWorkspace, mediaKindOf, preloadMediaWorkspace } from "./media-workspace";
import { ShortcutHelp } from "./shortcut-help";
import { SkipDialog } from "./skip-dialog";
import { AUDIO_SHORTCUTS, IMAGE_SHORTCUTS } from "./shortcuts";
import { useAnswerCheck } from "./use-answer-check";
import { TaskMessageBox, type WorkspaceMessage } from "./task-message";
import { useTaskQueue, type Lease } from "./use-task-queue";
import { useDraftAutosave } from "./use-draft-autosave";
import { shortcutsPaused } from "./workspace-types";

type Progress = { mine: number; mineSkipped: number; today: number | null; complete: number; items: number };

/** The labeler's progress in the project, today's counted from their local midnight; `refresh` after a submit or skip. */
function useProgress(projectId: string): { progress: Progress | null; refresh: () => void } {
  const [progress, setProgress] = useState<Progress | null>(null);
  const refresh = useCallback(() => {
    const midnight = new Date();
    midnight.setHours(0, 0, 0, 0);
    // Progress is a courtesy: when it cannot be read the workspace goes on without it.
    void api<Progress>(`/projects/${projectId}/progress?since=${encodeURIComponent(midnight.toISOString())}`).then(setProgress, () => setProgress(null));
  }, [projectId]);
  useEffect(refresh, [refresh]);
  return { progress, refresh };
}

function ProgressLine({ progress }: { progress: Progress | null }) {
  if (!progress) return null;
  return (
    <p className="text-xs text-slate-600" data-testid="labeling-progress">
      You submitted <strong className="text-slate-800">{progress.mine}</strong> of {progress.items} items in this project; <strong className="text-slate-800">{progress.today ?? 0}</strong> today
    </p>
  );
}

export function LabelingWorkspace({
  projectId,
  mediaKind,
  tasks,
  skipReasons,
  idleAfterMs,
}: {
  projectId: string;
  mediaKind: MediaKind;
  tasks: Task[];
  skipReasons: readonly string[];
  idleAfterMs: number;
}) {
  // The workspace's code loads while the first task is leased; a failure shows where the workspace would be.
  useEffect(() => void preloadMediaWorkspace(mediaKind).catch(() => undefined), [mediaKind]);
  const queue = useTaskQueue(projectId);
  const [finished, setFinished] = useState({ submitted: 0, skipped: 0 });
  const [notice, setNotice] = useState<string | null>(null);
  const { progress, refresh } = useProgress(projectId);

  if (queue.error) return <Alert tone="error">{queue.error}</Alert>;
  if (queue.current === undefined) return <p className="text-sm text-slate-600">Loading the next item…</p>;
  if (queue.current === null) return <NoMoreTasks projectId={projectId} session={finished} lastOutcome={notice} />;
  return (
    <TaskEditor
      // A reloaded lease with a newer draft is a new editor: its history starts from that draft.
      key={`${queue.current.assignment.id}@${queue.current.assignment.draftVersion}`}
      lease={queue.current}
      tasks={tasks}
      skipReasons={skipReasons}
      idleAfterMs={idleAfterMs}
      notice={notice}
      progress={<ProgressLine progress={progress} />}
      onReload={queue.reload}
      onFinished={async (outcome, name) => {
        setFinished((counts) => ({ ...counts, [outcome]: counts[outcome] + 1 }));
        setNotice(`${outcome === "submitted" ? "Submitted" : "Skipped"} ${name}.`);
        refresh();
        await queue.advance();
      }}
    />
  );
}

/** The end of the queue, still saying what became of the last task. */
function NoMoreTasks({ projectId, session, lastOutcome }: { projectId: string; session: { submitted: number; skipped: number }; lastOutcome: string | null }) {
  const [totals, setTotals] = useState<{ mine: number; mineSkipped: number; complete: number; items: number } | null>(null);
  useEffect(() => {
    void api<typeof totals>(`/projects/${projectId}/progress`).then(setTotals, () => setTotals(null));
  }, [projectId]);
  return (
    <div className="space-y-3">
      {lastOutcome ? <Alert tone="info">{lastOutcome}</Alert> : null}
      <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
        <h2 className="text-base font-semibold">No more tasks</h2>
        <p className="mt-2 text-sm text-slate-600">
          This session: {session.submitted} submitted, {session.skipped} skipped.
          {totals ? ` In this project you have submitted ${totals.mine} and skipped ${totals.mineSkipped}; ${totals.complete} of ${totals.items} items have all their labels.` : ""}
        </p>
        <p className="mt-1 text-sm text-slate-600">New items appear here as they are imported.</p>
      </div>
    </div>
  );
}

/** A revision of the labeler's own answer says so, with the reviewer's reason when a reviewer asked for it. */
function RevisionNotice({ revision }: { revision: NonNullable<Lease["revision"]> }) {
  return (
    <Alert tone="info">
      {revision.request
        ? `A reviewer asked you to revise your answer (revision ${revision.of}): “${revision.request.reason}” Your answer is loaded: change what you now see differently and submit, or skip to leave it as it was.`
        : `You are revising your answer (revision ${revision.of}); it is loaded as you submitted it.`}
    </Alert>
  );
}

export function TaskEditor({
  lease,
  tasks,
  skipReasons,
  idleAfterMs,
  notice,
  progress,
  onReload,
  onFinished,
}: {
  lease: Lease;
  tasks: Task[];
  skipReasons: readonly string[];
  idleAfterMs: number;
  notice: string | null;
  /** Shown in the action bar: how far the labeler is. */
  progress?: ReactNode;
  onReload: () => Promise<void>;
  onFinished: (outcome: "submitted" | "skipped", name: string) => Promise<void>;
}) {
  const [history, setHistory] = useState(() => startHistory<ResultEntry[]>(lease.draft?.result ?? lease.revision?.result ?? lease.prefill?.result ?? []));
  const [message, setMessage] = useState<WorkspaceMessage | null>(null);
  const [skipping, setSkipping] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  // "Guidelines unclear" sends the item to a reviewer with the note, whatever the agreement.
  const [unclear, setUnclear] = useState<{ checked: boolean; note: string }>({ checked: false, note: "" });
  const measured = useActiveTime(idleAfterMs);
  const activeMs = useCallback(() => (lease.draft?.activeMs ?? 0) + measured(), [lease, measured]);
  const result = history.present;
  /** A failed save, submit or skip, explained in the labeler's words and local time; `worded` words a passing failure. */
  const refused = useCallback((error: unknown, worded = (reason: string) => reason) => {
    if (error instanceof ApiError && isFinalRefusal(error.status)) {
      const { text, action } = taskMessage(error, (iso) => localTime(iso, new Date()));
      setMessage({ tone: "error", text, refusal: { action } });
    } else setMessage({ tone: "error", text: worded((error as Error).message), refusal: { action: null } });
  }, []);
  const drafts = useDraftAutosave(lease.assignment.id, lease.assignment.draftVersion, result, activeMs, (error) =>
    refused(error, (reason) => `Draft not saved: ${reason} Your work is still here.`),
  );
  const check = useAnswerCheck(tasks, lease.item, result);
  const [historyVersion, setHistoryVersion] = useState(0);
  const classificationTasks = tasks.filter((task) => task.type === "classification");
  const transcriptTasks = tasks.filter((task) => task.type === "transcript");

  const change: Change = useCallback(
    (next, coalesceKey) => {
      drafts.markDirty();
      setHistory((current) => record(current, next, coalesceKey ?? null));
    },
    [drafts],
  );
  const step = useCallback(
    (move: typeof undo) => {
      drafts.markDirty();
      setHistory((current) => move(current));
      setHistoryVersion((version) => version + 1);
    },
    [drafts],
  );

  /** A submit or skip that did not go through: explained, and autosave goes on unless the refusal is final. */
  const notDone = (error: unknown) => {
    refused(error);
    if (!(error instanceof ApiError && isFinalRefusal(error.status))) drafts.resume();
    setBusy(false);
  };

  /** After a submit or skip went through: on to the next task; if that fails, say so (the work is stored). */
  const finish = async (outcome: "submitted" | "skipped") => {
    try {
      await onFinished(outcome, lease.item.originalName);
    } catch (error) {
      setMessage({ tone: "error", text: `${outcome === "submitted" ? "Submitted" : "Skipped"} ${lease.item.originalName}, but the next task could not be loaded: ${(error as Error).message} Reload the page to go on.` });
    }
  };

  const submit = useCallback(async () => {
    // What the server would refuse (a required task unanswered, a shape without area) is shown, not sent.
    if (busy || !check.ready()) return;
    setBusy(true);
    await drafts.stop();
    try {
      await api(`/assignments/${lease.assignment.id}/submit`, {
        method: "POST",
        json: {
          result,
          activeMs: activeMs(),
          draftVersion: drafts.version(),
          client: { viewport: `${window.innerWidth}x${window.innerHeight}`, timezone: Intl.DateTimeFormat().resolvedOptions().timeZone },
          ...(unclear.checked ? { guidelinesUnclear: true, note: unclear.note || undefined } : {}),
        },
      });
    } catch (error) {
      // The answer stays on screen: a 409 (another tab, expired lease) is explained, nothing is lost.
      notDone(error);
      return;
    }
    await finish("submitted");
  }, [busy, check, lease, result, activeMs, drafts, finish, notDone, unclear]);

  const skip = async (choice: { reason: string; note?: string }) => {
    setBusy(true);
    setSkipping(false);
    await drafts.stop();
    try {
      await api(`/assignments/${lease.assignment.id}/skip`, { method: "POST", json: choice });
    } catch (error) {
      notDone(error);
      return;
    }
    await finish("skipped");
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const control = event.ctrlKey || event.metaKey;
      if (control && event.key === "Enter" && !document.querySelector("dialog[open]")) {
        event.preventDefault();
        void submit();
        return;
      }
      if (shortcutsPaused(event) || event.defaultPrevented) return;
      if (control && event.key.toLowerCase() === "z") {
        event.preventDefault();
        step(event.shiftKey ? redo : undo);
        return;
      }
      if (control && event.key.toLowerCase() === "y") {
        event.preventDefault();
        step(redo);
        return;
      }
      if (control || event.altKey) return;
      if (event.key === "?") {
        setHelpOpen(true);
        return;
      }
      const task = classificationTasks[0];
      const label = task && !event.shiftKey ? labelForKey(task, event.key) : undefined;
      if (task && label) change(withClassification(result, task, label));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const kind = mediaKindOf(lease.item);
  const sidebar = (
    <>
      <ClassificationPanel tasks={classificationTasks} result={result} onChange={change} keysActive problems={check.problems?.found.tasks} />
      <TranscriptPanel tasks={transcriptTasks} result={result} onChange={change} problems={check.problems?.found.tasks} />
      <div className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
        <label className="flex items-center gap-2 text-slate-700">
          <input type="checkbox" checked={unclear.checked} onChange={(event) => setUnclear({ ...unclear, checked: event.target.checked })} />
          The guidelines are unclear for this item
        </label>
        {unclear.checked ? (
          <label className="mt-2 block">
            <span className="text-xs text-slate-600">What is unclear? (goes to the reviewer)</span>
            <input
              value={unclear.note}
              onChange={(event) => setUnclear({ ...unclear, note: event.target.value })}
              maxLength={2000}
              className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5"
            />
          </label>
        ) : null}
      </div>
      {check.summary ? <Alert tone="error">{check.summary}</Alert> : notice ? <Alert tone="info">{notice}</Alert> : null}
    </>
  );

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white px-3 py-1.5" role="toolbar" aria-label="Task actions">
        <div className="min-w-0">
          <p className="truncate text-sm font-medium text-slate-800" data-testid="item-name">
            {lease.item.originalName}
          </p>
          {progress}
        </div>
        <div className="flex flex-wrap items-center gap-1">
          <Button variant="ghost" onClick={() => step(undo)} disabled={!history.past.length} aria-label="Undo" title="Undo (Ctrl+Z)">
            ↶ Undo
          </Button>
          <Button variant="ghost" onClick={() => step(redo)} disabled={!history.future.length} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">
            ↷ Redo
          </Button>
          <Button variant="ghost" onClick={() => setHelpOpen(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
            ? Shortcuts
          </Button>
          <Button variant="secondary" onClick={() => setSkipping(true)} disabled={busy} className="ml-2">
            Skip
          </Button>
          <Button onClick={() => void submit()} disabled={busy}>
            Submit <kbd className="text-xs opacity-80">Ctrl+Enter</kbd>
          </Button>
        </div>
      </div>
      {lease.revision ? <RevisionNotice revision={lease.revision} /> : null}
      {lease.prefill && !lease.revision ? (
        <Alert tone="info">
          Pre-filled from the model {lease.prefill.model.name} {lease.prefill.model.version}: check every label, and change or remove what you see differently.
        </Alert>
      ) : null}
      {message ? <TaskMessageBox key={message.text} message={message} answer={result} onReload={onReload} /> : null}
      <MediaWorkspace kind={kind} placeholder="Loading the workspace…" item={lease.item} tasks={tasks} result={result} onChange={change} sidebar={sidebar} historyVersion={historyVersion} problems={check.problems} fillHeight />
      <SkipDialog open={skipping} reasons={skipReasons} busy={busy} onSkip={(choice) => void skip(choice)} onClose={() => setSkipping(false)} />
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} shortcuts={kind === "image" ? IMAGE_SHORTCUTS : AUDIO_SHORTCUTS} />
    </div>
  );
}
