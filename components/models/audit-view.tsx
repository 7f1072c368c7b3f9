"use client";
// The audit page's choices (model version, task, slicings) and what the audit answers for them.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { api } from "@/lib/client/api";
import type { AuditResponse } from "@/lib/server/models/audit";
import { CROSS_KEYS, MAX_CROSSED_KEYS } from "@/lib/validation/predictions";
import { AuditClasses, AuditSlicing, percent, signedPoints } from "./audit-tables";
import { AuditWatchList } from "./audit-watch-list";
import { TaskOptions } from "./task-options";

type ModelChoice = { id: string; name: string; version: string };
type TaskChoice = { key: string; type: string };
/** While the evaluations it combines are computed: which are pending, and the audit shown until then (if any). */
type Pending = { status: "queued" | "running"; pending: (string | null)[]; previous?: AuditResponse };

const fieldClass = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
const WATCHED_TASK_TYPES = new Set(["transcript", "segment"]);

/** The slicings asked for: the crossed keys first (the view the page is for), then each key alone, then tags. */
export function slicingsOf(keys: readonly string[], cross: boolean, tags: boolean): string[] {
  const alone = keys.map((key) => `meta.${key}`);
  const crossed = cross && keys.length >= 2 ? [alone.slice(0, MAX_CROSSED_KEYS).join(CROSS_KEYS)] : [];
  return [...crossed, ...alone, ...(tags ? ["tags"] : [])];
}

export function AuditView(props: {
  projectId: string;
  models: ModelChoice[];
  initialModelId: string | null;
  tasks: TaskChoice[];
  metadataKeys: string[];
  watchList: string[];
  canEditWatchList: boolean;
}) {
  const { projectId, models, tasks, metadataKeys } = props;
  const [modelId, setModelId] = useState(props.initialModelId ?? "");
  const [taskKey, setTaskKey] = useState(tasks[0]?.key ?? "");
  const [keys, setKeys] = useState<string[]>(metadataKeys.slice(0, 2));
  const [cross, setCross] = useState(true);
  const [tags, setTags] = useState(false);
  const [asked, setAsked] = useState<{ modelId: string; taskKey: string; slices: string[] } | null>(null);

  const queryClient = useQueryClient();
  const model = models.find((candidate) => candidate.id === asked?.modelId);
  const task = tasks.find((candidate) => candidate.key === asked?.taskKey);
  const queryKey = ["projects", projectId, "audit", asked];
  const audit = useQuery({
    queryKey,
    enabled: Boolean(asked && model),
    queryFn: async () => {
      const answer = await api<AuditResponse | Pending>(
        `/projects/${projectId}/audit?${new URLSearchParams({ model: model!.name, version: model!.version, task: asked!.taskKey, slices: asked!.slices.join(",") })}`,
      );
      if (!("pending" in answer)) return answer;
      // Computed again (a new watch list, new labels): the audit before stays in view meanwhile.
      const before = queryClient.getQueryData<AuditResponse | Pending>(queryKey);
      const previous = before && "pending" in before ? before.previous : before;
      return previous ? { ...answer, previous } : answer;
    },
    // The evaluations it combines are computed by jobs: ask again until they are done.
    refetchInterval: (query) => (query.state.data && "pending" in query.state.data ? 2000 : false),
  });

  if (models.length === 0) return (
      <EmptyState title="No models yet">
        <p>Import a model version&apos;s predictions on the Models page to audit it.</p>
      </EmptyState>
    );
  const data = audit.data;
  const shown = data && "pending" in data ? data.previous : data;
  return (
    <div className="space-y-4">
      <Card title="What to audit">
        <form
          className="grid gap-4 text-sm sm:grid-cols-2 lg:grid-cols-4"
          onSubmit={(event) => {
            event.preventDefault();
            setAsked({ modelId, taskKey, slices: slicingsOf(keys, cross, tags) });
          }}
        >
          <label className="block">
            <span className="font-medium text-slate-700">Model version</span>
            <select value={modelId} onChange={(event) => setModelId(event.target.value)} className={fieldClass}>
              {models.map((each) => (
                <option key={each.id} value={each.id}>
                  {each.name} · {each.version}
                </option>
              ))}
            </select>
          </label>
          <label className="block">
            <span className="font-medium text-slate-700">Task</span>
            <select value={taskKey} onChange={(event) => setTaskKey(event.target.value)} className={fieldClass}>
              <TaskOptions tasks={tasks} />
            </select>
          </label>
          <fieldset className="sm:col-span-2">
            <legend className="font-medium text-slate-700">Slice by</legend>
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
              {metadataKeys.map((key) => (
                <label key={key} className="flex items-center gap-1.5">
                  <input type="checkbox" checked={keys.includes(key)} onChange={(event) => setKeys(event.target.checked ? [...keys, key] : keys.filter((each) => each !== key))} />
                  {key}
                </label>
              ))}
              <label className="flex items-center gap-1.5">
                <input type="checkbox" checked={tags} onChange={(event) => setTags(event.target.checked)} />
                tags
              </label>
            </div>
            <label className="mt-2 flex items-center gap-1.5">
              <input type="checkbox" checked={cross} onChange={(event) => setCross(event.target.checked)} />
              Cross the checked keys ({keys.length >= 2 ? keys.slice(0, MAX_CROSSED_KEYS).join(" × ") : "check two or three"})
            </label>
          </fieldset>
          <div className="sm:col-span-2 lg:col-span-4">
            <Button type="submit" disabled={!modelId || !taskKey}>
              Audit
            </Button>
          </div>
        </form>
      </Card>

      {audit.error ? <Alert tone="error">{audit.error.message}</Alert> : null}
      {asked && (audit.isPending || (data && "pending" in data)) && !audit.error ? (
        <Alert tone="info">
          Computing the evaluations this audit combines{data && "pending" in data ? ` (${data.pending.length} to go)` : ""}…{shown ? " The figures below are from before." : ""}
        </Alert>
      ) : null}
      {shown && model && task ? (
        <>
          <Card title={`Overall: ${shown.model.name} · ${shown.model.version}, ${shown.task}`}>
            <dl className="grid gap-4 text-sm sm:grid-cols-4">
              <Figure term={shown.measure === "accuracy" ? "Accuracy" : shown.measure} value={percent(shown.overall.accuracy)} />
              <Figure term="Human level" value={percent(shown.overall.hlp)} />
              <Figure term="Gap to human level" value={signedPoints(shown.overall.gap)} />
              <Figure term="Items" value={String(shown.overall.items)} />
            </dl>
          </Card>
          {shown.slicings.map((slicing) => (
            <AuditSlicing key={slicing.by} projectId={projectId} modelId={model.id} task={task.key} slicing={slicing} />
          ))}
          {shown.rareClasses.length > 0 ? <AuditClasses classes={shown.rareClasses} /> : null}
          {WATCHED_TASK_TYPES.has(task.type) ? (
            <AuditWatchList projectId={projectId} modelId={model.id} task={task.key} figures={shown.watchList} initialTerms={props.watchList} canEdit={props.canEditWatchList} />
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function Figure({ term, value }: { term: string; value: string }) {
  return (
    <div>
      <dt className="text-slate-500">{term}</dt>
      <dd className="text-xl font-semibold text-slate-900">{value}</dd>
    </div>
  );
}
