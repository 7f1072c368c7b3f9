// What an export format is: which media and labels it takes, what it writes, and which reader it was checked
// against. Every format is one module describing itself so; the registry (registry.ts) lists them, and the API's
// validation, the export panel and the README's table are built from that list.
import type { ExportQuery } from "../../validation/export";
import type { MediaKind, Task } from "../../validation/project";
import type { ExportItem } from "./item";

/** Which label an export writes per item (see lib/validation/export.ts), or every labeler's ("all"). */
export type LabelsChoice = ExportQuery["labels"];

/**
 * Where a format writes its files; the server implements it over the zip it streams. Names are paths inside the zip
 * ("images/train/photo.png"). Nothing is written twice under one name.
 */
export interface ExportOutput {
  /** The item's media file, under `name`. */
  media(item: ExportItem, name: string): void;
  /** A small file written whole (a label file of one image, a config). */
  file(name: string, text: string): void;
  /**
   * Appends to a file of any size (kept on disk until the export ends, then zipped): parts of a file in the order of
   * their number (0 unless given), each part's text in the order appended. COCO writes a split's images as part 0 and
   * its annotations as part 1 in one pass over the items.
   */
  append(name: string, text: string, part?: number): void;
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
}

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
  /** Makes the writer of one export. */
  writer(setup: WriterSetup): FormatWriter;
}
