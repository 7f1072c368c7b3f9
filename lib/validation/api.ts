// Shapes of /api/v1 responses: the OpenAPI document is built from these, and clients infer types from them.
import { z } from "zod";
import { flagRulesSchema } from "@/lib/review/rules";
import { standardizationSchema } from "@/lib/review/standardize";
import { documentedResult } from "./annotation";
import { REVIEW_STATES } from "./items";
import { taskSchema } from "./project";
import { projectRoleSchema } from "./users";

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(["bad_request", "unauthorized", "forbidden", "not_found", "conflict", "payload_too_large", "unsupported_media_type", "range_not_satisfiable", "rate_limited", "client_closed", "timeout", "unavailable", "internal"]),
    message: z.string(),
    details: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("for a 400: `path`, the first offending field's path; for a submission, also `problems`, each problem's `path` and `message`"),
  }),
});

export const healthSchema = z.object({
  status: z.enum(["ok", "error"]),
  database: z.enum(["sqlite", "postgresql"]),
  media: z.enum(["local", "s3"]).describe("where media are kept: the local directory or S3-compatible storage"),
  version: z.string(),
  message: z.string().optional(),
});
export type Health = z.infer<typeof healthSchema>;

export const projectSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  mediaKind: z.enum(["image", "audio"]),
  role: projectRoleSchema,
  itemCount: z.int(),
  memberCount: z.int(),
  createdAt: z.iso.datetime(),
  progress: z.object({ mine: z.int().describe("items the caller submitted"), complete: z.int().describe("items with all their labelers") }),
});
export const projectListSchema = z.object({ projects: z.array(projectSummarySchema) });
export type ProjectList = z.infer<typeof projectListSchema>;

export const apiTokenSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenSummarySchema) });
export const createdApiTokenSchema = z.object({
  token: z.string().describe("The secret: shown this once, never again."),
  summary: apiTokenSummarySchema,
});

export const projectDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  mediaKind: z.enum(["image", "audio"]),
  overlap: z.int(),
  maxOverlap: z.int(),
  escalationTimeoutHours: z.int().describe("hours an item may wait for extra labels before it goes to a reviewer"),
  tasks: z.array(taskSchema),
  reviewRules: flagRulesSchema,
  standardization: standardizationSchema,
  skipReasons: z.array(z.string()).describe(`the reasons labelers pick from when skipping ("other" with a note is always offered too)`),
  guidelines: z.object({ version: z.int(), body: z.string(), createdAt: z.iso.datetime() }).nullable(),
  metadataKeys: z.array(z.string()).describe("item metadata keys with a few values: what figures and evaluations can be sliced by (by=meta.<key>)"),
  role: projectRoleSchema,
  itemCount: z.int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: projectRoleSchema,
  since: z.iso.datetime(),
});
export const memberListSchema = z.object({ members: z.array(memberSchema) });
export const memberAddedSchema = z.object({
  status: z
    .enum(["invited", "added", "updated"])
    .describe("invited: the email was not a member and waits as an invitation, whether or not it has an account; added: an administrator added an account, a member at once; updated: a member's role changed"),
  email: z.string(),
  role: projectRoleSchema,
});
export const invitationSchema = z.object({ id: z.string(), email: z.string(), role: projectRoleSchema, invitedAt: z.iso.datetime() });
export const invitationListSchema = z.object({ invitations: z.array(invitationSchema) });
export const callerInvitationListSchema = z.object({
  invitations: z.array(
    z.object({
      id: z.string(),
      project: z.object({ id: z.string(), name: z.string() }),
      role: projectRoleSchema,
      invitedBy: z.object({ name: z.string(), email: z.string() }).nullable().describe("null when the inviting account is gone"),
      invitedAt: z.iso.datetime(),
    }),
  ),
});
export const acceptedInvitationSchema = z.object({ projectId: z.string(), role: projectRoleSchema.describe("the caller's role in the project now") });

const metadataValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const itemSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  originalName: z.string(),
  mimeType: z.string(),
  sha256: z.string(),
  sizeBytes: z.int(),
  width: z.int().nullable(),
  height: z.int().nullable(),
  durationMs: z.int().nullable(),
  submittedCount: z.int(),
  metadata: z.record(z.string(), metadataValue),
  source: z.string().nullable(),
  importBatchId: z.string().nullable(),
  createdAt: z.iso.datetime(),
  mediaUrl: z.string(),
  thumbnailUrl: z.string().nullable(),
  peaksUrl: z.string().nullable(),
  renditionUrl: z.string().nullable().describe("a big image's screen-sized WebP rendition, in the original's coordinates"),
  tilesUrl: z.string().nullable().describe("a big image's Deep Zoom descriptor (.dzi); its tiles are at tiles/{level}/{col}_{row}.{format}"),
});
const flagReasonSchema = z.object({ code: z.string(), task: z.string().optional(), detail: z.string() });
export const decisionViewSchema = z.object({
  id: z.string(),
  action: z.enum(["accept-annotation", "accept-consensus", "edit", "exclude", "relabel"]),
  annotationId: z.string().nullable(),
  result: documentedResult("the label it set (null for exclude and relabel)").nullable(),
  reason: z.string(),
  category: z.string().nullable(),
  relabel: z
    .union([z.object({ mode: z.literal("revise"), labelers: z.array(z.string()) }), z.object({ mode: z.literal("fresh"), labelers: z.int() })])
    .nullable()
    .describe("for relabel: the labelers asked to revise, or how many fresh labelers were asked"),
  sessionId: z.string().nullable(),
  reviewer: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.iso.datetime(),
});
const modelRefSchema = z.object({ id: z.string(), version: z.int(), items: z.int().describe("items it was fitted on"), fittedAt: z.iso.datetime() });
const judgmentSchema = z.object({
  at: z.iso.datetime(),
  trigger: z.enum(["submission", "revision", "relabel", "refit", "settings", "timeout", "skip", "import", "upgrade"]),
  state: z.enum(REVIEW_STATES).nullable().describe("the state the judgment gave the item"),
  method: z.string(),
  result: documentedResult("the consensus"),
  confidence: z.number().nullable(),
  reasons: z.array(flagReasonSchema),
  tasks: z.array(
    z.object({
      task: z.string(),
      method: z.enum(["unanimous", "majority-vote", "dawid-skene", "shape-clusters", "segment-clusters", "transcript-medoid"]),
      confidence: z.number().nullable(),
      model: z
        .object({ ref: modelRefSchema, label: z.string(), probability: z.number(), posterior: z.record(z.string(), z.number()), vote: z.string().nullable() })
        .optional()
        .describe("the labeler model (Dawid–Skene) that judged a classification task: its most probable answer and posterior, and the vote's answer"),
    }),
  ),
});
const reviewStateSchema = z.enum(REVIEW_STATES);
export const itemDetailSchema = itemSchema.extend({
  review: z.union([
    z.object({
      state: reviewStateSchema,
      reasons: z.array(flagReasonSchema),
      score: z.number().nullable().describe("the item's worst agreement figure, 0–1"),
      consensus: judgmentSchema.nullable().describe("the latest judgment"),
      history: z.array(judgmentSchema).describe("every judgment, newest first (the last 50)"),
      decisions: z.array(decisionViewSchema).describe("newest (in force) first"),
      gold: documentedResult("the final label: the decision in force, else an accepted consensus").nullable(),
      revisionRequests: z
        .array(z.object({ labeler: z.object({ id: z.string(), name: z.string() }), reason: z.string(), status: z.enum(["open", "done", "declined", "expired", "cancelled"]), createdAt: z.iso.datetime(), closedAt: z.iso.datetime().nullable() }))
        .describe("revisions reviewers asked of its labelers, newest first"),
      relabelDefault: z.array(z.string()).describe("whom a relabel decision asks to revise by default: the labelers whose answer differs from the consensus"),
      skips: z
        .array(z.object({ labeler: z.object({ id: z.string(), name: z.string() }), reason: z.string().nullable(), note: z.string().nullable(), at: z.iso.datetime().nullable(), revisionLease: z.boolean() }))
        .describe(`who skipped the item and why (a reason of the project's list, or "other" with the labeler's note), newest first (the last 50)`),
    }),
    z.object({ state: reviewStateSchema }).describe("what a labeler sees"),
  ]),
});
const statistic = z.object({ value: z.number().nullable(), reason: z.string().optional() });
/** An item's agreement per task as stored when it was last judged (lib/quality/item-agreement.ts, TaskAgreement). */
export const itemAgreementSchema = z.record(
  z.string(),
  z.union([
    z.object({ type: z.literal("classification"), labelers: z.int(), percentAgreement: statistic, votes: z.record(z.string(), z.int()) }),
    z.object({ type: z.enum(["bbox", "polygon"]), labelers: z.int(), meanF1: statistic, meanIoU: statistic }),
    z.object({
      type: z.literal("segment"),
      labelers: z.int(),
      meanF1: statistic.describe("mean over labeler pairs of matched F1, segments matched within their label"),
      frameAlpha: statistic.describe("Krippendorff's alpha on 10 ms frames, every (frame, label) pair a unit"),
      perLabel: z
        .array(z.object({ label: z.string(), f1: statistic, frameAlpha: statistic }))
        .optional()
        .describe("per label drawn: matched F1 pooled over labeler pairs, and frame alpha on that label's track; absent on items judged before these figures"),
      transcriptWer: statistic.optional().describe("tasks with transcripts: mean WER of the transcripts on matched segments where both have one, both directions"),
    }),
    z.object({ type: z.literal("transcript"), labelers: z.int(), meanWer: statistic, medoid: z.string().nullable(), flagged: z.boolean() }),
  ]),
);
export const reviewQueueSchema = z.object({
  items: z.array(
    z.object({
      itemId: z.string(),
      originalName: z.string(),
      reasons: z.array(flagReasonSchema),
      score: z.number().nullable(),
      agreement: itemAgreementSchema.nullable(),
      metadata: z.unknown(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export const reviewSessionSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.iso.datetime(),
  items: z.int(),
  decided: z.int().describe("items decided in this session"),
});
export const reviewSessionListSchema = z.object({ sessions: z.array(reviewSessionSchema) });
export const reviewSessionDetailSchema = z.object({
  session: reviewSessionSchema,
  items: z.array(
    z.object({
      itemId: z.string(),
      originalName: z.string(),
      state: reviewStateSchema,
      score: z.number().nullable(),
      reasons: z.array(flagReasonSchema),
      decision: decisionViewSchema.nullable().describe("the latest decision made in this session"),
    }),
  ),
});
export const EXPORT_STATUSES = ["queued", "running", "done", "failed", "cancelled"] as const;
export const exportRunSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  format: z.string(),
  options: z.record(z.string(), z.unknown()).describe("the export's parameters as asked (the query of GET /projects/{id}/export)"),
  status: z.enum(EXPORT_STATUSES),
  itemsWritten: z.int(),
  itemsTotal: z.int().nullable().describe("items in the states exported, once the job has started (COCO and YOLO may leave some out: the manifest says why)"),
  sha256: z.string().nullable().describe("the manifest's sha256 over every file's name and content, once done"),
  sizeBytes: z.int().nullable().describe("the zip's size, once done"),
  error: z.string().nullable(),
  requestedBy: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable().describe("when the zip and this record are removed (CONCORD_EXPORT_DAYS after it ended)"),
  downloadUrl: z.string().nullable().describe("the zip's path under the API's origin, once done"),
});
export type ExportRun = z.infer<typeof exportRunSchema>;
export const exportRunListSchema = z.object({ exports: z.array(exportRunSchema) });

export const feedbackSchema = z.object({
  resolvedDifferently: z.array(
    z.object({
      itemId: z.string(),
      originalName: z.string(),
      yours: documentedResult("the caller's answer"),
      final: documentedResult("the final label"),
      decision: z.object({ reason: z.string(), category: z.string().nullable(), reviewer: z.string(), at: z.iso.datetime() }),
    }),
  ),
  agreementByDay: z.array(z.object({ day: z.string().describe("YYYY-MM-DD"), items: z.int(), agreed: z.int(), rate: z.number() })),
});
const itemListEntrySchema = itemSchema.extend({
  reviewState: reviewStateSchema,
  reviewScore: z.number().nullable().describe("the item's worst agreement figure, 0–1"),
  tags: z.array(z.string()).describe("the item's tags, in the order they were added"),
  openDiscussions: z.int().describe("discussion topics on the item not yet resolved"),
  commentCount: z.int().describe("comments on the item, topics and replies"),
});
export const itemPageSchema = z.object({
  items: z.array(itemListEntrySchema),
  nextCursor: z.string().nullable(),
});
export const modelErrorPageSchema = z.object({
  model: z.object({ name: z.string(), version: z.string() }),
  task: z.string(),
  evaluatedAt: z.iso.datetime().describe("when the evaluation whose outcomes these are was computed"),
  items: z.array(
    itemListEntrySchema.extend({
      outcome: z.object({ measure: z.number().describe("the item's own figure: 1 or 0 for a class, F1 for shapes and segments, 1 − WER for a transcript"), error: z.boolean(), watchHit: z.boolean() }),
      final: documentedResult("the task's entries of the final label, standardized (null: the item has none any more)").nullable(),
      prediction: z.object({ result: documentedResult("the task's entries of the model's prediction, standardized, with their scores"), score: z.number().nullable() }),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const importResultSchema = z.object({
  batchId: z.string().nullable(),
  created: z.array(z.object({ id: z.string(), name: z.string() })),
  duplicates: z.array(z.object({ name: z.string(), itemId: z.string() })),
  rejected: z.array(z.object({ name: z.string(), reason: z.string() })),
  /** With a `labelStudio` part: annotations imported, annotators who became labelers or were invited, and what was left out with why. */
  labelStudio: z
    .object({
      annotations: z.number().int(),
      goldLabels: z.number().int().describe("ground_truth annotations imported as gold labels: a decision by the importing user resolving the item (an item with a decision keeps it)"),
      skips: z.number().int().describe("cancelled (was_cancelled) annotations imported as their annotators' skips"),
      newLabelers: z.array(z.string()).describe("annotators who became labelers of the project (an administrator's import)"),
      invited: z.array(z.string()).describe("annotators who are not members, invited as labelers (anyone else's import); their annotations were left out until they accept"),
      unmappedAnnotators: z
        .array(z.string())
        .describe("Label Studio user ids (a numeric completed_by) with no email in the export nor in labelStudioUsers: their annotations are the importing user's, the id kept in each annotation's client.labelStudio"),
      predictions: z
        .array(z.object({ model: z.string(), version: z.string(), imported: z.number().int(), refused: z.number().int() }))
        .describe("the tasks' predictions imported per model (model_version, else \"label-studio\") as the version predictionsVersion names (else \"imported <date>\"); each refused one is in problems"),
      problems: z.array(z.string()).describe("what was left out and why (refused annotations and predictions, nested metadata), each naming the task and file"),
    })
    .optional(),
  tags: z.array(z.object({ name: z.string(), items: z.number().int() })).optional().describe("with a manifest naming `tags`: each tag and how many of the uploaded items it was given to (source \"import\")"),
  /** With `labels` parts: a dataset's labels (COCO, YOLO or CVAT) that came in as a labeler's annotations or gold labels. */
  labels: z
    .object({
      format: z.enum(["coco", "yolo", "cvat"]),
      annotations: z.number().int().describe("labelsBy: the labeler's submitted annotations imported (items they had labeled or skipped keep their label)"),
      goldLabels: z.number().int().describe("labelsAs=gold: gold labels imported as the importing user's decisions (an item with a decision keeps it)"),
      problems: z.array(z.string()).describe("what was left out and why (classes in no task, shapes outside the image, files matching no item, items already labeled or decided), each naming the label file"),
    })
    .optional(),
});
/** `dryRun=1`: whom an import of the `labelStudio` part would make labelers of the project, or invite (nothing is stored). */
export const importPreviewSchema = z.object({
  labelStudio: z.object({
    newLabelers: z
      .array(z.string())
      .describe("an administrator's import: annotators with an account who are not members; anyone else's: every annotator who is not a member, account or not"),
    invites: z.boolean().describe("true (anyone but an administrator): confirming invites them as labelers; false: confirming makes them labelers at once"),
    unmappedAnnotators: z.array(z.string()).describe("Label Studio user ids without an email in the export or labelStudioUsers: give their emails in labelStudioUsers, or their annotations will be the importing user's"),
  }),
});

export const peaksSchema = z.object({
  sampleRate: z.int(),
  peaksPerSecond: z.int(),
  duration: z.number().describe("seconds"),
  data: z.array(z.number()).describe("min, max, min, max … per bucket, in [-1, 1]"),
});

export const leaseSchema = z.object({
  assignment: z.object({
    id: z.string(),
    expiresAt: z.iso.datetime(),
    leasedAt: z.iso.datetime(),
    draftVersion: z.int().describe("the version of the draft (0 before any draft): send it with the next draft save or submit"),
  }),
  item: itemSchema,
  draft: z.object({ result: documentedResult("the autosaved answer"), activeMs: z.int(), savedAt: z.iso.datetime() }).nullable(),
  revision: z
    .object({
      of: z.int().describe("the revision being revised"),
      result: documentedResult("the labeler's answer in that revision"),
      request: z.object({ reason: z.string(), requestedAt: z.iso.datetime() }).nullable().describe("the reviewer's request, when a reviewer asked"),
    })
    .nullable()
    .describe("a lease to revise the labeler's own answer (submit it like any other)"),
});
export const myItemsSchema = z.object({
  items: z.array(
    z.object({
      itemId: z.string(),
      originalName: z.string(),
      submittedAt: z.iso.datetime().describe("first submitted"),
      revision: z.int().describe("the latest revision"),
      decided: z.boolean().describe("decided by a reviewer: closed to revisions"),
      revisionRequested: z.boolean(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export const progressSchema = z.object({
  mine: z.int().describe("items the caller submitted"),
  mineSkipped: z.int().describe("items the caller skipped"),
  today: z.int().nullable().describe("items the caller submitted since `since` (the start of their day); null without `since`"),
  complete: z.int().describe("items with all their labelers"),
  items: z.int(),
});
export const annotationListSchema = z.object({
  annotations: z.array(
    z.object({
      id: z.string(),
      labeler: z.object({ id: z.string(), name: z.string(), email: z.string() }),
      revision: z.int(),
      result: documentedResult("the labeler's answer"),
      startedAt: z.iso.datetime(),
      submittedAt: z.iso.datetime().nullable(),
      activeMs: z.int(),
      guidelineVersion: z.int().nullable(),
      client: z.unknown(),
    }),
  ),
});
export const draftSavedSchema = z.object({ savedAt: z.iso.datetime(), draftVersion: z.int().describe("the new draft version, to send with the next save or submit") });
export const submissionSchema = z.object({ annotationId: z.string(), revision: z.int(), submittedAt: z.iso.datetime() });

const labelerPairs = z.object({ labelers: z.array(z.string()), agreement: z.array(z.array(z.number().nullable())), itemsBothLabeled: z.array(z.array(z.int())) });
export const projectAgreementSchema = z.object({
  projectId: z.string(),
  labeledItems: z.int(),
  labelerPairsOmitted: z
    .int()
    .nullable()
    .describe("How many labelers answered, when more than 40: then every labelerPairs is empty (figures per labeler pair are given for teams of up to 40)"),
  tasks: z.record(
    z.string(),
    z.union([
      z.object({
        type: z.literal("classification"),
        alpha: statistic.describe("Krippendorff's alpha, nominal, labelers × items"),
        perClass: z.array(z.object({ category: z.string(), alpha: statistic })),
        labelerPairs: z.object({ labelers: z.array(z.string()), kappa: z.array(z.array(statistic.nullable())), unitsBothRated: z.array(z.array(z.int())) }),
        byMetadata: z.record(z.string(), z.record(z.string(), statistic)),
        byGuidelineVersion: z.record(z.string(), statistic),
      }),
      z.object({
        type: z.enum(["bbox", "polygon", "segment", "transcript"]),
        figure: z
          .enum(["meanF1", "oneMinusWer"])
          .describe("The measure of every figure of the task, 0–1, higher is better: matched F1 at IoU 0.5 (segments matched within their label), or 1 − word error rate for transcripts"),
        mean: statistic.describe("Mean over items of the item figure"),
        items: z.int(),
        perClass: z.array(z.object({ label: z.string(), f1: z.number(), objects: z.int() })).describe("Matched F1 per shape or segment label, pooled over labeler pairs; empty for transcripts"),
        labelerPairs,
        confusion: z
          .object({ labels: z.array(z.string()), counts: z.array(z.array(z.int())) })
          .nullable()
          .describe("Rows: one labeler's label; columns: the other labeler's label of the matched object, or (missed); counted from both sides. Null for transcripts"),
        byMetadata: z.record(z.string(), z.record(z.string(), statistic)),
        byGuidelineVersion: z.record(z.string(), statistic),
        segmentTranscripts: z
          .object({ mean: statistic.describe("Mean over items of 1 − the WER of their matched segments' transcripts"), items: z.int(), labelerPairs })
          .nullable()
          .describe(
            "Segment tasks with transcripts: 1 − word error rate of the transcripts on matched segments (a pair's WER the mean of both directions), per item and per labeler pair, over matched segments where both have a transcript; null for other tasks",
          ),
      }),
    ]),
  ),
});

export const memberEntryResultsSchema = z.object({
  results: z.array(
    z.object({
      entry: z.string().describe("The entry as pasted (an address taken out of `Name <email>`)"),
      status: z
        .enum(["added", "invited", "member", "invalid"])
        .describe("added: an administrator added an account, a member at once; invited: now invited (account or not); member: already a member, role unchanged; invalid: not an email"),
      email: z.string().nullable(),
      message: z.string().optional().describe("For a member, the role they keep; for an invalid entry, what is wrong"),
    }),
  ),
});

export const passwordLinkSchema = z.object({
  token: z.string().describe("The link's secret: shown this once, never again."),
  path: z.string().describe("The set-password page for this link, /set-password?token=…, to pass on to the account's owner"),
  purpose: z.enum(["invite", "reset"]).describe("invite: the account has no password yet; reset: it has one, which stays until the link is used"),
  expiresAt: z.iso.datetime(),
});

export const invitedUserSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), isAdmin: z.boolean() }),
  link: passwordLinkSchema,
});

export const passwordSetSchema = z.object({ email: z.string().describe("The account whose password was set: sign in with it") });
