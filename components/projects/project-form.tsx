"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { api } from "@/lib/client/api";
import { firstProblem } from "@/lib/validation/parse";
import { newProjectSchema, taskSchema, type MediaKind, type Task } from "@/lib/validation/project";

/** A starting point per media kind, in the same JSON the API takes. */
const TEMPLATES: Record<MediaKind, object[]> = {
  image: [
    { key: "defect", type: "classification", classes: ["ok", "scratch", "dent"], uncertainClass: "borderline" },
    { key: "boxes", type: "bbox", classes: ["scratch", "dent"] },
  ],
  audio: [
    { key: "intent", type: "classification", classes: ["navigation", "call", "other"], uncertainClass: "unsure" },
    { key: "speech", type: "segment", classes: ["speech", "noise"], transcript: true },
  ],
};

const fieldClass = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

/** Classes with only a name are shown as plain strings, as people write them. */
function compactTasks(tasks: Task[]): object[] {
  return tasks.map((task) =>
    "classes" in task ? { ...task, classes: task.classes.map((labelClass) => (labelClass.color || labelClass.hotkey ? labelClass : labelClass.name)) } : task,
  );
}

/** The tasks JSON as a list of objects, or null while it is not one (the manager is still typing). */
function taskList(json: string): Record<string, unknown>[] | null {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) && parsed.every((task) => typeof task === "object" && task !== null && !Array.isArray(task)) ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * Each task's `required` as a checkbox that rewrites the JSON: the same field, for managers who would rather
 * not edit JSON. A task left without the field shows its type's default (taskSchema decides it).
 */
function RequiredTasks({ tasks, onChange }: { tasks: string; onChange: (tasks: string) => void }) {
  const list = taskList(tasks);
  const parsed = list?.map((task) => taskSchema.safeParse(task));
  if (!list || !parsed?.length) return null;
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium text-slate-700">Required before submitting</legend>
      <div className="flex flex-wrap gap-4 text-sm">
        {parsed.map((task, index) =>
          task.success ? (
            <label key={index} className="flex items-center gap-2">
              <input type="checkbox" checked={task.data.required} onChange={() => onChange(JSON.stringify(list.map((entry, position) => (position === index ? { ...entry, required: !task.data.required } : entry)), null, 2))} />
              {task.data.key}
            </label>
          ) : null,
        )}
      </div>
    </fieldset>
  );
}

/** A project as the form edits it; absent for a new project. */
export interface EditedProject {
  id: string;
  name: string;
  description: string;
  mediaKind: MediaKind;
  overlap: number;
  maxOverlap: number;
  escalationTimeoutHours: number;
  tasks: Task[];
  guidelines: string;
}

