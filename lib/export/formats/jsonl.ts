// JSONL: Concord's lossless format, one item per line.
import { ANY_LABELS, textFileWriter, type ExportFormatDefinition, type TextFile } from "./format";
import { type ExportComment, type ExportDecision, type ExportItem, type ExportPerson, type ExportRevision } from "./item";

/**
 * Concord's lossless format: one JSON object per item and line. The field names are stable (new ones
 * may be added): id, originalName, mediaPath, mimeType, sha256, width, height (px, null for audio),
 * durationSeconds (null for images), metadata, importBatchId, source,
 * annotations (each labeler's latest revision) [{ id, labeler, revision, startedAt, submittedAt, activeMs, guidelineVersion,
 * guidelinesUnclear, note, client, result, earlierRevisions (newest first) [{ id, revision, ... result }] }],
 * skips (newest first) [{ labeler, reason, note, at, revisionLease }],
 * labelerCount, review { state, reasons [{code, task?, detail}], agreementScore, agreement (figures per task),
 * consensus {method, confidence, result} | null, decision (the one in force: decisions[0]) | null,
 * decisions (newest first) [{ id, action, reason, category, reviewer, at, result, annotationId, sessionId, guidelineVersion }],
 * revisionRequests (newest first) [{ id, labeler, reason, status, decisionId, requestedAt, closedAt }] },
 * discussion (topics oldest first) [{ id, author, body (markdown), anchor, mentions, at, isQuestion,
 * resolution { by, at, note, decisionId, guidelineVersion } | null, replies (oldest first) [{ id, author, body, anchor, mentions, at }] }],
 * final (the label this export uses, or null), split. People (labeler, reviewer) are {id, name, email}.
 * Every result is in the annotation result format of lib/validation/annotation.ts.
 */
export function jsonlLine(item: ExportItem): string {
  // Fields are picked one by one so that the order is fixed and nothing else the server's object holds leaks out.
  // The annotations' JSON text goes in as it is, so the line is written in parts around it.
  const head = JSON.stringify({
    id: item.id,
    originalName: item.originalName,
    mediaPath: item.mediaPath,
    mimeType: item.mimeType,
    sha256: item.sha256,
    width: item.width,
    height: item.height,
    durationSeconds: item.durationSeconds,
    metadata: item.metadata,
    importBatchId: item.importBatchId,
    source: item.source,
  });
  // Each annotation as a template rather than an object to stringify: a large export writes a million of them.
  const annotations = item.annotations.map(
    (annotation) =>
      `{"id":${JSON.stringify(annotation.id)},"labeler":${personJson(annotation.labeler)},${revisionFields(annotation)},` +
      `"earlierRevisions":[${annotation.earlierRevisions.length ? annotation.earlierRevisions.map((revision) => `{"id":${JSON.stringify(revision.id)},${revisionFields(revision)}}`).join(",") : ""}]}`,
  );
  const { review } = item;
  const decisions = review.decisions.map(decisionFields);
  const tail = JSON.stringify({
    skips: item.skips.map((skip) => ({ labeler: personFields(skip.labeler), reason: skip.reason, note: skip.note, at: skip.at, revisionLease: skip.revisionLease })),
    labelerCount: item.labelerCount,
    review: {
      state: review.state,
      reasons: review.reasons.map((reason) => ({ code: reason.code, task: reason.task, detail: reason.detail })),
      agreementScore: review.agreementScore,
      agreement: review.agreement,
      consensus: review.consensus && { method: review.consensus.method, confidence: review.consensus.confidence, result: review.consensus.result },
      decision: decisions[0] ?? null,
      decisions,
      revisionRequests: review.revisionRequests.map((request) => ({
        id: request.id,
        labeler: personFields(request.labeler),
        reason: request.reason,
        status: request.status,
        decisionId: request.decisionId,
        requestedAt: request.requestedAt,
        closedAt: request.closedAt,
      })),
    },
    discussion: item.discussion.map((topic) => ({
      ...commentFields(topic),
      isQuestion: topic.isQuestion,
      resolution: topic.resolution && { ...topic.resolution, by: topic.resolution.by && personFields(topic.resolution.by) },
      replies: topic.replies.map(commentFields),
    })),
    final: item.final,
    split: item.split,
  });
  return `${head.slice(0, -1)},"annotations":[${annotations.join(",")}],${tail.slice(1)}`;
}

/** A revision's fields after its id, as JSON object members in a fixed order. */
function revisionFields(revision: ExportRevision): string {
  return (
    `"revision":${jsonNumber(revision.revision)},"startedAt":${JSON.stringify(revision.startedAt)},"submittedAt":${JSON.stringify(revision.submittedAt)},` +
    `"activeMs":${jsonNumber(revision.activeMs)},"guidelineVersion":${jsonNumber(revision.guidelineVersion)},"guidelinesUnclear":${revision.guidelinesUnclear === true},` +
    `"note":${revision.note === null ? "null" : JSON.stringify(revision.note)},"client":${revision.client ?? "null"},` +
    `"preannotation":${JSON.stringify(revision.preannotation)},"result":${revision.result}`
  );
}

const personFields = (person: ExportPerson): ExportPerson => ({ id: person.id, name: person.name, email: person.email });

const commentFields = (comment: ExportComment): ExportComment => ({
  id: comment.id,
  author: comment.author && personFields(comment.author),
  body: comment.body,
  anchor: comment.anchor,
  mentions: comment.mentions.map(personFields),
  at: comment.at,
});

const decisionFields = (decision: ExportDecision): ExportDecision => ({
  id: decision.id,
  action: decision.action,
  reason: decision.reason,
  category: decision.category,
  reviewer: personFields(decision.reviewer),
  at: decision.at,
  result: decision.result,
  annotationId: decision.annotationId,
  sessionId: decision.sessionId,
  guidelineVersion: decision.guidelineVersion,
});

/** A number as JSON.stringify writes it (null for NaN and the infinities). */
const jsonNumber = (value: number | null) => (value !== null && Number.isFinite(value) ? String(value) : "null");

// Each person's JSON, written once: the same few labeler objects recur in every line of an export.
const personJsonOf = new WeakMap<ExportPerson, string>();
function personJson(person: ExportPerson): string {
  let json = personJsonOf.get(person);
  if (json === undefined) personJsonOf.set(person, (json = JSON.stringify(personFields(person))));
  return json;
}

const jsonlFile: TextFile = { name: "items.jsonl", write: (items) => items.map((item) => `${jsonlLine(item)}\n`).join("") };

export const jsonlFormat: ExportFormatDefinition = {
  name: "jsonl",
  title: "JSONL (everything, lossless)",
  summary: "items.jsonl: one line per item with every revision of every annotation and its provenance, skips, agreement, consensus, decisions, the final label and split.",
  media: ["image", "audio"],
  labels: ANY_LABELS,
  training: false,
  checkedWith: "Python's json module, line by line",
  options: [],
  detail: () => "lossless",
  filesPerItem: 0,
  writer: () => textFileWriter(jsonlFile),
  text: () => jsonlFile,
};
