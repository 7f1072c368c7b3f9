import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { EvaluationCard } from "@/components/models/evaluation";
import { ImportPredictions } from "@/components/models/import-predictions";
import { ModelList } from "@/components/models/model-list";
import { ModelSettingsCard } from "@/components/models/model-settings";
import { TagsCard } from "@/components/models/tags-card";
import { BackLink } from "@/components/ui/back-link";
import { requirePageProject } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Models" };

/** Models in the loop (reviewers and managers): the project's model versions, how they are put to work, and how they compare with the labelers. */
export default async function ModelsPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId } = await params;
  const query = await searchParams;
  const text = (key: string) => (typeof query[key] === "string" ? query[key] : undefined);
  const { project } = await requirePageProject(projectId);
  if (project.role === "labeler") forbidden();
  const isManager = project.role === "manager";
  return (
    <div className="space-y-6">
      <div>
        <BackLink href={`/projects/${project.id}`} to={project.name} />
        <h1 className="text-2xl font-semibold tracking-tight">Models</h1>
        <p className="text-sm text-slate-600">Model versions&apos; predictions against the final labels and the labelers, and where to improve them first.</p>
      </div>
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <ModelList projectId={project.id} />
        {isManager ? <ImportPredictions projectId={project.id} /> : null}
      </div>
      <ModelSettingsCard projectId={project.id} editable={isManager} />
      <EvaluationCard
        projectId={project.id}
        tasks={project.tasks.map((task) => ({ key: task.key, type: task.type }))}
        metadataKeys={project.metadataKeys}
        initial={{ model: text("model"), version: text("version"), task: text("task"), by: text("by") }}
      />
      <TagsCard projectId={project.id} metadataKeys={project.metadataKeys} />
    </div>
  );
}
