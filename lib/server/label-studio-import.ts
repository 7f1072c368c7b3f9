// Label Studio imports: the annotations of a Label Studio JSON export attached to the items uploaded with
// it (matched by file name), each under the Concord account of the person who made it, so that a team
// moving from Label Studio keeps its labels, who made them, and its agreement figures.
import { parseLabelStudioExport, predictionResult, resolveAnnotation, type LabelStudioAnnotator, type LabelStudioImport, type LabelStudioProvenance } from "@/lib/export/formats";
import { mediaBoundsOf, type ResultEntry } from "@/lib/validation/annotation";
import { annotatorMappingSchema } from "@/lib/validation/imports";
import type { Task } from "@/lib/validation/project";
import { modelRefSchema } from "@/lib/validation/predictions";
import { emailSchema } from "@/lib/validation/users";
import { CONCORD_VERSION } from "@/lib/version";
import { recordAudit } from "./audit";
import type { Caller } from "./auth/caller";
import { db } from "./db/client";
import { AppError } from "./errors";
import { itemResolver, writeImportedAnnotations } from "./imported-labels";
import { invite } from "./invitations";
import { checkPrediction, storeModelPredictions, type CheckedPrediction } from "./models/predictions";
import { judgeItemNow, lockItem } from "./judging";
import { setMemberRole } from "./projects";
import { storedLabelConfig } from "./stored-config";
import { importGoldLabel } from "./review";
import { addMetadataFacets, refreshItemStatistics } from "./statistics";
import { OTHER_SKIP_REASON } from "@/lib/labeling/skip-reasons";

export interface LabelStudioOutcome {
  /** Annotations imported. */
  annotations: number;
  /** Ground-truth annotations imported as gold labels (a decision resolving the item, by the importing user). */
  goldLabels: number;
  /** Cancelled annotations imported as skips. */
  skips: number;
  /** People who made imported annotations and became labelers of the project for it (administrators' imports). */
  newLabelers: string[];
  /** Annotators who are not members, invited as labelers by a manager's import; their annotations were left out. */
  invited: string[];
  /** Label Studio user ids without an email (in the export or labelStudioUsers) whose annotations became the importing user's. */
  unmappedAnnotators: string[];
  /** The tasks' predictions imported, per model (model_version) and the version the import gave them; refused ones are in problems. */
  predictions: { model: string; version: string; imported: number; refused: number }[];
  /** What was left out, and why, naming the task and file. */
  problems: string[];
}

/**
 * The version Label Studio's predictions are imported as when the import names none: the day of the import, so that
 * importing the same export again that day replaces them, and an import another day stands beside them to compare.
 */
export const defaultPredictionsVersion = (now: Date) => `imported ${now.toISOString().slice(0, 10)}`;

/** An export read once per request, with the project's tasks and the email of each Label Studio user id the import named. */
export interface LabelStudioExport {
  read: LabelStudioImport;
  tasks: readonly Task[];
  users: Readonly<Record<string, string>>;
}

/** Reads the export against the project's tasks; `users` maps Label Studio user ids to emails (labelStudioUsers). */
export async function prepareLabelStudioExport(projectId: string, json: unknown, users: Readonly<Record<string, string>> = {}): Promise<LabelStudioExport> {
  const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { labelConfig: true } });
  const { tasks } = storedLabelConfig(project.labelConfig);
  return { read: parseLabelStudioExport(json, tasks), tasks, users };
}

