// The work of an export, in a process of its own (export-process.ts): a project's items with their labels
// in one of Concord's formats, as a zip written page by page (constant memory whatever the project size),
// ending with a manifest: parameters, counts per class and split, guideline versions and a hash of the
// content, so a training run can name its data. The pages are read by export-pages.ts; JSONL's are written by
// worker threads (export-page-worker.ts) while this one zips them.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import { Worker } from "node:worker_threads";
import v8 from "node:v8";
import zlib from "node:zlib";
import yazl from "yazl";
import { UniqueFileNames } from "@/lib/export/file-names";
import { extensionOf } from "@/lib/export/formats/entries";
import { trainingLeftOutReason, type ExportItem } from "@/lib/export/formats";
import type { ExportOutput, PageDetail } from "@/lib/export/formats/format";
import { exportFormat } from "@/lib/export/formats/registry";
import { assignSplits, SplitTally, type SplitUnit } from "@/lib/export/splits";
import type { ReviewState } from "@/lib/generated/prisma-sqlite/enums";
import { openBulkReader, parseJson } from "./db/bulk-read";
import {
  consensusInRange,
  decisionsInRange,
  detailOf,
  exportPage,
  groupByItem,
  itemPage,
  labelsOf,
  manifestEntryOf,
  PAGE_SIZE,
  stratumOf,
  type ConsensusRow,
  type DecisionRow,
  type ExportJob,
  type ExportPage,
  type ItemPage,
  type ManifestEntry,
  type PageContext,
  type PageRequest,
  type PageResult,
  type PageWorkerSetup,
} from "./export-pages";
import { Spool } from "./export-spool";
import { mediaStorage } from "./media/store";

// yazl checksums every byte with buffer-crc32, a byte-at-a-time JavaScript loop: a tenth of a JSONL export's time.
// Its `unsigned` is swapped for zlib's native CRC-32 (same function, same results) in yazl's own copy.
const yazlCrc32 = createRequire(createRequire(import.meta.url).resolve("yazl"))("buffer-crc32") as { unsigned: (data: Buffer, previous?: number) => number };
yazlCrc32.unsigned = (data, previous) => zlib.crc32(data, previous ?? 0);

// Deflate level of the text entries. zlib's default (6) took 2.7 s of processor time for the bench's 434 MB of
// JSONL (8.0 MB zipped), level 3 0.64 s (9.9 MB), of the 25-30 s a JSONL export's process spends, for a zip
// about a fifth larger (on other JSON too: 6.0% of the text against 4.9%, three times as fast).
const TEXT_COMPRESSION_LEVEL = 3;

interface ExportContext extends PageContext {
  /** What the export wrote, per split and stratum, for the manifest. */
  tally: SplitTally;
  /** The objects (boxes, polygons, segments) of what the export wrote, per split and class, for the manifest. */
  objects: SplitTally;
  /** The items a training format left out, by reason, for the manifest. */
  leftOut: Map<string, number>;
  /** What the format said a reader of its files should know, for the manifest. */
  notes: string[];
  /** Where the manifest counts an item (manifestEntryOf, made once for the export). */
  manifestEntry: (item: ExportItem) => ManifestEntry;
  /** Once a split is assigned, the ids it was assigned over, in id order (the split pass reads them so). */
  splitIds: string[] | null;
  /** The items written so far, told to `progress.written` as they are. */
  written: number;
  progress: ExportProgress;
}

/** What an export tells as it goes: the items written so far, and the manifest's hash and item count once complete. */
export interface ExportProgress {
  written?: (items: number) => void;
  finished?: (manifest: { sha256: string; items: number }) => void;
}

/** Pages read in turn from the start, each next one requested while the caller works on the last. */
async function* readAhead<Page extends { next: string | null }>(read: (after: string) => Promise<Page>): AsyncGenerator<Page> {
  const start = (after: string) => {
    const page = read(after);
    // A page read ahead is dropped when the reader stops early (a client hanging up): its failure is no crash.
    page.catch(() => undefined);
    return page;
  };
  for (let pending: Promise<Page> | null = start(""); pending; ) {
    const page: Page = await pending;
    pending = page.next === null ? null : start(page.next);
    yield page;
  }
}

