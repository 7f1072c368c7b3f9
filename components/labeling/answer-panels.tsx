"use client";
// Item-level answers shown beside any media: classes (clip or image) and whole-item transcripts.
import { keyForClass, toggleUncertain, withClassification, withoutAnswer, withTranscript } from "@/lib/labeling/answers";
import type { ResultEntry } from "@/lib/validation/annotation";
import { allowedLabels, type Task } from "@/lib/validation/project";
import { TranscriptField } from "./transcript-field";

export type Change = (next: ResultEntry[], coalesceKey?: string) => void;

/** What keeps an answer from being sent, shown where it can be fixed. */
export function ProblemText({ children }: { children: string | undefined }) {
  return children ? <p className="mt-2 text-xs font-medium text-red-700">{children}</p> : null;
}

const panelBorder = (problem: string | undefined) => (problem ? "border-red-400" : "border-slate-200");

function UncertainToggle({ checked, onChange, label }: { checked: boolean; onChange: () => void; label: string }) {
  return (
    <label className="mt-2 flex items-center gap-2 text-xs text-slate-600">
      <input type="checkbox" checked={checked} onChange={onChange} aria-label={label} />
      Not sure
    </label>
  );
}

/** Task key → what a required task still needs (from lib/labeling/problems.ts). */
type TaskProblems = ReadonlyMap<string, string> | undefined;

/**
 * Class buttons for each classification task; the first task's buttons show their keys. A single-choice
 * task's buttons are a radio group (choosing the chosen class keeps it; Clear removes the answer), a
 * multiple-choice task's are toggle buttons.
 */
export function ClassificationPanel({ tasks, result, onChange, keysActive, problems }: { tasks: Task[]; result: ResultEntry[]; onChange: Change; keysActive: boolean; problems?: TaskProblems }) {
  return tasks.map((task, taskIndex) => {
    const index = result.findIndex((entry) => entry.task === task.key);
    const entry = result[index];
    const values = entry?.type === "classification" ? entry.values : [];
    const uncertainClass = task.type === "classification" ? task.uncertainClass : undefined;
    const problem = problems?.get(task.key);
    const multiple = task.type === "classification" && task.multiple;
    return (
      <fieldset key={task.key} className={`rounded-lg border bg-white p-3 ${panelBorder(problem)}`}>
        <legend className="px-1 text-sm font-semibold text-slate-900">
          {task.key}
          {task.required ? <span className="ml-1 font-normal text-slate-500">(required)</span> : null}
        </legend>
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
        <ProblemText>{problem}</ProblemText>
      </fieldset>
    );
  });
}

/** A text field per whole-item transcript task. */
export function TranscriptPanel({ tasks, result, onChange, problems }: { tasks: Task[]; result: ResultEntry[]; onChange: Change; problems?: TaskProblems }) {
  return tasks.map((task) => {
    const index = result.findIndex((candidate) => candidate.task === task.key);
    const entry = result[index];
    const problem = problems?.get(task.key);
    return (
      <div key={task.key} className={`rounded-lg border bg-white p-3 text-sm ${panelBorder(problem)}`}>
        <TranscriptField
          label={task.required ? `${task.key} (required)` : task.key}
          value={entry?.type === "transcript" ? entry.text : ""}
          onChange={(text) => onChange(withTranscript(result, task.key, text), `transcript:${task.key}`)}
          rows={3}
        />
        {entry ? <UncertainToggle checked={!!entry.uncertain} onChange={() => onChange(toggleUncertain(result, index))} label={`${task.key}: not sure`} /> : null}
        <ProblemText>{problem}</ProblemText>
      </div>
    );
  });
}
