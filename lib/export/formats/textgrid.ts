// Praat TextGrid: a file per clip that Praat, the Montreal Forced Aligner and phonetics scripts open beside the audio.
import type { ResultEntry } from "../../validation/annotation";
import type { Task } from "../../validation/project";
import { byTime, fileStem, seconds, type SegmentEntry } from "./entries";
import { ONE_LABEL_PER_ITEM, type ExportFormatDefinition } from "./format";

interface Interval {
  xmin: number;
  xmax: number;
  text: string;
}
interface IntervalTier {
  name: string;
  intervals: Interval[];
}

/** Praat's string literal: double quotes doubled, anything else (newlines too) as it is. */
const praatString = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * The intervals of a tier from [0, xmax]: the marked ones (in time order, not overlapping) with the gaps between
 * them as empty intervals, so that they cover the tier edge to edge as Praat requires.
 */
function tiled(marked: readonly Interval[], xmax: number): Interval[] {
  const intervals: Interval[] = [];
  let time = 0;
  for (const interval of marked) {
    if (interval.xmin > time) intervals.push({ xmin: time, xmax: interval.xmin, text: "" });
    intervals.push(interval);
    time = interval.xmax;
  }
  if (time < xmax) intervals.push({ xmin: time, xmax, text: "" });
  return intervals;
}

/**
 * A segment task's segments in lanes no two of whose segments overlap (an interval tier cannot hold overlapping
 * intervals): each segment in the first lane free at its start. Times are rounded to the microsecond and cut to
 * the clip; a segment left with no length is dropped.
 */
function lanes(segments: readonly SegmentEntry[], xmax: number): SegmentEntry[][] {
  const result: SegmentEntry[][] = [];
  const sorted = segments
    .map((segment) => ({ ...segment, start: seconds(segment.start), end: Math.min(seconds(segment.end), xmax) }))
    .filter((segment) => segment.end > segment.start)
    .sort(byTime);
  for (const segment of sorted) {
    const lane = result.find((candidate) => candidate.at(-1)!.end <= segment.start);
    if (lane) lane.push(segment);
    else result.push([segment]);
  }
  return result;
}

/**
 * The tiers of a clip, tasks in project order. A segment task gives a tier named by its key whose intervals hold the
 * segments' labels; a task with transcripts also a tier `<key>/transcript` with the same intervals holding their
 * transcripts ("" where none), so that neither text needs splitting apart. Overlapping segments of one task go to
 * further tiers `<key> 2`, `<key> 3` (each with its transcript tier). A transcript task gives a tier of one interval,
 * the whole clip, holding its text ("" unanswered). Other tasks have no place in a TextGrid.
 */
export function textGridTiers(tasks: readonly Task[], label: readonly ResultEntry[], xmax: number): IntervalTier[] {
  return tasks.flatMap((task): IntervalTier[] => {
    if (task.type === "transcript") {
      const text = label.find((entry) => entry.task === task.key && entry.type === "transcript");
      return [{ name: task.key, intervals: [{ xmin: 0, xmax, text: text?.type === "transcript" ? text.text : "" }] }];
    }
    if (task.type !== "segment") return [];
    const segments = label.filter((entry): entry is SegmentEntry => entry.task === task.key && entry.type === "segment");
    const taskLanes = lanes(segments, xmax);
    if (!taskLanes.length) taskLanes.push([]);
    return taskLanes.flatMap((lane, index) => {
      const name = index === 0 ? task.key : `${task.key} ${index + 1}`;
      const tier = (tierName: string, text: (segment: SegmentEntry) => string) => ({
        name: tierName,
        intervals: tiled(lane.map((segment) => ({ xmin: segment.start, xmax: segment.end, text: text(segment) })), xmax),
      });
      const labels = tier(name, (segment) => segment.label);
      return task.transcript ? [labels, tier(`${name}/transcript`, (segment) => segment.transcript ?? "")] : [labels];
    });
  });
}

/** A TextGrid in Praat's long text format (as Praat writes it with "Save as text file"). */
export function textGridText(tiers: readonly IntervalTier[], xmax: number): string {
  const lines = ['File type = "ooTextFile"', 'Object class = "TextGrid"', "", "xmin = 0 ", `xmax = ${xmax} `, "tiers? <exists> ", `size = ${tiers.length} `, "item []: "];
  tiers.forEach((tier, index) => {
    lines.push(`    item [${index + 1}]:`, '        class = "IntervalTier" ', `        name = ${praatString(tier.name)} `, "        xmin = 0 ", `        xmax = ${xmax} `);
    lines.push(`        intervals: size = ${tier.intervals.length} `);
    tier.intervals.forEach((interval, number) => {
      lines.push(`        intervals [${number + 1}]:`, `            xmin = ${interval.xmin} `, `            xmax = ${interval.xmax} `, `            text = ${praatString(interval.text)} `);
    });
  });
  return `${lines.join("\n")}\n`;
}

export const textGridFormat: ExportFormatDefinition = {
  name: "textgrid",
  title: "Praat TextGrid",
  summary:
    "per clip a Praat TextGrid (long text format) beside its audio in a folder per split: a tier of labels per segment task (and a /transcript tier of its transcripts; overlaps on further tiers), one tier per transcript task.",
  media: ["audio"],
  labels: ONE_LABEL_PER_ITEM,
  training: true,
  checkedWith: "a port of the textgrid package's TextGrid.read (kylebgorman/textgrid) with Praat's interval tier rules",
  options: [],
  filesPerItem: 2,
  writer: ({ tasks }) => {
    return {
      page: (items, out) => {
        for (const item of items) {
          if (!item.durationSeconds) {
            out.leaveOut(item, "no duration, which a TextGrid needs");
            continue;
          }
          const folder = item.split ?? "all";
          const xmax = seconds(item.durationSeconds);
          out.media(item, `${folder}/${item.fileName}`);
          // The export's file names have unique stems (file-names.ts), so TextGrids do too.
          out.file(`${folder}/${fileStem(item.fileName)}.TextGrid`, textGridText(textGridTiers(tasks, item.final ?? [], xmax), xmax));
        }
      },
      end: () => undefined,
    };
  },
};