/** Counts a written item in the manifest. */
function count(context: ExportContext, [split, stratum, objectClasses]: ManifestEntry): void {
  context.progress.written?.(++context.written);
  context.tally.add(split, stratum);
  if (objectClasses) for (const objectClass of objectClasses) context.objects.add(split, objectClass);
}

/** The formats for training, which leave out items a trainer would misread (trainingLeftOutReason). */
const isTrainingFormat = (format: ExportJob["query"]["format"]) => exportFormat(format).training;

/** Counts an item left out in the manifest, by reason. */
function countLeftOut(context: ExportContext, reason: string): void {
  context.leftOut.set(reason, (context.leftOut.get(reason) ?? 0) + 1);
}

/** Why a training format leaves an item out, or null to write it; counts it in the manifest. */
function leftOutReason(context: ExportContext, label: ExportItem["final"]): string | null {
  const reason = isTrainingFormat(context.query.format) ? trainingLeftOutReason(label) : null;
  if (reason !== null) countLeftOut(context, reason);
  return reason;
}

/**
 * Every exported item a training format does not leave out, a page at a time; the next page is read while the caller
 * writes this one. The caller counts in the manifest what it writes.
 */
async function* exportPages(context: ExportContext, detail: PageDetail): AsyncGenerator<ExportPage["items"]> {
  for await (const page of readAhead((after) => exportPage(context, after, detail))) yield page.items.filter(({ item }) => leftOutReason(context, item.final) === null);
}

// Worker threads write the pages while this one scans, hashes and zips: on two cores one worker took a JSONL export
// to about two thirds of the time, for about 70 MB more (measured through tsx, before the bundle). On PostgreSQL a
// worker also waits for each page's rows from the database's own process: two, with a page each, took 19.3-22.6 s
// against 24.8-27.7 s, at 241-257 MB. On SQLite, whose reads do not wait, a second worker made no difference and
// took the process to 329 MB.
const PAGE_WORKERS = { sqlite: 1, postgresql: 2 } as const;
// The worker's heap limit: room for a few pages of many polygons each; V8 keeps a lighter page's far below it
// (64 MB instead made no difference to the bench's memory). It holds no more than the pages it is writing.
const PAGE_WORKER_HEAP_MB = 256;
// The workers' young generation, or V8's own sizing (16 MB semi-spaces). A page's rows and objects stay alive while its
// text is written; with JSONL lines carrying every revision, skip and decision, 16 MB semi-spaces saw them survive
// two scavenges and promoted them, to be collected again by full collections (writing the bench's first 50,000 items
// in one thread: 210 MB promoted against 90 MB for the shorter lines, and half as much processor time again). 64 MB
// (32 MB semi-spaces) promoted 65 MB: SQLite's export then took a median of 15.2 s of processor time against 19.3 s, at
// 231-283 MB (bench/README.md, session 9). PostgreSQL's two workers, at 289-319 MB with it, keep V8's sizing: there it
// made no difference through the noise.
const PAGE_WORKER_YOUNG_MB = { sqlite: 64, postgresql: null } as const;
// Pages handed to the workers, the one being zipped included (two ran as fast as four with one worker; with two
// workers, four took the process to 290-297 MB).
const PAGES_AHEAD = 2;
// The worker's script, bundled next to this process's (bundles.ts).
const PAGE_WORKER_SCRIPT = new URL("./export-page-worker.mjs", import.meta.url);

