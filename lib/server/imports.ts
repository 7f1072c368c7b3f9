// Imports: files (with an optional manifest, and optionally a Label Studio export with their annotations)
// become items of a project, as one import batch.
// Nothing is stored before it is validated, a rejected file leaves no trace, and uploads stream to
// disk so that memory stays flat whatever the file size. Files move into the project's folder only once the
// batch's items are committed (media/store.ts), so an import that fails never removes a file another import stored.
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import Busboy from "busboy";
import { isBigImage } from "@/lib/labeling/tiles";
import { itemName } from "@/lib/validation/item-name";
import { recordAudit } from "./audit";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db } from "./db/client";
import { AppError } from "./errors";
import { importDatasetLabels, prepareDatasetLabels, type DatasetLabelsOutcome, type LabelsOwner } from "./dataset-labels-import";
import { addsAccounts, importLabelStudioAnnotations, labelersToAdd, prepareLabelStudioExport, readAnnotatorMapping, readLabelStudioExport, unmappedAnnotators, type LabelStudioOutcome } from "./label-studio-import";
import { parseManifest, type Manifest, type ManifestRow } from "./manifest";
import { inspectMedia, MediaRejected, type InspectedMedia } from "./media/inspect";
import { imageRenditionsJob } from "./media/renditions";
import { mediaFileNames, mediaPaths, mediaStorage, openIncomingDir, settleStaging, stagingDir, UNSETTLED } from "./media/store";
import { addImportedItems, lockProjectRow } from "./statistics";
import { tagItems } from "./tags";
import { wholeNumberSetting } from "./settings";

/** The largest file accepted, 1 GB unless CONCORD_MAX_UPLOAD_BYTES says otherwise. */
export const maxUploadBytes = () => wholeNumberSetting("CONCORD_MAX_UPLOAD_BYTES");
/** The largest manifest or Label Studio export, 50 MB unless CONCORD_MAX_MANIFEST_BYTES says otherwise: it is read into memory. */
const maxManifestBytes = () => wholeNumberSetting("CONCORD_MAX_MANIFEST_BYTES");
/** Files one import takes; an upload with more is refused whole. */
export const MAX_FILES_PER_IMPORT = 10_000;
/** Items written per statement while the project's imports wait their turn. */
const ITEM_CHUNK = 500;

/** A file waiting in the incoming directory, owned by the import (moved into the store or deleted). */
export interface IncomingFile {
  name: string;
  path: string;
  size: number;
  sha256: string;
  /** Why it was refused before inspection (e.g. too large). */
  refused?: string;
}

export interface ImportResult {
  batchId: string | null;
  created: { id: string; name: string }[];
  duplicates: { name: string; itemId: string }[];
  rejected: { name: string; reason: string }[];
  /** With a Label Studio export: the annotations that came along. */
  labelStudio?: LabelStudioOutcome;
  /** With `labels` parts (COCO, YOLO or CVAT): the labeler's annotations or gold labels that came in, and what was left out. */
  labels?: DatasetLabelsOutcome;
  /** With a manifest naming `tags`: each tag and how many of the uploaded items (new or already here) it was given to. */
  tags?: { name: string; items: number }[];
}

/** A small part of an upload kept in memory: the manifest, a Label Studio export, its annotators' emails, or a label file. */
export interface TextPart {
  name: string;
  text: string;
}

const TEXT_PARTS = ["manifest", "labelStudio", "labelStudioUsers"] as const;
const TEXT_PART_SETTING = "CONCORD_MAX_MANIFEST_BYTES";

/**
 * Streams a request's multipart body to disk: `files` parts (at most MAX_FILES_PER_IMPORT), an optional `manifest`
 * part, an optional `labelStudio` part (a Label Studio JSON export whose annotations come along) and an optional
 * `labelStudioUsers` part or field (Label Studio user id → email, for exports whose completed_by is an id), and `labels`
 * parts (a dataset's label files: COCO, YOLO or CVAT). A file over the
 * size limit is kept as refused; a manifest or export over its limit, or too many files, refuse the whole upload (413).
 */
