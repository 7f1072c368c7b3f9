// Label Studio imports: the annotations of a Label Studio JSON export attached to the items uploaded with
// it (matched by file name), each under the Concord account of the person who made it, so that a team
// moving from Label Studio keeps its labels, who made them, and its agreement figures.
import { randomUUID } from "node:crypto";
import { parseLabelStudioExport } from "@/lib/export/formats";
import { annotationResultSchema, mediaBoundsOf } from "@/lib/validation/annotation";
import { itemName } from "@/lib/validation/item-name";
import { emailSchema } from "@/lib/validation/users";
import { CONCORD_VERSION } from "@/lib/version";
import { recordAudit } from "./audit";
import type { Caller } from "./auth/caller";
import { db } from "./db/client";
import { AppError, isUniqueViolation } from "./errors";
import { invite } from "./invitations";
import { judgeItemNow } from "./judging";
import { setMemberRole } from "./projects";
import { moveInQueue } from "./queue";
import { storedLabelConfig } from "./stored-config";
import { refreshItemStatistics } from "./statistics";

export interface LabelStudioOutcome {
  /** Annotations imported. */
  annotations: number;
  /** People who made imported annotations and became labelers of the project for it (administrators' imports). */
  newLabelers: string[];
  /** Annotators who are not members, invited as labelers by a manager's import; their annotations were left out. */
  invited: string[];
  /** What was left out, and why, naming the task and file. */
  problems: string[];
}

/**
 * Reads the uploaded export; a file that is not JSON, or that holds a NUL character (which PostgreSQL cannot store),
 * stops the whole import before anything is stored.
 */
export function readLabelStudioExport(name: string, text: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError("bad_request", `${name} is not a Label Studio JSON export: ${(error as Error).message}`);
  }
  if (holdsNul(json)) throw new AppError("bad_request", `${name} contains a NUL character (\\u0000), which cannot be stored; remove it and import again.`);
  return json;
}

/** Whether a key or text anywhere in parsed JSON holds a NUL (a walk with a list, not recursion: JSON nests deep). */
function holdsNul(json: unknown): boolean {
  const pending = [json];
  while (pending.length) {
    const value = pending.pop();
    if (typeof value === "string" && value.includes("\0")) return true;
    if (typeof value !== "object" || value === null) continue;
    for (const [key, entry] of Object.entries(value)) {
      if (key.includes("\0")) return true;
      pending.push(entry);
    }
  }
  return false;
}

const emailOf = (completedBy: string) => completedBy.trim().toLowerCase();
const isEmail = (email: string) => emailSchema.safeParse(email).success;

/**
 * Administrators see every account, so their import makes annotators with an account labelers at once; anyone else's
 * import invites every annotator who is not a member, as adding a member does (lib/server/projects.ts addMember), so
 * neither its questions nor its report tell who has an account.
 */
export const addsAccounts = (caller: Caller) => caller.user.isAdmin;

/**
 * The people an import of this export would make labelers of the project, or invite (addsAccounts): for an
 * administrator, annotators with an active account who are not members yet (those whose every annotation is left out
 * are not added after all); for anyone else, every annotator with an email who is not a member. An import asks for
 * confirmation.
 */
export async function labelersToAdd(caller: Caller, projectId: string, json: unknown): Promise<string[]> {
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true } });
  const { items } = parseLabelStudioExport(json, storedLabelConfig(project.labelConfig).tasks);
  const emails = [...new Set(items.flatMap((item) => item.annotations.map((annotation) => emailOf(annotation.completedBy))))];
  if (!addsAccounts(caller)) {
    const members = await db().membership.findMany({ where: { projectId, user: { email: { in: emails } } }, select: { user: { select: { email: true } } } });
    const memberEmails = new Set(members.map((member) => member.user.email));
    return emails.filter((email) => isEmail(email) && !memberEmails.has(email)).sort();
  }
  const accounts = await db().user.findMany({
    where: { email: { in: emails }, disabledAt: null, memberships: { none: { projectId } } },
    select: { email: true },
    orderBy: { email: "asc" },
  });
  return accounts.map((account) => account.email);
}

// Label Studio names uploaded files with 8 hex digits and a dash before the original name.
const UPLOAD_PREFIX = /^[0-9a-f]{8}-/;
// Annotations written per transaction: a big export never holds SQLite's write lock for long.
const CHUNK = 200;

/**
 * File name → item: an item uploaded with the export, else the project's only item of that original name
 * (annotations for items imported earlier); Label Studio's upload prefix is tried without too. A name sent in
 * this upload that did not become an item (refused) never falls back to an older item of the same name.
 */
