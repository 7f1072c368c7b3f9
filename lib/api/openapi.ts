// The OpenAPI 3.1 description of /api/v1, built from the same zod schemas that validate requests and
// describe responses. Every route handler under app/api/v1 has an entry here (a test checks it).
import { z } from "zod";
import { EXPORT_FORMATS } from "@/lib/export/formats/registry";
import { FLAG_REASON_CODES } from "@/lib/review/rules";
import { BIG_IMAGE_SIDE } from "@/lib/labeling/tiles";
import {
  annotationListSchema,
  apiTokenListSchema,
  decisionViewSchema,
  exportRunListSchema,
  exportRunSchema,
  feedbackSchema,
  reviewSessionDetailSchema,
  reviewSessionListSchema,
  reviewSessionSchema,
  itemDetailSchema,
  reviewQueueSchema,
  apiTokenSummarySchema,
  createdApiTokenSchema,
  draftSavedSchema,
  errorBodySchema,
  healthSchema,
  importPreviewSchema,
  importResultSchema,
  itemPageSchema,
  leaseSchema,
  invitationListSchema,
  acceptedInvitationSchema,
  callerInvitationListSchema,
  invitedUserSchema,
  memberAddedSchema,
  memberEntryResultsSchema,
  memberListSchema,
  passwordLinkSchema,
  passwordSetSchema,
  myItemsSchema,
  memberSchema,
  projectDetailSchema,
  peaksSchema,
  progressSchema,
  projectAgreementSchema,
  projectListSchema,
  submissionSchema,
  modelErrorPageSchema,
} from "@/lib/validation/api";
import { draftSchema, skipSchema, submitSchema } from "@/lib/validation/assignments";
import {
  inboxPageSchema,
  markReadSchema,
  mentionSuggestionsSchema,
  newCommentSchema,
  postedCommentSchema,
  resolutionSchema,
  resolveTopicSchema,
  threadSchema,
  unreadSchema,
} from "@/lib/validation/discussions";
import { exportQuerySchema } from "@/lib/validation/export";
import { decisionSchema, MAX_LABELER_FILTER, MAX_METADATA_FILTERS, newReviewSessionSchema } from "@/lib/validation/items";
import {
  acknowledgeGuidelinesSchema,
  guidelineDraftListSchema,
  guidelineDraftPatchSchema,
  guidelineDraftSchema,
  guidelinesOverviewSchema,
  guidelineStatusSchema,
  guidelineVersionSchema,
  newGuidelineDraftSchema,
  rejectGuidelineDraftSchema,
} from "@/lib/validation/guidelines";
import { MAX_MEMBERS_AT_ONCE, memberRoleSchema, newMemberSchema, newMembersSchema } from "@/lib/validation/members";
import { newProjectSchema, projectPatchSchema } from "@/lib/validation/project";
import { newTokenSchema } from "@/lib/validation/tokens";
import { invitedUserSchema as newInvitedUserSchema, setPasswordSchema, userStatusSchema } from "@/lib/validation/users";
import {
  addTagsSchema,
  auditPendingSchema,
  auditSchema,
  evaluationPendingSchema,
  evaluationSchema,
  itemTagsSchema,
  tagFromMetadataSchema,
  tagFromMetadataStartedSchema,
  modelListSchema,
  modelSettingsSchema,
  modelSettingsViewSchema,
  predictionsImportReportSchema,
  predictionsImportSchema,
  sliceJudgementListSchema,
  sliceJudgementSchema,
  sliceJudgementViewSchema,
  tagDescriptionSchema,
  tagListSchema,
  tagSummarySchema,
  watchListSchema,
} from "@/lib/validation/predictions";

type Method = "get" | "post" | "put" | "patch" | "delete";

interface Operation {
  summary: string;
  /** Anyone may call it (no session or token needed). */
  open?: boolean;
  body?: z.ZodType | "multipart";
  query?: { name: string; description: string }[];
  /** Status → response schema, null for an empty response, or a media type for a file. */
  responses: Record<number, z.ZodType | null | { file: string }>;
  /** The error statuses it can answer besides 401. */
  errors?: number[];
}

/** The query parameters that name a model version and one of the project's tasks. */
const MODEL_VERSION_TASK = [
  { name: "model", description: "The model's name" },
  { name: "version", description: "The version (default: the newest)" },
  { name: "task", description: "The task's key (default: the project's first task)" },
];

const ERROR_TEXT: Record<number, string> = {
  400: "Invalid input; the message names the first offending field.",
  401: "No valid session or API token.",
  403: "The caller's role does not allow this (API tokens are managed only from a signed-in session, not with a token), or a change was sent with the session cookie from a page that is not Concord's own.",
  404: "Not found, or not visible to the caller.",
  409: "Conflicts with the current state; the message says how.",
  413: "Larger than a limit allows: a JSON body over CONCORD_MAX_JSON_BYTES (5 MB unless the server sets it; details.limitBytes says how large it may be), or an import past its limits (the message names the limit).",
  415: "The body was not sent with Content-Type: application/json.",
  416: "The requested byte range is outside the file.",
  429: "Too many attempts; the message and the Retry-After header say how long to wait.",
  503: "A dependency (the database or the media store, code `unavailable`) is unavailable, or PostgreSQL stopped a query that ran past DATABASE_STATEMENT_TIMEOUT_SECONDS (code `timeout`).",
};

