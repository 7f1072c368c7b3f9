"use client";
// A model version's evaluation of one task, sliced or not: GET …/evaluation answers 202 while its job computes it
// (with the report it replaces, shown meanwhile) and is asked again after Retry-After; 200 with the report. Shows
// the model beside human-level performance (HLP) overall, per class, per labeler and per slice.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Matrix } from "@/components/dashboard/figures";
import { FigureLink, ItemsLink } from "@/components/dashboard/items-link";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { apiResponse } from "@/lib/client/api";
import type { OverallFigures } from "@/lib/evaluation";
import type { EvaluationResponse } from "@/lib/server/models/evaluation";
import { itemsHref } from "@/lib/validation/items";
import type { TaskType } from "@/lib/validation/project";
import { PrioritizationTable } from "./prioritization-table";
import { TableHead } from "./table-head";
import { evaluationKey, intervalText, percent, useMemberNames, useModels, versionLabel, when, type ModelVersion } from "./queries";
import { TaskOptions } from "./task-options";

const fieldClass = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5";

/** A class with less than this share of the support is rare: its figures rest on few examples. */
const RARE_SHARE = 0.05;

type Pending = { status: "queued" | "running"; requestedAt: string; previous: EvaluationResponse | null };
type Answer = { evaluation: EvaluationResponse; pending: null } | { evaluation: null; pending: Pending; retryAfterMs: number };

/** The other figures a task type's report has, by name. */
const EXTRA_FIGURES: [keyof OverallFigures, string][] = [
  ["macroF1", "Macro F1"],
  ["weightedF1", "Weighted F1"],
  ["meanIoU", "Mean IoU"],
  ["ap50", "AP50"],
  ["frameF1", "Frame F1"],
  ["wer", "WER"],
  ["cer", "CER"],
];

function Figure({ label, value, interval }: { label: string; value: string; interval?: string }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-xl font-semibold tabular-nums">{value}</dd>
      {interval ? <dd className="text-xs text-slate-500">95% {interval}</dd> : null}
    </div>
  );
}

