// A project's watch list: terms a transcript model must not put where the people did not say them (offensive words,
// names). Each evaluation counts the predictions holding one that the final label does not (lib/evaluation).
import { parseInput } from "@/lib/validation/parse";
import { watchListSchema, type WatchList } from "@/lib/validation/predictions";
import { recordAudit } from "../audit";
import { requireProjectRole, type Caller } from "../auth/caller";
import { db } from "../db/client";

/** The watch list as stored (validated on the way in); none when never set. */
export function storedWatchList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((term): term is string => typeof term === "string") : [];
}

/** The project's watch list (reviewers and managers). */
export async function projectWatchList(caller: Caller, projectId: string): Promise<WatchList> {
  await requireProjectRole(caller, projectId, "reviewer");
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { watchList: true } });
  return { terms: storedWatchList(project.watchList) };
}

/**
 * Replaces the project's watch list (managers): terms kept in the order given, a repeat (ignoring case) once. A change
 * moves the project's updatedAt, so every kept evaluation of it is computed again when next asked for; the same list
 * again changes nothing.
 */
export async function updateWatchList(caller: Caller, projectId: string, input: unknown): Promise<WatchList> {
  await requireProjectRole(caller, projectId, "manager");
  const seen = new Set<string>();
  const terms = parseInput(watchListSchema, input).terms.filter((term) => !seen.has(term.toLowerCase()) && seen.add(term.toLowerCase()));
  const before = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { watchList: true } });
  if (JSON.stringify(storedWatchList(before.watchList)) === JSON.stringify(terms)) return { terms };
  await db().project.update({ where: { id: projectId }, data: { watchList: terms } });
  await recordAudit(db(), { actorId: caller.user.id, projectId, action: "project.watch-list", targetType: "project", targetId: projectId, data: { terms: terms.length } });
  return { terms };
}
