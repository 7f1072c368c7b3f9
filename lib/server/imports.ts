// Imports: files (with an optional manifest, and optionally a Label Studio export with their annotations)
// become items of a project, as one import batch.
// Nothing is stored before it is validated, a rejected file leaves no trace, and uploads stream to
// disk so that memory stays flat whatever the file size.
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import Busboy from "busboy";
import { recordAudit } from "./audit";
import { requireProjectRole, type Caller } from "./auth/caller";
import { db } from "./db/client";
import { AppError } from "./errors";
import { importLabelStudioAnnotations, readLabelStudioExport, type LabelStudioOutcome } from "./label-studio-import";
import { parseManifest, type Manifest, type ManifestRow } from "./manifest";
import { inspectMedia, MediaRejected, type InspectedMedia } from "./media/inspect";
import { incomingDir, mediaPaths, removeStored, storeMedia } from "./media/store";
import { addImportedItems } from "./statistics";

/** The largest file accepted, 1 GB unless CONCORD_MAX_UPLOAD_BYTES says otherwise. */
export function maxUploadBytes(): number {
  return Number(process.env.CONCORD_MAX_UPLOAD_BYTES ?? 1024 ** 3);
}
const MAX_TEXT_PART_BYTES = 50 * 1024 ** 2;

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
}

/** A small part of an upload kept in memory: the manifest, or a Label Studio export. */
export interface TextPart {
  name: string;
  text: string;
}

const TEXT_PARTS = ["manifest", "labelStudio"] as const;

/**
 * Streams a request's multipart body to disk: `files` parts (any number), an optional `manifest` part and an
 * optional `labelStudio` part (a Label Studio JSON export whose annotations come along).
 */