export async function receiveMultipart(request: Request): Promise<{ files: IncomingFile[]; labels: TextPart[] } & Record<(typeof TEXT_PARTS)[number], TextPart | null>> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data") || !request.body) {
    throw new AppError("bad_request", "Send multipart/form-data with one or more \"files\" parts, an optional \"manifest\" part and an optional \"labelStudio\" part.");
  }
  const incoming = await openIncomingDir();
  const files: IncomingFile[] = [];
  const texts: Record<(typeof TEXT_PARTS)[number], TextPart | null> = { manifest: null, labelStudio: null, labelStudioUsers: null };
  const labels: TextPart[] = [];
  const pending: Promise<void>[] = [];
  const [fileLimit, textLimit] = [maxUploadBytes(), maxManifestBytes()];
  let fileParts = 0;
  const parser = Busboy({ headers: { "content-type": contentType }, defParamCharset: "utf8" });

  // The annotators' emails may come as a plain form field, as a small form in the browser sends them.
  parser.on("field", (field, value) => {
    if (field === "labelStudioUsers") texts.labelStudioUsers = { name: field, text: value };
  });
  parser.on("file", (field, stream, info) => {
    const name = itemName(info.filename || "unnamed");
    const textPart = TEXT_PARTS.find((part) => part === field) ?? (field === "labels" ? field : undefined);
    if (textPart) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= textLimit) chunks.push(chunk);
      });
      pending.push(
        new Promise((resolve, reject) => {
          stream.on("end", () => {
            if (size > textLimit) {
              const part = { manifest: "The manifest", labelStudio: "The Label Studio export", labelStudioUsers: "The labelStudioUsers part", labels: "The label file" }[textPart];
              return reject(new AppError("payload_too_large", `${part} ${name} is larger than the ${formatBytes(textLimit)} limit (${TEXT_PART_SETTING}); nothing was imported.`));
            }
            const text = { name, text: Buffer.concat(chunks).toString("utf8") };
            if (textPart === "labels") labels.push(text);
            else texts[textPart] = text;
            resolve();
          });
          stream.on("error", reject);
        }),
      );
      return;
    }
    // Parts past the limit are only counted, so that the refusal can say how many were sent.
    if (field !== "files" || ++fileParts > MAX_FILES_PER_IMPORT) {
      stream.resume();
      return;
    }
    const file: IncomingFile = { name, path: path.join(incoming, randomUUID()), size: 0, sha256: "" };
    files.push(file);
    const hash = createHash("sha256");
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        file.size += chunk.length;
        if (file.size > fileLimit) {
          file.refused = `larger than the ${formatBytes(fileLimit)} limit per file`;
          return callback(); // the rest is read, and not written
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    pending.push(
      pipeline(stream, measure, createWriteStream(file.path)).then(() => {
        file.sha256 = hash.digest("hex");
      }),
    );
  });

  try {
    await pipeline(Readable.fromWeb(request.body as import("node:stream/web").ReadableStream), parser);
    // Every part to its end before a refusal: a file still being written when the files are removed would stay.
    const refused = (await Promise.allSettled(pending)).find((outcome) => outcome.status === "rejected");
    if (refused) throw refused.reason;
    if (fileParts > MAX_FILES_PER_IMPORT) {
      throw new AppError("payload_too_large", `This upload has ${fileParts.toLocaleString("en")} files; an import takes at most ${MAX_FILES_PER_IMPORT.toLocaleString("en")}. Import them in several batches; nothing was imported.`);
    }
  } catch (error) {
    await Promise.allSettled(pending);
    await Promise.all(files.map((file) => rm(file.path, { force: true })));
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request", `The upload could not be read: ${(error as Error).message}`);
  }
  return { files, labels, ...texts };
}

/** Name → item id of the files sent: new items, and duplicates of items already here. */
const uploadedItems = (result: ImportResult) => new Map([...result.created.map((item) => [item.name, item.id] as const), ...result.duplicates.map((item) => [item.name, item.itemId] as const)]);

