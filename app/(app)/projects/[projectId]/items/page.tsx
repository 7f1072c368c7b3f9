import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { DiscussionFilter } from "@/components/projects/discussion-filter";
import { ItemsTable } from "@/components/projects/items-table";
import { TagFilter } from "@/components/projects/tag-filter";
import { BackLink } from "@/components/ui/back-link";
import { requirePageProject } from "@/lib/server/auth/session";
import { listModels } from "@/lib/server/models/models";
import { listMembers } from "@/lib/server/projects";
import { listTags } from "@/lib/server/tags";
import { itemListQuerySchema } from "@/lib/validation/items";

export const metadata: Metadata = { title: "Items" };

/** The items behind a dashboard figure: the project's item list under the figure's filters. */
export default async function ItemsPage({ params, searchParams }: { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { projectId } = await params;
  const { caller, project } = await requirePageProject(projectId);
  if (project.role === "labeler") forbidden();
  // The item list's own filters and metadata; anything else in the address (a tracking tag) is not a filter.
  const known = new Set(Object.keys(itemListQuerySchema.shape).filter((key) => key !== "cursor" && key !== "limit"));
  const filters = new URLSearchParams(Object.entries(await searchParams).flatMap(([key, value]) => (typeof value === "string" && (known.has(key) || key.startsWith("meta.")) ? [[key, value]] : [])));
  const [members, tags, models] = await Promise.all([listMembers(caller, project.id), listTags(caller, project.id), filters.has("model") ? listModels(caller, project.id) : []]);
  const names = new Map(members.map((member) => [member.userId, member.name]));
  const modelNames = new Map(models.map((model) => [model.id, `${model.name} ${model.version}`]));
  // These filters name people or a model by id: the chips show their names.
  const byPerson = new Set(["labeler", "skipped", "uncertain"]);
  const shown = (key: string, value: string) =>
    byPerson.has(key) ? value.split(",").map((id) => names.get(id) ?? id).join(" and ") : key === "model" ? (modelNames.get(value) ?? value) : value;
  return (
    <div className="space-y-4">
      <div>
        <BackLink href={`/projects/${project.id}/dashboard`} to="Dashboard" />
        <h1 className="text-2xl font-semibold tracking-tight">Items of {project.name}</h1>
        <div className="mt-3 flex flex-wrap items-center gap-x-6 gap-y-2">
          <TagFilter tags={tags} filters={filters.toString()} />
          <DiscussionFilter filters={filters.toString()} />
        </div>
        <ul aria-label="Filters" className="mt-2 flex flex-wrap gap-2 text-xs">
          {[...filters].map(([key, value]) => (
            <li key={key} className="rounded-full bg-slate-100 px-2.5 py-1 text-slate-700">
              {key} = {shown(key, value)}
            </li>
          ))}
          {filters.size ? (
            <li>
              <Link href={`/projects/${project.id}/items`} className="px-1 text-brand-700 hover:underline">
                Clear filters
              </Link>
            </li>
          ) : null}
        </ul>
      </div>
      <ItemsTable projectId={project.id} overlap={project.overlap} filters={filters.toString()} title={filters.size ? "Matching items" : "Items"} />
    </div>
  );
}
