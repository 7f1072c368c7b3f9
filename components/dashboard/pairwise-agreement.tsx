// Agreement of a box, polygon, segment or transcript task, two labelers at a time: the measure in words,
// the mean per item, per label, per labeler pair, the label confusion, per guideline version and per
// metadata value; for a segment task with transcripts, also 1 − WER of its segment transcripts. Every
// figure opens the items behind it.
import { MISSED } from "@/lib/quality/labeler-pairs";
import { DEFAULT_IOU_THRESHOLD } from "@/lib/quality/shapes";
import { DEFAULT_BOUNDARY_TOLERANCE_SECONDS, DEFAULT_SEGMENT_IOU_THRESHOLD } from "@/lib/quality/text-and-segments";
import type { PairwiseFigures } from "@/lib/quality/agreement-sums";
import { itemsHref } from "@/lib/validation/items";
import { Breakdown, ByGuidelineVersion, figure, Matrix } from "./figures";
import { FigureLink, ItemsLink } from "./items-link";

const OBJECTS = { bbox: "boxes", polygon: "polygons", segment: "segments", transcript: "transcripts" } as const;
const OBJECT = { bbox: "box", polygon: "polygon", segment: "segment", transcript: "transcript" } as const;

/** What the task's figures measure, in words, and which way is better. */
function measure(figures: PairwiseFigures): { name: string; explanation: string } {
  if (figures.figure === "oneMinusWer") {
    return {
      name: "1 − word error rate",
      explanation:
        "1 − WER, from 0 to 1, higher is better: WER counts the words one transcript substitutes, drops or adds against the other, per word, after normalisation (case, punctuation, filler spellings). An item's figure is its consensus transcript's against the others; a pair's takes both directions.",
    };
  }
  if (figures.type === "segment") {
    return {
      name: "matched F1",
      explanation: `Matched F1, from 0 to 1, higher is better: two labelers' segments are paired one to one where they share their label and overlap enough (IoU ≥ ${DEFAULT_SEGMENT_IOU_THRESHOLD}, or both ends within ${DEFAULT_BOUNDARY_TOLERANCE_SECONDS} s), label by label, so segments overlapping in time (noise under speech) each meet their own; F1 is twice the pairs over all segments the two drew.`,
    };
  }
  return {
    name: "matched F1",
    explanation: `Matched F1, from 0 to 1, higher is better: two labelers' ${OBJECTS[figures.type]} are paired one to one where they overlap enough (IoU ≥ ${DEFAULT_IOU_THRESHOLD}); F1 is twice the pairs over all ${OBJECTS[figures.type]} the two drew.`,
  };
}

type PairFigures = PairwiseFigures["labelerPairs"];

/** A figure per labeler pair as a heatmap, each cell opening the items the two labeled, and how many each pair shares. */
function LabelerPairs({ projectId, label, caption, counted, pairs, nameOf }: { projectId: string; label: string; caption: string; counted: string; pairs: PairFigures; nameOf: (id: string) => string }) {
  const { labelers, agreement, itemsBothLabeled } = pairs;
  return (
    <div className="space-y-1">
      <p className="font-medium text-slate-800">{caption}</p>
      <Matrix
        label={label}
        names={labelers.map(nameOf)}
        cells={agreement.map((row, index) =>
          row.map((value, column) => ({
            value,
            href: itemsHref(projectId, { labeler: [...new Set([labelers[index]!, labelers[column]!])].join(",") }),
          })),
        )}
      />
      <p className="text-xs text-slate-500">
        {counted}: {labelers.flatMap((first, index) => labelers.slice(index + 1).map((second, offset) => `${nameOf(first)}–${nameOf(second)} ${itemsBothLabeled[index]![index + 1 + offset]}`)).join(", ")}.
      </p>
    </div>
  );
}

/** A segment task's transcripts, compared where two labelers' segments match. */
function SegmentTranscripts({ projectId, task, figures, nameOf }: { projectId: string; task: string; figures: NonNullable<PairwiseFigures["segmentTranscripts"]>; nameOf: (id: string) => string }) {
  const name = "1 − WER of segment transcripts";
  return (
    <div className="space-y-3 border-t border-slate-100 pt-4">
      <p>
        Mean {name} per item <strong>{figure(figures.mean.value)}</strong> over{" "}
        <FigureLink items={figures.items} href={itemsHref(projectId, { status: "compared" })}>
          {figures.items} item{figures.items === 1 ? "" : "s"}
        </FigureLink>
        {figures.mean.reason ? <span className="text-slate-500"> ({figures.mean.reason})</span> : null}
      </p>
      <p className="text-xs text-slate-600">
        1 − WER, from 0 to 1, higher is better: the transcripts two labelers typed on a pair of matched segments, compared word by word after normalisation, both
        ways; an item&apos;s figure is the mean over its matched segments where both have a transcript.
      </p>
      {figures.labelerPairs.labelers.length > 1 ? (
        <LabelerPairs projectId={projectId} label={`${task}: ${name} per labeler pair`} caption={`Mean ${name} per labeler pair, over the items both transcribed`} counted="Items both transcribed" pairs={figures.labelerPairs} nameOf={nameOf} />
      ) : null}
    </div>
  );
}