/** Gives the uploaded items (new, or already here) the tags their manifest rows name, with source "import". */
async function tagUploadedItems(caller: Caller, projectId: string, rows: readonly ManifestRow[], uploaded: ReadonlyMap<string, string>): Promise<{ name: string; items: number }[]> {
  const itemsByTag = new Map<string, string[]>();
  for (const row of rows) {
    const itemId = uploaded.get(row.file);
    if (itemId) for (const tag of row.tags) itemsByTag.set(tag, [...(itemsByTag.get(tag) ?? []), itemId]);
  }
  const tagged: { name: string; items: number }[] = [];
  for (const [name, itemIds] of itemsByTag) tagged.push({ name, items: await tagItems(projectId, name, itemIds, "import", caller.user.id) });
  if (tagged.length) await recordAudit(db(), { actorId: caller.user.id, projectId, action: "import.tag", targetType: "project", targetId: projectId, data: { tags: tagged } });
  return tagged;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(2)} GB` : `${+(bytes / 1024 ** 2).toFixed(2)} MB`;
}

interface Candidate {
  file: IncomingFile;
  media: Omit<InspectedMedia, "thumbnail" | "peaksJson">;
  row: ManifestRow | undefined;
}

/** Moves an inspected upload into the batch's staging folder with its derived files, under the names they will have. */
async function stage(staging: string, file: IncomingFile, { thumbnail, peaksJson, ...media }: InspectedMedia): Promise<Candidate["media"]> {
  const names = mediaFileNames(file.sha256, media.extension);
  await rename(file.path, path.join(staging, names.media));
  if (thumbnail) await writeFile(path.join(staging, names.thumbnail), thumbnail);
  if (peaksJson) await writeFile(path.join(staging, names.peaks), peaksJson);
  return media;
}

/**
 * What an import of this Label Studio export would do that needs the manager's word: the people it makes labelers,
 * or, when `invites` (anyone but an administrator), invites as labelers; and the Label Studio user ids without an email
 * (in the export or the `labelStudioUsers` sent), whose annotations would be the importing user's. Stores nothing;
 * files sent along are only removed.
 */
export async function previewLabelStudioImport(
  caller: Caller,
  projectId: string,
  { files, labelStudio, labelStudioUsers }: { files: IncomingFile[]; labelStudio: TextPart | null; labelStudioUsers?: TextPart | null },
): Promise<{ labelStudio: { newLabelers: string[]; invites: boolean; unmappedAnnotators: string[] } }> {
  try {
    await requireProjectRole(caller, projectId, "manager");
    if (!labelStudio) throw new AppError("bad_request", 'A preview (dryRun=1) needs a "labelStudio" part: the export to look at.');
    const prepared = await prepareLabelStudioExport(projectId, readLabelStudioExport(labelStudio.name, labelStudio.text), readAnnotatorMapping(labelStudioUsers ?? null));
    return { labelStudio: { newLabelers: await labelersToAdd(caller, projectId, prepared), invites: !addsAccounts(caller), unmappedAnnotators: unmappedAnnotators(prepared) } };
  } finally {
    await Promise.all(files.map((file) => rm(file.path, { force: true })));
  }
}

/**
 * Turns incoming files into items of a project. Every file ends up created, a duplicate or rejected
 * with its reason; the incoming files are gone afterwards either way. Imports of one project running at the same
 * time take turns to commit, so a file both send becomes one item, and a duplicate in the other's report.
 * A Label Studio export whose annotators are not all members is refused (409, naming them) unless
 * `confirmNewLabelers` says they may become labelers (or, for anyone but an administrator, be invited as labelers).
 * `labelStudioUsers` gives the email of Label Studio user ids; `predictionsVersion` the model version its predictions
 * are imported as; `partial` keeps what can be kept of an annotation with
 * results Concord cannot take.
 */
export async function importFiles(
  caller: Caller,
  projectId: string,
  files: IncomingFile[],
  manifestSource: TextPart | null,
  channel: string,
  labelStudio: TextPart | null = null,
  {
    confirmNewLabelers = false,
    partial = false,
    labelStudioUsers = null,
    predictionsVersion,
    labels = [],
    labelsOwner = {},
  }: { confirmNewLabelers?: boolean; partial?: boolean; labelStudioUsers?: TextPart | null; predictionsVersion?: string; labels?: TextPart[]; labelsOwner?: LabelsOwner } = {},
): Promise<ImportResult> {
  const result: ImportResult = { batchId: null, created: [], duplicates: [], rejected: [] };
  const batchId = randomUUID();
  let staging: string | null = null;
  try {
    await requireProjectRole(caller, projectId, "manager");
    const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { mediaKind: true } });
    if (!files.length && !labelStudio && !labels.length) throw new AppError("bad_request", 'No files: send one or more "files" parts (or a "labelStudio" export or "labels" files for items already here).');
    const datasetLabels = await prepareDatasetLabels(caller, projectId, labels, labelsOwner);
    // Read once: the questions asked before anything is stored and the import itself use the same reading.
    const prepared = labelStudio ? await prepareLabelStudioExport(projectId, readLabelStudioExport(labelStudio.name, labelStudio.text), readAnnotatorMapping(labelStudioUsers)) : null;
    const newLabelers = prepared && !confirmNewLabelers ? await labelersToAdd(caller, projectId, prepared) : [];
    if (newLabelers.length) {
      const people = newLabelers.join(", ");
      throw new AppError(
        "conflict",
        addsAccounts(caller)
          ? `The Label Studio export has annotations by ${people}, who would become labelers of this project. Nothing was imported: send it again with confirmNewLabelers=1 to add them.`
          : `The Label Studio export has annotations by ${people}, who are not members of this project. Nothing was imported: send it again with confirmNewLabelers=1 to invite them as labelers, and import it again once they have accepted to add their annotations.`,
        { newLabelers },
      );
    }

    let manifest: Manifest = { rows: [], problems: [] };
    if (manifestSource) {
      try {
        manifest = parseManifest(manifestSource.name, manifestSource.text);
      } catch (error) {
        throw new AppError("bad_request", `The manifest cannot be read: ${(error as Error).message}`);
      }
    }
    const rowsByFile = new Map(manifest.rows.map((row) => [row.file, row]));
    for (const problem of manifest.problems) result.rejected.push({ name: problem.file ?? `manifest row ${problem.row}`, reason: `manifest row ${problem.row}: ${problem.reason}` });
    const uploadedNames = new Set(files.map((file) => file.name));
    for (const row of manifest.rows) {
      if (!uploadedNames.has(row.file)) result.rejected.push({ name: row.file, reason: `manifest row ${row.row} names a file that was not uploaded` });
    }

    staging = await stagingDir(batchId);
    const candidates: Candidate[] = [];
    const firstOfContent = new Map<string, IncomingFile>();
    const laterCopies: IncomingFile[] = [];
    for (const file of files) {
      if (file.refused) {
        result.rejected.push({ name: file.name, reason: file.refused });
        continue;
      }
      if (firstOfContent.has(file.sha256)) {
        laterCopies.push(file);
        continue;
      }
      try {
        const media = await stage(staging, file, await inspectMedia(file.path, project.mediaKind));
        firstOfContent.set(file.sha256, file);
        candidates.push({ file, media, row: rowsByFile.get(file.name) });
      } catch (error) {
        if (!(error instanceof MediaRejected)) throw error;
        result.rejected.push({ name: file.name, reason: error.message });
      }
    }

    // In the store before the rows commit (an object store's staging area): an upload that fails fails the import.
    const storage = await mediaStorage();
    await storage.stage(batchId, projectId, staging).catch((error: unknown) => {
      throw new AppError("unavailable", `The media store (${storage.location}) did not take the files: ${(error as Error).message}. Nothing was imported; try again.`);
    });

    const outcomes = new Map<IncomingFile, string>();
    await db().$transaction(async (tx) => {
      // From here to the commit, imports of the project take turns (the project's row is locked), so content
      // another import is adding at the same moment is seen here as already in the project.
      await lockProjectRow(tx, projectId);
      const existing = new Map(
        (await tx.item.findMany({ where: { projectId, sha256: { in: candidates.map((candidate) => candidate.file.sha256) } }, select: { id: true, sha256: true } })).map((item) => [item.sha256, item.id]),
      );
      const fresh = candidates.filter(({ file }) => !existing.has(file.sha256));
      await tx.importBatch.create({ data: { id: batchId, projectId, createdById: caller.user.id, channel, files: [], itemCount: fresh.length } });
      for (let start = 0; start < fresh.length; start += ITEM_CHUNK) {
        const created = await tx.item.createManyAndReturn({
          data: fresh.slice(start, start + ITEM_CHUNK).map(({ file, media, row }) => ({
            projectId,
            importBatchId: batchId,
            mediaPath: mediaPaths(projectId, file.sha256, media.extension).media,
            mimeType: media.mimeType,
            originalName: file.name,
            sha256: file.sha256,
            sizeBytes: file.size,
            width: media.width ?? null,
            height: media.height ?? null,
            durationMs: media.durationMs ?? null,
            metadata: row?.metadata ?? {},
            source: row?.source ?? null,
          })),
          select: { id: true, sha256: true },
        });
        for (const item of created) outcomes.set(firstOfContent.get(item.sha256)!, item.id);
      }
      await addImportedItems(tx, projectId, fresh.map(({ row }) => row?.metadata ?? {}));
      for (const { file } of candidates) {
        if (outcomes.has(file)) result.created.push({ id: outcomes.get(file)!, name: file.name });
        else result.duplicates.push({ name: file.name, itemId: existing.get(file.sha256)! });
      }
      // A copy's first occurrence passed inspection (a rejected one is not remembered), so it is an item now.
      for (const copy of laterCopies) {
        result.duplicates.push({ name: copy.name, itemId: existing.get(copy.sha256) ?? outcomes.get(firstOfContent.get(copy.sha256)!)! });
      }
      // The batch records every file that arrived, whatever became of it: provenance for later audits. Looked up by
      // name, not searched for: the project's other imports wait for this transaction.
      const duplicated = new Set(result.duplicates.map((duplicate) => duplicate.name));
      const reasons = new Map<string, string>();
      for (const { name, reason } of result.rejected) if (!reasons.has(name)) reasons.set(name, reason);
      const outcomeOf = (file: IncomingFile) =>
        outcomes.has(file)
          ? { outcome: "created", itemId: outcomes.get(file) }
          : duplicated.has(file.name)
            ? { outcome: "duplicate" }
            : { outcome: "rejected", reason: reasons.get(file.name) ?? null };
      await tx.importBatch.update({
        where: { id: batchId },
        data: { files: files.map((file) => ({ name: file.name, size: file.size, sha256: file.sha256 || null, ...outcomeOf(file) })) },
      });
      await recordAudit(tx, {
        actorId: caller.user.id,
        projectId,
        action: "import.create",
        targetType: "importBatch",
        targetId: batchId,
        data: { created: result.created.length, duplicates: result.duplicates.length, rejected: result.rejected.length },
      });
    });
    result.batchId = batchId;
    await settleStaging(staging, { projectId, hashes: new Set([...outcomes.keys()].map((file) => file.sha256)) });
    staging = null;
    if (candidates.some(({ file, media }) => outcomes.has(file) && isBigImage(media.width ?? null, media.height ?? null))) imageRenditionsJob.trigger({ projectId });
    if (manifest.rows.some((row) => row.tags.length)) result.tags = await tagUploadedItems(caller, projectId, manifest.rows, uploadedItems(result));
    if (prepared) {
      result.labelStudio = await importLabelStudioAnnotations(caller, projectId, prepared, uploadedItems(result), new Set(files.map((file) => file.name)), batchId, { addLabelers: confirmNewLabelers, partial, predictionsVersion });
    }
    if (datasetLabels) result.labels = await importDatasetLabels(caller, projectId, datasetLabels, uploadedItems(result), new Set(files.map((file) => file.name)), batchId);
    return result;
  } finally {
    await Promise.all(files.map((file) => rm(file.path, { force: true })));
    // After a failure, whether the batch committed after all is asked of the database; when it cannot answer, the folder
    // is marked for the sweep to ask again.
    if (staging) {
      const unsettled = staging;
      await settleStaging(unsettled).catch(async (error: unknown) => {
        console.error(`concord: import ${batchId} ended unsettled, left to the sweep: ${(error as Error).message}`);
        await rename(unsettled, `${unsettled}${UNSETTLED}`).catch(() => undefined);
      });
    }
  }
}
