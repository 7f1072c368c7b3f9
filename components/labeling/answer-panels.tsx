"use client";
// Item-level answers shown beside any media: classes (clip or image) and whole-item transcripts.
import { keyForClass, toggleUncertain, withClassification, withoutAnswer, withTranscript } from "@/lib/labeling/answers";
import type { ResultEntry } from "@/lib/validation/annotation";
import { allowedLabels, type Task } from "@/lib/validation/project";
import { TranscriptField } from "./transcript-field";

export type Change = (next: ResultEntry[], coalesceKey?: string) => void;

function UncertainToggle({ checked, onChange, label }: { checked: boolean; onChange: () => void; label: string }) {
  return (
    <label className="mt-2 flex items-center gap-2 text-xs text-slate-600">
      <input type="checkbox" checked={checked} onChange={onChange} aria-label={label} />
      Not sure
    </label>
  );
}

/**
 * Class buttons for each classification task; the first task's buttons show their keys. A single-choice
 * task's buttons are a radio group (choosing the chosen class keeps it; Clear removes the answer), a
 * multiple-choice task's are toggle buttons.
 */
export function ClassificationPanel({ tasks, result, onChange, keysActive }: { tasks: Task[]; result: ResultEntry[]; onChange: Change; keysActive: boolean }) {
  return tasks.map((task, taskIndex) => {
    const index = result.findIndex((entry) => entry.task === task.key);
    const entry = result[index];
    const values = entry?.type === "classification" ? entry.values : [];
    const uncertainClass = task.type === "classification" ? task.uncertainClass : undefined;
    const multiple = task.type === "classification" && task.multiple;
    return (
      <fieldset key={task.key} className="rounded-lg border border-slate-200 bg-white p-3">
        <legend className="px-1 text-sm font-semibold text-slate-900">{task.key}</legend>
        <div className="flex flex-wrap gap-2" role={multiple ? "group" : "radiogroup"} aria-label={task.key}>
          {allowedLabels(task).map((label, labelIndex) => {
            const key = label === uncertainClass ? "u" : keyForClass(task, labelIndex);
            const chosen = values.includes(label);
            return (
              <button
                key={label}
                type="button"
                {...(multiple ? { "aria-pressed": chosen } : { role: "radio", "aria-checked": chosen })}
                onClick={() => onChange(withClassification(result, task, label))}
                className={`rounded-md border px-2.5 py-1.5 text-sm ${chosen ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50"}`}
              >
                {label}
                {keysActive && taskIndex === 0 && key ? <kbd className="ml-1.5 text-xs opacity-70">{key}</kbd> : null}
              </button>
            );
          })}
        </div>
        {entry ? (
          <div className="flex items-center justify-between gap-2">
            <UncertainToggle checked={!!entry.uncertain} onChange={() => onChange(toggleUncertain(result, index))} label={`${task.key}: not sure`} />
            {multiple ? null : (
              <button type="button" onClick={() => onChange(withoutAnswer(result, task.key))} className="mt-2 text-xs text-slate-600 underline hover:text-slate-900" aria-label={`${task.key}: clear the answer`}>
                Clear
              </button>
            )}
          </div>
        ) : null}
      </fieldset>
    );
  });
}

/** A text field per whole-item transcript task. */
export function TranscriptPanel({ tasks, result, onChange }: { tasks: Task[]; result: ResultEntry[]; onChange: Change }) {
  return tasks.map((task) => {
    const index = result.findIndex((candidate) => candidate.task === task.key);
    const entry = result[index];
    return (
      <div key={task.key} className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
        <TranscriptField
          label={task.key}
          value={entry?.type === "transcript" ? entry.text : ""}
          onChange={(text) => onChange(withTranscript(result, task.key, text), `transcript:${task.key}`)}
          rows={3}
        />
        {entry ? <UncertainToggle checked={!!entry.uncertain} onChange={() => onChange(toggleUncertain(result, index))} label={`${task.key}: not sure`} /> : null}
      </div>
    );
  });
}