/** A worker thread writing pages, several at once (answered by index). */
class PageWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (result: PageResult) => void; reject: (error: Error) => void }>();
  /** Why the worker ended, once it has: what it was asked fails with it, as does what it is asked later. */
  private endReason: Error | null = null;
  private readonly ended: Promise<void>;

  constructor(setup: PageWorkerSetup) {
    const youngMb = PAGE_WORKER_YOUNG_MB[setup.job.target.provider];
    this.worker = new Worker(PAGE_WORKER_SCRIPT, { workerData: setup, resourceLimits: { maxOldGenerationSizeMb: PAGE_WORKER_HEAP_MB, ...(youngMb === null ? {} : { maxYoungGenerationSizeMb: youngMb }) } });
    this.worker.on("message", (result: PageResult) => {
      this.waiting.get(result.index)?.resolve(result);
      this.waiting.delete(result.index);
    });
    this.worker.on("error", (error) => this.end(new Error(`A page worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)));
    this.ended = new Promise((resolve) =>
      this.worker.once("exit", (code) => {
        this.end(new Error(`A page worker stopped (code ${code})`));
        resolve();
      }),
    );
  }

  private end(reason: Error): void {
    this.endReason ??= reason;
    for (const { reject } of this.waiting.values()) reject(this.endReason);
    this.waiting.clear();
  }

  write(request: PageRequest): Promise<PageResult> {
    if (this.endReason) return Promise.reject(this.endReason);
    return new Promise((resolve, reject) => {
      this.waiting.set(request.index, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  /** Lets the worker close its connection and end; stops it outright if it has not within a few seconds. */
  async stop(): Promise<void> {
    this.worker.postMessage(null);
    const timeout = setTimeout(() => void this.worker.terminate(), 5_000);
    await this.ended;
    clearTimeout(timeout);
  }
}

/**
 * The pages a worker is handed: the exported items' ids cut into pages, with their splits. After a split pass,
 * from the ids it kept; otherwise from a scan of the items' ids and states.
 */
async function* workerPageRequests(context: ExportContext): AsyncGenerator<Omit<PageRequest, "index">> {
  const { splitIds, splits } = context;
  if (splitIds) {
    for (let start = 0; start < splitIds.length; start += PAGE_SIZE) {
      const ids = splitIds.slice(start, start + PAGE_SIZE);
      yield { after: start ? splitIds[start - 1]! : "", last: ids.at(-1)!, splits: ids.map((id) => [id, splits.get(id)!]) };
    }
    return;
  }
  for (let after: string | null = ""; after !== null; ) {
    const page: ItemPage<[id: string, reviewState: ReviewState]> = await itemPage(context, `id, "reviewState"`, after);
    const last = page.next ?? page.rows.at(-1)?.[0];
    if (last !== undefined && page.rows.length) yield { after, last, splits: [] };
    after = page.next;
  }
}

/**
 * A text format's pages, written by the page workers in turn and yielded in order. This thread hands out the
 * pages, then counts, hashes and zips what comes back.
 */
async function* workerPages(context: ExportContext, setup: PageWorkerSetup): AsyncGenerator<Uint8Array> {
  const workers: PageWorker[] = []; // started with the first page: an export of no items needs none
  const ahead: Promise<PageResult>[] = [];
  const requests = workerPageRequests(context);
  try {
    for (let index = 0, more = true; more || ahead.length; ) {
      while (more && ahead.length < PAGES_AHEAD) {
        const request = await requests.next();
        if (request.done) {
          more = false;
          break;
        }
        if (!workers.length) {
          // The process's small young generation (export.ts) is a V8 flag, which would override the workers' own
          // sizing: unset, they get V8's default for their heap limit, 16 MB a semi-space (8 MB for them as well
          // took the bench's PostgreSQL JSONL export from 17-19 s to 17-22 s).
          v8.setFlagsFromString("--max-semi-space-size=0");
          for (let count = 0; count < PAGE_WORKERS[context.reader.provider]; count++) workers.push(new PageWorker(setup));
        }
        const result = workers[index % workers.length]!.write({ index: index++, ...request.value });
        result.catch(() => undefined); // a page ahead when the export stops early
        ahead.push(result);
      }
      if (!ahead.length) break;
      const result = await ahead.shift()!;
      if ("failed" in result) throw new Error(result.failed);
      for (const entry of result.strata) count(context, entry);
      yield result.text;
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

/**
 * Every exported item's stratum and group, for assigning splits before the first line is written: a pass
 * that reads no more than decides them (no annotations, and consensus or decisions only with a class to stratify
 * by, or to leave out what a training format leaves out). Items left out are left out of the split too, so that its
 * ratios are those of the items written; they are counted here, as the pages then skip items without a split.
 */
async function splitUnits(context: ExportContext): Promise<SplitUnit[]> {
  const { reader } = context;
  const { groupBy } = context.query;
  const stratified = context.tasks.some((task) => task.type === "classification");
  const labeled = stratified || isTrainingFormat(context.query.format);
  const read = async (after: string) => {
    const page: ItemPage<[id: string, reviewState: ReviewState, metadata: string | null]> = await itemPage(context, `id, "reviewState", ${groupBy ? "metadata" : "NULL"}`, after);
    const { range } = page;
    const [consensuses, decisions] =
      range && labeled ? await Promise.all([reader.rows<ConsensusRow>(consensusInRange(reader.provider), range), reader.rows<DecisionRow>(decisionsInRange(reader.provider), range)]) : [[], []];
    return { ...page, consensusOf: groupByItem(consensuses), decisionOf: groupByItem(decisions) };
  };
  const units: SplitUnit[] = [];
  for await (const { rows, consensusOf, decisionOf } of readAhead(read)) {
    for (const [id, state, metadata] of rows) {
      const label = labeled ? labelsOf(context, state, consensusOf.get(id)?.[0], decisionOf.get(id)?.[0]).chosen : null;
      if (leftOutReason(context, label) !== null) continue;
      const group = groupBy ? String(parseJson<ExportItem["metadata"]>(metadata)?.[groupBy] ?? "") || null : null;
      units.push({ id, label: stratumOf(label, context.tasks), group });
    }
  }
  return units;
}

/**
 * Starts the export: assigns splits if asked (a light first pass, since splits need every item's stratum and
 * group before the first line is written), then writes the zip as it is read. The database connection is
 * the export's own and closes when the last item is written.
 */
export async function startExport(job: ExportJob, progress: ExportProgress = {}): Promise<NodeJS.ReadableStream> {
  const splitNames = job.ratios?.map((ratio) => ratio.name);
  const context: ExportContext = {
    ...job,
    reader: await openBulkReader(job.target),
    splits: new Map(),
    splitAssigned: false,
    splitIds: null,
    written: 0,
    progress,
    tally: new SplitTally(splitNames),
    objects: new SplitTally(splitNames),
    leftOut: new Map(),
    notes: [],
    manifestEntry: manifestEntryOf(job.tasks),
  };
  try {
    if (job.ratios) {
      const units = await splitUnits(context);
      context.splits = assignSplits(units, job.ratios, job.query.seed);
      context.splitAssigned = true;
      context.splitIds = units.map((unit) => unit.id);
    }
  } catch (error) {
    await context.reader.close();
    throw error;
  }

  const zip = new yazl.ZipFile();
  // yazl reports a file it cannot read (a media file gone from the store) on the ZipFile, not on its output.
  zip.on("error", (error: Error) => zip.outputStream.emit("error", error));
  const content = new ContentHash();
  const finish = () => {
    const counts = context.tally.counts();
    const { project, exportedAt, exportedBy, parameters, guidelineVersions } = job.manifest;
    const manifest = {
      project,
      exportedAt,
      exportedBy,
      parameters,
      items: Object.values(counts).reduce((sum, strata) => sum + Object.values(strata).reduce((total, count) => total + count, 0), 0),
      counts,
      objects: context.objects.counts(),
      leftOut: Object.fromEntries(context.leftOut),
      notes: context.notes,
      guidelineVersions,
      sha256: content.digest(),
    };
    zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), "manifest.json");
    zip.end();
    progress.finished?.({ sha256: manifest.sha256, items: manifest.items });
  };
  void writeEntries(zip, job, context, content)
    .finally(() => context.reader.close())
    .then(finish)
    .catch((error: unknown) => zip.outputStream.emit("error", error));
  return zip.outputStream;
}

/**
 * The manifest's sha256, over every file's name and content: the SHA-256 of the lines `<SHA-256 of the content>  <name>\n`
 * (as sha256sum prints them), one per file of the zip but manifest.json, sorted by their bytes (as LC_ALL=C sort sorts
 * them); README.md shows the command that computes it from the unzipped folder. Two exports share it only if they hold
 * the same files under the same names. A media file is listed with the hash it is stored under rather than read again.
 * Keeps a line per file until the end: about 150 bytes each, an eighth of what yazl keeps per entry anyway.
 */
class ContentHash {
  private readonly lines: string[] = [];

  /** Lists a file whose content's SHA-256 is known. */
  known(name: string, sha256: string): void {
    this.lines.push(`${sha256}  ${name}\n`);
  }

  /** A file written in parts: `add` hashes a part and gives its bytes (encoded once, for the hash and the zip), `end` lists it. */
  entry(name: string) {
    const hash = createHash("sha256");
    return {
      add: (part: string | Uint8Array) => {
        const bytes = typeof part === "string" ? Buffer.from(part) : Buffer.from(part.buffer, part.byteOffset, part.byteLength);
        hash.update(bytes);
        return bytes;
      },
      end: () => this.known(name, hash.digest("hex")),
    };
  }

  /** A file written whole: lists it and gives its bytes. */
  file(name: string, text: string): Buffer {
    const entry = this.entry(name);
    const bytes = entry.add(text);
    entry.end();
    return bytes;
  }

  digest(): string {
    const listing = createHash("sha256");
    for (const line of this.lines.sort(compareAsUtf8)) listing.update(line);
    return listing.digest("hex");
  }
}

/**
 * Orders texts as their UTF-8 bytes sort, i.e. by code point. UTF-16 code units sort so too, but for the surrogates
 * (D800-DFFF, characters beyond U+FFFF), which must come after E000-FFFF: they are ranked there.
 */
function compareAsUtf8(a: string, b: string): number {
  const rank = (unit: number) => (unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit);
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const [x, y] = [a.charCodeAt(index), b.charCodeAt(index)];
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

/** Adds the format's entries to the zip as the items stream in. */
async function writeEntries(zip: yazl.ZipFile, job: ExportJob, context: ExportContext, content: ContentHash): Promise<void> {
  const { tasks, query } = context;
  const format = exportFormat(query.format);
  const setup = { tasks, query, metadataKeys: format.metadataKeys ? await metadataKeysOf(context) : [] };
  const detail = detailOf(query);
  /** A text entry zipped as it is written: its chunks (empty ones left out) hashed as they go. */
  const entry = (name: string, chunks: AsyncIterable<string | Uint8Array>) =>
    new Promise<void>((resolve, reject) => {
      const text = async function* () {
        const hashed = content.entry(name);
        for await (const chunk of chunks) if (chunk.length) yield hashed.add(chunk);
        hashed.end();
      };
      // Bytes, not objects: one page's text is buffered at a time rather than sixteen.
      const stream = Readable.from(text(), { objectMode: false, highWaterMark: 64 * 1024 });
      stream.on("end", resolve).on("error", reject);
      zip.addReadStream(stream, name, { compressionLevel: TEXT_COMPRESSION_LEVEL });
    });

  const text = format.text?.(setup);
  if (text) {
    // A worker thread pays where every annotation is read and written (JSONL: a third less time); the lighter
    // formats ran about as fast in this thread, without a worker's memory.
    const pages =
      detail === "labels"
        ? (async function* () {
            for await (const page of exportPages(context, detail)) {
              for (const { item } of page) count(context, context.manifestEntry(item));
              yield text.write(page.map(({ item }) => item));
            }
          })()
        : workerPages(context, { job, splitAssigned: context.splitAssigned, metadataKeys: setup.metadataKeys });
    return entry(
      text.name,
      (async function* () {
        if (text.head) yield text.head;
        yield* pages;
      })(),
    );
  }

  const output = await zipOutput(zip, content, context);
  try {
    const writer = format.writer(setup);
    const names = new UniqueFileNames();
    for await (const page of exportPages(context, detail)) {
      for (const { item, storedPath } of page) {
        item.fileName = names.take(item.originalName, item.sha256, extensionOf(storedPath));
        output.storedPaths.set(item, storedPath);
      }
      writer.page(
        page.map(({ item }) => item),
        output,
      );
      // Counted once written: what the writer left out is counted under its reason instead.
      for (const { item } of page) if (!output.leftOut.has(item)) count(context, context.manifestEntry(item));
    }
    writer.end(output);
    // The files built up across the pages, now complete.
    for (const name of output.spool.names()) await entry(name, output.spool.read(name));
  } finally {
    output.spool.remove();
  }
}

// A file written whole this small is stored rather than deflated: yazl keeps each deflated buffer (a slice of a 16 KB
// zlib buffer) until the zip ends, 17 KB an entry against about 1 KB stored (YOLO writes a label file per image).
const STORED_BELOW_BYTES = 4096;

/** The zip as a format's output: media opened from the store when the zip reaches them, big files spooled to disk. */
async function zipOutput(zip: yazl.ZipFile, content: ContentHash, context: ExportContext) {
  const storage = await mediaStorage();
  const storedPaths = new WeakMap<ExportItem, string>();
  const leftOut = new WeakSet<ExportItem>();
  const spool = new Spool();
  // Every name in the zip, so that a format's mistake fails the export rather than writing a zip with two files of one
  // name (readers would take either). About 100 bytes a file, beside yazl's 1.2 KB.
  const names = new Set<string>();
  const claim = (name: string) => {
    if (names.has(name)) throw new Error(`The export would hold two files named ${name}`);
    names.add(name);
  };
  const output: ExportOutput & { storedPaths: WeakMap<ExportItem, string>; leftOut: WeakSet<ExportItem>; spool: Spool } = {
    storedPaths,
    leftOut,
    spool,
    // Listed in the hash by the content hash it is stored under. Opened when the zip reaches it: a page adds hundreds,
    // which an object store would otherwise be asked for at once.
    media(item, name) {
      const storedPath = storedPaths.get(item);
      if (storedPath === undefined) throw new Error(`${name}: not an item of this page`);
      claim(name);
      zip.addReadStreamLazy(name, (opened) => {
        storage.open(storedPath).then(({ body }) => {
          const stream = body ?? Readable.from([]);
          stream.once("error", (error) => zip.emit("error", error));
          opened(null, stream);
        }, (error: unknown) => zip.emit("error", error));
      });
      content.known(name, item.sha256);
    },
    file(name, text) {
      claim(name);
      if (name.endsWith("/")) return zip.addEmptyDirectory(name);
      const bytes = content.file(name, text);
      zip.addBuffer(bytes, name, { compress: bytes.length >= STORED_BELOW_BYTES });
    },
    append(name, text, part) {
      if (!spool.holds(name)) claim(name);
      spool.append(name, text, part);
    },
    note: (text) => void context.notes.push(text),
    leaveOut(item, reason) {
      leftOut.add(item);
      countLeftOut(context, reason);
    },
  };
  return output;
}

/** Every metadata key of the project's items, sorted: the CSV's metadata columns. */
async function metadataKeysOf({ reader, projectId }: ExportContext): Promise<string[]> {
  const keys = new Set<string>();
  let after = "";
  for (;;) {
    const rows = await reader.rows<[id: string, metadata: string | null]>(`SELECT id, metadata FROM "Item" WHERE "projectId" = ? AND id > ? ORDER BY id LIMIT ${PAGE_SIZE * 5}`, [projectId, after]);
    for (const [, metadata] of rows) for (const key of Object.keys(parseJson<object>(metadata) ?? {})) keys.add(key);
    if (rows.length < PAGE_SIZE * 5) return [...keys].sort();
    after = rows.at(-1)![0];
  }
}
