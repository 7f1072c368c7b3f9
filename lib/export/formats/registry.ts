// Every export format, in the order the export panel offers them. The API's validation (lib/validation/export.ts), the
// export panel and the README's export table are built from this list.
import { asrManifestFormat } from "./asr-manifest";
import { cocoFormat } from "./coco";
import { csvFormat, segmentsCsvFormat } from "./csv";
import { cvatFormat } from "./cvat";
import type { ExportFormatDefinition } from "./format";
import { hfFormat } from "./hf";
import { jsonlFormat } from "./jsonl";
import { labelStudioFormat } from "./label-studio";
import { rttmFormat } from "./rttm";
import { textGridFormat } from "./textgrid";
import { vocFormat } from "./voc";
import { yoloFormat } from "./yolo";

export const EXPORT_FORMATS: readonly ExportFormatDefinition[] = [jsonlFormat, csvFormat, cocoFormat, yoloFormat, vocFormat, cvatFormat, labelStudioFormat, asrManifestFormat, segmentsCsvFormat, hfFormat, rttmFormat, textGridFormat];

/** The `format=` values. */
export const EXPORT_FORMAT_NAMES = EXPORT_FORMATS.map((format) => format.name) as [string, ...string[]];

/** A format by its `format=` value (checked at the edge: an unknown one is a programming error here). */
export function exportFormat(name: string): ExportFormatDefinition {
  const format = EXPORT_FORMATS.find((candidate) => candidate.name === name);
  if (!format) throw new Error(`No export format "${name}"`);
  return format;
}

/** README.md's table of export formats, between its `<!-- export formats -->` markers (registry.test.ts keeps it so). */
export function exportFormatsTable(): string {
  const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    row(["`format=`", "holds", "media", "`labels=all`", "items without the label asked for", "checked against"]),
    row(["---", "---", "---", "---", "---", "---"]),
    ...EXPORT_FORMATS.map((format) =>
      row([`\`${format.name}\``, `**${format.title}**: ${format.summary}`, format.media.join(", "), format.labels.includes("all") ? "yes" : "no", format.training ? "left out" : "kept", format.checkedWith]),
    ),
  ].join("\n");
}
