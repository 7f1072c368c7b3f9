import type { Metadata } from "next";
import Link from "next/link";
import { ExportPanel } from "@/components/projects/export-panel";
import { ImportPanel } from "@/components/projects/import-panel";
import { ItemsTable } from "@/components/projects/items-table";
import { MembersPanel } from "@/components/projects/members-panel";
import { Card } from "@/components/ui/card";
import { requirePageProject } from "@/lib/server/auth/session";
import { countWaitingGuidelineDrafts } from "@/lib/server/guidelines";
import { projectProgress } from "@/lib/server/projects";
import { listTags } from "@/lib/server/tags";

export const metadata: Metadata = { title: "Project" };

export default async function ProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { caller, project } = await requirePageProject(projectId);
  const progress = await projectProgress(caller, project.id);
  const isManager = project.role === "manager";
  const draftsWaiting = isManager ? await countWaitingGuidelineDrafts(caller, project.id) : 0;
  return (
    <div className="space-y-6">
      <div>
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{project.mediaKind === "image" ? "Image project" : "Audio project"}</p>
        <h1 className="text-2xl font-semibold tracking-tight">{project.name}</h1>
        {project.description ? <p className="mt-1 text-sm text-slate-600">{project.description}</p> : null}
        <div className="mt-3 flex items-center gap-4">
          <Link href={`/projects/${project.id}/label`} className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Start labeling
          </Link>
          <p className="text-sm text-slate-600">
            You labeled {progress.mine} · {progress.complete} of {progress.items} items have all their labels
          </p>
          <Link href={`/projects/${project.id}/guidelines`} className="text-sm font-medium text-brand-700 hover:underline">
            Guidelines v{project.guidelines?.version ?? 0}
          </Link>
          <Link href={`/projects/${project.id}/my-items`} className="text-sm font-medium text-brand-700 hover:underline">
            My recent items
          </Link>
          <Link href={`/projects/${project.id}/feedback`} className="text-sm font-medium text-brand-700 hover:underline">
            Your feedback
          </Link>
          {project.role !== "labeler" ? (
            <Link href={`/projects/${project.id}/dashboard`} className="text-sm font-medium text-brand-700 hover:underline">
              Dashboard
            </Link>
          ) : null}
          {project.role !== "labeler" ? (
            <Link href={`/projects/${project.id}/review`} className="text-sm font-medium text-brand-700 hover:underline">
              Review
            </Link>
          ) : null}
          {project.role !== "labeler" ? (
            <Link href={`/projects/${project.id}/models`} className="text-sm font-medium text-brand-700 hover:underline">
              Models
            </Link>
          ) : null}
          {isManager ? (
            <Link href={`/projects/${project.id}/settings`} className="text-sm font-medium text-brand-700 hover:underline">
              Settings
            </Link>
          ) : null}
        </div>
        {draftsWaiting ? (
          <p className="mt-3">
            <Link href={`/projects/${project.id}/guidelines#drafts`} className="inline-block rounded-md bg-amber-50 px-3 py-1.5 text-sm font-medium text-amber-900 underline">
              {draftsWaiting} guideline draft{draftsWaiting === 1 ? "" : "s"} waiting
            </Link>
          </p>
        ) : null}
        <p className="mt-2 text-xs text-slate-500">
          {progress.items} item{progress.items === 1 ? "" : "s"} · {project.overlap} labeler{project.overlap === 1 ? "" : "s"} per item (up to {project.maxOverlap} for disputes, waiting at most{" "}
          {project.escalationTimeoutHours} h for them) · guidelines v{project.guidelines?.version ?? 0}
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {isManager ? <ImportPanel projectId={project.id} mediaKind={project.mediaKind} /> : null}
          {project.role !== "labeler" ? <ItemsTable projectId={project.id} overlap={project.overlap} /> : null}
          {project.role !== "labeler" ? <ExportPanel projectId={project.id} mediaKind={project.mediaKind} tags={await listTags(caller, project.id)} /> : null}
        </div>
        <div className="space-y-6">
          <Card title="Tasks">
            <ul className="space-y-3 text-sm">
              {project.tasks.map((task) => (
                <li key={task.key}>
                  <p className="font-medium text-slate-900">
                    {task.key} <span className="font-normal text-slate-500">· {task.type}{task.required ? " · required" : ""}</span>
                  </p>
                  {"classes" in task ? (
                    <p className="text-xs text-slate-600">
                      {task.classes.map((labelClass) => labelClass.name).join(", ")}
                      {"uncertainClass" in task && task.uncertainClass ? ` · uncertain: ${task.uncertainClass}` : ""}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          </Card>
          <MembersPanel projectId={project.id} canManage={isManager} currentUserId={caller.user.id} />
        </div>
      </div>
    </div>
  );
}
