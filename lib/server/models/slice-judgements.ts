// The team's judgement of each slice of the prioritization table: how easy it is to improve and how much it matters,
// kept per project, slicing and value so that they outlive any one evaluation (and go into its CSV).
import { sliceId, type RowJudgement } from "@/lib/evaluation";
import { parseInput } from "@/lib/validation/parse";
import { sliceJudgementQuerySchema, sliceJudgementSchema } from "@/lib/validation/predictions";
import { recordAudit } from "../audit";
import { requireProjectRole, type Caller } from "../auth/caller";
import { db } from "../db/client";

export interface SliceJudgementView {
  sliceKey: string;
  value: string;
  ease: string;
  importance: string;
  updatedAt: Date;
}

/**
 * The most judgements one slicing returns: a slicing by metadata has at most MAX_FACET_VALUES values, by tag one per
 * tag the team made by hand, so a team never comes near it.
 */
const MAX_JUDGEMENTS = 2000;

const fields = { sliceKey: true, value: true, ease: true, importance: true, updatedAt: true } as const;

/** The judgements of one slicing (?sliceKey=tags or meta.<key>), for reviewers and managers. */
export async function listSliceJudgements(caller: Caller, projectId: string, input: unknown): Promise<SliceJudgementView[]> {
  await requireProjectRole(caller, projectId, "reviewer");
  const { sliceKey } = parseInput(sliceJudgementQuerySchema, input);
  return db().sliceJudgement.findMany({ where: { projectId, sliceKey }, orderBy: { value: "asc" }, take: MAX_JUDGEMENTS, select: fields });
}

/** Keeps a slice's ease and importance (reviewers and managers: the team fills them in together). */
export async function saveSliceJudgement(caller: Caller, projectId: string, input: unknown): Promise<SliceJudgementView> {
  await requireProjectRole(caller, projectId, "reviewer");
  const { sliceKey, value, ease, importance } = parseInput(sliceJudgementSchema, input);
  const saved = await db().sliceJudgement.upsert({
    where: { projectId_sliceKey_value: { projectId, sliceKey, value } },
    create: { projectId, sliceKey, value, ease, importance, updatedById: caller.user.id },
    update: { ease, importance, updatedById: caller.user.id },
    select: fields,
  });
  await recordAudit(db(), { actorId: caller.user.id, projectId, action: "slice.judge", targetType: "project", targetId: projectId, data: { sliceKey, value, ease, importance } });
  return saved;
}

/** The judgements of these slices by sliceId, as prioritizationCsv takes them (callers check who may see them). */
export async function judgementsOfSlices(projectId: string, slices: readonly { key: string; value: string }[]): Promise<Record<string, RowJudgement>> {
  const keys = [...new Set(slices.map((slice) => slice.key))];
  if (!keys.length) return {};
  const rows = await db().sliceJudgement.findMany({
    where: { projectId, sliceKey: { in: keys }, value: { in: [...new Set(slices.map((slice) => slice.value))] } },
    select: { sliceKey: true, value: true, ease: true, importance: true },
  });
  return Object.fromEntries(rows.map((row) => [sliceId(row.sliceKey, row.value), { ease: row.ease, importance: row.importance }]));
}
