"use client";
// The project's tasks as a form: each task's key, type and options, its classes with colours and hotkeys, in
// order. It edits the same list the JSON view shows, and shows each of the API schema's problems beside its field.
import { useId, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { labelColor } from "@/lib/labeling/answers";
import type { FieldProblems } from "@/lib/setup/field-problems";
import { classesOf, hasClasses, moved, newTask, replaced, TASK_TYPE_NAMES, text, withClasses, withField, withType, without, type ClassDraft, type TaskDraft } from "@/lib/setup/task-drafts";
import { TASK_TYPES_BY_MEDIA, type MediaKind, type Task, type TaskType } from "@/lib/validation/project";

const inputClass = "block rounded-md border bg-white px-2 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";
const smallButton = "rounded px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-100 disabled:text-slate-400 disabled:hover:bg-transparent";

/** A labelled input with its problem, if any, beneath it (and announced as its description). */
function Field({ label, problem, hideLabel, className = "", children }: { label: string; problem?: string; hideLabel?: boolean; className?: string; children: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode }) {
  const id = useId();
  const problemId = `${id}-problem`;
  return (
    <div className={className}>
      <label htmlFor={id} className={hideLabel ? "sr-only" : "mb-1 block text-xs font-medium text-slate-700"}>
        {label}
      </label>
      {children({ id, "aria-invalid": !!problem, ...(problem ? { "aria-describedby": problemId } : {}) })}
      {problem ? (
        <p id={problemId} className="mt-1 text-xs font-medium text-red-700">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

const border = (invalid: boolean) => (invalid ? "border-red-500" : "border-slate-300");

/** Move up, move down and remove, for a task or a class: `what` names it in each button's accessible name. */
function ListControls({ what, index, count, onChange, removable }: { what: string; index: number; count: number; onChange: (move: "up" | "down" | "remove") => void; removable: boolean }) {
  return (
    <div className="flex shrink-0 items-center gap-0.5">
      <button type="button" className={smallButton} aria-label={`Move ${what} up`} title="Move up" disabled={index === 0} onClick={() => onChange("up")}>
        ↑
      </button>
      <button type="button" className={smallButton} aria-label={`Move ${what} down`} title="Move down" disabled={index === count - 1} onClick={() => onChange("down")}>
        ↓
      </button>
      <button type="button" className={smallButton} aria-label={`Remove ${what}`} title="Remove" disabled={!removable} onClick={() => onChange("remove")}>
        ✕
      </button>
    </div>
  );
}

function listEdit<T>(list: readonly T[], index: number, move: "up" | "down" | "remove"): T[] {
  if (move === "remove") return without(list, index);
  return moved(list, index, move === "up" ? index - 1 : index + 1);
}

function ClassRows({ task, taskName, at, problems, onChange }: { task: TaskDraft; taskName: string; at: string; problems: FieldProblems; onChange: (task: TaskDraft) => void }) {
  const classes = classesOf(task);
  const setClasses = (next: ClassDraft[]) => onChange(withClasses(task, next));
  // The colour picker shows the colour the workspace would draw a class without one in.
  const drawn = (name: string) => labelColor({ key: text(task.key), type: "bbox", classes: classes.map((labelClass) => ({ name: labelClass.name })), required: false } satisfies Task, name);
  return (
    <div className="space-y-2">
      <p className="text-xs font-medium text-slate-700">Classes</p>
      <div aria-hidden className="flex gap-2 text-xs text-slate-600">
        <span className="min-w-40 flex-1">Name</span>
        <span className="w-10">Colour</span>
        <span className="w-40">Hotkey</span>
      </div>
      <ol className="space-y-2">
        {classes.map((labelClass, index) => {
          const name = `${taskName} class ${index + 1}`;
          const classAt = `${at}.classes.${index}`;
          const edit = (field: keyof ClassDraft, value: string) => setClasses(replaced(classes, index, { ...labelClass, [field]: value }));
          return (
            <li key={index} className="flex flex-wrap items-start gap-2">
              <Field label={name} problem={problems.get(`${classAt}.name`) ?? problems.get(classAt)} hideLabel className="min-w-40 flex-1">
                {(props) => <input {...props} value={labelClass.name} placeholder={`Class ${index + 1}`} onChange={(event) => edit("name", event.target.value)} className={`${inputClass} w-full ${border(props["aria-invalid"])}`} />}
              </Field>
              <Field label={`${name} colour`} problem={problems.get(`${classAt}.color`)} hideLabel>
                {(props) => (
                  <input {...props} type="color" value={labelClass.color ?? drawn(labelClass.name)} onChange={(event) => edit("color", event.target.value)} className="h-8 w-10 cursor-pointer rounded border border-slate-300 bg-white p-0.5" />
                )}
              </Field>
              <Field label={`${name} hotkey`} problem={problems.get(`${classAt}.hotkey`)} hideLabel className="w-40">
                {(props) => (
                  <input
                    {...props}
                    value={labelClass.hotkey ?? ""}
                    maxLength={1}
                    placeholder={index < 9 ? `key: ${index + 1}` : "key"}
                    onChange={(event) => edit("hotkey", event.target.value)}
                    className={`${inputClass} w-24 font-mono ${border(props["aria-invalid"])}`}
                  />
                )}
              </Field>
              <ListControls what={name.toLowerCase()} index={index} count={classes.length} removable={classes.length > 1} onChange={(move) => setClasses(listEdit(classes, index, move))} />
            </li>
          );
        })}
      </ol>
      <button type="button" className="text-xs font-medium text-brand-700 underline hover:text-brand-900" onClick={() => setClasses([...classes, { name: "" }])}>
        Add a class to {taskName.toLowerCase()}
      </button>
      {problems.get(`${at}.classes`) ? <p className="text-xs font-medium text-red-700">{problems.get(`${at}.classes`)}</p> : null}
    </div>
  );
}

function TaskCard({ task, index, count, mediaKind, problems, onChange, onMove }: { task: TaskDraft; index: number; count: number; mediaKind: MediaKind; problems: FieldProblems; onChange: (task: TaskDraft) => void; onMove: (move: "up" | "down" | "remove") => void }) {
  const taskName = `Task ${index + 1}`;
  const at = `tasks.${index}`;
  const type = text(task.type);
  const types = TASK_TYPES_BY_MEDIA[mediaKind];
  // A classification task is required unless it says otherwise; the others only when they say so (taskSchema's defaults).
  const required = typeof task.required === "boolean" ? task.required : type === "classification";
  const problem = problems.get(at);
  return (
    <li className={`rounded-lg border bg-white p-4 ${problem ? "border-red-400" : "border-slate-200"}`}>
      <fieldset className="relative space-y-3">
        <legend className="text-sm font-semibold text-slate-900">
          {taskName}
          {text(task.key) ? <span className="ml-1 font-normal text-slate-600">· {text(task.key)}</span> : null}
        </legend>
        <div className="absolute right-0 top-0">
          <ListControls what={taskName.toLowerCase()} index={index} count={count} removable={count > 1} onChange={onMove} />
        </div>
        {problem ? <p className="text-xs font-medium text-red-700">{problem}</p> : null}
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={`${taskName} key`} problem={problems.get(`${at}.key`)}>
            {(props) => <input {...props} value={text(task.key)} onChange={(event) => onChange({ ...task, key: event.target.value })} spellCheck={false} className={`${inputClass} w-full font-mono ${border(props["aria-invalid"])}`} />}
          </Field>
          <Field label={`${taskName} type`} problem={problems.get(`${at}.type`)}>
            {(props) => (
              <select {...props} value={type} onChange={(event) => onChange(withType(task, event.target.value as TaskType))} className={`${inputClass} w-full ${border(props["aria-invalid"])}`}>
                {(types as readonly string[]).includes(type) ? null : <option value={type}>{type || "(none)"} — not for {mediaKind}</option>}
                {types.map((option) => (
                  <option key={option} value={option}>
                    {TASK_TYPE_NAMES[option]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="flex flex-wrap gap-x-5 gap-y-2 text-sm">
          <Checkbox label={`${taskName} required`} text="Required before submitting" checked={required} onChange={(checked) => onChange({ ...task, required: checked })} />
          {type === "classification" ? <Checkbox label={`${taskName} multiple choice`} text="Multiple choice" checked={task.multiple === true} onChange={(checked) => onChange(withField(task, "multiple", checked || undefined))} /> : null}
          {type === "segment" ? <Checkbox label={`${taskName} transcript on segments`} text="Transcript on each segment" checked={task.transcript === true} onChange={(checked) => onChange(withField(task, "transcript", checked || undefined))} /> : null}
        </div>
        {type === "classification" || type === "segment" ? (
          <Field label={`${taskName} uncertainty class`} problem={problems.get(`${at}.uncertainClass`)} className="sm:w-1/2">
            {(props) => (
              <input {...props} value={text(task.uncertainClass)} placeholder="e.g. borderline (empty: none)" onChange={(event) => onChange(withField(task, "uncertainClass", event.target.value))} className={`${inputClass} w-full ${border(props["aria-invalid"])}`} />
            )}
          </Field>
        ) : null}
        {hasClasses(type) ? <ClassRows task={task} taskName={taskName} at={at} problems={problems} onChange={onChange} /> : null}
      </fieldset>
    </li>
  );
}

function Checkbox({ label, text: shown, checked, onChange }: { label: string; text: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="flex items-center gap-2 text-slate-700">
      <input type="checkbox" aria-label={label} checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {shown}
    </label>
  );
}

export function TaskBuilder({ tasks, mediaKind, problems, onChange }: { tasks: TaskDraft[]; mediaKind: MediaKind; problems: FieldProblems; onChange: (tasks: TaskDraft[]) => void }) {
  return (
    <div className="space-y-3">
      {problems.get("tasks") ? <p className="text-xs font-medium text-red-700">{problems.get("tasks")}</p> : null}
      <ol className="space-y-3" aria-label="Tasks">
        {tasks.map((task, index) => (
          <TaskCard
            key={index}
            task={task}
            index={index}
            count={tasks.length}
            mediaKind={mediaKind}
            problems={problems}
            onChange={(next) => onChange(replaced(tasks, index, next))}
            onMove={(move) => onChange(listEdit(tasks, index, move))}
          />
        ))}
      </ol>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-700">Add a task:</span>
        {TASK_TYPES_BY_MEDIA[mediaKind].map((type) => (
          <Button key={type} type="button" variant="secondary" className="px-2.5 py-1 text-xs" onClick={() => onChange([...tasks, newTask(tasks, type)])}>
            + {TASK_TYPE_NAMES[type]}
          </Button>
        ))}
      </div>
    </div>
  );
}
