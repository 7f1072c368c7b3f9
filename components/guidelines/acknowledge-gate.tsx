"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { api, ApiError } from "@/lib/client/api";
import { diffMarkdown } from "@/lib/guidelines/diff";
import type { GuidelinesOverviewJson, GuidelineStatusJson } from "@/lib/validation/guidelines";
import { GuidelineDiff } from "./guideline-diff";
import { GuidelinesMarkdown } from "./guidelines-markdown";

/**
 * Shows its children only once the caller has acknowledged the project's current guidelines; until then,
 * what changed since the version they last acknowledged (or the whole text, the first time) and a button to confirm.
 * The page's server render answers the first check (`initialStatus`), so the work behind the gate starts with the
 * page; a newer version published meanwhile invalidates the guidelines' queries (/next answers 409), which checks again.
 */
export function GuidelinesGate({ projectId, initialStatus, children }: { projectId: string; initialStatus: GuidelineStatusJson; children: ReactNode }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const titleId = useId();
  const key = ["projects", projectId, "guidelines", "status"];
  const guidelines = useQuery({
    queryKey: key,
    queryFn: () => api<GuidelinesOverviewJson>(`/projects/${projectId}/guidelines`).then((overview) => overview.status),
    initialData: initialStatus,
    // Not again on mount or focus: a refetch must never swap out work in progress for the panel.
    refetchOnMount: false,
    refetchOnWindowFocus: false,
  });
  const acknowledge = useMutation({
    mutationFn: (version: number) => api<GuidelineStatusJson>(`/projects/${projectId}/guidelines/acknowledge`, { method: "POST", json: { version } }),
    onSuccess: (status) => {
      queryClient.setQueryData<GuidelineStatusJson>(key, status);
      // The page around the gate names the version in force ("Guidelines v3"): rendered on the server, so render it again.
      router.refresh();
    },
    // A newer version appeared while the panel was open: show that one instead.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: key });
    },
  });

  if (guidelines.isError) {
    return (
      <div className="space-y-3">
        <Alert tone="error">The guidelines could not be loaded: {guidelines.error.message}</Alert>
        <Button variant="secondary" onClick={() => void guidelines.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  const status = guidelines.data;
  if (!status.mustAcknowledge || !status.current) return children;

  const current = status.current;
  const acknowledged = status.acknowledgedVersion ?? 0;
  const firstTime = acknowledged === 0;
  return (
    <section aria-labelledby={titleId} className="space-y-5 rounded-lg border border-amber-300 bg-white p-5 shadow-sm">
      <div>
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">
          {firstTime ? "Read the guidelines before you start" : `Guidelines changed: v${acknowledged} → v${current.version}`}
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {firstTime
            ? "Labels are compared across labelers, so everyone works from the same rules."
            : "Read what changed before you label more; your next labels are recorded against the new version."}
        </p>
      </div>
      {firstTime ? null : (
        <ol aria-label="Change notes" className="space-y-1 text-sm">
          {status.changes.map((change) => (
            <li key={change.version}>
              <span className="font-medium text-slate-900">v{change.version}</span>
              <span className="text-slate-500"> · {new Date(change.createdAt).toLocaleDateString("en", { dateStyle: "medium" })}</span>
              <span className="text-slate-700"> · {change.changeNote || "no change note"}</span>
            </li>
          ))}
        </ol>
      )}
      {/* Focusable so that keyboard users can scroll a long text. */}
      <div role="region" aria-label="Guidelines text" tabIndex={0} className="max-h-[28rem] overflow-y-auto rounded-md">
        {firstTime ? (
          <GuidelinesMarkdown markdown={current.body} />
        ) : (
          <GuidelineDiff blocks={diffMarkdown(status.previousBody, current.body)} label={`Changes from version ${acknowledged} to version ${current.version}`} />
        )}
      </div>
      {acknowledge.error ? <Alert tone="error">{acknowledge.error.message}</Alert> : null}
      <div className="flex flex-wrap items-center gap-4">
        <Button onClick={() => acknowledge.mutate(current.version)} disabled={acknowledge.isPending}>
          I have read version {current.version}
        </Button>
        <Link href={`/projects/${projectId}/guidelines`} className="text-sm font-medium text-brand-700 hover:underline">
          Open the full guidelines and their history
        </Link>
      </div>
    </section>
  );
}
