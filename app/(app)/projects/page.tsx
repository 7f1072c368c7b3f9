import type { Metadata } from "next";
import Link from "next/link";
import { InvitationAnswer } from "@/components/projects/invitation-answer";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageCaller } from "@/lib/server/auth/session";
import { listCallerInvitations, type InvitationToCaller } from "@/lib/server/invitations";
import { listProjectsFor, mayCreateProjects, type ProjectSummary } from "@/lib/server/projects";

export const metadata: Metadata = { title: "Projects" };

const ROLE_LABEL = { manager: "Manager", reviewer: "Reviewer", labeler: "Labeler" } as const;

function ProjectCard({ project }: { project: ProjectSummary }) {
  return (
    <li className="relative flex flex-col rounded-lg border border-slate-200 bg-white p-5 shadow-sm hover:border-brand-500">
      <div className="flex items-start justify-between gap-3">
        <h2 className="font-semibold text-slate-900">
          {/* The link covers the whole card; the heading stays the accessible name. */}
          <Link href={`/projects/${project.id}`} className="after:absolute after:inset-0">
            {project.name}
          </Link>
        </h2>
        <span className="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">
          {project.mediaKind === "image" ? "Images" : "Audio"}
        </span>
      </div>
      <p className="mt-2 flex-1 text-sm text-slate-600">{project.description || "No description."}</p>
      <dl className="mt-4 flex gap-6 border-t border-slate-100 pt-3 text-xs text-slate-500">
        <div>
          <dt className="inline">Your role </dt>
          <dd className="inline font-medium text-brand-700">{ROLE_LABEL[project.role]}</dd>
        </div>
        <div>
          <dt className="inline">Items </dt>
          <dd className="inline font-medium text-slate-800">{project.itemCount}</dd>
        </div>
        <div>
          <dt className="inline">Members </dt>
          <dd className="inline font-medium text-slate-800">{project.memberCount}</dd>
        </div>
      </dl>
      {project.itemCount ? (
        <div className="mt-3">
          <div className="flex justify-between text-xs text-slate-600">
            <span>You labeled {project.progress.mine}</span>
            <span>
              {project.progress.complete} of {project.itemCount} have all their labels
            </span>
          </div>
          <div className="mt-1 h-1.5 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label={`${project.name}: items with all their labels`} aria-valuemin={0} aria-valuemax={project.itemCount} aria-valuenow={project.progress.complete}>
            <div className="h-full bg-brand-500" style={{ width: `${(100 * project.progress.complete) / project.itemCount}%` }} />
          </div>
          {/* Above the card's covering link, so it is a link of its own. */}
          <Link href={`/projects/${project.id}/label`} aria-label={`Start labeling ${project.name}`} className="relative z-10 mt-3 inline-block rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
            Start labeling
          </Link>
        </div>
      ) : null}
    </li>
  );
}

function Invitations({ invitations }: { invitations: InvitationToCaller[] }) {
  return (
    <div className="mb-6">
      <Card title="Invitations">
        <ul className="divide-y divide-slate-100">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-3 py-3 first:pt-0 last:pb-0">
              <div className="min-w-0">
                <p className="font-medium text-slate-900">{invitation.project.name}</p>
                <p className="text-sm text-slate-600">
                  {invitation.invitedBy ? `${invitation.invitedBy.name} (${invitation.invitedBy.email})` : "A project manager"} invited you as{" "}
                  <span className="font-medium text-brand-700">{ROLE_LABEL[invitation.role]}</span> ·{" "}
                  <time dateTime={invitation.invitedAt.toISOString()}>{invitation.invitedAt.toLocaleDateString("en", { dateStyle: "medium" })}</time>
                </p>
              </div>
              <InvitationAnswer invitationId={invitation.id} projectName={invitation.project.name} />
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

export default async function ProjectsPage() {
  const caller = await requirePageCaller();
  const [projects, canCreate, invitations] = await Promise.all([listProjectsFor(caller), mayCreateProjects(caller), listCallerInvitations(caller)]);
  return (
    <div>
      <div className="mb-6 flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Projects</h1>
          <p className="mt-1 text-sm text-slate-600">
            {caller.user.isAdmin ? "Every project on this Concord server." : "Projects you are a member of."}
          </p>
        </div>
        {canCreate ? (
          <Link href="/projects/new" className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
            New project
          </Link>
        ) : null}
      </div>
      {invitations.length ? <Invitations invitations={invitations} /> : null}
      {projects.length ? (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {projects.map((project) => (
            <ProjectCard key={project.id} project={project} />
          ))}
        </ul>
      ) : caller.user.isAdmin ? (
        <EmptyState title="No projects yet">
          <p>
            <Link href="/projects/new" className="font-medium text-brand-700 hover:underline">
              Create a project
            </Link>
            , or the demo projects (an image and an audio project, with demo labelers) to look around:
          </p>
          <p>
            <code className="rounded bg-slate-100 px-2 py-1 text-slate-800">npm run -s concord -- demo</code>
          </p>
        </EmptyState>
      ) : (
        <EmptyState title="You are not in a project yet">
          {invitations.length ? (
            <p>Accept an invitation above to join its project.</p>
          ) : (
            <p>
              Ask a project manager to add <strong>{caller.user.email}</strong> as a labeler, reviewer or manager. Your projects will
              show up here.
            </p>
          )}
        </EmptyState>
      )}
    </div>
  );
}