const jsonSchema = (schema: z.ZodType, io: "input" | "output") => z.toJSONSchema(schema, { io, unrepresentable: "any" });
const jsonContent = (schema: z.ZodType, io: "input" | "output") => ({ "application/json": { schema: jsonSchema(schema, io) } });

export const OPERATIONS: Record<string, Partial<Record<Method, Operation>>> = {
  "/health": {
    get: { summary: "Liveness, database and media store check (503 when either cannot be reached)", open: true, responses: { 200: healthSchema }, errors: [503] },
  },
  "/openapi.json": {
    get: { summary: "This document", open: true, responses: { 200: z.object({ openapi: z.string() }).loose() } },
  },
  "/projects": {
    get: { summary: "The caller's projects (administrators: all projects)", responses: { 200: projectListSchema } },
    post: { summary: "Create a project (administrators and managers)", body: newProjectSchema, responses: { 201: projectDetailSchema }, errors: [400, 403] },
  },
  "/projects/{projectId}": {
    get: { summary: "A project's configuration and the caller's role", responses: { 200: projectDetailSchema }, errors: [404] },
    patch: {
      summary: "Change a project (managers); new guidelines become a new guideline version",
      body: projectPatchSchema,
      responses: { 200: projectDetailSchema },
      errors: [400, 403, 404, 409],
    },
  },
  "/projects/{projectId}/guidelines": {
    get: { summary: "The guideline versions, newest first, and where the caller stands with the current one", responses: { 200: guidelinesOverviewSchema }, errors: [404] },
  },
  "/projects/{projectId}/guidelines/{version}": {
    get: { summary: "One guideline version with its markdown", responses: { 200: guidelineVersionSchema }, errors: [400, 404] },
  },
  "/projects/{projectId}/predictions": {
    get: { summary: "The project's models and versions, with how many items each predicted (reviewers and managers)", responses: { 200: modelListSchema }, errors: [403, 404] },
    post: {
      summary:
        "Import a model version's predictions (managers): JSON {model, predictions}, or JSON Lines of predictions (Content-Type application/x-ndjson) with ?model=&version=[&trainingExport=]. Each prediction names its item by id or original name and carries a result in the annotation result format, whose entries may add a score; one that does not fit is rejected with its reason, the others imported. A second prediction of an item by the same version replaces the first.",
      body: predictionsImportSchema,
      responses: { 200: predictionsImportReportSchema },
      errors: [400, 403, 404, 409, 413, 415],
    },
  },
  "/projects/{projectId}/evaluation": {
    get: {
      summary:
        "A model version's evaluation of one task against the final labels, beside human-level performance (reviewers and managers): overall, per class, per labeler and per slice (by=meta.<key> or tags) with bootstrap intervals, gap to HLP and gap × share. 200 when up to date; 202 while the job computing it is queued or running (ask again after Retry-After). format=csv answers the prioritization table as CSV, with the ease and importance the team gave each slice (PUT …/slice-judgements).",
      query: [
        ...MODEL_VERSION_TASK,
        { name: "by", description: "Slices: meta.<key> (one per value of that metadata key), up to 3 keys crossed with * (meta.accent*meta.device: one per combination of values), or tags (one per tag)" },
        { name: "format", description: "json (default) or csv (the prioritization table)" },
      ],
      responses: { 200: evaluationSchema, 202: evaluationPendingSchema },
      errors: [400, 403, 404],
    },
  },
  "/projects/{projectId}/model-errors": {
    get: {
      summary:
        "The error analysis (reviewers and managers): a page of a model version's items from its latest evaluation of a task, in item order, each with its outcome, final label, prediction (with scores), tags and metadata. 409 before the model has an evaluation of the task (the evaluation is then started: ask again once GET …/evaluation answers 200).",
      query: [
        ...MODEL_VERSION_TASK,
        { name: "outcome", description: "error (default), correct or all" },
        { name: "tag", description: "Only items with this tag" },
        { name: "untagged", description: "1: only items without any tag" },
        { name: "cursor", description: "nextCursor of the previous page" },
        { name: "limit", description: "Items a page, 1–100 (default 20)" },
      ],
      responses: { 200: modelErrorPageSchema },
      errors: [400, 403, 404, 409],
    },
  },
  "/projects/{projectId}/audit": {
    get: {
      summary:
        "A model version's audit of one task (reviewers and managers): per slicing asked for, its slices worst first (lowest accuracy) with the gap to the overall accuracy and intervals; the rare classes (support below 5% of all, else the 3 least supported) with precision, recall and F1; for transcript and segment tasks, the watch list's terms with how many predictions hold one the final label does not. Combines the evaluations of GET …/evaluation (the unsliced one and one per slicing): 200 when all are up to date, 202 while any is queued or running (ask again after Retry-After).",
      query: [
        ...MODEL_VERSION_TASK,
        { name: "slices", description: "Comma-separated slicings (at most 5): meta.<key>, up to 3 keys crossed with * (meta.accent*meta.device), or tags" },
      ],
      responses: { 200: auditSchema, 202: auditPendingSchema },
      errors: [400, 403, 404],
    },
  },
  "/projects/{projectId}/watch-list": {
    get: { summary: "The project's watch list: transcript terms a model must not put where people did not say them (reviewers and managers)", responses: { 200: watchListSchema }, errors: [403, 404] },
    put: {
      summary: "Replace the watch list (managers): at most 500 terms of 1–100 characters, matched as whole words or phrases ignoring case; kept evaluations are computed again when next asked for",
      body: watchListSchema,
      responses: { 200: watchListSchema },
      errors: [400, 403, 404, 413, 415],
    },
  },
  "/projects/{projectId}/slice-judgements": {
    get: {
      summary: "The team's judgement of each slice of one slicing (?sliceKey=tags or meta.<key>): how easy it is to improve, how much it matters (reviewers and managers)",
      query: [{ name: "sliceKey", description: "The slicing: tags or meta.<key>, as the evaluation's by" }],
      responses: { 200: sliceJudgementListSchema },
      errors: [400, 403, 404],
    },
    put: {
      summary: "Keep a slice's ease and importance, as the team judges them; the prioritization CSV carries them (reviewers and managers)",
      body: sliceJudgementSchema,
      responses: { 200: sliceJudgementViewSchema },
      errors: [400, 403, 404, 413, 415],
    },
  },
  "/projects/{projectId}/model-settings": {
    get: {
      summary: "Pre-annotation and queue order by model, and how far first answers agree with the pre-annotation model with it shown and held back (reviewers and managers)",
      responses: { 200: modelSettingsViewSchema },
      errors: [403, 404],
    },
    put: {
      summary:
        "Set pre-annotation (labelers start from a model version's prediction; holdOutPercent of each labeler's items, 20 unless said, start empty to measure its pull) and the queue order (fresh items the model is least sure of first, or two models disagree on most); null turns either off (managers)",
      body: modelSettingsSchema,
      responses: { 200: modelSettingsViewSchema },
      errors: [400, 403, 404, 413, 415],
    },
  },
  "/projects/{projectId}/tags": {
    get: { summary: "The project's tags with their item counts, most used first (reviewers and managers)", responses: { 200: tagListSchema }, errors: [403, 404] },
    put: { summary: "Say what a tag means (reviewers and managers); makes the tag when the project lacks it", body: tagDescriptionSchema, responses: { 200: tagSummarySchema }, errors: [400, 403, 404, 413, 415] },
  },
  "/projects/{projectId}/tags/from-metadata": {
    post: {
      summary:
        "Tag every item whose metadata[key] is exactly `value` (reviewers and managers), with source \"metadata\". Runs as a job over the project's items in id order; answered 202 with what it started. Items that have the tag keep it, so asking again adds nothing twice",
      body: tagFromMetadataSchema,
      responses: { 202: tagFromMetadataStartedSchema },
      errors: [400, 403, 404, 413, 415],
    },
  },
  "/items/{itemId}/tags": {
    post: { summary: "Add tags to an item (reviewers and managers); tags the project lacks are made", body: addTagsSchema, responses: { 200: itemTagsSchema }, errors: [400, 403, 404, 413, 415] },
  },
  "/items/{itemId}/tags/{tag}": {
    delete: { summary: "Remove a tag from an item (reviewers and managers)", responses: { 200: itemTagsSchema }, errors: [400, 403, 404] },
  },
  "/items/{itemId}/comments": {
    get: {
      summary:
        "An item's discussion: topics oldest first, each with its replies, anchors, mentions and resolution. Reviewers and managers anytime; a labeler once they have submitted their own answer to the item (403 says so before)",
      responses: { 200: threadSchema },
      errors: [403, 404],
    },
    post: {
      summary:
        "Post a comment in markdown: a new topic, or with parentId a reply. @mentions (a member's email, email name or name without spaces) are parsed from the body; mentioned members, the topic's participants and, for a reviewer's question (isQuestion), the item's labelers get an inbox entry. Same access as reading",
      body: newCommentSchema,
      responses: { 201: postedCommentSchema },
      errors: [400, 403, 404, 413, 415],
    },
  },
  "/items/{itemId}/comments/mentionable": {
    get: {
      summary: "Members of the item's project whose name or email starts with q (at most 8), for @mention autocomplete; same access as the thread",
      query: [{ name: "q", description: "What was typed after @" }],
      responses: { 200: mentionSuggestionsSchema },
      errors: [403, 404],
    },
  },
  "/comments/{commentId}/resolve": {
    post: {
      summary: "Resolve a topic (reviewers and managers, or the topic's author), with an optional note and the review decision or guideline version it led to; 409 when already resolved",
      body: resolveTopicSchema,
      responses: { 200: resolutionSchema },
      errors: [400, 403, 404, 409, 413, 415],
    },
  },
  "/inbox": {
    get: {
      summary: "The caller's inbox, newest first: mentions, replies in threads they joined, reviewers' questions; with the unread count",
      query: [
        { name: "cursor", description: "nextCursor of the previous page" },
        { name: "limit", description: "Entries per page (1–100, default 30)" },
        { name: "unread", description: "1: unread entries only" },
      ],
      responses: { 200: inboxPageSchema },
      errors: [400],
    },
  },
  "/inbox/read": {
    post: { summary: "Mark the caller's entries read: {ids} or {all: true}; answers the unread count", body: markReadSchema, responses: { 200: unreadSchema }, errors: [400, 413, 415] },
  },
  "/projects/{projectId}/guideline-drafts": {
    get: { summary: "Proposed guideline changes, newest first (reviewers and managers)", responses: { 200: guidelineDraftListSchema }, errors: [403, 404] },
    post: {
      summary: "Draft a guideline change from the items that showed a gap (reviewers): the whole new text, a change note, example items",
      body: newGuidelineDraftSchema,
      responses: { 201: guidelineDraftSchema },
      errors: [400, 403, 404],
    },
  },
  "/projects/{projectId}/guideline-drafts/{draftId}": {
    patch: {
      summary: "Edit a waiting draft's text or change note before publishing it (managers); its author stays credited. 409 once published or turned down",
      body: guidelineDraftPatchSchema,
      responses: { 200: guidelineDraftSchema },
      errors: [400, 403, 404, 409],
    },
  },
  "/projects/{projectId}/guideline-drafts/{draftId}/publish": {
    post: {
      summary: "Publish a waiting draft as the next guideline version (managers), crediting its author (draftedBy on the version); labelers then see what changed. 409 once published or turned down",
      responses: { 200: guidelineDraftSchema },
      errors: [403, 404, 409],
    },
  },
  "/projects/{projectId}/guideline-drafts/{draftId}/reject": {
    post: {
      summary: "Turn a waiting draft down with a note its author reads (managers); it can no longer be published",
      body: rejectGuidelineDraftSchema,
      responses: { 200: guidelineDraftSchema },
      errors: [400, 403, 404, 409],
    },
  },
  "/projects/{projectId}/guidelines/acknowledge": {
    post: {
      summary: "Acknowledge the current guidelines (members); an older version answers 409",
      body: acknowledgeGuidelinesSchema,
      responses: { 200: guidelineStatusSchema },
      errors: [400, 403, 404, 409],
    },
  },
  "/projects/{projectId}/members": {
    get: { summary: "A project's members", responses: { 200: memberListSchema }, errors: [404] },
    post: {
      summary:
        "Add someone by email with a role (managers). An email that is not a member becomes an invitation (`invited`, 201) whether or not it has an account, so neither the answer nor the members and invitations listed afterwards tell who has one: " +
        "the account accepts it, or an account created later takes it up. An administrator's addition of an account makes it a member at once (`added`, 201). A member's email changes their role (`updated`, 200). " +
        `With \`emails\` instead of \`email\` (at most ${MAX_MEMBERS_AT_ONCE}, pasted forms such as \`Name <email>\` accepted), every address gets the role by the same rule in one transaction and the answer (200) reports each entry: added, invited, member (already one: the role stays) or invalid (the others are still added)`,
      body: z.union([newMemberSchema, newMembersSchema]),
      responses: { 201: memberAddedSchema, 200: z.union([memberAddedSchema, memberEntryResultsSchema]) },
      errors: [400, 403, 404, 409],
    },
  },
  "/projects/{projectId}/invitations": {
    get: { summary: "Invitations waiting for an answer (managers)", responses: { 200: invitationListSchema }, errors: [403, 404] },
  },
  "/projects/{projectId}/invitations/{invitationId}": {
    delete: { summary: "Withdraw an invitation: its email can no longer accept it, and an account created later gets no role here (managers)", responses: { 204: null }, errors: [403, 404] },
  },
  "/projects/{projectId}/members/{userId}": {
    patch: { summary: "Change a member's role (managers)", body: memberRoleSchema, responses: { 200: memberSchema }, errors: [400, 403, 404, 409] },
    delete: { summary: "Remove a member (managers); the last manager cannot be removed", responses: { 204: null }, errors: [403, 404, 409] },
  },
  "/projects/{projectId}/imports": {
    post: {
      summary:
        "Import media (managers): one or more `files` parts (at most 10,000), an optional `manifest` part (CSV, JSON or JSONL with a `file` column; other columns are metadata, except `source` and `tags`: a list of tags in JSON, or tags separated by `;` in CSV, given to the item with source \"import\"), and an optional `labelStudio` part: " +
        "a Label Studio JSON export (an array of tasks, or one task) whose annotations are added to the uploaded items (or to the project's items of the same name) under their annotators' accounts (by email). " +
        "Label Studio's task format names annotators by user id (`completed_by: 1`): an optional `labelStudioUsers` part or form field maps them to emails (JSON, e.g. `{\"1\": \"alice@example.com\"}`); an id without an email, and an annotation without completed_by, become the importing user's (the id kept in the annotation's client.labelStudio and listed in `unmappedAnnotators`). " +
        "`ground_truth` annotations become gold labels (a decision by the importing user resolving the item), cancelled ones skips; predictions become predictions of the model their `model_version` names (\"label-studio\" when none), as the version `predictionsVersion` names (else \"imported <the day's date>\", so importing again that day replaces them), with each region's and the prediction's `score`, checked as POST …/predictions checks them (one that does not fit is refused and said); the task's `meta` and other `data` fields (texts, numbers, yes/no) become item metadata under keys the item does not have. " +
        "An annotation with a result Concord cannot take is refused whole unless `partial=1`. " +
        "An export whose annotators are not all members is refused (409, `details.newLabelers`) unless `confirmNewLabelers=1`; `dryRun=1` answers who they are and stores nothing. " +
        "An administrator's import makes annotators with an account labelers at once; anyone else's import invites every annotator who is not a member (account or not, alike) as a labeler and leaves their annotations out until they accept and the export is imported again. " +
        "Optional `labels` parts bring a labeled dataset's labels onto the uploaded items (or the project's items of the same name): one COCO annotations .json, one CVAT for images 1.1 .xml, or YOLO label files (`<image stem>.txt`, in fractions of the item's size) with their `data.yaml` or `classes.txt`; " +
        "`labelsBy=<email>` makes them that member's submitted annotations (never replacing one of theirs), `labelsAs=gold` gold labels (decisions by the importing user; an item with a decision keeps it); exactly one of the two, else 400. Each annotation's client says importedFrom (coco, yolo, cvat), importBatchId and labelFile. " +
        "413: more than 10,000 files, or a manifest, export or label file over CONCORD_MAX_MANIFEST_BYTES; 503 (`unavailable`): the media store did not take the files, and nothing was imported",
      body: "multipart",
      query: [
        { name: "dryRun", description: "1: store nothing; answer whom the `labelStudio` part would make labelers of the project, or invite" },
        { name: "confirmNewLabelers", description: "1: the export's annotators who are not members may become labelers (administrators) or are invited as labelers (anyone else)" },
        { name: "partial", description: "1: an annotation with results Concord cannot take keeps the others (each one left out is reported); by default it is refused whole" },
        { name: "predictionsVersion", description: "the model version the `labelStudio` part's predictions are imported as (default: \"imported <the day's date, UTC>\")" },
        { name: "labelsBy", description: "with `labels` parts: the email of the member (labeler or higher) whose annotations they become" },
        { name: "labelsAs", description: "with `labels` parts: gold, to import them as gold labels (reviewers and managers)" },
      ],
      responses: { 201: importResultSchema, 200: z.union([importResultSchema, importPreviewSchema]) },
      errors: [400, 403, 404, 409, 413, 503],
    },
  },
  "/projects/{projectId}/items": {
    get: {
      summary: "A page of the project's items, oldest first (reviewers and managers)",
      query: [
        { name: "cursor", description: "nextCursor of the previous page" },
        { name: "limit", description: "items per page, 1–500 (default 50)" },
        { name: "status", description: "unlabeled | labeled | compared (two or more labelers, what agreement is computed over) | in_progress | complete (against the project's overlap)" },
        {
          name: "progress",
          description:
            "where the item stands, each item in exactly one: unlabeled | in_progress (open with labels, or escalated for one more labeler) | complete (consensus accepted) | flagged | in_review | resolved | excluded",
        },
        { name: "state", description: "review state: open | accepted | escalated | flagged | resolved | excluded, or in_review: flagged or escalated and in a review session (then no longer counted as flagged or escalated)" },
        { name: "labeler", description: `comma-separated user ids (at most ${MAX_LABELER_FILTER}): items every one of them has submitted` },
        { name: "skipped", description: "a user id: items this user skipped" },
        { name: "uncertain", description: "a user id: items this user's first submission is unsure of (an uncertainty class, or an answer marked uncertain)" },
        { name: "scored", description: "1: items with an agreement score" },
        { name: "task", description: "a task, for answer (any task with classes) and final (a classification task)" },
        { name: "answer", description: "items where a labeler (the one labeler named, if one) answered this class of task (several classes: \"a + b\"), or drew a box, polygon or segment of this label" },
        { name: "final", description: "items whose final label (gold, else accepted consensus) is this class of task" },
        { name: "version", description: "items with an annotation made under this guideline version" },
        { name: "day", description: "items first submitted by someone (the one labeler named, if one) on this day (UTC), e.g. 2026-11-27" },
        { name: "completed", description: "items complete on this day (UTC: their last labeler's first submission) with an agreement score" },
        { name: "discussion", description: "open: items with a discussion topic not yet resolved; any: items with any comment" },
        { name: "q", description: "items whose discussion has a comment containing this text (any case)" },
        { name: "meta.<key>", description: `only items whose metadata <key> equals the value, e.g. meta.device=car (at most ${MAX_METADATA_FILTERS} of them)` },
      ],
      responses: { 200: itemPageSchema },
      errors: [400, 403, 404, 503],
    },
  },
  "/items/{itemId}": {
    get: { summary: "One item (project members) with where it stands in review: reasons, consensus, decisions and gold label for reviewers, the state alone for labelers", responses: { 200: itemDetailSchema }, errors: [404] },
  },
  "/items/{itemId}/decision": {
    post: {
      summary:
        "Decide a reviewed item (reviewers): accept an annotation or the consensus, edit, exclude, or send back for relabeling (relabel: mode revise asks chosen labelers of the item, by default those whose answer differs from the consensus, to revise theirs; mode fresh asks that many people who have not seen it), with a reason and a category; appended, the latest in force. " +
        "An edited `result` is held to the rules of a submission (see the submit operation)",
      body: decisionSchema,
      responses: { 201: decisionViewSchema },
      errors: [400, 403, 404, 409],
    },
  },
  "/items/{itemId}/revision": {
    post: {
      summary:
        "Open a revision of the caller's own submitted answer to an undecided item (labelers): a lease that starts from their answer, answered by the submit and skip routes like any other; asking again returns the same lease",
      responses: { 200: leaseSchema },
      errors: [403, 404, 409],
    },
  },
  "/projects/{projectId}/my-items": {
    get: {
      summary: "The caller's submitted items, most recently submitted first, with whether each can still be revised (labelers)",
      query: [
        { name: "cursor", description: "nextCursor of the previous page" },
        { name: "limit", description: "items per page, 1–100 (20)" },
      ],
      responses: { 200: myItemsSchema },
      errors: [400, 403, 404],
    },
  },
  "/projects/{projectId}/export": {
    get: {
      summary: "Export labels as a zip streamed page by page, with manifest.json (parameters, counts per class and split, objects per class and split, items left out and why, guideline versions, a hash of every file's name and content) (reviewers and managers). Two exports run at once and a caller runs one at a time: a second waits until their first ends; an export stops when its client disconnects",
      query: [
        { name: "format", description: `one of ${EXPORT_FORMATS.map((format) => `${format.name} (${format.title}: ${format.media.join(" and ")})`).join(", ")}; each is described in README's table of export formats` },
        {
          name: "labels",
          description:
            "final (gold where decided, else the accepted consensus; the default), consensus, gold, or all (every labeler's submitted annotation: jsonl and label-studio only, a 400 for the formats that write one label per item). " +
            "label-studio writes the chosen label as each task's one annotation (a gold label by its reviewer, ground_truth true; any other label ground_truth false), or with all an annotation per labeler and a resolved item's gold label; jsonl always carries every annotation too",
        },
        { name: "include", description: "unresolved and/or excluded items too, comma-separated" },
        { name: "split", description: "train/dev/test ratios, e.g. 70,15,15 (stratified by class); each item's split is in the data (jsonl and asr-manifest `split`, the csv formats' split column, COCO's concord_split, label-studio's data.concord_split, the folders or files per split of YOLO, the ASR manifest, hf, rttm and textgrid)" },
        { name: "seed", description: "the split's seed (0)" },
        { name: "groupBy", description: "a metadata key whose values never straddle two splits" },
        { name: "tag", description: "only the items carrying this tag (of the states exported); the manifest's counts are of them" },
        {
          name: "standardized",
          description:
            "unset (the default): the project's standardization rules applied to the final, consensus and gold labels, each labeler's annotation exported as submitted; 1: applied to labelers' annotations too; 0: to nothing",
        },
        { name: "polygons", description: "YOLO: boxes or segments" },
        { name: "per", description: "ASR manifest: clip or segment" },
        {
          name: "csvFormulaGuard",
          description:
            "csv and segments-csv (a 400 for the other formats): 1 (the default) writes a text cell a spreadsheet would run as a formula (=1+2, -2+3, +A1, @SUM(A1), or a tab, carriage return or line feed first) with a leading '; a plain number such as -5, +3 or -0.5 stays as it is. 0 writes every cell as it is, for pipelines",
        },
      ],
      responses: { 200: { file: "application/zip" } },
      errors: [400, 403, 404],
    },
  },
  "/projects/{projectId}/exports": {
    get: { summary: "The project's 20 most recent export jobs, newest first, with status, progress, size and manifest hash (reviewers and managers)", responses: { 200: exportRunListSchema }, errors: [403, 404] },
    post: {
      summary:
        "Start an export as a job: the body holds the query of GET /projects/{projectId}/export as strings (format, labels, include, split, seed, groupBy, tag, standardized, polygons, per, csvFormulaGuard), checked the same way. " +
        "The job writes the same zip as that streamed export into the media store, where it is kept for CONCORD_EXPORT_DAYS (7) after it ends; answered at once with the export's record, to follow with GET …/exports/{exportId} (reviewers and managers)",
      body: exportQuerySchema,
      responses: { 202: exportRunSchema },
      errors: [400, 403, 404],
    },
  },
  "/projects/{projectId}/exports/{exportId}": {
    get: { summary: "An export job's status (queued, running, done, failed, cancelled), items written of the items in the states exported, and once done the zip's size, manifest hash and download URL (reviewers and managers)", responses: { 200: exportRunSchema }, errors: [403, 404] },
    delete: {
      summary: "Cancel a queued or running export (answered with it, cancelled: its job stops within a second and keeps nothing), or remove an ended one with its zip (204). For whoever started it, and the project's managers",
      responses: { 200: exportRunSchema, 204: null },
      errors: [403, 404],
    },
  },
  "/projects/{projectId}/exports/{exportId}/download": {
    get: { summary: "A done export's zip (409 until it is done; 404 once removed or expired) (reviewers and managers)", responses: { 200: { file: "application/zip" } }, errors: [403, 404, 409] },
  },
  "/projects/{projectId}/feedback": {
    get: {
      summary: "The caller's reviewed items whose final label differs from their answer, with the reviewer's reason, and their agreement with final labels by day",
      responses: { 200: feedbackSchema },
      errors: [404],
    },
  },
  "/projects/{projectId}/review-sessions": {
    get: { summary: "Review sessions with their progress, newest first (reviewers)", responses: { 200: reviewSessionListSchema }, errors: [403, 404] },
    post: {
      summary: "Start a named review session over the review queue as it stands, filtered like it (reviewers)",
      body: newReviewSessionSchema,
      responses: { 201: reviewSessionSchema },
      errors: [400, 403, 404, 409],
    },
  },
  "/projects/{projectId}/review-sessions/{sessionId}": {
    get: { summary: "A session's items in order with their state and the decision made in the session (reviewers)", responses: { 200: reviewSessionDetailSchema }, errors: [403, 404] },
  },
  "/projects/{projectId}/review-queue": {
    get: {
      summary: "Flagged items, lowest agreement first (reviewers)",
      query: [
        { name: "reason", description: `a flag reason code: ${FLAG_REASON_CODES.join(", ")}` },
        { name: "task", description: "a task key the reason is about" },
        { name: "label", description: "a class some labeler gave" },
        { name: "labeler", description: "a labeler's user id" },
        { name: "meta.<key>", description: `an item metadata value (at most ${MAX_METADATA_FILTERS} of them)` },
        { name: "cursor", description: "nextCursor of the previous page" },
        { name: "limit", description: "page size, 1–500 (50)" },
      ],
      responses: { 200: reviewQueueSchema },
      errors: [400, 403, 404],
    },
  },
  "/items/{itemId}/annotations": {
    get: {
      summary: "Each labeler's latest submitted annotation with provenance (reviewers and managers; a labeler sees only their own)",
      responses: { 200: annotationListSchema },
      errors: [404],
    },
  },
  "/items/{itemId}/media": {
    get: { summary: "The item's media file; supports Range requests", responses: { 200: { file: "application/octet-stream" }, 206: { file: "application/octet-stream" } }, errors: [404, 416] },
  },
  "/items/{itemId}/thumbnail": {
    get: { summary: "A WebP thumbnail of an image item", responses: { 200: { file: "image/webp" } }, errors: [404] },
  },
  "/items/{itemId}/rendition": {
    get: {
      summary: `A screen-sized WebP rendition of an image larger than ${BIG_IMAGE_SIDE} px on a side, made after its import (until then, the original, not cached)`,
      responses: { 200: { file: "image/webp" } },
      errors: [404],
    },
  },
  "/items/{itemId}/tiles": {
    get: { summary: "The Deep Zoom descriptor (.dzi) of a big image's tile pyramid, once made after its import", responses: { 200: { file: "application/xml" } }, errors: [404] },
  },
  "/items/{itemId}/tiles/{level}/{tile}": {
    get: { summary: "One tile of a big image's Deep Zoom pyramid: `tile` is `<col>_<row>.<format>` (format from the descriptor)", responses: { 200: { file: "image/jpeg" } }, errors: [400, 404] },
  },
  "/items/{itemId}/peaks": {
    get: { summary: "Waveform peaks of an audio item, computed at import", responses: { 200: peaksSchema }, errors: [404] },
  },
  "/projects/{projectId}/agreement": {
    get: {
      summary:
        "Agreement per task from each labeler's latest submission: per class, labeler pair, metadata value and guideline version (reviewers and managers); after the project's standardization rules unless standardized=0",
      query: [{ name: "standardized", description: "0 for the labels as given, before standardization (default 1)" }],
      responses: { 200: projectAgreementSchema },
      errors: [400, 403, 404],
    },
  },
  "/projects/{projectId}/next": {
    post: {
      summary:
        "Lease the caller's next item (labelers): their open lease if they have one, else a new one; with ahead=1 the lease after it (prefetch, at most two open); 204 when nothing is left. " +
        "409 (details.guidelinesVersion) while the project's current guidelines are not confirmed (POST .../guidelines/acknowledge): no new lease before that, the open one is still returned",
      query: [{ name: "ahead", description: "1 to lease the task after the current one" }],
      responses: { 200: leaseSchema, 204: null },
      errors: [400, 403, 404, 409],
    },
  },
  "/projects/{projectId}/progress": {
    get: {
      summary: "The caller's submitted and skipped counts (and today's, given the start of their day) and the project's completed items (members)",
      query: [{ name: "since", description: "ISO date-time of the start of the caller's day: counts what they submitted since" }],
      responses: { 200: progressSchema },
      errors: [400, 403, 404],
    },
  },
  "/assignments/{assignmentId}/release": {
    post: { summary: "Give an open lease back (the lease's owner), e.g. a prefetched task left unopened; its slot returns to the queue", responses: { 204: null }, errors: [404] },
  },
  "/assignments/{assignmentId}/draft": {
    put: {
      summary:
        "Autosave a draft (the lease's owner, while the lease is open); renews the lease and increments the assignment's draftVersion. A draft may leave required tasks unanswered and hold shapes without area; it must still fit the project's tasks and the item. " +
        "With `draftVersion` (the version the answer is based on: the lease's, then each save's answer), a save from a stale tab answers 409 with details.draftVersion and writes nothing; without it, no check",
      body: draftSchema,
      responses: { 200: draftSavedSchema },
      errors: [400, 404, 409],
    },
  },
  "/assignments/{assignmentId}/submit": {
    post: {
      summary:
        "Submit, or revise with `revision` = the latest revision (stale revisions answer 409; a lease from /items/{itemId}/revision or a reviewer's request revises the latest without it). Every task marked `required` must be answered (a class chosen, a transcript typed, at least one box, polygon or segment), " +
        "and every box must be at least 1 px wide and high, every polygon have 3 distinct points not on one line, an outline that neither crosses nor touches itself, and at least 1 px² of area. " +
        "A 400 names every such problem in its message and in `details.problems` (`path` `result` for a task left unanswered, `result.N` for entry N). With `draftVersion`, a submit from a stale tab answers 409 with details.draftVersion (without it, no check). " +
        "activeMs is stored as at most the time since the lease was taken; the client's userAgent and appVersion are not taken: the server records the request's User-Agent and its own version (a client's appVersion is kept as clientAppVersion). " +
        "The item is judged in the same transaction once it has all its labels",
      body: submitSchema,
      responses: { 201: submissionSchema },
      errors: [400, 404, 409],
    },
  },
  "/assignments/{assignmentId}/skip": {
    post: { summary: "Skip the item with a reason; it is not offered to the caller again", body: skipSchema, responses: { 204: null }, errors: [400, 404, 409] },
  },
  "/invitations": {
    get: { summary: "The invitations to the caller's email waiting for an answer, oldest first", responses: { 200: callerInvitationListSchema } },
  },
  "/invitations/{invitationId}/accept": {
    post: { summary: "Accept an invitation to the caller's email: the caller becomes a member with the role offered (a member already keeps their role)", responses: { 200: acceptedInvitationSchema }, errors: [403, 404] },
  },
  "/invitations/{invitationId}/decline": {
    post: { summary: "Decline an invitation to the caller's email: it is deleted", responses: { 204: null }, errors: [403, 404] },
  },
  "/users": {
    post: {
      summary:
        "Create an account without a password (administrators) and its invitation link: the owner sets a password at `link.path` within 7 days. The link's secret is shown this once; no email is sent. " +
        "The account takes up the project invitations waiting for its email",
      body: newInvitedUserSchema,
      responses: { 201: invitedUserSchema },
      errors: [400, 403, 409],
    },
  },
  "/users/{userId}": {
    patch: {
      summary:
        "Disable an account or enable it again (administrators): a disabled account cannot sign in, its sessions end, its API tokens and password links stop working; what it made stays. Administrators cannot disable themselves (409)",
      body: userStatusSchema,
      responses: { 200: z.object({ id: z.string(), disabled: z.boolean() }) },
      errors: [400, 403, 404, 409],
    },
  },
  "/users/{userId}/password-link": {
    post: {
      summary:
        "A new password link for an account (administrators): an invitation while it has no password, else a reset (the password stays until the link is used). The account's earlier unused links stop working",
      responses: { 201: passwordLinkSchema },
      errors: [403, 404, 409],
    },
  },
  "/password-links/set": {
    post: {
      summary:
        "Set the password a link is for (anyone holding the link; a browser only from Concord's own pages, 403). The link works once: a used, expired or replaced link answers 409 or 404 with why. " +
        "The account's sessions end and its API tokens are revoked. Attempts are limited as sign-in attempts are, per link and per address (429)",
      open: true,
      body: setPasswordSchema,
      responses: { 200: passwordSetSchema },
      errors: [400, 403, 404, 409, 429],
    },
  },
  "/tokens": {
    get: { summary: "The caller's API tokens", responses: { 200: apiTokenListSchema } },
    post: { summary: "Create an API token (signed in only); the secret is in `token`, shown this once", body: newTokenSchema, responses: { 201: createdApiTokenSchema }, errors: [400, 403] },
  },
  "/tokens/{tokenId}": {
    delete: { summary: "Revoke one of the caller's API tokens (signed in only)", responses: { 200: apiTokenSummarySchema }, errors: [403, 404] },
  },
};

