import { describe, expect, it } from "vitest";
import {
  jsonlLine,
  type ExportAnnotation,
  type ExportItem,
  type ExportRevision,
  type JsonText,
} from ".";
import { annotation, imageItem, box, decisionOf } from "./test-items";

/**
 * A line as JSON.parse reads it back: the annotations' stored JSON parsed, the decision in force beside every decision, and
 * without the file name the media formats give (JSONL names the media by content, and has the original name).
 */
function readBack({ fileName, ...item }: ExportItem) {
  void fileName;
  const parsed = <Revision extends ExportRevision>(revision: Revision) => ({ ...revision, client: revision.client && (JSON.parse(revision.client) as unknown), result: JSON.parse(revision.result) as unknown });
  const annotations = item.annotations.map((annotation) => ({ ...parsed(annotation), earlierRevisions: annotation.earlierRevisions.map(parsed) }));
  return { ...item, annotations, review: { ...item.review, decision: item.review.decisions[0] ?? null } };
}

describe("jsonlLine", () => {
  it("writes one line that reads back as the whole item, with nothing else the object holds", () => {
    const item = imageItem([box(1, 2, 3, 4), { task: "defect", type: "classification", values: ["scratch"], uncertain: true }], {
      metadata: { site: "north", count: 3, ok: true, none: null },
      skips: [{ labeler: { id: "u3", name: "Name u3", email: "u3@example.com" }, reason: "other", note: "too dark to tell", at: "2025-01-02T02:00:00.000Z", revisionLease: false }],
      discussion: [
        {
          id: "c1",
          author: { id: "r1", name: "Rita", email: "rita@example.com" },
          body: "Is a **hairline** a scratch? @u1@example.com",
          anchor: { task: "boxes", kind: "shape", index: 0 },
          mentions: [{ id: "u1", name: "Name u1", email: "u1@example.com" }],
          at: "2025-01-03T00:00:00.000Z",
          isQuestion: true,
          resolution: { by: { id: "r1", name: "Rita", email: "rita@example.com" }, at: "2025-01-04T00:00:00.000Z", note: "Yes", decisionId: null, guidelineVersion: 2 },
          replies: [{ id: "c2", author: null, body: "I think so", anchor: null, mentions: [], at: "2025-01-03T01:00:00.000Z" }],
        },
      ],
      review: {
        state: "resolved",
        reasons: [{ code: "low-agreement", task: "boxes", detail: "box agreement 0.40 is below 0.50" }, { code: "tie", detail: "a tie" }],
        agreementScore: 0.4,
        agreement: { boxes: { figure: "meanF1", value: 0.4 } },
        consensus: { method: "shape-clusters", confidence: 0.5, result: [box(1, 2, 3, 4)] },
        decisions: [
          { ...decisionOf("edit", [box(1, 2, 2, 4)], "2025-01-04T00:00:00.000Z"), sessionId: "s1" },
          { ...decisionOf("relabel", null), annotationId: null, reason: "ask u1 again" },
        ],
        revisionRequests: [
          { id: "rr1", labeler: { id: "u1", name: "Name u1", email: "u1@example.com" }, reason: "ask u1 again", status: "done", decisionId: "d-2025-01-03T00:00:00.000Z", requestedAt: "2025-01-03T00:00:00.000Z", closedAt: "2025-01-03T01:00:00.000Z" },
        ],
      },
    });
    const line = jsonlLine({ ...item, internalNote: "not for export" } as ExportItem);
    expect(line).not.toContain("\n");
    // The decision in force (its result is the gold label) is there whichever label the export chose as final.
    expect(JSON.parse(line)).toEqual(readBack(item));
    expect(Object.keys(JSON.parse(line) as object)).toEqual([
      "id", "originalName", "mediaPath", "mimeType", "sha256", "width", "height", "durationSeconds", "metadata", "importBatchId", "source",
      "annotations", "skips", "labelerCount", "review", "discussion", "final", "split",
    ]);
    expect(Object.keys((JSON.parse(line) as { review: object }).review)).toEqual(["state", "reasons", "agreementScore", "agreement", "consensus", "decision", "decisions", "revisionRequests"]);
  });

  it("writes every submitted revision: each labeler's latest as their annotation, the ones it replaced inside it, newest first", () => {
    const revision = (number: number, values: string[]): ExportRevision => ({
      ...annotation("u1", [{ task: "defect", type: "classification", values }]),
      id: `a-u1-${number}`,
      revision: number,
      guidelinesUnclear: number === 1,
      note: number === 1 ? "is a hairline a scratch?" : null,
    });
    const latest: ExportAnnotation = { ...revision(3, ["dent"]), labeler: annotation("u1", []).labeler, earlierRevisions: [revision(2, ["scratch"]), revision(1, ["ok"])] };
    const line = JSON.parse(jsonlLine(imageItem(null, { annotations: [latest, annotation("u2", [])] }))) as ReturnType<typeof readBack>;
    expect(line.annotations.map((written) => [written.labeler.id, written.revision, written.earlierRevisions.map((earlier) => [earlier.revision, earlier.result, earlier.guidelinesUnclear, earlier.note])])).toEqual([
      ["u1", 3, [[2, [{ task: "defect", type: "classification", values: ["scratch"] }], false, null], [1, [{ task: "defect", type: "classification", values: ["ok"] }], true, "is a hairline a scratch?"]]],
      ["u2", 1, []],
    ]);
    expect(Object.keys(line.annotations[0]!.earlierRevisions[0]!)).toEqual(["id", "revision", "startedAt", "submittedAt", "activeMs", "guidelineVersion", "guidelinesUnclear", "note", "client", "preannotation", "result"]);
  });

  it("writes how pre-annotation went: shown or held back, the model version and prediction, the answer's agreement with it", () => {
    const preannotation = { shown: false, model: { name: "detector", version: "3" }, predictionId: "p1", modelAgreement: 0.5 };
    const line = JSON.parse(jsonlLine(imageItem(null, { annotations: [{ ...annotation("u1", []), preannotation }] }))) as { annotations: { preannotation: unknown }[] };
    expect(line.annotations[0]!.preannotation).toEqual(preannotation);
  });

  it("writes an annotation's stored JSON as it is, and a missing client as null", () => {
    const stored = '[{"task": "defect", "type": "classification", "values": ["ok"]}]' as JsonText; // as PostgreSQL's jsonb reads back
    const item = imageItem(null, { annotations: [{ ...annotation("u1", []), client: null, result: stored }] });
    const line = jsonlLine(item);
    expect(line).toContain(`"client":null,"preannotation":null,"result":${stored},"earlierRevisions":[]}`);
    expect((JSON.parse(line) as { annotations: unknown[] }).annotations).toEqual([{ ...annotation("u1", []), client: null, result: JSON.parse(stored) as unknown }]);
  });

  it("writes each annotation's fields in order, escaped as JSON", () => {
    const awkward = {
      ...annotation("u1", []),
      id: 'a "quoted" \\ id',
      labeler: { id: "u1", name: "Zoë \u2028 O'Brien\n", email: 'x"@example.com' },
      guidelineVersion: null,
      activeMs: Number.NaN,
      guidelinesUnclear: true,
      note: 'says "unclear"\n\u001f\u2028 twice',
    };
    const [written] = (JSON.parse(jsonlLine(imageItem(null, { annotations: [awkward] }))) as { annotations: Record<string, unknown>[] }).annotations;
    expect(Object.keys(written!)).toEqual(["id", "labeler", "revision", "startedAt", "submittedAt", "activeMs", "guidelineVersion", "guidelinesUnclear", "note", "client", "preannotation", "result", "earlierRevisions"]);
    expect(written).toEqual({ ...awkward, activeMs: null, client: JSON.parse(awkward.client!) as unknown, result: [] });
  });

  it("keeps a missing final label, consensus and decision as null, and no decisions, skips or revision requests as empty lists", () => {
    const parsed = JSON.parse(jsonlLine(imageItem(null))) as ReturnType<typeof readBack>;
    expect([parsed.final, parsed.review.consensus, parsed.review.decision]).toEqual([null, null, null]);
    expect([parsed.review.decisions, parsed.review.revisionRequests, parsed.skips]).toEqual([[], [], []]);
  });

  it("tells an empty final label (nothing to label) from none, and writes a decision without a result as null", () => {
    const decision = { ...decisionOf("exclude", null), reason: "blank frame", category: null };
    const parsed = JSON.parse(jsonlLine(imageItem([], { review: { ...imageItem([]).review, decisions: [decision] } }))) as ReturnType<typeof readBack>;
    expect([parsed.final, parsed.review.decision!.result, parsed.review.decisions[0]!.result]).toEqual([[], null, null]);
  });
});
