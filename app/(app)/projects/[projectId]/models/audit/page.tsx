import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { AuditView } from "@/components/models/audit-view";
import { BackLink } from "@/components/ui/back-link";
import { requirePageProject } from "@/lib/server/auth/session";
import { auditChoices } from "@/lib/server/models/audit";

export const metadata: Metadata = { title: "Model audit" };

/** A model version's audit (reviewers and managers): worst slices, rare classes and the watch list's hits. ?model=NAME&version=V picks the version. */
export default async function ModelAuditPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId } = await params;
  const { caller, project } = await requirePageProject(projectId);
  if (project.role === "labeler") forbidden();
  const choices = await auditChoices(caller, project.id);
  const query = await searchParams;
  const asked = choices.models.find((model) => model.name === query.model && (typeof query.version !== "string" || model.version === query.version));
  return (
    <div className="space-y-4">
      <div>
        <BackLink href={`/projects/${project.id}/models`} to="Models" />
        <h1 className="text-2xl font-semibold tracking-tight">Model audit: {project.name}</h1>
        <p className="mt-1 text-sm text-slate-600">Where a model version does worst, slice by slice, how it does on rare classes, and which transcripts put a watched term where the people did not say it.</p>
      </div>
      <AuditView
        projectId={project.id}
        models={choices.models.map(({ id, name, version }) => ({ id, name, version }))}
        initialModelId={asked?.id ?? choices.models[0]?.id ?? null}
        tasks={project.tasks.map(({ key, type }) => ({ key, type }))}
        metadataKeys={choices.metadataKeys}
        watchList={choices.watchList}
        canEditWatchList={project.role === "manager"}
      />
    </div>
  );
}
