"use client";
// Skipping an item: the project's reasons (keys 1–9) or "Other" (key 0) with the labeler's own words, so the
// dashboard can count skips by reason and a reviewer reads why. A modal dialog: the workspace's keys wait meanwhile.
import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { OTHER_SKIP_REASON } from "@/lib/labeling/skip-reasons";

type SkipChoice = { reason: string; note?: string };

export function SkipDialog({ open, reasons, busy, onSkip, onClose }: { open: boolean; reasons: readonly string[]; busy: boolean; onSkip: (choice: SkipChoice) => void; onClose: () => void }) {
  // The form lives only while the dialog is open: each opening starts with nothing chosen.
  return (
    <Dialog open={open} onClose={onClose} title="Why skip this item?" width="narrow">
      <SkipForm reasons={reasons} busy={busy} onSkip={onSkip} onCancel={onClose} />
    </Dialog>
  );
}

function SkipForm({ reasons, busy, onSkip, onCancel }: { reasons: readonly string[]; busy: boolean; onSkip: (choice: SkipChoice) => void; onCancel: () => void }) {
  const noteField = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const ids = useId();
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const choose = (chosen: string) => {
    setReason(chosen);
    setProblem(null);
    if (chosen === OTHER_SKIP_REASON) setTimeout(() => noteField.current?.focus());
  };
  const options = [...reasons.map((label, index) => ({ value: label, label, key: String(index + 1) })), { value: OTHER_SKIP_REASON, label: "Other", key: "0" }];

  return (
    <form
      ref={form}
      className="space-y-3"
      noValidate
      onKeyDown={(event) => {
        if (event.target === noteField.current || event.ctrlKey || event.metaKey || event.altKey) return;
        // Enter on a chosen reason skips, as it would from the note field.
        if (event.key === "Enter" && !(event.target instanceof HTMLButtonElement)) {
          event.preventDefault();
          form.current?.requestSubmit();
          return;
        }
        const option = options.find((candidate) => candidate.key === event.key);
        if (option) {
          event.preventDefault();
          choose(option.value);
        }
      }}
      onSubmit={(event) => {
        event.preventDefault();
        if (!reason) return setProblem("Choose a reason.");
        if (reason === OTHER_SKIP_REASON && !note.trim()) {
          setProblem("Say why you skip.");
          return noteField.current?.focus();
        }
        onSkip(reason === OTHER_SKIP_REASON ? { reason, note: note.trim() } : { reason });
      }}
    >
      <div role="radiogroup" aria-label="Why skip?" className="space-y-1">
        {options.map((option) => (
          <label key={option.value} className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1 text-sm hover:bg-slate-50">
            <input type="radio" name="reason" value={option.value} checked={reason === option.value} onChange={() => choose(option.value)} autoFocus={option.key === "1"} />
            <kbd className="w-4 text-center font-mono text-xs text-slate-600">{option.key}</kbd>
            {option.label}
          </label>
        ))}
      </div>
      {reason === OTHER_SKIP_REASON ? (
        <label className="block text-sm">
          <span className="font-medium text-slate-700">Why? (required with Other)</span>
          <input
            ref={noteField}
            value={note}
            onChange={(event) => {
              setNote(event.target.value);
              setProblem(null);
            }}
            maxLength={2000}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${ids}-problem` : undefined}
            className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5"
          />
        </label>
      ) : null}
      {problem ? (
        <p id={`${ids}-problem`} role="alert" className="text-sm font-medium text-red-700">
          {problem}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={busy}>
          Skip this item
        </Button>
      </div>
    </form>
  );
}
