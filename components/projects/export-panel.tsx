"use client";
// Export for reviewers and managers: the form starts an export job (POST …/exports), whose progress the list of recent
// exports shows, polled every second while one is queued or running; a done export downloads from there. The form
// offers only what the API accepts: the formats that fit the project's media, and each format's labels and options
// (from the registry of formats, as the API's validation is). Every option is checked with the API's own schema before
// it is sent, and a refusal, the panel's or the server's, is shown under the field it names: the page stays.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TagOptions } from "./tag-filter";
import { api, problemAt, problemOf, type FieldProblem } from "@/lib/client/api";
import type { ExportRun } from "@/lib/validation/api";
import { EXPORT_FORMATS } from "@/lib/export/formats/registry";
import { exportQuerySchema } from "@/lib/validation/export";
import { describeIssue } from "@/lib/validation/parse";
import type { MediaKind } from "@/lib/validation/project";

const titleOf = (name: string) => EXPORT_FORMATS.find((format) => format.name === name)?.title ?? name;

const fieldClass = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 aria-invalid:border-red-500";

/** What is wrong, and with which option (the first element of the validation path; none for the export as a whole). */
const problemId = (field: string) => `export-${field}-problem`;

/** One option: its label around the control, and under it what is wrong with it (the control points at that text). */
function Field({ label, field, problem, children }: { label: string; field: string; problem: FieldProblem | null; children: ReactNode }) {
  return (
    <div>
      <label className="block">
        <span className="text-slate-700">{label}</span>
        {children}
      </label>
      {problem?.field === field ? (
        <p id={problemId(field)} className="mt-1 text-xs text-red-700">
          {problem.message}
        </p>
      ) : null}
    </div>
  );
}

/** `tags`: the project's tags, to export only the items carrying one. */
export function ExportPanel({ projectId, mediaKind, tags }: { projectId: string; mediaKind: MediaKind; tags: { name: string; items: number }[] }) {
  const formats = EXPORT_FORMATS.filter((candidate) => candidate.media.includes(mediaKind));
  const [formatName, setFormatName] = useState(formats[0]!.name);
  const format = formats.find((candidate) => candidate.name === formatName) ?? formats[0]!;
  const [labels, setLabels] = useState("final");
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  /** The control's side of its problem: marked invalid and described by the message under it. */
  const invalid = (field: string) => (problem?.field === field ? { "aria-invalid": true, "aria-describedby": problemId(field) } : {});
  const offersAll = format.labels.includes("all");
  const queryClient = useQueryClient();
  const key = ["projects", projectId, "exports"];
  const exports = useQuery({
    queryKey: key,
    queryFn: () => api<{ exports: ExportRun[] }>(`/projects/${projectId}/exports`),
    refetchInterval: (query) => (query.state.data?.exports.some((run) => run.status === "queued" || run.status === "running") ? 1_000 : false),
  });
  const onSettled = () => queryClient.invalidateQueries({ queryKey: key });
  const onError = (error: Error) => setProblem(problemOf(error));
  const onSuccess = () => setProblem(null);
  const start = useMutation({ mutationFn: (options: Record<string, string>) => api<ExportRun>(`/projects/${projectId}/exports`, { method: "POST", json: options }), onSettled, onError, onSuccess });
  const cancelOrRemove = useMutation({ mutationFn: (exportId: string) => api(`/projects/${projectId}/exports/${exportId}`, { method: "DELETE" }), onSettled, onError, onSuccess });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // An empty field means "not set", as in the streamed export's query.
    const options = Object.fromEntries([...new FormData(event.currentTarget)].map(([name, value]) => [name, String(value)]).filter(([, value]) => value !== ""));
    const checked = exportQuerySchema.safeParse(options);
    if (!checked.success) {
      const { path, message } = describeIssue(checked.error.issues[0]!);
      setProblem(problemAt(path, message));
      return;
    }
    start.mutate(options);
  }

  return (
    <Card title="Export">
      <form onSubmit={submit} className="grid gap-3 text-sm sm:grid-cols-2">
        <Field label="Format" field="format" problem={problem}>
          <select name="format" {...invalid("format")} value={format.name} onChange={(event) => setFormatName(event.target.value)} className={fieldClass}>
            {formats.map((option) => (
              <option key={option.name} value={option.name}>
                {option.title}
              </option>
            ))}
          </select>
          <span className="mt-1 block text-xs text-slate-500">{format.summary}</span>
        </Field>
        <Field label="Labels" field="labels" problem={problem}>
          {/* A format with one label per item cannot take every labeler's: "all" falls back to the final label. */}
          <select name="labels" {...invalid("labels")} value={labels === "all" && !offersAll ? "final" : labels} onChange={(event) => setLabels(event.target.value)} className={fieldClass}>
            <option value="final">Final (gold where decided, else consensus)</option>
            <option value="consensus">Consensus</option>
            <option value="gold">Gold only</option>
            {offersAll ? <option value="all">All annotations (every labeler&apos;s)</option> : null}
          </select>
        </Field>
        {format.options.includes("polygons") ? (
          <Field label="Polygons" field="polygons" problem={problem}>
            <select name="polygons" {...invalid("polygons")} className={fieldClass}>
              <option value="boxes">As bounding boxes (detection)</option>
              <option value="segments">As outlines (segmentation)</option>
            </select>
          </Field>
        ) : null}
        {format.options.includes("per") ? (
          <Field label="Manifest lines" field="per" problem={problem}>
            <select name="per" {...invalid("per")} className={fieldClass}>
              <option value="clip">One per clip</option>
              <option value="segment">One per transcribed segment</option>
            </select>
          </Field>
        ) : null}
        <Field label="Also include" field="include" problem={problem}>
          <select name="include" {...invalid("include")} className={fieldClass}>
            <option value="">Only accepted and resolved items</option>
            <option value="unresolved">Unresolved items</option>
            <option value="excluded">Excluded items</option>
            <option value="unresolved,excluded">Both</option>
          </select>
        </Field>
        <Field label="Standardization" field="standardized" problem={problem}>
          <select name="standardized" {...invalid("standardized")} className={fieldClass}>
            {/* Empty: the API's default, the rules on final labels while each labeler's annotation stays as submitted. */}
            <option value="">Rules on final labels only</option>
            <option value="1">Rules on annotations too</option>
            <option value="0">None (labels as given)</option>
          </select>
        </Field>
        <Field label="Split (train,dev,test)" field="split" problem={problem}>
          <input name="split" {...invalid("split")} placeholder="70,15,15" className={fieldClass} />
        </Field>
        <Field label="Seed" field="seed" problem={problem}>
          <input name="seed" {...invalid("seed")} type="number" min={0} defaultValue={0} className={fieldClass} />
        </Field>
        <Field label="Only items tagged" field="tag" problem={problem}>
          <select name="tag" {...invalid("tag")} disabled={!tags.length} className={fieldClass}>
            <option value="">{tags.length ? "Any (no tag needed)" : "No tags yet"}</option>
            <TagOptions tags={tags} />
          </select>
        </Field>
        <Field label="Keep groups together by metadata key (optional)" field="groupBy" problem={problem}>
          <input name="groupBy" {...invalid("groupBy")} placeholder="speaker" className={fieldClass} />
        </Field>
        <div className="sm:col-span-2">
          <Button type="submit" disabled={start.isPending}>
            Start export
          </Button>
          <p className="mt-2 text-xs text-slate-500">
            A zip with the data and manifest.json: parameters, counts per class and split, objects per class, items left out and why, guideline versions, and a hash of every file. It
            runs on the server and is kept for a few days; scripts can also stream it from <code>GET /api/v1/projects/{"{id}"}/export</code>.
          </p>
        </div>
      </form>
      {problem && !problem.field ? (
        <div className="mt-3">
          <Alert tone="error">{problem.message}</Alert>
        </div>
      ) : null}
      <RecentExports runs={exports.data?.exports ?? []} onCancelOrRemove={(exportId) => cancelOrRemove.mutate(exportId)} />
    </Card>
  );
}

