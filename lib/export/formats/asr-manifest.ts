// NeMo ASR manifests.
import { entryOf, joinTranscripts, seconds, transcribedSegments } from "./entries";
import { ONE_LABEL_PER_ITEM, type ExportFormatDefinition } from "./format";
import type { ExportItem } from "./item";

/** Where the export puts a clip: audio/ under its file name, which NeMo finds relative to the manifest. */
const audioPathOf = (item: ExportItem) => `audio/${item.fileName}`;

/**
 * NeMo manifest lines ({audio_filepath, offset, duration, text, split}, seconds; split null without one, and
 * ignored by NeMo, which reads only the keys it knows). Per clip: one line with
 * offset 0 and the clip's duration, its text the transcript task's text or else the segment transcripts
 * joined in time order; none when the final label has no transcript at all (an empty transcript,
 * silence, still gives a line). Per segment: a line per segment with a transcript. Throws for a clip
 * without a duration, which NeMo needs.
 */
export function asrManifestLines(item: ExportItem, options: { per: "clip" | "segment" }): string[] {
  const line = (offset: number, duration: number, text: string) =>
    JSON.stringify({ audio_filepath: audioPathOf(item), offset: seconds(offset), duration: seconds(duration), text, split: item.split });
  const segments = transcribedSegments(item.final ?? []);
  if (options.per === "segment") return segments.map((segment) => line(segment.start, segment.end - segment.start, segment.transcript));
  const text = entryOf(item.final ?? [], "transcript")?.text ?? (segments.length ? joinTranscripts(segments) : null);
  if (text === null) return [];
  if (item.durationSeconds === null) throw new Error(`${item.originalName} (${item.id}) has a transcript but no duration`);
  return [line(0, item.durationSeconds, text)];
}

/** NeMo's manifest names: one per split (train_manifest.json, ...), all_manifest.json without a split (manifest.json is Concord's own). */
const manifestName = (split: string | null) => `${split ?? "all"}_manifest.json`;

export const asrManifestFormat: ExportFormatDefinition = {
  name: "asr-manifest",
  title: "ASR manifest (NeMo)",
  summary:
    "NeMo's manifests, one per split (train_manifest.json, dev_manifest.json, test_manifest.json; all_manifest.json without a split), of audio_filepath, offset, duration and text per clip or per transcribed segment, with the audio under audio/ by file name.",
  media: ["audio"],
  labels: ONE_LABEL_PER_ITEM,
  training: false,
  checkedWith: "a port of NeMo's manifest reading (item_iter, __parse_item, get_full_path)",
  options: ["per"],
  filesPerItem: 1,
  writer: ({ query }) => {
    const splits = new Set<string | null>();
    const written = new Set<string | null>();
    return {
      page(items, out) {
        for (const item of items) {
          splits.add(item.split);
          const lines = asrManifestLines(item, { per: query.per });
          if (!lines.length) {
            out.leaveOut(item, "no transcript");
            continue;
          }
          written.add(item.split);
          out.media(item, audioPathOf(item));
          out.append(manifestName(item.split), lines.map((line) => `${line}\n`).join(""));
        }
      },
      end(out) {
        // NeMo cannot train or validate on an empty manifest: a part without transcripts gets none, and a note.
        for (const split of splits) if (!written.has(split)) out.note(`No clip of ${split ?? "the export"} has a transcript: no ${manifestName(split)}.`);
      },
    };
  },
};