/** The labelStudioUsers part: a JSON object from Label Studio user id to email, e.g. {"1": "alice@example.com"}. */
export function readAnnotatorMapping(part: { name: string; text: string } | null): Record<string, string> {
  if (!part) return {};
  const example = 'a JSON object from Label Studio user id to email, e.g. {"1": "alice@example.com"}';
  let json: unknown;
  try {
    json = JSON.parse(part.text);
  } catch {
    throw new AppError("bad_request", `labelStudioUsers is not JSON: send ${example}.`);
  }
  const mapping = annotatorMappingSchema.safeParse(json);
  if (!mapping.success) {
    const issue = mapping.error.issues[0]!;
    throw new AppError("bad_request", `labelStudioUsers${issue.path.length ? ` "${issue.path.join(".")}"` : ""}: ${issue.message.replace(/\.$/, "")}; send ${example}.`);
  }
  return mapping.data;
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

/** The email an annotation is by: labelStudioUsers' for its Label Studio id, else the export's; null: the importing user's. */
function emailOf(annotator: LabelStudioAnnotator | null, users: Readonly<Record<string, string>>): string | null {
  const email = (annotator?.id != null && Object.hasOwn(users, annotator.id) ? users[annotator.id] : undefined) ?? annotator?.email;
  return email ? email.trim().toLowerCase() : null;
}
const isEmail = (email: string) => emailSchema.safeParse(email).success;

/**
 * Administrators see every account, so their import makes annotators with an account labelers at once; anyone else's
 * import invites every annotator who is not a member, as adding a member does (lib/server/projects.ts addMember), so
 * neither its questions nor its report tell who has an account.
 */
export const addsAccounts = (caller: Caller) => caller.user.isAdmin;

/** The annotators' emails of the annotations (and skips) an import gives to a person; gold labels are the importing user's. */
const annotatorEmails = ({ read, users }: LabelStudioExport) => [
  ...new Set(read.items.flatMap((item) => item.annotations.filter((annotation) => !annotation.groundTruth).flatMap((annotation) => emailOf(annotation.annotator, users) ?? []))),
];

/** Label Studio user ids of the export that have no email (in the export or `users`): their annotations become the importing user's. */
export function unmappedAnnotators({ read, users }: LabelStudioExport): string[] {
  const ids = read.items.flatMap((item) =>
    item.annotations.flatMap((annotation) => (!annotation.groundTruth && annotation.annotator?.id != null && emailOf(annotation.annotator, users) === null ? [annotation.annotator.id] : [])),
  );
  return [...new Set(ids)].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/**
 * The people an import of this export would make labelers of the project, or invite (addsAccounts): for an
 * administrator, annotators with an active account who are not members yet (those whose every annotation is left out
 * are not added after all); for anyone else, every annotator with an email who is not a member. An import asks for
 * confirmation.
 */
export async function labelersToAdd(caller: Caller, projectId: string, prepared: LabelStudioExport): Promise<string[]> {
  const emails = annotatorEmails(prepared);
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

interface Accepted {
  itemId: string;
  labelerId: string;
  result: object[];
  submittedAt: Date;
  activeMs: number;
  provenance: LabelStudioProvenance;
}
interface Skip {
  itemId: string;
  userId: string;
  at: Date;
  reason: string;
}

/** What the import does with each item's annotations and metadata, decided before anything is written. */
interface Plan {
  accepted: Accepted[];
  skips: Skip[];
  gold: { item: { id: string; projectId: string }; result: ResultEntry[]; where: string; provenance: LabelStudioProvenance }[];
  metadata: { itemId: string; added: Record<string, unknown> }[];
  toInvite: Set<string>;
  /** Label Studio ids (or "" for none) whose annotations became the importing user's, with how many. */
  importer: Map<string, number>;
  /** Predictions that fit their item, per model name, and how many of each model's were refused. */
  predictions: Map<string, { checked: CheckedPrediction[]; refused: number }>;
}

/**
 * Imports the export's annotations onto the items of `uploaded` (name → item id of the files sent with it,
 * new or already here; `sent` every name sent, refused ones too), or onto the project's items of that name.
 * An annotation needs its annotator's active Concord account (by email, or labelStudioUsers' email for a Label Studio
 * user id); one with no email at all is the importing user's (its Label Studio id kept and reported). An annotator who
 * is not yet a member becomes a labeler when `addLabelers` (the manager confirmed it), else their annotations are left
 * out and said. In an import by someone other than an administrator (addsAccounts), every annotator who is not a member
 * is alike: invited as a labeler when `addLabelers`, their annotations left out with the same line. A labeler's
 * existing submission is never replaced. An annotation with a result Concord cannot take is refused whole unless
 * `partial`. Ground-truth annotations become gold labels, cancelled ones skips. Predictions become predictions of the
 * model their model_version names ("label-studio" when none), as version `predictionsVersion` (else
 * defaultPredictionsVersion), each checked as the predictions API checks one; one that does not fit is refused and said.
 * Imported annotations count like submitted ones (agreement, consensus, review), keep Label Studio's time and lead
 * time, and say where they came from (clientInfo: the batch, Label Studio's ids and times). The task's metadata is
 * added to its item under the keys it does not have.
 */
export async function importLabelStudioAnnotations(
  caller: Caller,
  projectId: string,
  prepared: LabelStudioExport,
  uploaded: ReadonlyMap<string, string>,
  sent: ReadonlySet<string>,
  batchId: string | null,
  { addLabelers = false, partial = false, predictionsVersion }: { addLabelers?: boolean; partial?: boolean; predictionsVersion?: string } = {},
): Promise<LabelStudioOutcome> {
  const { read, tasks, users } = prepared;
  const problems = [...read.problems];
  const itemIdOf = await itemResolver(projectId, uploaded, sent, read.items.map((item) => item.file), (file) => file.replace(UPLOAD_PREFIX, ""));

  const emails = annotatorEmails(prepared);
  const accounts = new Map((await db().user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true, disabledAt: true } })).map((user) => [user.email, user]));
  const itemIds = read.items.map((item) => itemIdOf(item.file)).filter((id): id is string => id !== undefined);
  const [items, taken, members] = await Promise.all([
    db().item.findMany({ where: { projectId, id: { in: itemIds } }, select: { id: true, projectId: true, width: true, height: true, durationMs: true, metadata: true } }),
    // A labeler's submission or skip of an item is theirs: an import never adds another.
    db().assignment.findMany({ where: { itemId: { in: itemIds }, status: { in: ["submitted", "skipped"] }, isRevision: false }, distinct: ["itemId", "userId"], select: { itemId: true, userId: true } }),
    db().membership.findMany({ where: { projectId }, select: { userId: true } }),
  ]);
  const itemById = new Map(items.map((item) => [item.id, item]));
  const labeled = new Set(taken.map((assignment) => `${assignment.itemId} ${assignment.userId}`));
  const memberIds = new Set(members.map((member) => member.userId));
  const importer = { id: caller.user.id, email: caller.user.email, disabledAt: null };

  const now = new Date();
  const plan: Plan = { accepted: [], skips: [], gold: [], metadata: [], toInvite: new Set(), importer: new Map(), predictions: new Map() };
  for (const { file, metadata, annotations, predictions } of read.items) {
    const item = itemById.get(itemIdOf(file) ?? "");
    if (!item) {
      const refused = sent.has(file) || sent.has(file.replace(UPLOAD_PREFIX, ""));
      const why = refused ? "the file of this name was refused (see rejected)" : "no uploaded file and no single item of the project has this name";
      const leftOut = [annotations.length ? `${annotations.length} annotation(s)` : "", predictions.length ? `${predictions.length} prediction(s)` : ""].filter(Boolean).join(" and ");
      if (leftOut) problems.push(`${file}: ${why}, so its ${leftOut} were left out`);
      continue;
    }
    // The item's own metadata stays: the task's adds the keys it does not have (all of them, for an item just created).
    const own = item.metadata as Record<string, unknown>;
    const added = Object.fromEntries(Object.entries(metadata).filter(([key]) => !Object.hasOwn(own, key)));
    if (Object.keys(added).length) plan.metadata.push({ itemId: item.id, added });
    const media = mediaBoundsOf(item);
    for (const prediction of predictions) {
      const planned = plan.predictions.get(prediction.model) ?? { checked: [], refused: 0 };
      plan.predictions.set(prediction.model, planned);
      // The same reading as an annotation's, then the same checks as a prediction sent to the API.
      const read = predictionResult(prediction, media);
      try {
        if ("refused" in read) throw new Error(read.refused.join("; "));
        planned.checked.push(checkPrediction(tasks, item, { result: read.result, ...(prediction.score === null ? {} : { score: prediction.score }) }));
      } catch (error) {
        planned.refused++;
        problems.push(`${prediction.where}: the prediction of model "${prediction.model}" was not imported: ${(error as Error).message}`);
      }
    }
    for (const annotation of annotations) {
      const { where } = annotation;
      if (annotation.groundTruth) {
        const resolved = resolveAnnotation(annotation, tasks, media, partial);
        if ("refused" in resolved) problems.push(`${where}: the ground-truth annotation was not imported as the gold label: ${resolved.refused.join("; ")}`);
        else {
          problems.push(...resolved.leftOut.map((reason) => `${where}: left out of the gold label: ${reason}`));
          plan.gold.push({ item, result: resolved.result, where, provenance: annotation.provenance });
        }
        continue;
      }
      const email = emailOf(annotation.annotator, users);
      let account: { id: string; email: string; disabledAt: Date | null } | undefined = importer;
      // Counted once it is imported: the report says whose annotations became the importing user's.
      const countImporter = () => {
        if (email === null) plan.importer.set(annotation.annotator?.id ?? "", (plan.importer.get(annotation.annotator?.id ?? "") ?? 0) + 1);
      };
      if (email !== null) {
        const found = accounts.get(email);
        // Anyone but an administrator is told nothing of the accounts of people who are not members.
        account = addsAccounts(caller) || (found && memberIds.has(found.id)) ? found : undefined;
        if (!account && !addsAccounts(caller) && isEmail(email)) {
          if (addLabelers) plan.toInvite.add(email);
          problems.push(
            addLabelers
              ? `${file}: ${email} is not a member of the project yet and is invited to it; import the export again once they have accepted`
              : `${file}: ${email} is not a member of the project; import again confirming they are invited as a labeler (confirmNewLabelers=1)`,
          );
          continue;
        }
        if (!account || account.disabledAt) {
          problems.push(`${file}: the annotator "${email}" has no ${account ? "active " : ""}Concord account with that email; ${account ? "enable it" : "create it"} and import again`);
          continue;
        }
        if (!addLabelers && !memberIds.has(account.id)) {
          problems.push(`${file}: ${account.email} is not a member of the project; import again confirming they become a labeler (confirmNewLabelers=1)`);
          continue;
        }
      }
      if (labeled.has(`${item.id} ${account.id}`)) {
        problems.push(`${file}: ${account.email} has already labeled or skipped this item; their label in Concord was kept`);
        continue;
      }
      const submittedAt = annotation.createdAt ? new Date(annotation.createdAt) : now;
      if (annotation.cancelled) {
        labeled.add(`${item.id} ${account.id}`);
        plan.skips.push({ itemId: item.id, userId: account.id, at: submittedAt, reason: `cancelled in Label Studio (imported from ${where})` });
        countImporter();
        continue;
      }
      const resolved = resolveAnnotation(annotation, tasks, media, partial);
      if ("refused" in resolved) {
        problems.push(`${where}: refused whole (import with partial=1 to keep the rest): ${resolved.refused.join("; ")}`);
        continue;
      }
      problems.push(...resolved.leftOut.map((reason) => `${where}: left out: ${reason}`));
      labeled.add(`${item.id} ${account.id}`);
      plan.accepted.push({ itemId: item.id, labelerId: account.id, result: resolved.result, submittedAt, activeMs: Math.round((annotation.leadTimeSeconds ?? 0) * 1000), provenance: annotation.provenance });
      countImporter();
    }
  }
  for (const [id, count] of plan.importer) {
    problems.push(
      id
        ? `Label Studio user ${id} has no email in the export: their ${count} annotation(s) are yours (${caller.user.email}); map them with labelStudioUsers {"${id}": "their email"} to give them to them`
        : `${count} annotation(s) without completed_by are yours (${caller.user.email})`,
    );
  }
  const outcome = await writePlan(caller, projectId, batchId, plan, problems, memberIds, accounts);
  return { ...outcome, predictions: await writePredictions(caller, projectId, plan.predictions, predictionsVersion ?? defaultPredictionsVersion(now), problems) };
}

