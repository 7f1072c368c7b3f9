"use client";
// A project's media kind and tasks: built in a form or typed as JSON (one value, both views edit it), from a
// template or from scratch, checked as the manager edits by the API's own schema. Nothing the manager made is
// discarded without asking: a template over edits, or a media kind that cannot keep every task.
import { useState } from "react";
import { ConfirmDialog, type Confirmation } from "@/components/ui/confirm-dialog";
import { fieldProblems, type FieldProblems } from "@/lib/setup/field-problems";
import { switchMediaKind, tasksFromJson, text, type TaskDraft } from "@/lib/setup/task-drafts";
import { TASK_TEMPLATES, type TaskTemplate } from "@/lib/setup/templates";
import { MEDIA_KINDS, projectTasksSchema, type MediaKind, type Task } from "@/lib/validation/project";
import { TaskBuilder } from "./task-builder";

const MEDIA_KIND_NAMES: Record<MediaKind, string> = { image: "Images (classes, boxes, polygons)", audio: "Audio (clip classes, segments, transcripts)" };
const asJson = (tasks: TaskDraft[]) => JSON.stringify(tasks, null, 2);
const describeTasks = (tasks: TaskDraft[]) => tasks.map((task) => `${text(task.key) || "(no key)"} (${text(task.type)})`).join(", ");

export interface TaskSetup {
  mediaKind: MediaKind;
  tasks: TaskDraft[];
  /** Whether the media kind can still change (not once the project exists). */
  mediaKindFixed: boolean;
  problems: FieldProblems;
  /** The tasks as the API reads them when they have no problem, else the last ones that had none. */
  preview: { tasks: Task[] | null; current: boolean };
  view: "form" | "json";
  /** The JSON view's own text while it is not the tasks' (being typed, or not valid JSON), with its problem. */
  json: { text: string; problem: string | null } | null;
  confirmation: Confirmation | null;
}

/** The state behind ProjectTasks and the preview, which sits outside the form (its workspace has its own keys and buttons). */
export function useTaskSetup(initial: { mediaKind: MediaKind; tasks: TaskDraft[]; mediaKindFixed: boolean }) {
  const [mediaKind, setMediaKind] = useState(initial.mediaKind);
  const [tasks, setTasksState] = useState(initial.tasks);
  // The tasks as last chosen (the start, or a template): anything else is the manager's edits.
  const [chosen, setChosen] = useState(() => asJson(initial.tasks));
  const [view, setView] = useState<"form" | "json">("form");
  const [json, setJson] = useState<TaskSetup["json"]>(null);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const [lastValid, setLastValid] = useState<Task[] | null>(null);

  const checked = projectTasksSchema.safeParse({ mediaKind, tasks });
  const valid = checked.success ? checked.data.tasks : null;
  // Derived state kept across renders: the preview stays on the last valid tasks while the manager fixes a problem.
  if (valid && JSON.stringify(valid) !== JSON.stringify(lastValid)) setLastValid(valid);

  const setTasks = (next: TaskDraft[]) => {
    setTasksState(next);
    setJson(null);
  };
  const apply = (kind: MediaKind, next: TaskDraft[]) => {
    setMediaKind(kind);
    setTasks(next);
  };
  const startFrom = (template: TaskTemplate) => {
    apply(template.mediaKind, template.tasks);
    setChosen(asJson(template.tasks));
  };

  const setup: TaskSetup = {
    mediaKind,
    tasks,
    mediaKindFixed: initial.mediaKindFixed,
    problems: checked.success ? new Map() : fieldProblems(checked.error.issues),
    preview: { tasks: valid ?? lastValid, current: !!valid },
    view,
    json,
    confirmation,
  };
  return {
    setup,
    setTasks,
    setView,
    closeConfirmation: () => setConfirmation(null),
    editJson: (typed: string) => {
      const read = tasksFromJson(typed);
      setJson({ text: typed, problem: "problem" in read ? read.problem : null });
      if ("tasks" in read) setTasksState(read.tasks);
    },
    chooseMediaKind: (kind: MediaKind) => {
      const { tasks: kept, discarded } = switchMediaKind(tasks, kind);
      if (!discarded.length) return apply(kind, kept);
      setConfirmation({
        title: `Switch to ${kind}?`,
        body: `${kind === "image" ? "Images" : "Audio"} cannot have ${discarded.length === 1 ? "this task" : "these tasks"}, which would be discarded: ${describeTasks(discarded)}.`,
        confirm: `Switch and discard ${discarded.length === 1 ? "1 task" : `${discarded.length} tasks`}`,
        onConfirm: () => apply(kind, kept),
      });
    },
    chooseTemplate: (template: TaskTemplate) => {
      if (asJson(tasks) === chosen) return startFrom(template);
      setConfirmation({
        title: `Start from “${template.name}”?`,
        body: `The template replaces your tasks (${describeTasks(tasks)}) and the changes you made to them.`,
        confirm: "Replace my tasks",
        onConfirm: () => startFrom(template),
      });
    },
  };
}