/** Creates a project (POST), or changes one (PATCH; the media kind is fixed once chosen). */
export function ProjectForm({ project }: { project?: EditedProject }) {
  const router = useRouter();
  const [mediaKind, setMediaKind] = useState<MediaKind>(project?.mediaKind ?? "image");
  const [tasks, setTasks] = useState(JSON.stringify(project ? compactTasks(project.tasks) : TEMPLATES.image, null, 2));
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: ({ guidelinesChangeNote, ...config }: Record<string, unknown>) =>
      project
        ? api<{ id: string }>(`/projects/${project.id}`, { method: "PATCH", json: { ...config, mediaKind: undefined, guidelinesChangeNote } })
        : api<{ id: string }>("/projects", { method: "POST", json: config }),
    onSuccess: (saved) => {
      if (!project) return router.push(`/projects/${saved.id}`);
      setSaved(true);
      router.refresh();
    },
    onError: (error) => setProblem(error.message),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    let parsedTasks: unknown;
    try {
      parsedTasks = JSON.parse(tasks);
    } catch {
      setProblem("tasks: not valid JSON");
      return;
    }
    const config = {
      name: form.get("name"),
      description: form.get("description"),
      mediaKind,
      overlap: Number(form.get("overlap")),
      maxOverlap: Number(form.get("maxOverlap")),
      escalationTimeoutHours: Number(form.get("escalationTimeoutHours")),
      tasks: parsedTasks,
      guidelines: form.get("guidelines"),
    };
    // The same rules as the server, so most mistakes are named before anything is sent.
    const found = firstProblem(newProjectSchema, config);
    setProblem(found);
    setSaved(false);
    if (!found) save.mutate({ ...config, guidelinesChangeNote: form.get("guidelinesChangeNote") ?? undefined });
  }

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      <TextField label="Name" name="name" required maxLength={120} placeholder="Phone scratches" defaultValue={project?.name} />
      <div className="space-y-1.5">
        <label htmlFor="description" className="block text-sm font-medium text-slate-700">
          Description
        </label>
        <textarea id="description" name="description" rows={2} maxLength={2000} className={fieldClass} defaultValue={project?.description} />
      </div>
      <fieldset className="space-y-1.5">
        <legend className="text-sm font-medium text-slate-700">Media</legend>
        <div className="flex gap-4 text-sm">
          {(["image", "audio"] as const).map((kind) => (
            <label key={kind} className="flex items-center gap-2">
              <input
                type="radio"
                name="mediaKind"
                value={kind}
                checked={mediaKind === kind}
                disabled={!!project && project.mediaKind !== kind}
                onChange={() => {
                  setMediaKind(kind);
                  setTasks(JSON.stringify(TEMPLATES[kind], null, 2));
                }}
              />
              {kind === "image" ? "Images (classes, boxes, polygons)" : "Audio (clip classes, segments, transcripts)"}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid grid-cols-3 gap-4 sm:max-w-2xl">
        <TextField label="Labelers per item" name="overlap" type="number" min={1} max={20} defaultValue={project?.overlap ?? 3} />
        <TextField label="Most labelers per item (escalation)" name="maxOverlap" type="number" min={1} max={20} defaultValue={project?.maxOverlap ?? 5} />
        <TextField label="Hours to wait for them before review" name="escalationTimeoutHours" type="number" min={1} max={720} defaultValue={project?.escalationTimeoutHours ?? 24} />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="tasks" className="block text-sm font-medium text-slate-700">
          Tasks (JSON)
        </label>
        <p className="text-xs text-slate-500">
          Each task has a <code>key</code>, a <code>type</code> and <code>classes</code>; classes may be <code>{'{"name", "color", "hotkey"}'}</code>. An{" "}
          <code>uncertainClass</code> gives labelers an explicit &ldquo;unsure&rdquo;. A task with <code>&quot;required&quot;: true</code> must be answered before a submission (a class
          chosen, a transcript typed, at least one box, polygon or segment drawn); classification tasks are required unless set to <code>false</code>, the others only when set to{" "}
          <code>true</code> (leave them optional when some items have nothing to draw).
        </p>
        <textarea id="tasks" value={tasks} onChange={(event) => setTasks(event.target.value)} rows={12} spellCheck={false} className={`${fieldClass} font-mono text-xs`} />
        <RequiredTasks tasks={tasks} onChange={setTasks} />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="guidelines" className="block text-sm font-medium text-slate-700">
          {project ? "Guidelines (Markdown; a change becomes a new version)" : "Guidelines (Markdown, version 1)"}
        </label>
        <textarea id="guidelines" name="guidelines" rows={6} className={fieldClass} placeholder="# How to label" defaultValue={project?.guidelines} />
      </div>
      {project ? <TextField label="What changed in the guidelines" name="guidelinesChangeNote" maxLength={2000} /> : null}
      {problem ? <Alert tone="error">{problem}</Alert> : null}
      {saved ? <Alert tone="success">Saved.</Alert> : null}
      <Button type="submit" disabled={save.isPending}>
        {project ? (save.isPending ? "Saving…" : "Save changes") : save.isPending ? "Creating…" : "Create project"}
      </Button>
    </form>
  );
}