/** Stores each model's predictions as one model version; a model name Concord cannot take refuses that model's. */
async function writePredictions(caller: Caller, projectId: string, byModel: Plan["predictions"], version: string, problems: string[]): Promise<LabelStudioOutcome["predictions"]> {
  const outcome: LabelStudioOutcome["predictions"] = [];
  for (const [name, { checked, refused }] of byModel) {
    const ref = modelRefSchema.safeParse({ name, version });
    if (!ref.success) {
      problems.push(`model_version ${JSON.stringify(name)}: its ${checked.length + refused} prediction(s) were not imported: ${ref.error.issues[0]!.message}`);
      outcome.push({ model: name, version, imported: 0, refused: checked.length + refused });
      continue;
    }
    if (checked.length) await storeModelPredictions(caller, projectId, ref.data, checked, refused);
    outcome.push({ model: ref.data.name, version: ref.data.version, imported: checked.length, refused });
  }
  return outcome;
}

/** Writes what the plan decided: new labelers and invitations, annotations, skips, metadata, then gold labels. */
async function writePlan(
  caller: Caller,
  projectId: string,
  batchId: string | null,
  plan: Plan,
  problems: string[],
  memberIds: ReadonlySet<string>,
  accounts: ReadonlyMap<string, { id: string; email: string }>,
): Promise<Omit<LabelStudioOutcome, "predictions">> {
  const people = [...plan.accepted.map((annotation) => annotation.labelerId), ...plan.skips.map((skip) => skip.userId)];
  const newLabelers = [...new Set(people)].filter((id) => !memberIds.has(id));
  for (const userId of newLabelers) await setMemberRole(caller.user.id, projectId, userId, "labeler");
  // An invitation already waiting keeps the role it offers (a manager may have offered more than labeling).
  const waiting = new Set((await db().invitation.findMany({ where: { projectId, email: { in: [...plan.toInvite] } }, select: { email: true } })).map((invitation) => invitation.email));
  for (const email of plan.toInvite) if (!waiting.has(email)) await invite(caller.user.id, projectId, email, "labeler");

  const client = { importedFrom: "label-studio", importBatchId: batchId, appVersion: CONCORD_VERSION };
  const imported = await writeImportedAnnotations(
    projectId,
    plan.accepted.map(({ provenance, ...annotation }) => ({ ...annotation, clientInfo: { ...client, labelStudio: provenance } })),
    problems,
  );
  for (const skip of plan.skips) await writeSkip(projectId, skip);
  await addMetadata(projectId, plan.metadata);
  await recordAudit(db(), {
    actorId: caller.user.id,
    projectId,
    action: "import.label-studio",
    targetType: "importBatch",
    targetId: batchId ?? projectId,
    data: { annotations: imported, goldLabels: plan.gold.length, skips: plan.skips.length, newLabelers: newLabelers.length, invited: plan.toInvite.size, problems: problems.length },
  });
  for (const itemId of new Set(plan.accepted.map((annotation) => annotation.itemId))) await judgeItemNow(projectId, itemId, "import");
  let goldLabels = 0;
  for (const { item, result, where, provenance } of plan.gold) {
    // Who made it in Label Studio, and when, stay with the decision (its audit record), as an annotation's stay in its clientInfo.
    if (await importGoldLabel(caller, item, result, `Gold label imported from Label Studio (${where}, import ${batchId ?? "without files"})`, { importedFrom: "label-studio", labelStudio: provenance })) goldLabels++;
    else problems.push(`${where}: the item already has a reviewer's decision, which was kept; the ground-truth annotation was not imported`);
  }
  // The importer too: an administrator who is not a member becomes a labeler for the annotations given to them.
  const emailById = new Map([...accounts.values(), caller.user].map((account) => [account.id, account.email]));
  const unmapped = [...plan.importer.keys()].filter((id) => id !== "").sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  return { annotations: imported, goldLabels, skips: plan.skips.length, newLabelers: newLabelers.map((id) => emailById.get(id)!), invited: [...plan.toInvite].sort(), unmappedAnnotators: unmapped, problems };
}

