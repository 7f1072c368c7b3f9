import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { ErrorAnalysis } from "@/components/models/error-analysis";
import { BackLink } from "@/components/ui/back-link";
import { requirePageProject } from "@/lib/server/auth/session";

export const metadata: Metadata = { title: "Error analysis" };

type Choice = { model?: string | string[]; version?: string | string[]; task?: string | string[] };
const single = (value: string | string[] | undefined) => (typeof value === "string" && value ? value : undefined);

export default async function ErrorAnalysisPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Choice> }) {
  const { projectId } = await params;
  const { model, version, task } = await searchParams;
  const { project } = await requirePageProject(projectId);
  if (project.role === "labeler") forbidden();
  return (
    <div className="space-y-4">
      <div>
        <BackLink href={`/projects/${project.id}/models`} to="Models" />
        <h1 className="text-xl font-semibold tracking-tight">Error analysis</h1>
        <p className="text-sm text-slate-600">
          A model version&apos;s errors one at a time, its prediction beside the final label: tag what each has in common (&ldquo;car noise&rdquo;, &ldquo;blurry&rdquo;) to compare the model with
          the labelers per tag in the evaluation.
        </p>
      </div>
      <ErrorAnalysis
        // A fresh browser for each model version and task.
        key={`${single(model)}|${single(version)}|${single(task)}`}
        projectId={project.id}
        tasks={project.tasks}
        standardization={project.standardization}
        choice={{ model: single(model), version: single(version), task: single(task) }}
      />
    </div>
  );
}
