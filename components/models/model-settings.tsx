"use client";
// Pre-annotation and queue order by model (managers change them, reviewers see them), and what pre-annotation does to
// first answers: their agreement with the model where it was shown against where it was held back.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { api } from "@/lib/client/api";
import type { ModelSettings } from "@/lib/server/models/model-settings";
import { percent, useModels, useModelSettings, versionLabel, type ModelVersion } from "./queries";

const fieldClass = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 disabled:bg-slate-50 disabled:text-slate-600";

type ModelName = { name: string; version: string };

/** The select value of a model version: its id among the listed ones, "" for off. */
const idOf = (models: ModelVersion[], model: ModelName | null | undefined) => (model ? (models.find((each) => each.name === model.name && each.version === model.version)?.id ?? "") : "");

function ModelSelect({ label, value, onChange, models, off, disabled }: { label: string; value: string; onChange: (id: string) => void; models: ModelVersion[]; off: string; disabled: boolean }) {
  return (
    <label className="block">
      <span className="text-slate-700">{label}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)} className={fieldClass} disabled={disabled}>
        <option value="">{off}</option>
        {models.map((model) => (
          <option key={model.id} value={model.id}>
            {versionLabel(model)}
          </option>
        ))}
      </select>
    </label>
  );
}

function SettingsForm({ projectId, settings, models, editable }: { projectId: string; settings: ModelSettings; models: ModelVersion[]; editable: boolean }) {
  const queryClient = useQueryClient();
  const [prefillModel, setPrefillModel] = useState(idOf(models, settings.preannotation?.model));
  const [holdOut, setHoldOut] = useState(String(settings.preannotation?.holdOutPercent ?? 20));
  const [queueModel, setQueueModel] = useState(idOf(models, settings.queueOrder?.model));
  const [against, setAgainst] = useState(idOf(models, settings.queueOrder?.against));
  const save = useMutation({
    mutationFn: (body: object) => api<ModelSettings>(`/projects/${projectId}/model-settings`, { method: "PUT", json: body }),
    onSuccess: (saved) => queryClient.setQueryData(["projects", projectId, "model-settings"], saved),
  });
  const nameOf = (id: string) => {
    const model = models.find((each) => each.id === id);
    return model ? { name: model.name, version: model.version } : null;
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const prefill = nameOf(prefillModel);
    const queue = nameOf(queueModel);
    const second = nameOf(against);
    save.mutate({
      preannotation: prefill ? { model: prefill, holdOutPercent: Number(holdOut) } : null,
      queueOrder: queue ? { model: queue, ...(second ? { against: second } : {}) } : null,
    });
  }

  const disabled = !editable;
  return (
    <form onSubmit={submit} className="grid gap-3 text-sm sm:grid-cols-2">
      <ModelSelect label="Pre-annotation model" value={prefillModel} onChange={setPrefillModel} models={models} off="Off" disabled={disabled} />
      <label className="block">
        <span className="text-slate-700">Held back from (% of each labeler&apos;s items)</span>
        <input type="number" min={0} max={100} step={1} required value={holdOut} onChange={(event) => setHoldOut(event.target.value)} className={fieldClass} disabled={disabled || !prefillModel} />
      </label>
      <ModelSelect label="Queue order by model" value={queueModel} onChange={setQueueModel} models={models} off="Off (queue order as usual)" disabled={disabled} />
      <ModelSelect label="Order by disagreement with" value={against} onChange={setAgainst} models={models} off="No second model (least sure first)" disabled={disabled || !queueModel} />
      <p className="text-xs text-slate-500 sm:col-span-2">
        Pre-annotation starts labelers from the model&apos;s prediction, except on the held-back share, which measures its pull. The queue order serves fresh items the model is least sure
        of first, or, with a second model, those the two disagree on most.
      </p>
      {editable ? (
        <div className="flex items-center gap-3 sm:col-span-2">
          <Button type="submit" disabled={save.isPending}>
            Save model settings
          </Button>
          {save.isSuccess ? <span role="status" className="text-xs text-emerald-700">Saved.</span> : null}
        </div>
      ) : (
        <p className="text-xs text-slate-500 sm:col-span-2">Managers change these settings.</p>
      )}
      {save.isError ? (
        <div className="sm:col-span-2">
          <Alert tone="error">{save.error.message}</Alert>
        </div>
      ) : null}
    </form>
  );
}

const answers = (count: number) => `${count.toLocaleString("en")} answer${count === 1 ? "" : "s"}`;

/** First answers' agreement with the pre-annotation model, shown against held back (also on the dashboard). */
export function Anchoring({ anchoring }: { anchoring: NonNullable<ModelSettings["anchoring"]> }) {
  const { shown, heldOut } = anchoring;
  const difference = shown.agreement !== null && heldOut.agreement !== null ? shown.agreement - heldOut.agreement : null;
  return (
    <div className="mt-4 border-t border-slate-100 pt-4 text-sm" aria-label="Anchoring">
      <p className="font-medium text-slate-800">Pull of pre-annotation on first answers</p>
      <dl className="mt-2 grid grid-cols-3 gap-3 text-xs">
        <div>
          <dt className="text-slate-500">Agreement with the model, shown</dt>
          <dd className="text-base font-semibold tabular-nums">{percent(shown.agreement)}</dd>
          <dd className="text-slate-500">{answers(shown.answers)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Agreement with the model, held back</dt>
          <dd className="text-base font-semibold tabular-nums">{percent(heldOut.agreement)}</dd>
          <dd className="text-slate-500">{answers(heldOut.answers)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Difference</dt>
          <dd className="text-base font-semibold tabular-nums">{difference === null ? "—" : `${difference >= 0 ? "+" : "−"}${(Math.abs(difference) * 100).toFixed(1)} points`}</dd>
        </div>
      </dl>
      <p className="mt-2 text-xs text-slate-600">
        Labelers who see the model&apos;s answer agree with it more often than those who do not: a big difference means the pre-annotation pulls labelers toward the model (anchoring),
        so labels made with it shown partly echo the model, and its evaluation against them is flattered.
      </p>
    </div>
  );
}

export function ModelSettingsCard({ projectId, editable }: { projectId: string; editable: boolean }) {
  const settings = useModelSettings(projectId);
  const models = useModels(projectId);
  return (
    <Card title="Model settings">
      {settings.isError || models.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {(settings.error ?? models.error)?.message}
        </p>
      ) : !settings.data || !models.data ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : (
        <>
          {/* Keyed by the models, so that a new import's versions show in the selects. */}
          <SettingsForm key={models.data.map((model) => model.id).join()} projectId={projectId} settings={settings.data} models={models.data} editable={editable} />
          {settings.data.anchoring ? (
            <Anchoring anchoring={settings.data.anchoring} />
          ) : (
            <p className="mt-4 border-t border-slate-100 pt-4 text-xs text-slate-500">
              With pre-annotation on, this card compares first answers&apos; agreement with the model where it was shown and where it was held back: its pull on labelers.
            </p>
          )}
        </>
      )}
    </Card>
  );
}
