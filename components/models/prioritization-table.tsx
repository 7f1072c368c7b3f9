"use client";
// The prioritization table of an evaluation: per slice its share, the model's figure beside HLP, the gap and gap ×
// share, in the report's order (gap × share first), with the team's "How easy" and "How important" kept per slice
// (PUT …/slice-judgements) and carried into the CSV. Each slice opens the model's errors in it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ItemsLink } from "@/components/dashboard/items-link";
import { NO_VALUE, UNTAGGED, type SliceFigures } from "@/lib/evaluation";
import { api } from "@/lib/client/api";
import type { SliceJudgementView } from "@/lib/server/models/slice-judgements";
import { itemsHref } from "@/lib/validation/items";
import { intervalText, percent } from "./queries";
import { TableHead } from "./table-head";

const cellClass = "w-28 rounded-md border border-slate-300 px-2 py-1 text-xs";

/** The items of a slice the model got wrong; none for the slice of items without the value (no filter says "no tag"). */
function sliceHref(projectId: string, modelId: string, task: string, slice: SliceFigures): string | null {
  if (slice.value === NO_VALUE || slice.value === UNTAGGED) return null;
  // A slice's key is "tags" or "meta.<key>": the item list's filter of a tag, or of a metadata value.
  return itemsHref(projectId, { model: modelId, task, outcome: "error", [slice.key === "tags" ? "tag" : slice.key]: slice.value });
}

function JudgementCells({ projectId, slice, kept }: { projectId: string; slice: SliceFigures; kept: SliceJudgementView | undefined }) {
  const queryClient = useQueryClient();
  const [ease, setEase] = useState(kept?.ease ?? "");
  const [importance, setImportance] = useState(kept?.importance ?? "");
  const [saved, setSaved] = useState({ ease: kept?.ease ?? "", importance: kept?.importance ?? "" });
  const save = useMutation({
    mutationFn: (judgement: { ease: string; importance: string }) =>
      api<SliceJudgementView>(`/projects/${projectId}/slice-judgements`, { method: "PUT", json: { sliceKey: slice.key, value: slice.value, ...judgement } }),
    onSuccess: (view) => {
      setSaved({ ease: view.ease, importance: view.importance });
      void queryClient.invalidateQueries({ queryKey: ["projects", projectId, "slice-judgements", slice.key] });
    },
  });
  // Saved as the cell is left, when it changed.
  const saveIfChanged = () => {
    if (ease.trim() !== saved.ease || importance.trim() !== saved.importance) save.mutate({ ease, importance });
  };
  return (
    <>
      <td className="pr-4">
        <input aria-label={`How easy: ${slice.value}`} value={ease} maxLength={200} onChange={(event) => setEase(event.target.value)} onBlur={saveIfChanged} className={cellClass} />
      </td>
      <td className="pr-4">
        <input aria-label={`How important: ${slice.value}`} value={importance} maxLength={200} onChange={(event) => setImportance(event.target.value)} onBlur={saveIfChanged} className={cellClass} />
      </td>
      <td className="w-16 text-xs">
        {save.isError ? (
          <span role="alert" className="text-red-700">
            {save.error.message}
          </span>
        ) : save.isPending ? (
          <span className="text-slate-500">Saving…</span>
        ) : save.isSuccess ? (
          <span role="status" className="text-emerald-700">
            Saved
          </span>
        ) : null}
      </td>
    </>
  );
}

export function PrioritizationTable({ projectId, modelId, task, slices, csvHref }: { projectId: string; modelId: string; task: string; slices: SliceFigures[]; csvHref: string | null }) {
  const sliceKey = slices[0]?.key;
  const judgements = useQuery({
    queryKey: ["projects", projectId, "slice-judgements", sliceKey],
    queryFn: async () => new Map((await api<{ judgements: SliceJudgementView[] }>(`/projects/${projectId}/slice-judgements?${new URLSearchParams({ sliceKey: sliceKey! })}`)).judgements.map((row) => [row.value, row])),
    enabled: sliceKey !== undefined,
  });
  if (!slices.length) return <p className="text-sm text-slate-600">No slices: choose a slicing above (by tags or by a metadata key) to see where the model falls short.</p>;
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto">
        <table className="w-full text-sm" aria-label="Prioritization">
          <TableHead columns={["Slice", "Items", "Share", "Model", "HLP", "Gap", "Gap × share", "How easy", "How important", null]} />
          <tbody>
            {slices.map((slice) => {
              const href = sliceHref(projectId, modelId, task, slice);
              return (
                <tr key={slice.value} className="border-t border-slate-100">
                  <td className="py-1.5">{href ? <ItemsLink href={href}>{slice.value}</ItemsLink> : slice.value}</td>
                  <td className="tabular-nums">{slice.items}</td>
                  <td className="tabular-nums">{percent(slice.share)}</td>
                  <td className="tabular-nums" title={`95% interval ${intervalText(slice.interval.accuracy)}`}>
                    {percent(slice.accuracy)}
                  </td>
                  <td className="tabular-nums" title={`95% interval ${intervalText(slice.interval.hlp)}`}>
                    {percent(slice.hlp)}
                  </td>
                  <td className="tabular-nums" title={`95% interval ${intervalText(slice.interval.gap)}`}>
                    {percent(slice.gap)}
                    <span className="block text-[10px] text-slate-500">{intervalText(slice.interval.gap)}</span>
                  </td>
                  <td className="font-semibold tabular-nums">{percent(slice.gapTimesShare)}</td>
                  {judgements.data ? (
                    <JudgementCells projectId={projectId} slice={slice} kept={judgements.data.get(slice.value)} />
                  ) : (
                    <td colSpan={3} className="text-xs text-slate-500">
                      {judgements.isError ? judgements.error.message : "Loading…"}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-600">
        Gap × share: the most the model could gain overall from this slice — work on the top rows first, weighed against how easy each is to improve and how much it matters. A slice
        opens the model&apos;s errors in it. Caveat: HLP here is the labelers against a consensus of the same labelers, which flatters it; the true gap to careful human work may be
        smaller or larger.
      </p>
      {csvHref ? (
        <a href={csvHref} download className="inline-block text-sm font-medium text-brand-700 hover:underline">
          Download CSV
        </a>
      ) : null}
    </div>
  );
}
