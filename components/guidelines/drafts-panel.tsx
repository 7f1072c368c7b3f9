"use client";
// Proposed guideline changes on the guidelines page: each with its example items and its difference
// from the current text; managers publish one as the next version.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { api } from "@/lib/client/api";
import { diffMarkdown } from "@/lib/guidelines/diff";
import { GuidelineDiff } from "./guideline-diff";

interface Draft {
  id: string;
  body: string;
  changeNote: string;
  examples: { itemId: string; originalName: string }[];
  author: string | null;
  createdAt: string;
  publishedVersion: number | null;
}

export function GuidelineDraftsPanel({ projectId, currentBody, canPublish }: { projectId: string; currentBody: string; canPublish: boolean }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const key = ["projects", projectId, "guideline-drafts"];
  const drafts = useQuery({ queryKey: key, queryFn: () => api<{ drafts: Draft[] }>(`/projects/${projectId}/guideline-drafts`) });
  const publish = useMutation({
    mutationFn: (draftId: string) => api(`/projects/${projectId}/guideline-drafts/${draftId}/publish`, { method: "POST" }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: key });
      router.refresh();
    },
  });
  const open = drafts.data?.drafts.filter((draft) => draft.publishedVersion === null) ?? [];
  if (!open.length) return null;
  return (
    <Card title="Proposed changes">
      <ul className="space-y-6">
        {open.map((draft) => (
          <li key={draft.id} className="space-y-2">
            <p className="text-sm">
              <span className="font-medium text-slate-900">{draft.changeNote}</span>
              <span className="text-slate-500">
                {" "}
                · {draft.author ?? "someone"} · {new Date(draft.createdAt).toLocaleDateString("en", { dateStyle: "medium" })}
              </span>
            </p>
            {draft.examples.length ? <p className="text-xs text-slate-600">Examples: {draft.examples.map((example) => example.originalName).join(", ")}</p> : null}
            <GuidelineDiff blocks={diffMarkdown(currentBody, draft.body)} label={`Proposed change: ${draft.changeNote}`} />
            {canPublish ? (
              <Button onClick={() => publish.mutate(draft.id)} disabled={publish.isPending}>
                Publish as the next version
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {publish.error ? <Alert tone="error">{publish.error.message}</Alert> : null}
    </Card>
  );
}
