"use client";
// The watch list in the audit: each term's hits opening their items, and (managers) the list itself to edit.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { ItemsLink } from "@/components/dashboard/items-link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { api } from "@/lib/client/api";
import type { WatchListFigures } from "@/lib/evaluation";

export function AuditWatchList(props: { projectId: string; modelId: string; task: string; figures: WatchListFigures[]; initialTerms: string[]; canEdit: boolean }) {
  const { projectId, modelId, task, figures } = props;
  const queryClient = useQueryClient();
  const [text, setText] = useState(props.initialTerms.join("\n"));
  const errorId = useId();
  const save = useMutation({
    mutationFn: (terms: string[]) => api<{ terms: string[] }>(`/projects/${projectId}/watch-list`, { method: "PUT", json: { terms } }),
    onSuccess: async ({ terms }) => {
      setText(terms.join("\n"));
      // Every kept evaluation is stale now: the audit asks for them again.
      await queryClient.invalidateQueries({ queryKey: ["projects", projectId, "audit"] });
    },
  });
  const hitsHref = `/projects/${projectId}/items?${new URLSearchParams({ model: modelId, task, watch: "1" })}`;
  const total = figures.reduce((sum, { predictions }) => sum + predictions, 0);

  return (
    <Card title="Watch list" action={total > 0 ? <ItemsLink href={hitsHref}>{total === 1 ? "Open the 1 hit" : `Open all ${total} hits`}</ItemsLink> : null}>
      <div className="grid gap-6 text-sm lg:grid-cols-2">
        <div>
          {figures.length === 0 ? (
            <p className="text-slate-600">No terms watched yet{props.canEdit ? ": add some beside." : "."}</p>
          ) : (
            <table className="w-full" aria-label="Watch-list hits">
              <thead className="border-b border-slate-200">
                <tr>
                  <th scope="col" className="px-3 py-2 text-left font-medium text-slate-600">Term</th>
                  <th scope="col" className="px-3 py-2 text-right font-medium text-slate-600">Predictions holding it where the final label does not</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {figures.map(({ term, predictions }) => (
                  <tr key={term}>
                    <th scope="row" className="px-3 py-1.5 text-left font-normal">{term}</th>
                    <td className="px-3 py-1.5 text-right tabular-nums">
                      {predictions > 0 ? (
                        <ItemsLink href={hitsHref}>
                          <span aria-label={`${predictions} ${predictions === 1 ? "prediction holds" : "predictions hold"} ${term}`}>{predictions}</span>
                        </ItemsLink>
                      ) : (
                        <span className="text-slate-500">0</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="mt-2 text-xs text-slate-500">Terms match as whole words or phrases, ignoring case. A count opens the items whose prediction holds any watched term.</p>
        </div>
        {props.canEdit ? (
          <form
            className="space-y-2"
            onSubmit={(event) => {
              event.preventDefault();
              save.mutate(text.split("\n").map((line) => line.trim()).filter(Boolean));
            }}
          >
            <label className="block">
              <span className="font-medium text-slate-700">Watched terms, one a line</span>
              <textarea
                value={text}
                onChange={(event) => setText(event.target.value)}
                rows={6}
                aria-invalid={save.isError}
                aria-describedby={save.isError ? errorId : undefined}
                className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-xs"
              />
            </label>
            {save.isError ? (
              <div id={errorId}>
                <Alert tone="error">{save.error.message}</Alert>
              </div>
            ) : null}
            {save.isSuccess ? <Alert tone="success">Saved: the audit is computed again with these terms.</Alert> : null}
            <Button type="submit" disabled={save.isPending}>
              Save watch list
            </Button>
          </form>
        ) : null}
      </div>
    </Card>
  );
}