async function itemResolver(projectId: string, uploaded: ReadonlyMap<string, string>, sent: ReadonlySet<string>, files: string[]): Promise<(file: string) => string | undefined> {
  const names = files.flatMap((file) => [file, file.replace(UPLOAD_PREFIX, "")].map(itemName)).filter((name) => !sent.has(name));
  const earlier = await db().item.findMany({ where: { projectId, originalName: { in: [...new Set(names)] } }, select: { id: true, originalName: true } });
  const byName = new Map<string, string | null>();
  for (const item of earlier) byName.set(item.originalName, byName.has(item.originalName) ? null : item.id); // null: ambiguous
  const lookup = (name: string) => (sent.has(name) ? uploaded.get(name) : (byName.get(name) ?? undefined));
  // Named as items are (itemName): an uploaded file named with spaces around it is found by the export's name too.
  return (file) => lookup(itemName(file)) ?? lookup(itemName(file.replace(UPLOAD_PREFIX, "")));
}

interface Accepted {
  itemId: string;
  labelerId: string;
  result: object[];
  submittedAt: Date;
  activeMs: number;
}

/**
 * Imports the export's annotations onto the items of `uploaded` (name → item id of the files sent with it,
 * new or already here; `sent` every name sent, refused ones too), or onto the project's items of that name.
 * An annotation needs its annotator's active Concord account (by email); an annotator who is not yet a member
 * becomes a labeler when `addLabelers` (the manager confirmed it), else their annotations are left out and said. In an
 * import by someone other than an administrator (addsAccounts), every annotator who is not a member is alike: invited
 * as a labeler when `addLabelers`, their annotations left out with the same line. A labeler's existing submission is
 * never replaced. Imported annotations count like
 * submitted ones (agreement, consensus, review), keep Label Studio's time and lead time, and say where they came from.
 */