export function PairwiseAgreement({ projectId, task, figures, names }: { projectId: string; task: string; figures: PairwiseFigures; names: Map<string, string> }) {
  const { name, explanation } = measure(figures);
  const nameOf = (id: string) => names.get(id) ?? id.slice(0, 6);
  // The items two or more labeled: those its pairs were compared on; a label's, those where someone drew one.
  const compared = itemsHref(projectId, { status: "compared" });
  const withLabel = (label: string) => (label === MISSED ? compared : itemsHref(projectId, { status: "compared", task, answer: label }));
  return (
    <div className="grid gap-6 text-sm lg:grid-cols-2">
      <div className="space-y-3">
        <p>
          Mean {name} per item <strong>{figure(figures.mean.value)}</strong> over{" "}
          <ItemsLink href={compared}>
            {figures.items} item{figures.items === 1 ? "" : "s"}
          </ItemsLink>
          {figures.mean.reason ? <span className="text-slate-500"> ({figures.mean.reason})</span> : null}
        </p>
        <p className="text-xs text-slate-600">{explanation}</p>
        {figures.perClass.length ? (
          <table aria-label={`${task}: ${name} per class`} className="text-xs">
            <thead className="text-left text-slate-500">
              <tr>
                <th className="pr-4 font-medium">Label</th>
                <th className="pr-4 font-medium">{name}</th>
                <th className="font-medium">Compared</th>
              </tr>
            </thead>
            <tbody>
              {figures.perClass.map((row) => (
                <tr key={row.label}>
                  <td className="pr-4">{row.label}</td>
                  <td className="pr-4 tabular-nums">{figure(row.f1)}</td>
                  <td>
                    <ItemsLink href={withLabel(row.label)}>
                      {row.objects} {(row.objects === 1 ? OBJECT : OBJECTS)[figures.type]}
                    </ItemsLink>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-xs text-slate-600">{figures.type === "transcript" ? "No per-class figure: a transcript has no labels." : `No ${OBJECTS[figures.type]} drawn yet.`}</p>
        )}
        <ByGuidelineVersion projectId={projectId} byVersion={figures.byGuidelineVersion} caption="By guideline version (pairs who both labeled under it)" />
        <Breakdown projectId={projectId} byMetadata={figures.byMetadata} />
      </div>
      <div className="space-y-3">
        {figures.labelerPairs.labelers.length > 1 ? (
          <LabelerPairs projectId={projectId} label={`${task}: ${name} per labeler pair`} caption={`Mean ${name} per labeler pair, over the items both labeled`} counted="Items both labeled" pairs={figures.labelerPairs} nameOf={nameOf} />
        ) : (
          <p className="text-xs text-slate-600">No two labelers have labeled the same item yet.</p>
        )}
        {figures.confusion && figures.confusion.labels.length > 1 ? (
          <div className="space-y-1">
            <p className="font-medium text-slate-800">
              Labels of matched {OBJECTS[figures.type]}: one labeler&apos;s (rows) against the other&apos;s (columns)
            </p>
            <Matrix
              label={`${task}: label confusion`}
              names={figures.confusion.labels as string[]}
              cells={figures.confusion.counts.map((row, index) => {
                const total = row.reduce((sum, count) => sum + count, 0);
                // A cell opens the items with an object of its row's label (its column's, on the missed row).
                const labels = figures.confusion!.labels;
                return row.map((count, column) => ({ value: total ? count / total : null, label: String(count), href: withLabel(labels[index] === MISSED ? labels[column]! : labels[index]!) }));
              })}
            />
            <p className="text-xs text-slate-500">
              {figures.type === "segment" ? "Segments meet the other labeler's of their label first; one left without a partner of its label is counted against a segment of another label it overlaps, if any. " : ""}
              {MISSED}: the other labeler drew nothing there. Every pair of labelers is counted from both sides, so the matrix is symmetric; shading is the share of its row.
            </p>
          </div>
        ) : null}
      </div>
      {figures.segmentTranscripts ? (
        <div className="lg:col-span-2">
          <SegmentTranscripts projectId={projectId} task={task} figures={figures.segmentTranscripts} nameOf={nameOf} />
        </div>
      ) : null}
    </div>
  );
}