function pathParameters(path: string) {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: "path", required: true, schema: { type: "string" } }));
}

const MULTIPART_UPLOAD = {
  "multipart/form-data": {
    schema: {
      type: "object",
      properties: { files: { type: "array", items: { type: "string", format: "binary" } }, manifest: { type: "string", format: "binary" }, labelStudio: { type: "string", format: "binary" } },
    },
  },
};

function responseFor(schema: z.ZodType | null | { file: string }) {
  if (schema === null) return { description: "Success, no content" };
  if ("file" in schema) return { description: "The file", content: { [schema.file]: { schema: { type: "string", format: "binary" } } } };
  return { description: "Success", content: jsonContent(schema, "output") };
}

/** The error statuses of an operation: its own, and those every route of its kind can answer. */
function errorStatuses(method: Method, operation: Operation): number[] {
  const statuses = new Set([...(operation.open ? [] : [401]), ...(operation.errors ?? [])]);
  if (!operation.open && method !== "get") statuses.add(403);
  if (operation.body && operation.body !== "multipart") [413, 415].forEach((status) => statuses.add(status));
  return [...statuses].sort((a, b) => a - b);
}

function describe(path: string, method: Method, operation: Operation) {
  const query = (operation.query ?? []).map(({ name, description }) => ({ name, in: "query", required: false, description, schema: { type: "string" } }));
  return {
    summary: operation.summary,
    security: operation.open ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
    parameters: [...pathParameters(path), ...query],
    ...(operation.body ? { requestBody: { required: true, content: operation.body === "multipart" ? MULTIPART_UPLOAD : jsonContent(operation.body, "input") } } : {}),
    responses: {
      ...Object.fromEntries(Object.entries(operation.responses).map(([status, schema]) => [status, responseFor(schema)])),
      ...Object.fromEntries(errorStatuses(method, operation).map((status) => [String(status), { description: ERROR_TEXT[status] ?? "Error", content: jsonContent(errorBodySchema, "output") }])),
    },
  };
}

export function openApiDocument(version: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Concord API",
      version,
      description:
        "Send a personal API token as `Authorization: Bearer <token>` (create one with `npm run -s concord -- token create`). Errors are `{\"error\": {\"code\", \"message\"}}`. " +
        "A JSON body is sent with `Content-Type: application/json` (else 415) and is at most CONCORD_MAX_JSON_BYTES, 5 MB by default (else 413). " +
        "A request that changes data with the session cookie instead of a token must come from Concord's own pages (else 403).",
    },
    servers: [{ url: "/api/v1" }],
    components: {
      securitySchemes: {
        bearerToken: { type: "http", scheme: "bearer", description: "Personal API token (cnc_…)" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
    },
    paths: Object.fromEntries(
      Object.entries(OPERATIONS).map(([path, methods]) => [path, Object.fromEntries(Object.entries(methods).map(([method, operation]) => [method, describe(path, method as Method, operation)]))]),
    ),
  };
}