function Report({ projectId, model, report, names }: { projectId: string; model: ModelVersion; report: EvaluationResponse; names: Map<string, string> }) {
  const { overall } = report;
  const classes = Object.entries(report.perClass);
  const totalSupport = classes.reduce((sum, [, figures]) => sum + figures.support, 0);
  const hasAp = classes.some(([, figures]) => figures.ap50 !== undefined);
  const classification = report.taskType === "classification";
  const errorsOf = (final: string) => itemsHref(projectId, { final, model: model.id, task: report.task, outcome: "error" });
  const extras = EXTRA_FIGURES.filter(([key]) => overall[key] !== undefined);
  return (
    <div className="space-y-6 text-sm">
      <section aria-label="Overall">
        <p className="text-xs text-slate-500">
          Measure: <strong className="text-slate-800">{report.measure}</strong>
          {report.by ? ` · sliced by ${report.by}` : ""} · computed {when(report.computedAt)}
        </p>
        <dl className="mt-2 grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Figure label="Model" value={percent(overall.accuracy)} interval={intervalText(overall.interval.accuracy)} />
          <Figure label="Human level (HLP)" value={percent(overall.hlp)} interval={intervalText(overall.interval.hlp)} />
          <Figure label="Gap (HLP − model)" value={percent(overall.gap)} interval={intervalText(overall.interval.gap)} />
          <div>
            <dt className="text-xs text-slate-500">Items evaluated</dt>
            <dd className="text-xl font-semibold tabular-nums">
              <FigureLink items={overall.items} href={itemsHref(projectId, { model: model.id, task: report.task })}>
                {overall.items}
              </FigureLink>
            </dd>
            <dd className="text-xs text-slate-500">
              {report.leftOut} left out: {report.leftOutReasons.noFinalLabel} without a final label, {report.leftOutReasons.noPrediction} without a prediction of this task
            </dd>
          </div>
        </dl>
        {overall.reason ? <p className="mt-1 text-xs text-slate-500">{overall.reason}</p> : null}
        {overall.expectedAgreement !== undefined && overall.expectedAgreement !== null ? (
          <p className="mt-3 text-xs text-slate-700">
            Two labelers drawn at random agree on <strong>{percent(overall.expectedAgreement)}</strong> of the items (mean over items with two or more answers of the share of answers
            for each class, squared and summed: an item answered 70% one way and 30% the other gives 0.7² + 0.3² = 0.58). A model that matches the final label more often than this
            is more consistent than a single labeler.
          </p>
        ) : null}
        {extras.length ? (
          <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-xs">
            {extras.map(([key, label]) => (
              <div key={key} className="flex gap-1">
                <dt className="text-slate-500">{label}</dt>
                <dd className="font-medium tabular-nums">{key === "wer" || key === "cer" ? percent(overall[key] as number | null) : ((overall[key] as number | null)?.toFixed(3) ?? "—")}</dd>
              </div>
            ))}
          </dl>
        ) : null}
      </section>

      {classes.length ? (
        <section aria-label="Per class" className="grid gap-6 lg:grid-cols-2">
          <div>
            <p className="mb-1 font-medium text-slate-800">Per class</p>
            <table className="text-xs" aria-label="Per class figures">
              <TableHead columns={["Class", "Precision", "Recall", "F1", "Support", ...(hasAp ? ["AP50"] : [])]} />
              <tbody>
                {classes.map(([label, figures]) => {
                  const rare = totalSupport > 0 && figures.support < RARE_SHARE * totalSupport;
                  return (
                    <tr key={label} className="border-t border-slate-100">
                      <td className="py-1 pr-4">
                        {classification ? <ItemsLink href={errorsOf(label)}>{label}</ItemsLink> : label}
                        {rare ? (
                          <span className="ml-1 rounded bg-amber-50 px-1 text-[10px] text-amber-800" title={`Fewer than ${RARE_SHARE * 100}% of the support: figures on few examples`}>
                            rare
                          </span>
                        ) : null}
                      </td>
                      <td className="pr-4 tabular-nums">{percent(figures.precision)}</td>
                      <td className="pr-4 tabular-nums">{percent(figures.recall)}</td>
                      <td className="pr-4 tabular-nums">{percent(figures.f1)}</td>
                      <td className="pr-4 tabular-nums">{figures.support}</td>
                      {hasAp ? <td className="tabular-nums">{percent(figures.ap50)}</td> : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {classification ? <p className="mt-1 text-xs text-slate-500">A class opens the items with that final label the model got wrong.</p> : null}
          </div>
          {report.confusion ? (
            <div>
              <p className="mb-1 font-medium text-slate-800">Confusion: final label (rows) against the model&apos;s prediction (columns)</p>
              <Matrix
                label="Model confusion"
                names={report.confusion.labels}
                cells={report.confusion.matrix.map((row, index) => {
                  const total = row.reduce((sum, count) => sum + count, 0);
                  const final = report.confusion!.labels[index]!;
                  return row.map((count, column) => ({
                    value: total ? count / total : null,
                    label: String(count),
                    // No item filter names the model's answer: a cell opens its row's errors (or, on the diagonal, its row's correct items).
                    href: itemsHref(projectId, { final, model: model.id, task: report.task, outcome: column === index ? "correct" : "error" }),
                  }));
                })}
              />
              <p className="mt-1 text-xs text-slate-500">A cell opens the items of its row the model got wrong (on the diagonal, those it got right).</p>
            </div>
          ) : null}
        </section>
      ) : null}

      {report.labelers.length ? (
        <section aria-label="Labelers on the same items">
          <p className="mb-1 font-medium text-slate-800">Each labeler on the same items ({report.measure} against the final label)</p>
          <table className="text-xs" aria-label="Labelers against the final label">
            <TableHead columns={["Labeler", "Items", report.measure.charAt(0).toUpperCase() + report.measure.slice(1)]} />
            <tbody>
              {report.labelers.map((labeler) => (
                <tr key={labeler.labeler} className="border-t border-slate-100">
                  <td className="py-1 pr-4">{names.get(labeler.labeler) ?? "former member"}</td>
                  <td className="pr-4 tabular-nums">{labeler.items}</td>
                  <td className="tabular-nums">{percent(labeler.accuracy)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}

/** What the card shows, as the page's address keeps it (model=NAME&version=V&task=KEY&by=…), so a reload or a shared link shows the same. */
export interface EvaluationChoice {
  model?: string;
  version?: string;
  task?: string;
  by?: string;
}

export function EvaluationCard({ projectId, tasks, metadataKeys, initial }: { projectId: string; tasks: { key: string; type: TaskType }[]; metadataKeys: string[]; initial: EvaluationChoice }) {
  const models = useModels(projectId);
  const names = useMemberNames(projectId);
  const [choice, setChoice] = useState<EvaluationChoice>(initial);
  const task = tasks.some((each) => each.key === choice.task) ? choice.task! : (tasks[0]?.key ?? "");
  const by = choice.by ?? "";
  const model = models.data?.find((each) => each.name === choice.model && each.version === choice.version) ?? models.data?.[0];
  function choose(change: EvaluationChoice) {
    const next = { ...choice, ...change };
    setChoice(next);
    const address = new URLSearchParams(Object.entries(next).filter((entry): entry is [string, string] => Boolean(entry[1])));
    window.history.replaceState(null, "", `${window.location.pathname}${address.size ? `?${address}` : ""}`);
  }
  const query = model ? new URLSearchParams({ model: model.name, version: model.version, task, ...(by ? { by } : {}) }) : null;
  const evaluation = useQuery({
    queryKey: [...evaluationKey(projectId), model?.id, task, by],
    queryFn: async (): Promise<Answer> => {
      const answer = await apiResponse<EvaluationResponse | Pending>(`/projects/${projectId}/evaluation?${query}`);
      if (answer.status !== 202) return { evaluation: answer.body as EvaluationResponse, pending: null };
      return { evaluation: null, pending: answer.body as Pending, retryAfterMs: Number(answer.headers.get("Retry-After") ?? 2) * 1000 };
    },
    enabled: query !== null,
    refetchInterval: (current) => (current.state.data?.pending ? current.state.data.retryAfterMs : false),
  });

  if (models.data && !models.data.length) {
    return (
      <Card title="Evaluation">
        <p className="text-sm text-slate-600">Import a model version&apos;s predictions to evaluate it against the final labels.</p>
      </Card>
    );
  }
  const answer = evaluation.data;
  const shown = answer?.evaluation ?? answer?.pending?.previous ?? null;
  const modelParams = model ? new URLSearchParams({ model: model.name, version: model.version }) : null;
  return (
    <Card title="Evaluation">
      <div className="grid gap-3 text-sm sm:grid-cols-3">
        <label className="block">
          <span className="text-slate-700">Model version to evaluate</span>
          <select
            value={model?.id ?? ""}
            onChange={(event) => {
              const chosen = models.data?.find((each) => each.id === event.target.value);
              if (chosen) choose({ model: chosen.name, version: chosen.version });
            }}
            className={fieldClass}
          >
            {(models.data ?? []).map((each) => (
              <option key={each.id} value={each.id}>
                {versionLabel(each)}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="text-slate-700">Task</span>
          <select value={task} onChange={(event) => choose({ task: event.target.value })} className={fieldClass}>
            <TaskOptions tasks={tasks} />
          </select>
        </label>
        <label className="block">
          <span className="text-slate-700">Slicing</span>
          <select value={by} onChange={(event) => choose({ by: event.target.value })} className={fieldClass}>
            <option value="">None</option>
            <option value="tags">By tags</option>
            {metadataKeys.map((key) => (
              <option key={key} value={`meta.${key}`}>
                By {key}
              </option>
            ))}
          </select>
        </label>
      </div>
      {model && modelParams ? (
        <p className="mt-3 flex flex-wrap gap-x-4 text-sm">
          <Link prefetch={false} className="font-medium text-brand-700 hover:underline" href={`/projects/${projectId}/models/errors?${modelParams}&${new URLSearchParams({ task })}`}>
            Error analysis of {versionLabel(model)}: {task}
          </Link>
          <Link prefetch={false} className="font-medium text-brand-700 hover:underline" href={`/projects/${projectId}/models/audit?${modelParams}`}>
            Audit of {versionLabel(model)}
          </Link>
        </p>
      ) : null}
      <div className="mt-4 space-y-4">
        {evaluation.isError ? <Alert tone="error">{evaluation.error.message}</Alert> : null}
        {answer?.pending ? (
          <p role="status" className="text-sm text-slate-600">
            Computing…{answer.pending.previous ? ` (the figures below are from ${when(answer.pending.previous.computedAt)})` : ""}
          </p>
        ) : null}
        {evaluation.isPending && query ? <p className="text-sm text-slate-500">Loading…</p> : null}
        {shown && model ? <Report projectId={projectId} model={model} report={shown} names={names.data ?? new Map()} /> : null}
      </div>
      {shown && model && query ? (
        <section aria-label="Prioritization" className="mt-6 border-t border-slate-100 pt-4">
          <h3 className="mb-2 text-sm font-semibold text-slate-900">Prioritization: where the model falls short of human level</h3>
          <PrioritizationTable
            key={`${model.id}|${shown.task}|${shown.by ?? ""}`}
            projectId={projectId}
            modelId={model.id}
            task={shown.task}
            slices={shown.slices}
            csvHref={answer?.evaluation ? `/api/v1/projects/${projectId}/evaluation?${query}&format=csv` : null}
          />
        </section>
      ) : null}
    </Card>
  );
}
