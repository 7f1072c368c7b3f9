// What an export format is: which media and labels it takes, what it writes, and which reader it was checked
// against. Every format is one module describing itself so; the registry (registry.ts) lists them, and the API's
// validation, the export panel and the README's table are built from that list.
import type { ExportQuery } from "../../validation/export";
import type { MediaKind, Task } from "../../validation/project";
import type { ExportItem } from "./item";

/**
 * Which label an export writes per item: final (gold where decided, else the accepted consensus), consensus, gold; or
 * every labeler's annotation (all).
 */
export const LABELS_CHOICES = ["final", "consensus", "gold", "all"] as const;
export type LabelsChoice = (typeof LABELS_CHOICES)[number];
/** The choices of a format that writes one label per item. */
export const ONE_LABEL_PER_ITEM: readonly LabelsChoice[] = ["final", "consensus", "gold"];
/** The choices of a format that can also hold every labeler's annotation. */
export const ANY_LABELS: readonly LabelsChoice[] = [...ONE_LABEL_PER_ITEM, "all"];

/**
 * Where a format writes its files; the server implements it over the zip it streams. Names are paths inside the zip
 * ("images/train/photo.png"). Nothing is written twice under one name.
 */
export interface ExportOutput {
  /** The item's media file, under `name`. */
  media(item: ExportItem, name: string): void;
  /** A small file written whole (a label file of one image, a config); a name ending in / is an empty folder. */
  file(name: string, text: string): void;
  /**
   * Appends to a file of any size (kept on disk until the export ends, then zipped): parts of a file in the order of
   * their number (0 unless given), each part's text in the order appended. COCO writes a split's images as part 0 and
   * its annotations as part 1 in one pass over the items.
   */
  append(name: string, text: string, part?: number): void;
  /** A sentence for the manifest's `notes`: something a reader of the files should know (a part left out, a name shared). */
  note(text: string): void;
  /** Leaves an item of the page out of the files after all (counted in the manifest's `leftOut` under `reason`, not as written). */
  leaveOut(item: ExportItem, reason: string): void;
}

/** Writes one export: its items a page at a time, in id order, then whatever needs them all. */
export interface FormatWriter {
  page(items: readonly ExportItem[], out: ExportOutput): void;
  end(out: ExportOutput): void;
}

/** What a writer is made with. */
export interface WriterSetup {
  tasks: readonly Task[];
  query: ExportQuery;
  /** Every metadata key of the project's items, sorted; read only for formats that ask (`metadataKeys`), else empty. */
  metadataKeys: readonly string[];
}

/**
 * What the server reads for each item beyond what decides its label (enough for most formats): each labeler's
 * annotations, or everything JSONL writes (also skips, revision requests and discussions).
 */
export type PageDetail = "labels" | "annotations" | "lossless";

/**
 * A format of one text file written page by page, each page's text independent of the others (JSONL, CSV): the server
 * writes its pages in worker threads while it zips them.
 */
export interface TextFile {
  name: string;
  head?: string;
  write(items: readonly ExportItem[]): string;
}

/** The options of the export query that belong to some formats only. */
export type FormatOption = "polygons" | "per" | "csvFormulaGuard";

export interface ExportFormatDefinition {
  /** The `format=` value. */
  name: string;
  /** As the export panel and the README name it. */
  title: string;
  /** One sentence: what it holds and who reads it. */
  summary: string;
  /** The project media it fits; asked for another, the API answers 400 saying so. */
  media: readonly MediaKind[];
  /** The `labels=` choices it takes (every format takes final, consensus and gold; "all" only those that keep each labeler's). */
  labels: readonly LabelsChoice[];
  /**
   * Written for training: an item without the label asked for is left out (and counted so in the manifest), since
   * written without objects it would tell a trainer "nothing here".
   */
  training: boolean;
  /** The reader the tests check its files with (README's export table). */
  checkedWith: string;
  /** The format options it takes (the panel offers them, the API refuses csvFormulaGuard elsewhere). */
  options: readonly FormatOption[];
  /** What the server reads per item for it (labels unless said). */
  detail?(query: ExportQuery): PageDetail;
  /** Whether it needs every metadata key of the project before its first item (a CSV's columns). */
  metadataKeys?: boolean;
  /** Zip entries it writes per item, media included: each costs the export's process about 1.2 KB until the zip ends. */
  filesPerItem: number;
  /** Makes the writer of one export. */
  writer(setup: WriterSetup): FormatWriter;
  /** For a format of one text file: its pages, which the server writes in worker threads (`writer` writes the same). */
  text?(setup: WriterSetup): TextFile;
}

/** The writer of a text file format: its head (also for an export of no items), then each page's text. */
export function textFileWriter(file: TextFile): FormatWriter {
  let started = false;
  const start = (out: ExportOutput) => {
    if (!started) out.append(file.name, file.head ?? "");
    started = true;
  };
  return {
    page: (items, out) => {
      start(out);
      out.append(file.name, file.write(items));
    },
    end: start,
  };
}
