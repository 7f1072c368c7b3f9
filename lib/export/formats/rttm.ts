// RTTM (Rich Transcription Time Marked): the speaker-diarization and speech-activity files pyannote and NeMo train on.
import { byTime, fileStem, seconds, type SegmentEntry } from "./entries";
import { ONE_LABEL_PER_ITEM, type ExportFormatDefinition } from "./format";
import type { ExportItem } from "./item";

/** RTTM fields are separated by whitespace, so a name that holds some would shift every later field. */
const rttmToken = (text: string) => text.trim().replace(/\s+/g, "_") || "_";

/**
 * One `SPEAKER <file-id> 1 <onset> <duration> <NA> <NA> <label> <NA> <NA>` line per segment of the label, in time
 * order, its label as the speaker (or speech type) field.
 */
export function rttmLines(fileId: string, label: readonly { type: string }[]): string {
  const segments = label.filter((entry): entry is SegmentEntry => entry.type === "segment").sort(byTime);
  return segments
    .map((segment) => `SPEAKER ${fileId} 1 ${seconds(segment.start)} ${seconds(segment.end - segment.start)} <NA> <NA> ${rttmToken(segment.label)} <NA> <NA>\n`)
    .join("");
}

/** How many renamed clips the manifest's note names. */
const NAMED_IN_NOTE = 20;

export const rttmFormat: ExportFormatDefinition = {
  name: "rttm",
  title: "RTTM",
  summary:
    "per split (train, dev, test; all without a split) an .rttm file with a SPEAKER line per segment, its label as the speaker, and an .lst of the split's clip ids (each its file's stem; no UEM), with the audio under audio/; for pyannote.audio and NeMo diarization.",
  media: ["audio"],
  labels: ONE_LABEL_PER_ITEM,
  training: true,
  checkedWith: "a port of pyannote.database's load_rttm and NeMo's rttm_to_labels",
  options: [],
  filesPerItem: 1,
  writer: () => {
    // A clip's id is its file's stem, which pyannote's database.yml templates (audio/{uri}.wav) find. A stem with
    // spaces gives another id (numbered if "a b" and "a_b" would meet), and the clip's file is named after it.
    const usedIds = new Set<string>();
    const renamed: string[] = [];
    let renamedCount = 0;
    const fileIdOf = (item: ExportItem) => {
      const stem = fileStem(item.fileName);
      let id = rttmToken(stem);
      for (let number = 2; usedIds.has(id); number += 1) id = `${rttmToken(stem)}_${number}`;
      usedIds.add(id);
      const fileName = id === stem ? item.fileName : `${id}${item.fileName.slice(stem.length)}`;
      if (fileName !== item.fileName) {
        renamedCount += 1;
        if (renamed.length < NAMED_IN_NOTE) renamed.push(`${item.fileName} as ${fileName}`);
      }
      return { id, fileName };
    };
    return {
      page: (items, out) => {
        for (const item of items) {
          const { id, fileName } = fileIdOf(item);
          const split = item.split ?? "all";
          out.media(item, `audio/${fileName}`);
          out.append(`${split}.lst`, `${id}\n`);
          // Appended even when empty, so that every list has its RTTM file (a clip without segments is silence).
          out.append(`${split}.rttm`, rttmLines(id, item.final ?? []));
        }
      },
      end: (out) => {
        if (!renamedCount) return;
        const more = renamedCount > renamed.length ? ` and ${renamedCount - renamed.length} more` : "";
        out.note(`RTTM ids have no spaces and are unique, so ${renamedCount} clip(s) have a file (and id) renamed: ${renamed.join(", ")}${more}.`);
      },
    };
  },
};
