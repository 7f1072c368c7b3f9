"use client";
// What a new topic points at: a shape or segment of a task (by its number in the answer) or a time in the audio.
import { useId } from "react";
import type { Anchor } from "@/lib/validation/discussions";
import type { Task } from "@/lib/validation/project";

export interface AnchorTarget {
  task: string;
  kind: Anchor["kind"];
  label: string;
}

/** What a project's topics may link to: each shape task's shapes, each segment task's segments, and times in audio. */
export function anchorTargetsOf(tasks: readonly Pick<Task, "key" | "type">[], mediaKind: "image" | "audio"): AnchorTarget[] {
  const targets = tasks.flatMap((task): AnchorTarget[] => {
    if (task.type === "bbox" || task.type === "polygon") return [{ task: task.key, kind: "shape", label: `A shape of ${task.key}` }];
    if (task.type === "segment") return [{ task: task.key, kind: "segment", label: `A segment of ${task.key}` }];
    return [];
  });
  return mediaKind === "audio" && tasks[0] ? [...targets, { task: tasks[0].key, kind: "time", label: "A time in the audio" }] : targets;
}

const FIELD = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

export function AnchorPicker({ targets, value, onChange }: { targets: AnchorTarget[]; value: Anchor | undefined; onChange: (anchor: Anchor | undefined) => void }) {
  const id = useId();
  const chosen = value ? targets.findIndex((target) => target.task === value.task && target.kind === value.kind) : -1;
  const choose = (index: number) => {
    const target = targets[index];
    onChange(target ? (target.kind === "time" ? { task: target.task, kind: "time", startMs: 0 } : { task: target.task, kind: target.kind, index: 0 }) : undefined);
  };
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label htmlFor={`${id}-target`} className="font-medium text-slate-700">
        Link to
      </label>
      <select id={`${id}-target`} value={chosen} onChange={(event) => choose(Number(event.target.value))} className={FIELD}>
        <option value={-1}>The whole item</option>
        {targets.map((target, index) => (
          <option key={`${target.task}-${target.kind}`} value={index}>
            {target.label}
          </option>
        ))}
      </select>
      {value?.kind === "time" ? (
        <>
          <label htmlFor={`${id}-at`} className="text-slate-700">
            At (seconds)
          </label>
          <input id={`${id}-at`} type="number" min={0} step={0.1} value={value.startMs! / 1000} onChange={(event) => onChange({ ...value, startMs: Math.max(0, Math.round(Number(event.target.value) * 1000)) })} className={`${FIELD} w-24`} />
        </>
      ) : value ? (
        <>
          <label htmlFor={`${id}-number`} className="text-slate-700">
            {value.kind === "shape" ? "Shape" : "Segment"} number
          </label>
          <input id={`${id}-number`} type="number" min={1} step={1} value={value.index! + 1} onChange={(event) => onChange({ ...value, index: Math.max(0, Math.round(Number(event.target.value)) - 1) })} className={`${FIELD} w-20`} />
        </>
      ) : null}
    </div>
  );
}
