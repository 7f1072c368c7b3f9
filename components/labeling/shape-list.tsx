"use client";
// The list beside the canvas or waveform: one row per shape or segment, synchronized with the
// selection, with its class, an "uncertain" mark and delete.
import { useDeferredValue, type ReactNode } from "react";
import { isShapeEntry, labelColor, replaceEntry, toggleUncertain, type ShapeEntry } from "@/lib/labeling/answers";
import type { AnswerProblems } from "@/lib/labeling/problems";
import type { ResultEntry } from "@/lib/validation/annotation";
import { allowedLabels, type Task } from "@/lib/validation/project";
import { ProblemText, type Change } from "./answer-panels";

// Rows drawn in the first render: more than the list's height shows; the rest follow at lower priority, so hundreds
// of shapes do not hold back the canvas beside them.
const FIRST_ROWS = 12;

export function ShapeList({
  result,
  tasks,
  selected,
  onSelect,
  onChange,
  onClassChange,
  onRemove,
  describe,
  details,
  note,
  title,
  empty,
  problems,
}: {
  result: ResultEntry[];
  tasks: Task[];
  selected: number | null;
  onSelect: (index: number) => void;
  onChange: Change;
  /** A class chosen for an entry: the workspace may keep it as the class of the next ones. */
  onClassChange?: (taskKey: string, label: string) => void;
  /** Removes entry `index` (the workspace also moves its selection). */
  onRemove: (index: number) => void;
  describe: (entry: ShapeEntry) => string;
  /** More fields for the selected row (a segment's transcript). */
  details?: (entry: ShapeEntry, index: number) => ReactNode;
  /** A longer text under a row (a segment's transcript): one line, in full on hover or focus, and while not being edited. */
  note?: (entry: ShapeEntry) => string | undefined;
  title: string;
  empty: string;
  /** Shown beside each entry with a problem, and above the list for a required task without entries. */
  problems?: AnswerProblems | null;
}) {
  const rows = result.flatMap((entry, index) => (isShapeEntry(entry) ? [{ entry, index }] : []));
  const allRows = useDeferredValue(true, false);
  const required = tasks.filter((task) => task.required && task.type !== "classification" && task.type !== "transcript");
  const missing = required.flatMap((task) => problems?.tasks.get(task.key) ?? []);
  return (
    <div className={`rounded-lg border bg-white p-3 ${missing.length ? "border-red-400" : "border-slate-200"}`}>
      <p className="text-sm font-semibold text-slate-900">
        {title} <span className="font-normal text-slate-500">({rows.length})</span>
        {required.length ? <span className="ml-1 text-xs font-normal text-slate-500">required: {required.map((task) => task.key).join(", ")}</span> : null}
      </p>
      {missing.map((message) => (
        <ProblemText key={message}>{message}</ProblemText>
      ))}
      {rows.length ? (
        <ol className="mt-2 max-h-[40vh] space-y-1 overflow-y-auto pr-1" aria-label={title}>
          {(allRows ? rows : rows.slice(0, FIRST_ROWS)).map(({ entry, index }, position) => {
            const task = tasks.find((candidate) => candidate.key === entry.task);
            const isSelected = index === selected;
            const problem = problems?.entries.get(index);
            const border = problem ? "border-red-400" : isSelected ? "border-brand-500" : "border-slate-200";
            return (
              <li key={index} className={`group rounded-md border px-2 py-1.5 text-sm ${border} ${isSelected ? "bg-brand-50" : ""}`} aria-current={isSelected || undefined}>
                <div className="flex items-center gap-2">
                  <span aria-hidden className="h-3 w-3 shrink-0 rounded-sm" style={{ background: task ? labelColor(task, entry.label) : "#64748b" }} />
                  <button type="button" className="min-w-0 flex-1 truncate text-left text-slate-800" onClick={() => onSelect(index)}>
                    {position + 1}. {describe(entry)}
                  </button>
                  <button
                    type="button"
                    aria-label={`Delete ${title.toLowerCase().replace(/s$/, "")} ${position + 1}`}
                    onClick={() => onRemove(index)}
                    className="rounded px-1.5 text-slate-500 hover:bg-red-50 hover:text-red-700"
                  >
                    ×
                  </button>
                </div>
                <div className="mt-1 flex items-center gap-3 pl-5">
                  <select
                    aria-label={`Class of ${position + 1}`}
                    value={entry.label}
                    onChange={(event) => {
                      onChange(replaceEntry(result, index, { ...entry, label: event.target.value }));
                      onClassChange?.(entry.task, event.target.value);
                      // Back to the workspace, so class keys and shortcuts work again at once.
                      event.target.blur();
                    }}
                    className="rounded border border-slate-300 px-1 py-0.5 text-xs"
                  >
                    {(task ? allowedLabels(task) : [entry.label]).map((label) => (
                      <option key={label}>{label}</option>
                    ))}
                  </select>
                  <label className="flex items-center gap-1 text-xs text-slate-600">
                    <input type="checkbox" checked={!!entry.uncertain} onChange={() => onChange(toggleUncertain(result, index))} />
                    Not sure
                  </label>
                </div>
                {isSelected && details ? <div className="mt-1 pl-5">{details(entry, index)}</div> : <RowNote text={note?.(entry)} />}
                <div className="pl-5">
                  <ProblemText>{problem}</ProblemText>
                </div>
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="mt-1 text-xs text-slate-500">{empty}</p>
      )}
    </div>
  );
}

function RowNote({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <p className="mt-0.5 truncate pl-5 text-xs text-slate-600 group-focus-within:whitespace-normal group-focus-within:break-words group-hover:whitespace-normal group-hover:break-words" title={text} data-note>
      “{text}”
    </p>
  );
}
