"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { api, problemAt, problemOf, type FieldProblem } from "@/lib/client/api";
import type { TaskDraft } from "@/lib/setup/task-drafts";
import { firstTemplate } from "@/lib/setup/templates";
import { describeIssue } from "@/lib/validation/parse";
import { newProjectSchema, type MediaKind, type Task } from "@/lib/validation/project";
import { ProjectTasks, useTaskSetup } from "./project-tasks";
import { TaskPreview } from "./task-preview";

const fieldClass = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";

/** Classes with only a name are shown as plain strings, as people write them. */
function compactTasks(tasks: Task[]): TaskDraft[] {
  return tasks.map((task) =>
    "classes" in task ? { ...task, classes: task.classes.map((labelClass) => (labelClass.color || labelClass.hotkey ? labelClass : labelClass.name)) } : task,
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
  const taskSetup = useTaskSetup(project ? { mediaKind: project.mediaKind, tasks: compactTasks(project.tasks), mediaKindFixed: true } : { mediaKind: "image", tasks: firstTemplate("image").tasks, mediaKindFixed: false });
  const { mediaKind, tasks } = taskSetup.setup;
  // The first problem: whole in the alert, and under its field when the form shows that field.
  const [problem, setProblem] = useState<(FieldProblem & { whole: string }) | null>(null);
  const problemIn = (field: string) => (problem?.field === field ? problem.message : null);
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
    onError: (error) => setProblem({ ...problemOf(error), whole: error.message }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const config = {
      name: form.get("name"),
      description: form.get("description"),
      mediaKind,
      overlap: Number(form.get("overlap")),
      maxOverlap: Number(form.get("maxOverlap")),
      escalationTimeoutHours: Number(form.get("escalationTimeoutHours")),
      tasks,
      guidelines: form.get("guidelines"),
    };
    // The same rules as the server, so most mistakes are named before anything is sent.
    const checked = newProjectSchema.safeParse(config);
    const found = checked.success ? null : describeIssue(checked.error.issues[0]!);
    setProblem(found && { ...problemAt(found.path, found.message), whole: found.message });
    setSaved(false);
    if (!found) save.mutate({ ...config, guidelinesChangeNote: form.get("guidelinesChangeNote") ?? undefined });
  }

  return (
    <div className="space-y-6">
      <form onSubmit={submit} className="max-w-3xl space-y-5" noValidate>
        <TextField label="Name" name="name" required maxLength={120} placeholder="Phone scratches" defaultValue={project?.name} problem={problemIn("name")} />
        <div className="space-y-1.5">
          <label htmlFor="description" className="block text-sm font-medium text-slate-700">
            Description
          </label>
          <textarea id="description" name="description" rows={2} maxLength={2000} className={fieldClass} defaultValue={project?.description} />
        </div>
        <div className="grid grid-cols-3 gap-4 sm:max-w-2xl">
          <TextField label="Labelers per item" name="overlap" type="number" min={1} max={20} defaultValue={project?.overlap ?? 3} problem={problemIn("overlap")} />
          <TextField label="Most labelers per item (escalation)" name="maxOverlap" type="number" min={1} max={20} defaultValue={project?.maxOverlap ?? 5} problem={problemIn("maxOverlap")} />
          <TextField label="Hours to wait for them before review" name="escalationTimeoutHours" type="number" min={1} max={720} defaultValue={project?.escalationTimeoutHours ?? 24} problem={problemIn("escalationTimeoutHours")} />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="guidelines" className="block text-sm font-medium text-slate-700">
            {project ? "Guidelines (Markdown; a change becomes a new version)" : "Guidelines (Markdown, version 1)"}
          </label>
          <textarea id="guidelines" name="guidelines" rows={6} className={fieldClass} placeholder="# How to label" defaultValue={project?.guidelines} />
        </div>
        {project ? <TextField label="What changed in the guidelines" name="guidelinesChangeNote" maxLength={2000} /> : null}
        <ProjectTasks controls={taskSetup} />
        {problem ? <Alert tone="error">{problem.whole}</Alert> : null}
        {saved ? <Alert tone="success">Saved.</Alert> : null}
        <Button type="submit" disabled={save.isPending}>
          {project ? (save.isPending ? "Saving…" : "Save changes") : save.isPending ? "Creating…" : "Create project"}
        </Button>
      </form>
      <TaskPreview mediaKind={mediaKind} {...taskSetup.setup.preview} />
    </div>
  );
}
