"use client";
// Managers edit the current guidelines where they read them: markdown on the left, the page as labelers will see it
// on the right, and a change note; saving makes the next version (PATCH /projects/{id}, as the settings do).
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useDeferredValue, useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useLeaveWarning } from "@/components/ui/use-leave-warning";
import { api } from "@/lib/client/api";
import { GuidelinesMarkdown } from "./guidelines-markdown";

const DISCARD_QUESTION = "Your edits to the guidelines are not saved. Leave and lose them?";

export function GuidelinesEditor({ projectId, currentBody, currentVersion }: { projectId: string; currentBody: string; currentVersion: number | null }) {
  const router = useRouter();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(currentBody);
  const [changeNote, setChangeNote] = useState("");
  const [noteProblem, setNoteProblem] = useState<string | null>(null);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  // The preview follows typing without holding it up on a long text.
  const preview = useDeferredValue(body);
  const dirty = editing && (body !== currentBody || changeNote.trim() !== "");
  useLeaveWarning(dirty, DISCARD_QUESTION);

  const save = useMutation({
    mutationFn: () => api(`/projects/${projectId}`, { method: "PATCH", json: { guidelines: body, guidelinesChangeNote: changeNote.trim(), guidelinesBaseVersion: currentVersion ?? 0 } }),
    onSuccess: () => {
      setSavedVersion((currentVersion ?? 0) + 1);
      setEditing(false);
      setChangeNote("");
      router.refresh();
    },
  });

  function start() {
    setBody(currentBody);
    setSavedVersion(null);
    save.reset();
    setEditing(true);
  }

  function cancel() {
    if (dirty && !window.confirm(DISCARD_QUESTION)) return;
    setEditing(false);
    setNoteProblem(null);
    setChangeNote("");
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = changeNote.trim() ? null : "Say what changed: labelers see it with the new version.";
    setNoteProblem(problem);
    if (!problem) save.mutate();
  }

  if (!editing) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" onClick={start}>
          Edit guidelines
        </Button>
        {savedVersion ? <Alert tone="success">Saved as version {savedVersion}. Labelers confirm it before they label again.</Alert> : null}
      </div>
    );
  }
  const unchanged = body === currentBody;
  return (
    <form onSubmit={submit} aria-label="Edit the guidelines" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="flex flex-col">
          <label htmlFor={`${id}-body`} className="mb-1 text-sm font-medium text-slate-700">
            Guidelines (markdown)
          </label>
          <textarea
            id={`${id}-body`}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            rows={22}
            maxLength={200_000}
            spellCheck
            className="min-h-80 flex-1 rounded-md border border-slate-300 px-3 py-2 font-mono text-xs leading-5"
          />
        </div>
        <section aria-label="Preview" className="flex flex-col">
          <h2 className="mb-1 text-sm font-medium text-slate-700">Preview</h2>
          <div className="min-h-80 flex-1 overflow-y-auto rounded-md border border-dashed border-slate-300 p-4">
            <GuidelinesMarkdown markdown={preview} />
          </div>
        </section>
      </div>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-note`} className="block text-sm font-medium text-slate-700">
          What changed
        </label>
        <input
          id={`${id}-note`}
          value={changeNote}
          onChange={(event) => setChangeNote(event.target.value)}
          maxLength={2000}
          placeholder="e.g. Borderline scratches: shorter than 2 mm count as ok"
          aria-invalid={noteProblem ? true : undefined}
          aria-describedby={noteProblem ? `${id}-note-problem` : undefined}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm aria-[invalid=true]:border-red-500"
        />
        {noteProblem ? (
          <p id={`${id}-note-problem`} className="text-sm text-red-700">
            {noteProblem}
          </p>
        ) : null}
      </div>
      {save.error ? <Alert tone="error">Not saved: {save.error.message}</Alert> : null}
      <div className="flex items-center gap-2">
        <Button type="submit" disabled={save.isPending || unchanged}>
          Save as version {(currentVersion ?? 0) + 1}
        </Button>
        <Button type="button" variant="ghost" onClick={cancel}>
          Cancel
        </Button>
        {unchanged ? <span className="text-xs text-slate-600">Edit the text to save a new version.</span> : null}
      </div>
    </form>
  );
}