/** A cancelled annotation: a skipped assignment, which never held a slot of the item's overlap (no queue change). */
async function writeSkip(projectId: string, { itemId, userId, at, reason }: Skip): Promise<void> {
  await db().$transaction(async (tx) => {
    await lockItem(tx, itemId, { id: true });
    await tx.assignment.create({ data: { projectId, itemId, userId, status: "skipped", skipReason: OTHER_SKIP_REASON, skipNote: reason, leasedAt: at, expiresAt: at, completedAt: at } });
    await refreshItemStatistics(tx, itemId);
  });
}

/** Adds keys to items' metadata and their values to the project's facets, item by item (each under its lock). */
async function addMetadata(projectId: string, updates: Plan["metadata"]): Promise<void> {
  for (const { itemId, added } of updates) {
    await db().$transaction(async (tx) => {
      const { metadata } = await lockItem(tx, itemId, { metadata: true });
      const fresh = Object.fromEntries(Object.entries(added).filter(([key]) => !Object.hasOwn(metadata as object, key)));
      if (!Object.keys(fresh).length) return;
      await addMetadataFacets(tx, projectId, [fresh]);
      await tx.item.update({ where: { id: itemId }, data: { metadata: { ...(metadata as object), ...fresh } as object } });
      await refreshItemStatistics(tx, itemId);
    });
  }
}
