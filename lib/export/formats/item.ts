// What the server hands the export formats about each item: pure data, one item at a time.
import type { ResultEntry } from "../../validation/annotation";

/** One item as the server hands it to the writers. Times are ISO 8601, sizes in pixels, durations in seconds. */
export interface ExportItem {
  id: string;
  originalName: string;
  /**
   * The name the formats that bring the media give its file: the original name with its format's extension, made unique
   * within the export (lib/export/file-names.ts), so that no two files, nor two YOLO label files, meet.
   */
  fileName: string;
  /**
   * The media named by content, "media/<sha256>.<ext>" with the extension of the format it is stored as: JSONL and the
   * CSV formats name it so (without the file); the formats that bring the media use `fileName`.
   */
  mediaPath: string;
  mimeType: string;
  sha256: string;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
  metadata: Record<string, string | number | boolean | null>;
  importBatchId: string | null;
  source: string | null;
  /** Every labeler's latest submission with their earlier ones; formats that need no annotations may leave it empty. */
  annotations: ExportAnnotation[];
  /** The labelers who skipped the item, newest first; read only for JSONL (empty for the other formats). */
  skips: readonly ExportSkip[];
  /** How many labelers submitted the item (whether or not `annotations` was read). */
  labelerCount: number;
  review: {
    state: string;
    reasons: { code: string; task?: string; detail: string }[];
    agreementScore: number | null;
    /** The agreement figures per task when the item was last judged, as stored (null before). */
    agreement: Record<string, unknown> | null;
    consensus: { method: string; confidence: number | null; result: ResultEntry[] } | null;
    /** Every decision, newest (in force) first; each result (the first one's is the gold label while the item is resolved) standardized as the final label is. */
    decisions: readonly ExportDecision[];
    /** Reviewers' requests that a labeler revise their answer, newest first; read only for JSONL (empty for the other formats). */
    revisionRequests: readonly ExportRevisionRequest[];
  };
  /** The item's discussion, topics oldest first, each with its replies; read only for JSONL (empty for the other formats). */
  discussion: readonly ExportTopic[];
  /** The label the export uses (gold, consensus, ... chosen by the server); null when the item has none. */
  final: ResultEntry[] | null;
  split: string | null;
}

/** A labeler or reviewer; someone deleted since has their id alone (empty name and email). */
export interface ExportPerson {
  id: string;
  name: string;
  email: string;
}

export interface ExportPreannotation {
  shown: boolean;
  model: { name: string; version: string } | null;
  predictionId: string | null;
  modelAgreement: number | null;
}

/** One submitted revision of a labeler's annotation. */
export interface ExportRevision {
  id: string;
  revision: number;
  /** When the labeler opened the item (the lease), and when they submitted. */
  startedAt: string;
  submittedAt: string;
  activeMs: number;
  guidelineVersion: number | null;
  /** The labeler found the guidelines unclear for this item, and may say why in `note`. */
  guidelinesUnclear: boolean;
  note: string | null;
  /** The client that produced it (user agent, viewport, app version, or where it was imported from), null when unknown. */
  client: JsonText | null;
  /**
   * Pre-annotation, when the project had it on as the lease was made: whether the model's prediction was shown (else
   * held back to measure its pull), which model version and prediction, and how far the answer agrees with it
   * (1: kept as predicted). Null for an answer made without pre-annotation.
   */
  preannotation: ExportPreannotation | null;
  /** In the annotation result format. */
  result: JsonText;
}

/** A labeler's latest revision, with the ones it replaced. */
export interface ExportAnnotation extends ExportRevision {
  labeler: ExportPerson;
  /** The labeler's earlier revisions, newest first (empty for an answer never revised). */
  earlierRevisions: readonly ExportRevision[];
}

export interface ExportDecision {
  id: string;
  action: string;
  reason: string;
  category: string | null;
  reviewer: ExportPerson;
  at: string;
  /** The label it set (null for exclude and relabel). */
  result: ResultEntry[] | null;
  /** The annotation it accepted (accept-annotation). */
  annotationId: string | null;
  /** The review session it was made in. */
  sessionId: string | null;
  guidelineVersion: number | null;
}

export interface ExportSkip {
  labeler: ExportPerson;
  /** One of the project's skip reasons, or "other" (older skips: the labeler's free text). */
  reason: string | null;
  /** The labeler's words with "other". */
  note: string | null;
  at: string | null;
  /** The lease skipped was one to revise their own submitted answer (a revision request declined). */
  revisionLease: boolean;
}

export interface ExportRevisionRequest {
  id: string;
  labeler: ExportPerson;
  reason: string;
  /** open, done (revised), declined, expired or cancelled. */
  status: string;
  /** The relabel decision that asked for it. */
  decisionId: string | null;
  requestedAt: string;
  closedAt: string | null;
}

/** A comment of an item's discussion, in markdown. */
export interface ExportComment {
  id: string;
  /** Null once the account is deleted. */
  author: ExportPerson | null;
  body: string;
  /** What it points at ({task, kind: shape|segment|time, index?, startMs?, endMs?}); null: the item as a whole. */
  anchor: Record<string, unknown> | null;
  mentions: ExportPerson[];
  at: string;
}

/** A discussion topic: its first comment, how it was resolved, and its replies oldest first. */
export interface ExportTopic extends ExportComment {
  /** A reviewer's question to the item's labelers. */
  isQuestion: boolean;
  resolution: { by: ExportPerson | null; at: string; note: string | null; decisionId: string | null; guidelineVersion: number | null } | null;
  replies: ExportComment[];
}

/**
 * A JSON value as text: as the database stored it (the database checks that it is JSON), or `toJsonText` of a
 * value. JSONL writes it into the line as it is: parsing every annotation's result and client to write them back
 * took about a tenth of a JSONL export's processor time.
 */
export type JsonText = string & { readonly jsonText: unique symbol };
export const toJsonText = (value: unknown) => JSON.stringify(value) as JsonText;
export const parseJsonText = <T>(text: JsonText) => JSON.parse(text) as T;
