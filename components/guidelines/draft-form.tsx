"use client";
// A reviewer drafts a guideline change from a decided item (offered at once after a "guideline gap"): the current text to
// edit, a change note, and the item that showed the gap as its example.
import { useMutation, useQuery } from "@tanstack/react-query";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/client/api";

export function GuidelineDraftForm({
  projectId,
  example,
  decisionId,
  autoFocus = false,
  onDone,
}: {
  projectId: string;
  example: { itemId: string; name: string };
  decisionId: string;
  /** Opened by the reviewer's own click (not offered after a decision): the change note takes the keyboard. */
  autoFocus?: boolean;
  onDone: () => void;
}) {
  const current = useQuery({ queryKey: ["projects", projectId, "guidelines"], queryFn: () => api<{ status: { current: { body: string } | null } }>(`/projects/${projectId}/guidelines`) });
  const save = useMutation({
    mutationFn: (draft: { body: string; changeNote: string }) => api(`/projects/${projectId}/guideline-drafts`, { method: "POST", json: { ...draft, exampleItemIds: [example.itemId], decisionId } }),
  });
  if (save.isSuccess) {
    return (
      <Alert tone="success">
        Draft saved with {example.name} as its example; a manager can publish it from the guidelines page.{" "}
        <button type="button" className="underline" onClick={onDone}>
          Close
        </button>
      </Alert>
    );
  }
  if (!current.data) return null;
  return (
    <form
      aria-label="Draft a guideline change"
      className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        save.mutate({ body: String(form.get("body")), changeNote: String(form.get("changeNote")) });
      }}
    >
      <p className="text-sm font-semibold text-slate-900">Draft a guideline clarification ({example.name} is the example)</p>
      <DraftFields changeNote="" body={current.data.status.current?.body ?? ""} autoFocus={autoFocus} />
      {save.error ? <Alert tone="error">{save.error.message}</Alert> : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={save.isPending}>
          Save draft
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Not now
        </Button>
      </div>
    </form>
  );
}

/** A draft's change note and whole text, as a form's "changeNote" and "body" fields: written by a reviewer, edited by a manager. */
export function DraftFields({ changeNote, body, autoFocus = false }: { changeNote: string; body: string; autoFocus?: boolean }) {
  return (
    <>
      <label className="block text-sm">
        <span className="text-slate-700">What changes</span>
        <input name="changeNote" required maxLength={2000} defaultValue={changeNote} autoFocus={autoFocus} className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5" />
      </label>
      <label className="block text-sm">
        <span className="text-slate-700">Guidelines (markdown)</span>
        <textarea name="body" rows={8} defaultValue={body} className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-xs" />
      </label>
    </>
  );
}
