"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api } from "@/lib/client/api";
import { splitEmailList } from "@/lib/validation/email-list";
import { MAX_MEMBERS_AT_ONCE } from "@/lib/validation/members";
import { RoleOptions, roleSelectClass, type Role } from "./roles";

interface EntryResult {
  entry: string;
  status: "added" | "invited" | "member" | "invalid";
  email: string | null;
  message?: string;
}

const STATUS_TEXT: Record<EntryResult["status"], string> = {
  added: "Added.",
  invited: "Invited.",
  member: "Already a member.",
  invalid: "Not an email.",
};
const STATUS_TONE: Record<EntryResult["status"], string> = {
  added: "bg-emerald-50 text-emerald-800",
  invited: "bg-brand-50 text-brand-700",
  member: "bg-slate-100 text-slate-700",
  invalid: "bg-red-50 text-red-700",
};

/**
 * Adds a pasted list of emails with one role: commas, spaces, new lines and `Name <email>` all work. Each entry's
 * outcome is listed under the field; the entries that were not emails stay in it, to be corrected.
 */
export function PasteMembersForm({ projectId, onAdded }: { projectId: string; onAdded: () => unknown }) {
  const fieldId = useId();
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (body: { emails: string[]; role: Role }) => api<{ results: EntryResult[] }>(`/projects/${projectId}/members`, { method: "POST", json: body }),
    onSettled: onAdded,
    onError: (error: Error) => setProblem(error.message),
    onSuccess: ({ results }) => {
      setProblem(null);
      setText(results.filter((result) => result.status === "invalid").map((result) => result.entry).join("\n"));
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const emails = splitEmailList(text);
    if (!emails.length) return setProblem("Paste at least one email.");
    if (emails.length > MAX_MEMBERS_AT_ONCE) return setProblem(`At most ${MAX_MEMBERS_AT_ONCE} emails at once; this list has ${emails.length}.`);
    add.mutate({ emails, role: new FormData(event.currentTarget).get("role") as Role });
  }

  return (
    <form onSubmit={submit} className="mt-4 space-y-2 border-t border-slate-100 pt-4" aria-describedby={problem ? `${fieldId}-problem` : undefined}>
      <label htmlFor={fieldId} className="block text-sm font-medium text-slate-700">
        Add several by email
      </label>
      <textarea
        id={fieldId}
        value={text}
        onChange={(event) => setText(event.target.value)}
        rows={3}
        placeholder={"ana@example.com, Ben Ode <ben@example.com>\none per line works too"}
        aria-invalid={problem ? true : undefined}
        className="w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm"
      />
      {problem ? (
        <p id={`${fieldId}-problem`} role="alert" className="text-sm text-red-700">
          {problem}
        </p>
      ) : null}
      <div className="flex items-center gap-2">
        <select name="role" aria-label="Role for the pasted emails" defaultValue="labeler" className={roleSelectClass}>
          <RoleOptions />
        </select>
        <Button type="submit" variant="secondary" disabled={add.isPending}>
          Add all
        </Button>
      </div>
      {add.data ? (
        <ul aria-label="What happened to each pasted email" className="space-y-1 text-sm">
          {add.data.results.map((result) => (
            <li key={result.entry} className="flex items-start justify-between gap-2">
              <span className="min-w-0 truncate text-slate-900">{result.entry}</span>
              <span className={`shrink-0 rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_TONE[result.status]}`}>
                {result.status === "member" && result.message ? result.message : STATUS_TEXT[result.status]}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {add.data?.results.some((result) => result.status === "invalid") ? (
        <Alert tone="info">The entries that are not emails are left in the field to correct.</Alert>
      ) : null}
    </form>
  );
}