export async function receiveMultipart(request: Request): Promise<{ files: IncomingFile[] } & Record<(typeof TEXT_PARTS)[number], TextPart | null>> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data") || !request.body) {
    throw new AppError("bad_request", "Send multipart/form-data with one or more \"files\" parts, an optional \"manifest\" part and an optional \"labelStudio\" part.");
  }
  await mkdir(incomingDir(), { recursive: true });
  const files: IncomingFile[] = [];
  const texts: Record<(typeof TEXT_PARTS)[number], TextPart | null> = { manifest: null, labelStudio: null };
  const pending: Promise<void>[] = [];
  const limit = maxUploadBytes();
  const parser = Busboy({ headers: { "content-type": contentType }, limits: { fileSize: limit, files: 10_000 }, defParamCharset: "utf8" });

  parser.on("file", (field, stream, info) => {
    const name = path.basename(info.filename || "unnamed");
    const textPart = TEXT_PARTS.find((part) => part === field);
    if (textPart) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_TEXT_PART_BYTES) chunks.push(chunk);
      });
      pending.push(
        new Promise((resolve, reject) => {
          stream.on("end", () => {
            if (size > MAX_TEXT_PART_BYTES) return reject(new AppError("bad_request", `The ${textPart} part is larger than ${MAX_TEXT_PART_BYTES / 1024 ** 2} MB.`));
            texts[textPart] = { name, text: Buffer.concat(chunks).toString("utf8") };
            resolve();
          });
          stream.on("error", reject);
        }),
      );
      return;
    }
    if (field !== "files") {
      stream.resume();
      return;
    }
    const incoming: IncomingFile = { name, path: path.join(incomingDir(), randomUUID()), size: 0, sha256: "" };
    files.push(incoming);
    const hash = createHash("sha256");
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        incoming.size += chunk.length;
        callback(null, chunk);
      },
    });
    stream.on("limit", () => {
      incoming.refused = `larger than the ${formatBytes(limit)} limit per file`;
    });
    pending.push(
      pipeline(stream, measure, createWriteStream(incoming.path)).then(() => {
        incoming.sha256 = hash.digest("hex");
      }),
    );
  });

  try {
    await pipeline(Readable.fromWeb(request.body as import("node:stream/web").ReadableStream), parser);
    await Promise.all(pending);
  } catch (error) {
    await Promise.all(files.map((file) => rm(file.path, { force: true })));
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request", `The upload could not be read: ${(error as Error).message}`);
  }
  return { files, ...texts };
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${+(bytes / 1024 ** 3).toFixed(2)} GB` : `${+(bytes / 1024 ** 2).toFixed(2)} MB`;
}

interface Candidate {
  file: IncomingFile;
  media: InspectedMedia;
  row: ManifestRow | undefined;
}

/**
 * Turns incoming files into items of a project. Every file ends up created, a duplicate or rejected
 * with its reason; the incoming files are gone afterwards either way.
 */
export async function importFiles(
  caller: Caller,
  projectId: string,
  files: IncomingFile[],
  manifestSource: TextPart | null,
  channel: string,
  labelStudio: TextPart | null = null,
): Promise<ImportResult> {
  const result: ImportResult = { batchId: null, created: [], duplicates: [], rejected: [] };
  const written: string[] = [];
  try {
    await requireProjectRole(caller, projectId, "manager");
    const project = await db().project.findUniqueOrThrow({ where: { id: projectId }, select: { mediaKind: true } });
    if (!files.length && !labelStudio) throw new AppError("bad_request", 'No files: send one or more "files" parts (or a "labelStudio" export for items already here).');
    const labelStudioJson = labelStudio ? readLabelStudioExport(labelStudio.name, labelStudio.text) : undefined;

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
        const media = await inspectMedia(file.path, project.mediaKind);
        firstOfContent.set(file.sha256, file);
        candidates.push({ file, media, row: rowsByFile.get(file.name) });
      } catch (error) {
        if (!(error instanceof MediaRejected)) throw error;
        result.rejected.push({ name: file.name, reason: error.message });
      }
    }

    const existing = new Map(
      (
        await db().item.findMany({ where: { projectId, sha256: { in: candidates.map((candidate) => candidate.file.sha256) } }, select: { id: true, sha256: true } })
      ).map((item) => [item.sha256, item.id]),
    );
    const fresh = candidates.filter((candidate) => {
      const itemId = existing.get(candidate.file.sha256);
      if (itemId) result.duplicates.push({ name: candidate.file.name, itemId });
      return !itemId;
    });

    for (const { file, media } of fresh) {
      written.push(...(await storeMedia(projectId, file.sha256, media.extension, file.path, { thumbnail: media.thumbnail, peaks: media.peaks })));
    }
    const outcomes = new Map<IncomingFile, string>();
    const batch = await db().$transaction(async (tx) => {
      const created = await tx.importBatch.create({ data: { projectId, createdById: caller.user.id, channel, files: [], itemCount: fresh.length } });
      for (const { file, media, row } of fresh) {
        const item = await tx.item.create({
          data: {
            projectId,
            importBatchId: created.id,
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
          },
          select: { id: true },
        });
        result.created.push({ id: item.id, name: file.name });
        outcomes.set(file, item.id);
      }
      await addImportedItems(tx, projectId, fresh.map(({ row }) => row?.metadata ?? {}));
      // A copy's first occurrence passed inspection (a rejected one is not remembered), so it is an item now.
      for (const copy of laterCopies) {
        result.duplicates.push({ name: copy.name, itemId: existing.get(copy.sha256) ?? outcomes.get(firstOfContent.get(copy.sha256)!)! });
      }
      // The batch records every file that arrived, whatever became of it: provenance for later audits.
      const outcomeOf = (file: IncomingFile) =>
        outcomes.has(file)
          ? { outcome: "created", itemId: outcomes.get(file) }
          : result.duplicates.find((duplicate) => duplicate.name === file.name)
            ? { outcome: "duplicate" }
            : { outcome: "rejected", reason: result.rejected.find((rejection) => rejection.name === file.name)?.reason ?? null };
      await tx.importBatch.update({
        where: { id: created.id },
        data: { files: files.map((file) => ({ name: file.name, size: file.size, sha256: file.sha256 || null, ...outcomeOf(file) })) },
      });
      await recordAudit(tx, {
        actorId: caller.user.id,
        projectId,
        action: "import.create",
        targetType: "importBatch",
        targetId: created.id,
        data: { created: result.created.length, duplicates: result.duplicates.length, rejected: result.rejected.length },
      });
      return created;
    });
    result.batchId = batch.id;
    written.length = 0; // the items own these files now
    if (labelStudio) {
      const uploaded = new Map([...result.created.map((item) => [item.name, item.id] as const), ...result.duplicates.map((item) => [item.name, item.itemId] as const)]);
      result.labelStudio = await importLabelStudioAnnotations(caller, projectId, labelStudioJson, uploaded, new Set(files.map((file) => file.name)), batch.id);
    }
    return result;
  } finally {
    await removeStored(written);
    await Promise.all(files.map((file) => rm(file.path, { force: true })));
  }
}