export async function importLabelStudioAnnotations(
  caller: Caller,
  projectId: string,
  json: unknown,
  uploaded: ReadonlyMap<string, string>,
  sent: ReadonlySet<string>,
  batchId: string | null,
  addLabelers: boolean,
): Promise<LabelStudioOutcome> {
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true } });
  const { tasks } = storedLabelConfig(project.labelConfig);
  const parsed = parseLabelStudioExport(json, tasks);
  const problems = [...parsed.problems];
  const itemIdOf = await itemResolver(projectId, uploaded, sent, parsed.items.map((item) => item.file));

  const emails = [...new Set(parsed.items.flatMap((item) => item.annotations.map((annotation) => emailOf(annotation.completedBy))))];
  const accounts = new Map((await db().user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true, disabledAt: true } })).map((user) => [user.email, user]));
  const itemIds = parsed.items.map((item) => itemIdOf(item.file)).filter((id): id is string => id !== undefined);
  const [items, submitted, members] = await Promise.all([
    db().item.findMany({ where: { projectId, id: { in: itemIds } }, select: { id: true, width: true, height: true, durationMs: true } }),
    db().annotation.findMany({ where: { itemId: { in: itemIds }, isDraft: false }, distinct: ["itemId", "labelerId"], select: { itemId: true, labelerId: true } }),
    db().membership.findMany({ where: { projectId }, select: { userId: true } }),
  ]);
  const itemById = new Map(items.map((item) => [item.id, item]));
  const labeled = new Set(submitted.map((annotation) => `${annotation.itemId} ${annotation.labelerId}`));
  const memberIds = new Set(members.map((member) => member.userId));

  const now = new Date();
  const accepted: Accepted[] = [];
  const toInvite = new Set<string>();
  parsed.items.forEach(({ file, annotations }) => {
    const item = itemById.get(itemIdOf(file) ?? "");
    if (!item) {
      const refused = sent.has(file) || sent.has(file.replace(UPLOAD_PREFIX, ""));
      const why = refused ? "the file of this name was refused (see rejected)" : "no uploaded file and no single item of the project has this name";
      if (annotations.length) problems.push(`${file}: ${why}, so its ${annotations.length} annotation(s) were left out`);
      return;
    }
    const media = mediaBoundsOf(item);
    for (const { completedBy, createdAt, leadTimeSeconds, result } of annotations) {
      const email = emailOf(completedBy);
      const found = accounts.get(email);
      // Anyone but an administrator is told nothing of the accounts of people who are not members.
      const account = addsAccounts(caller) || (found && memberIds.has(found.id)) ? found : undefined;
      if (!account && !addsAccounts(caller) && isEmail(email)) {
        if (addLabelers) toInvite.add(email);
        problems.push(
          addLabelers
            ? `${file}: ${email} is not a member of the project yet and is invited to it; import the export again once they have accepted`
            : `${file}: ${email} is not a member of the project; import again confirming they are invited as a labeler (confirmNewLabelers=1)`,
        );
        continue;
      }
      if (!account || account.disabledAt) {
        problems.push(`${file}: the annotator "${completedBy || "(none)"}" has no ${account ? "active " : ""}Concord account with that email; ${account ? "enable it" : "create it"} and import again`);
        continue;
      }
      if (!addLabelers && !memberIds.has(account.id)) {
        problems.push(`${file}: ${account.email} is not a member of the project; import again confirming they become a labeler (confirmNewLabelers=1)`);
        continue;
      }
      if (labeled.has(`${item.id} ${account.id}`)) {
        problems.push(`${file}: ${account.email} has already labeled this item; their label in Concord was kept`);
        continue;
      }
      // Past labels keep their empty answers (required tasks are not asked of them), but not shapes without area.
      const checked = annotationResultSchema(tasks, media, "import").safeParse(result);
      if (!checked.success) {
        problems.push(`${file}: ${account.email}'s annotation does not fit the project: ${checked.error.issues[0]!.message}`);
        continue;
      }
      labeled.add(`${item.id} ${account.id}`);
      const submittedAt = createdAt ? new Date(createdAt) : now;
      accepted.push({ itemId: item.id, labelerId: account.id, result: checked.data as object[], submittedAt, activeMs: Math.round((leadTimeSeconds ?? 0) * 1000) });
    }
  });

  const newLabelers = [...new Set(accepted.map((annotation) => annotation.labelerId))].filter((id) => !memberIds.has(id));
  for (const userId of newLabelers) await setMemberRole(caller.user.id, projectId, userId, "labeler");
  // An invitation already waiting keeps the role it offers (a manager may have offered more than labeling).
  const waiting = new Set((await db().invitation.findMany({ where: { projectId, email: { in: [...toInvite] } }, select: { email: true } })).map((invitation) => invitation.email));
  for (const email of toInvite) if (!waiting.has(email)) await invite(caller.user.id, projectId, email, "labeler");

  let imported = 0;
  for (let start = 0; start < accepted.length; start += CHUNK) {
    const chunk = accepted.slice(start, start + CHUNK);
    try {
      await writeChunk(projectId, chunk, batchId);
      imported += chunk.length;
    } catch (error) {
      // A labeler submitting one of these items at this moment: this chunk is left out, the rest goes on.
      if (!isUniqueViolation(error)) throw error;
      problems.push(`${chunk.length} annotation(s) were left out because someone labeled one of their items meanwhile; import the same export again to add them`);
    }
  }
  await recordAudit(db(), {
    actorId: caller.user.id,
    projectId,
    action: "import.label-studio",
    targetType: "importBatch",
    targetId: batchId ?? projectId,
    data: { annotations: imported, newLabelers: newLabelers.length, invited: toInvite.size, problems: problems.length },
  });
  for (const itemId of new Set(accepted.map((annotation) => annotation.itemId))) await judgeItemNow(projectId, itemId, "import");
  const emailById = new Map([...accounts.values()].map((account) => [account.id, account.email]));
  return { annotations: imported, newLabelers: newLabelers.map((id) => emailById.get(id)!), invited: [...toInvite].sort(), problems };
}

/** One transaction: each annotation with a submitted assignment (the item counts as done for its labeler). */
async function writeChunk(projectId: string, chunk: Accepted[], batchId: string | null): Promise<void> {
  const client = { importedFrom: "label-studio", importBatchId: batchId, appVersion: CONCORD_VERSION };
  const rows = chunk.map((annotation) => ({ ...annotation, assignmentId: randomUUID() }));
  const perItem = new Map<string, number>();
  for (const { itemId } of rows) perItem.set(itemId, (perItem.get(itemId) ?? 0) + 1);
  await db().$transaction(async (tx) => {
    await tx.assignment.createMany({
      data: rows.map(({ assignmentId, itemId, labelerId, submittedAt }) => ({ id: assignmentId, projectId, itemId, userId: labelerId, status: "submitted" as const, leasedAt: submittedAt, expiresAt: submittedAt, completedAt: submittedAt })),
    });
    await tx.annotation.createMany({
      data: rows.map(({ assignmentId, itemId, labelerId, result, submittedAt, activeMs }) => ({
        projectId,
        itemId,
        labelerId,
        assignmentId,
        result,
        startedAt: new Date(submittedAt.getTime() - activeMs),
        submittedAt,
        activeMs,
        clientInfo: client,
      })),
    });
    for (const [itemId, count] of perItem) {
      await moveInQueue(tx, itemId, { submitted: count });
      await refreshItemStatistics(tx, itemId);
    }
  });
}
