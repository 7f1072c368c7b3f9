// NeMo ASR manifests.
import { entryOf, joinTranscripts, seconds, transcribedSegments } from "./entries";
import { ONE_LABEL_PER_ITEM, type ExportFormatDefinition } from "./format";
import type { ExportItem } from "./item";

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
    JSON.stringify({ audio_filepath: item.mediaPath, offset: seconds(offset), duration: seconds(duration), text, split: item.split });
  const segments = transcribedSegments(item.final ?? []);
  if (options.per === "segment") return segments.map((segment) => line(segment.start, segment.end - segment.start, segment.transcript));
  const text = entryOf(item.final ?? [], "transcript")?.text ?? (segments.length ? joinTranscripts(segments) : null);
  if (text === null) return [];
  if (item.durationSeconds === null) throw new Error(`${item.originalName} (${item.id}) has a transcript but no duration`);
  return [line(0, item.durationSeconds, text)];
}

const ASR_MANIFEST_FILE = "asr-manifest.jsonl";

export const asrManifestFormat: ExportFormatDefinition = {
  name: "asr-manifest",
  title: "ASR manifest (NeMo)",
  summary: "asr-manifest.jsonl, NeMo's manifest of audio_filepath, offset, duration and text per clip or per transcribed segment, with the audio.",
  media: ["audio"],
  labels: ONE_LABEL_PER_ITEM,
  training: false,
  checkedWith: "JSON.parse",
  options: ["per"],
  filesPerItem: 1,
  writer: ({ query }) => ({
    page(items, out) {
      for (const item of items) {
        // NeMo reads each line's audio_filepath relative to the manifest: the clips come along.
        out.media(item, item.mediaPath);
        out.append(ASR_MANIFEST_FILE, asrManifestLines(item, { per: query.per }).map((line) => `${line}\n`).join(""));
      }
    },
    end: (out) => out.append(ASR_MANIFEST_FILE, ""),
  }),
};
