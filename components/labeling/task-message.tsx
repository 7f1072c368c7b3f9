"use client";
// The workspace's message, by the item's header where the labeler sees it: when a save, submit or
// skip was refused it offers to copy the answer (the result JSON) and, where it helps, to load the
// task's newer version or ask for a task again.
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { TaskMessage } from "@/lib/labeling/task-messages";
import type { ResultEntry } from "@/lib/validation/annotation";

export interface WorkspaceMessage {
  tone: "error" | "info";
  text: string;
  /** Set when a save, submit or skip was refused: the answer can be copied, and `action` may recover. */
  refusal?: { action: TaskMessage["action"] };
}

const ACTION_LABELS = { "load-newer-version": "Load the newer version", "ask-again": "Ask for a task again" } as const;

export function TaskMessageBox({ message, answer, onReload }: { message: WorkspaceMessage; answer: ResultEntry[]; onReload: () => Promise<void> }) {
  const box = useRef<HTMLDivElement>(null);
  const [copy, setCopy] = useState<"copied" | "refused" | null>(null);
  const [reload, setReload] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const json = JSON.stringify(answer, null, 2);

  // The labeler may have scrolled down to the sidebar's buttons: the message comes into view. (A block
  // body: Chromium's scrollIntoView now returns a promise, which React would take for a cleanup.)
  useEffect(() => {
    box.current?.scrollIntoView({ block: "nearest" });
  }, [message]);

  const copyAnswer = async () => {
    try {
      await navigator.clipboard.writeText(json);
      setCopy("copied");
    } catch {
      // No clipboard (an insecure origin, or refused): the text is shown, selected, to copy by hand.
      setCopy("refused");
    }
  };

  const reloadTask = async () => {
    setReload({ busy: true, error: null });
    try {
      await onReload();
      setReload({ busy: false, error: null });
    } catch (error) {
      setReload({ busy: false, error: `It could not be loaded: ${(error as Error).message}` });
    }
  };

  return (
    <div ref={box} data-testid="task-message">
      <Alert tone={message.tone}>
        <p>{message.text}</p>
        {message.refusal ? (
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <Button variant="secondary" onClick={() => void copyAnswer()}>
              Copy answer
            </Button>
            {message.refusal.action ? (
              <Button onClick={() => void reloadTask()} disabled={reload.busy}>
                {ACTION_LABELS[message.refusal.action]}
              </Button>
            ) : null}
            {copy === "copied" ? (
              <span role="status" className="text-slate-700">
                Copied your answer ({answer.length} {answer.length === 1 ? "entry" : "entries"}, JSON) to the clipboard.
              </span>
            ) : null}
            {reload.error ? <span className="text-red-700">{reload.error}</span> : null}
          </div>
        ) : null}
        {copy === "refused" ? (
          <label className="mt-2 block">
            <span className="text-slate-700">The browser did not allow copying: select this text and copy it (Ctrl+C).</span>
            <textarea readOnly value={json} rows={6} autoFocus onFocus={(event) => event.currentTarget.select()} className="mt-1 block w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs text-slate-800" />
          </label>
        ) : null}
      </Alert>
    </div>
  );
}
