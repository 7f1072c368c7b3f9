import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { GuidelineDiff } from "@/components/guidelines/guideline-diff";
import { GuidelineDraftsPanel } from "@/components/guidelines/drafts-panel";
import { GuidelinesEditor } from "@/components/guidelines/guidelines-editor";
import { GuidelinesMarkdown } from "@/components/guidelines/guidelines-markdown";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { BackLink } from "@/components/ui/back-link";
import { diffMarkdown } from "@/lib/guidelines/diff";
import { requirePageProject } from "@/lib/server/auth/session";
import { projectAgreement } from "@/lib/server/agreement";
import { guidelineStatus, guidelineVersion, listGuidelineVersions } from "@/lib/server/guidelines";

export const metadata: Metadata = { title: "Guidelines" };

const formatDate = (date: Date) => date.toLocaleDateString("en", { dateStyle: "medium" });

/** The current guidelines, or with ?version=n that version and what changed from the one before it. */
export default async function GuidelinesPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ version?: string | string[] }>;
}) {
  const { projectId } = await params;
  const { version: requested } = await searchParams;
  const { caller, project } = await requirePageProject(projectId);
  const [versions, status] = await Promise.all([listGuidelineVersions(caller, project.id), guidelineStatus(caller, project.id)]);
  const shownSummary = requested === undefined ? versions[0] : versions.find((candidate) => String(candidate.version) === requested);
  if (requested !== undefined && !shownSummary) notFound();
  const back = (
    <BackLink href={`/projects/${project.id}`} to={project.name} />
  );
  if (!shownSummary) {
    return (
      <div className="space-y-4">
        {back}
        <EmptyState title="No guidelines yet">
          <p>{project.role === "manager" ? "Write the first version here." : "A manager can write them from this page."}</p>
        </EmptyState>
        {project.role === "manager" ? <GuidelinesEditor projectId={project.id} currentBody="" currentVersion={null} /> : null}
      </div>
    );
  }
  // Versions are listed newest first: the one after the shown one in the list is the version before it.
  const previousSummary = versions[versions.indexOf(shownSummary) + 1];
  const [shown, previous] = await Promise.all([
    guidelineVersion(caller, project.id, shownSummary.version),
    previousSummary ? guidelineVersion(caller, project.id, previousSummary.version) : null,
  ]);
  const isCurrent = shown.version === versions[0]!.version;
  // Did a clarification raise agreement? Class agreement of the labels made under each version.
  const agreement = project.role === "labeler" ? null : await projectAgreement(caller, project.id);
  const byVersion = Object.entries(agreement?.tasks ?? {}).flatMap(([task, figures]) => (figures.type === "classification" ? [{ task, versions: figures.byGuidelineVersion }] : []));
  return (
    <div className="space-y-6">
      <div>
        {back}
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">Guidelines</h1>
        <p className="mt-1 text-sm text-slate-600">
          Version {shown.version}
          {isCurrent ? " (current)" : ""} · {formatDate(shown.createdAt)}
          {shown.author ? ` · ${shown.author}` : ""}
          {shown.draftedBy ? ` · Drafted by ${shown.draftedBy}` : ""}
          {shown.changeNote ? ` · ${shown.changeNote}` : ""}
        </p>
        {status.acknowledgedVersion !== null && (status.mustAcknowledge || status.acknowledgedVersion > 0) ? (
          <p className="mt-1 text-xs text-slate-500">
            {status.mustAcknowledge
              ? `You have not yet confirmed version ${status.current?.version}; you will be asked to when you start labeling.`
              : `You confirmed reading version ${status.acknowledgedVersion}.`}
          </p>
        ) : null}
      </div>
      {project.role === "manager" && isCurrent ? <GuidelinesEditor projectId={project.id} currentBody={shown.body} currentVersion={shown.version} /> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title={`Version ${shown.version}`}>
            <GuidelinesMarkdown markdown={shown.body} />
          </Card>
          {project.role !== "labeler" ? <GuidelineDraftsPanel projectId={project.id} currentBody={status.current?.body ?? ""} nextVersion={versions[0]!.version + 1} canPublish={project.role === "manager"} /> : null}
          <Card title={previous ? `What changed from version ${previous.version}` : "What changed"}>
            {previous ? (
              <GuidelineDiff blocks={diffMarkdown(previous.body, shown.body)} label={`Changes from version ${previous.version} to version ${shown.version}`} />
            ) : (
              <p className="text-sm text-slate-600">This is the first version.</p>
            )}
          </Card>
        </div>
        <div className="space-y-6">
        <Card title="History">
          <ol className="space-y-3 text-sm">
            {versions.map((version) => (
              <li key={version.version}>
                <Link
                  href={`/projects/${project.id}/guidelines?version=${version.version}`}
                  aria-current={version.version === shown.version ? "page" : undefined}
                  className={`font-medium hover:underline ${version.version === shown.version ? "text-slate-900" : "text-brand-700"}`}
                >
                  Version {version.version}
                  {version === versions[0] ? " (current)" : ""}
                </Link>
                <p className="text-xs text-slate-500">
                  {formatDate(version.createdAt)}
                  {version.author ? ` · ${version.author}` : ""}
                  {version.draftedBy ? ` · Drafted by ${version.draftedBy}` : ""}
                </p>
                {version.changeNote ? <p className="text-xs text-slate-700">{version.changeNote}</p> : null}
              </li>
            ))}
          </ol>
        </Card>
        {byVersion.length ? (
          <Card title="Agreement by guideline version">
            <table className="w-full text-sm" aria-label="Agreement by guideline version">
              <thead className="text-left text-xs text-slate-500">
                <tr>
                  <th className="py-1">Task</th>
                  <th>Version</th>
                  <th>Krippendorff&apos;s alpha</th>
                </tr>
              </thead>
              <tbody>
                {byVersion.flatMap(({ task, versions: figures }) =>
                  Object.entries(figures).map(([version, statistic]) => (
                    <tr key={`${task}-${version}`} className="border-t border-slate-100">
                      <td className="py-1.5">{task}</td>
                      <td>{version === "none" ? "none recorded" : version}</td>
                      <td title={statistic.reason}>{statistic.value === null ? "—" : statistic.value.toFixed(3)}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
            <p className="mt-2 text-xs text-slate-500">From each labeler&apos;s latest answers, grouped by the version in force when they answered; “—” until enough items share a version.</p>
          </Card>
        ) : null}
        </div>
      </div>
    </div>
  );
}