export type TaskSetupControls = ReturnType<typeof useTaskSetup>;

function ViewSwitch({ view, onChange }: { view: TaskSetup["view"]; onChange: (view: TaskSetup["view"]) => void }) {
  const option = (value: TaskSetup["view"], label: string) => (
    <button
      type="button"
      aria-pressed={view === value}
      onClick={() => onChange(value)}
      className={`rounded-md px-2.5 py-1 text-xs font-medium ${view === value ? "bg-slate-800 text-white" : "text-slate-700 hover:bg-slate-100"}`}
    >
      {label}
    </button>
  );
  return (
    <div role="group" aria-label="Tasks view" className="flex gap-1 rounded-lg border border-slate-200 bg-white p-0.5">
      {option("form", "Form")}
      {option("json", "JSON (advanced)")}
    </div>
  );
}

/** What the JSON view adds: the problems the form shows beside its fields, listed, as JSON has no fields to show them on. */
function JsonProblems({ problems }: { problems: FieldProblems }) {
  if (!problems.size) return null;
  return (
    <ul className="list-disc space-y-0.5 pl-5 text-xs font-medium text-red-700" aria-label="Problems in the tasks">
      {[...problems].map(([field, message]) => (
        <li key={field}>
          <code>{field}</code>: {message}
        </li>
      ))}
    </ul>
  );
}

export function ProjectTasks({ controls }: { controls: TaskSetupControls }) {
  const { setup } = controls;
  const templates = TASK_TEMPLATES.filter((template) => !setup.mediaKindFixed || template.mediaKind === setup.mediaKind);
  return (
    <div className="space-y-5">
      <fieldset className="space-y-1.5">
        <legend className="text-sm font-medium text-slate-700">Media</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          {MEDIA_KINDS.map((kind) => (
            <label key={kind} className="flex items-center gap-2">
              <input type="radio" name="mediaKind" value={kind} checked={setup.mediaKind === kind} disabled={setup.mediaKindFixed && setup.mediaKind !== kind} onChange={() => controls.chooseMediaKind(kind)} />
              {MEDIA_KIND_NAMES[kind]}
            </label>
          ))}
        </div>
      </fieldset>
      <section aria-labelledby="tasks-title" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="tasks-title" className="text-sm font-medium text-slate-700">
            Tasks
          </h2>
          <ViewSwitch view={setup.view} onChange={controls.setView} />
        </div>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-700">Start from a template:</span>
          {templates.map((template) => (
            <button
              key={template.id}
              type="button"
              title={template.description}
              onClick={() => controls.chooseTemplate(template)}
              className="rounded-full border border-slate-300 bg-white px-3 py-1 text-xs font-medium text-slate-800 hover:bg-slate-50"
            >
              {template.name} <span className="text-slate-600">({template.mediaKind})</span>
            </button>
          ))}
        </div>
        {setup.view === "form" ? (
          <>
            {setup.json?.problem ? <p className="text-xs text-slate-600">The JSON view holds text that is not valid yet; the form shows the tasks as they were before it.</p> : null}
            <TaskBuilder tasks={setup.tasks} mediaKind={setup.mediaKind} problems={setup.problems} onChange={controls.setTasks} />
          </>
        ) : (
          <div className="space-y-1.5">
            <label htmlFor="tasks" className="block text-sm font-medium text-slate-700">
              Tasks (JSON)
            </label>
            <p className="text-xs text-slate-600">
              The same tasks as the form, as the API takes them. Each task has a <code>key</code>, a <code>type</code> and <code>classes</code>; classes may be{" "}
              <code>{'{"name", "color", "hotkey"}'}</code>.
            </p>
            <textarea
              id="tasks"
              value={setup.json?.text ?? asJson(setup.tasks)}
              onChange={(event) => controls.editJson(event.target.value)}
              rows={14}
              spellCheck={false}
              aria-invalid={!!setup.json?.problem || setup.problems.size > 0}
              aria-describedby={setup.json?.problem ? "tasks-json-problem" : undefined}
              className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
            />
            {setup.json?.problem ? (
              <p id="tasks-json-problem" className="text-xs font-medium text-red-700">
                {setup.json.problem} The form keeps the tasks as they were before this text.
              </p>
            ) : (
              <JsonProblems problems={setup.problems} />
            )}
          </div>
        )}
      </section>
      <ConfirmDialog confirmation={setup.confirmation} onClose={controls.closeConfirmation} />
    </div>
  );
}