const STATUS_LABEL: Record<ExportRun["status"], string> = { queued: "Queued", running: "Running", done: "Done", failed: "Failed", cancelled: "Cancelled" };
const STATUS_CLASS: Record<ExportRun["status"], string> = {
  queued: "bg-slate-100 text-slate-700",
  running: "bg-brand-50 text-brand-700",
  done: "bg-emerald-50 text-emerald-800",
  failed: "bg-red-50 text-red-700",
  cancelled: "bg-slate-100 text-slate-500",
};

const when = (iso: string) => new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  for (; value >= 1024 && unit < units.length - 1; unit++) value /= 1024;
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function RecentExports({ runs, onCancelOrRemove }: { runs: ExportRun[]; onCancelOrRemove: (exportId: string) => void }) {
  if (!runs.length) return null;
  return (
    <div className="mt-4 border-t border-slate-100 pt-4">
      <h3 className="text-sm font-medium text-slate-700">Recent exports</h3>
      <ul aria-label="Recent exports" className="mt-1 divide-y divide-slate-100">
        {runs.map((run) => {
          const unfinished = run.status === "queued" || run.status === "running";
          const share = run.itemsTotal ? Math.min(1, run.itemsWritten / run.itemsTotal) : 0;
          return (
            <li key={run.id} className="space-y-1.5 py-2.5 text-sm" aria-label={`Export ${run.format} of ${when(run.createdAt)}`}>
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-slate-900">{titleOf(run.format)}</span>
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_CLASS[run.status]}`}>{STATUS_LABEL[run.status]}</span>
                <span className="text-xs text-slate-500">
                  {when(run.createdAt)}
                  {run.requestedBy ? ` by ${run.requestedBy.name}` : ""}
                </span>
                <span className="ml-auto flex items-center gap-2">
                  {run.downloadUrl ? (
                    <a href={run.downloadUrl} download className="rounded-md bg-brand-600 px-3 py-1.5 text-xs font-medium text-white hover:bg-brand-700">
                      Download
                    </a>
                  ) : null}
                  <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => onCancelOrRemove(run.id)}>
                    {unfinished ? "Cancel" : "Remove"}
                  </Button>
                </span>
              </div>
              {unfinished ? (
                <div>
                  <div
                    role="progressbar"
                    aria-label="Items written"
                    aria-valuemin={0}
                    aria-valuemax={run.itemsTotal ?? undefined}
                    aria-valuenow={run.itemsWritten}
                    className="h-1.5 overflow-hidden rounded bg-slate-100"
                  >
                    <div className="h-full bg-brand-600 transition-all" style={{ width: `${Math.round(share * 100)}%` }} />
                  </div>
                  <p className="mt-1 text-xs text-slate-500">{run.itemsTotal === null ? "Waiting to start" : `${run.itemsWritten.toLocaleString("en")} of ${run.itemsTotal.toLocaleString("en")} items written`}</p>
                </div>
              ) : null}
              {run.status === "done" ? (
                <p className="text-xs text-slate-500">
                  {run.itemsWritten.toLocaleString("en")} item{run.itemsWritten === 1 ? "" : "s"}, {size(run.sizeBytes ?? 0)} · manifest sha256{" "}
                  <code title={run.sha256 ?? ""} className="break-all text-slate-700">
                    {run.sha256}
                  </code>
                </p>
              ) : null}
              {run.status === "failed" && run.error ? <p className="text-xs text-red-700">{run.error}</p> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
