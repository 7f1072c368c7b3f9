"use client";
// Proposed guideline changes on the guidelines page: each with its example items (links to their review) and its
// difference from the current text. Managers edit a draft, publish it after confirming the difference, or turn it
// down with a note; turned-down drafts stay listed with that note, for their author.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { api } from "@/lib/client/api";
import { diffMarkdown } from "@/lib/guidelines/diff";
import { DraftFields } from "./draft-form";
import { GuidelineDiff } from "./guideline-diff";

interface Draft {
  id: string;
  body: string;
  changeNote: string;
  examples: { itemId: string; originalName: string }[];
  author: string | null;
  createdAt: string;
  editedAt: string | null;
  publishedVersion: number | null;
  rejection: { at: string; by: string | null; note: string } | null;
}

const formatDate = (date: string) => new Date(date).toLocaleDateString("en", { dateStyle: "medium" });

export function GuidelineDraftsPanel({ projectId, currentBody, nextVersion, canPublish }: { projectId: string; currentBody: string; nextVersion: number; canPublish: boolean }) {
  const key = ["projects", projectId, "guideline-drafts"];
  const drafts = useQuery({ queryKey: key, queryFn: () => api<{ drafts: Draft[] }>(`/projects/${projectId}/guideline-drafts`) });
  const waiting = drafts.data?.drafts.filter((draft) => draft.publishedVersion === null && !draft.rejection) ?? [];
  const turnedDown = drafts.data?.drafts.filter((draft) => draft.rejection) ?? [];
  if (!waiting.length && !turnedDown.length) return null;
  return (
    <div id="drafts" className="space-y-6">
      {waiting.length ? (
        <Card title="Proposed changes">
          <ul className="space-y-6">
            {waiting.map((draft) => (
              <WaitingDraft key={draft.id} projectId={projectId} draft={draft} currentBody={currentBody} nextVersion={nextVersion} canPublish={canPublish} />
            ))}
          </ul>
        </Card>
      ) : null}
      {turnedDown.length ? (
        <Card title="Turned-down drafts">
          <ul className="space-y-3 text-sm">
            {turnedDown.map((draft) => (
              <li key={draft.id}>
                <p>
                  <span className="font-medium text-slate-900">{draft.changeNote}</span>
                  <span className="text-slate-600"> · drafted by {draft.author ?? "someone"}</span>
                </p>
                <p className="text-slate-700">
                  Turned down by {draft.rejection!.by ?? "a manager"} on {formatDate(draft.rejection!.at)}: {draft.rejection!.note}
                </p>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}

function WaitingDraft({ projectId, draft, currentBody, nextVersion, canPublish }: { projectId: string; draft: Draft; currentBody: string; nextVersion: number; canPublish: boolean }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [mode, setMode] = useState<"view" | "edit" | "reject" | "confirm">("view");
  const path = `/projects/${projectId}/guideline-drafts/${draft.id}`;
  const change = useMutation({
    mutationFn: ({ action, json }: { action: "edit" | "reject" | "publish"; json?: object }) =>
      action === "edit" ? api(path, { method: "PATCH", json }) : api(`${path}/${action}`, { method: "POST", ...(json ? { json } : {}) }),
    onSuccess: async (_, { action }) => {
      setMode("view");
      await queryClient.invalidateQueries({ queryKey: ["projects", projectId, "guideline-drafts"] });
      // A published version changes the page around the panel: the current text, the history.
      if (action === "publish") router.refresh();
    },
  });
  const diff = <GuidelineDiff blocks={diffMarkdown(currentBody, draft.body)} label={`Proposed change: ${draft.changeNote}`} />;
  const error = change.error ? <Alert tone="error">{change.error.message}</Alert> : null;
  return (
    <li className="space-y-2">
      <p className="text-sm">
        <span className="font-medium text-slate-900">{draft.changeNote}</span>
        <span className="text-slate-600">
          {" "}
          · drafted by {draft.author ?? "someone"} · {formatDate(draft.createdAt)}
          {draft.editedAt ? ` · edited by a manager on ${formatDate(draft.editedAt)}` : ""}
        </span>
      </p>
      {draft.examples.length ? (
        <p className="text-xs text-slate-700">
          Examples:{" "}
          {draft.examples.map((example, index) => (
            <span key={example.itemId}>
              {index ? ", " : ""}
              <Link href={`/projects/${projectId}/review?item=${example.itemId}`} className="text-brand-700 underline">
                {example.originalName}
              </Link>
            </span>
          ))}
        </p>
      ) : null}
      {mode === "edit" ? (
        <ChangeForm
          label={`Edit the draft: ${draft.changeNote}`}
          submit="Save the edit"
          pending={change.isPending}
          error={error}
          onCancel={() => setMode("view")}
          onSubmit={(form) => change.mutate({ action: "edit", json: { body: String(form.get("body")), changeNote: String(form.get("changeNote")) } })}
        >
          <DraftFields changeNote={draft.changeNote} body={draft.body} autoFocus />
        </ChangeForm>
      ) : (
        diff
      )}
      {mode === "reject" ? (
        <ChangeForm
          label={`Turn down: ${draft.changeNote}`}
          submit="Turn down"
          pending={change.isPending}
          error={error}
          onCancel={() => setMode("view")}
          onSubmit={(form) => change.mutate({ action: "reject", json: { note: String(form.get("note")) } })}
        >
          <label className="block text-sm">
            <span className="text-slate-700">Why not (the author reads this)</span>
            <textarea name="note" required maxLength={2000} rows={2} autoFocus className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5" />
          </label>
        </ChangeForm>
      ) : null}
      {canPublish && mode === "view" ? (
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => setMode("confirm")} aria-label={`Publish: ${draft.changeNote}`}>
            Publish…
          </Button>
          <Button variant="secondary" onClick={() => setMode("edit")} aria-label={`Edit: ${draft.changeNote}`}>
            Edit
          </Button>
          <Button variant="secondary" onClick={() => setMode("reject")} aria-label={`Turn down: ${draft.changeNote}`}>
            Turn down…
          </Button>
        </div>
      ) : null}
      {mode === "view" ? error : null}
      <Dialog open={mode === "confirm"} onClose={() => setMode("view")} title={`Publish “${draft.changeNote}” as version ${nextVersion}?`}>
        <p className="text-sm text-slate-700">
          Labelers will be asked to read what changed before they take their next item. Drafted by {draft.author ?? "someone"}, who is credited on the version.
        </p>
        {diff}
        {error}
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={() => setMode("view")} autoFocus>
            Cancel
          </Button>
          <Button onClick={() => change.mutate({ action: "publish" })} disabled={change.isPending}>
            Publish version {nextVersion}
          </Button>
        </div>
      </Dialog>
    </li>
  );
}

/** A manager's form on a draft (edit, turn down): its fields, the server's refusal under them, submit and cancel. */
function ChangeForm({
  label,
  submit,
  pending,
  error,
  onSubmit,
  onCancel,
  children,
}: {
  label: string;
  submit: string;
  pending: boolean;
  error: ReactNode;
  onSubmit: (form: FormData) => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <form
      aria-label={label}
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(new FormData(event.currentTarget));
      }}
    >
      {children}
      {error}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {submit}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
