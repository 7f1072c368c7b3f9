import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import yauzl from "yauzl";

/** The entries of a zip as text, read back with an independent reader. */
export async function unzip(source: ReadableStream<Uint8Array> | Buffer): Promise<Map<string, string>> {
  return new Map([...(await unzipBytes(source))].map(([name, bytes]) => [name, bytes.toString("utf8")]));
}

/** The entries of a zip as bytes (media), read back with an independent reader, each checked against its CRC-32. */
export async function unzipBytes(source: ReadableStream<Uint8Array> | Buffer): Promise<Map<string, Buffer>> {
  const buffer = Buffer.isBuffer(source) ? source : Buffer.from(await new Response(source).arrayBuffer());
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true });
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      zip
        .openReadStreamPromise(entry)
        .then((content) => content.toArray())
        .then((chunks: Buffer[]) => {
          const content = Buffer.concat(chunks);
          if (zlib.crc32(content) !== entry.crc32) throw new Error(`${entry.fileName}: CRC-32 ${zlib.crc32(content)} does not match the zip's ${entry.crc32}`);
          entries.set(entry.fileName, content);
          zip.readEntry();
        }, reject);
    });
    zip.on("end", resolve).on("error", reject);
    zip.readEntry();
  });
  return entries;
}

/** A zip unpacked into a new temporary folder by Python's zipfile (an independent reader); returns the folder. */
export function extractedWithPython(zip: Buffer): string {
  const folder = mkdtempSync(path.join(tmpdir(), "concord-unzipped-"));
  writeFileSync(path.join(folder, "export.zip"), zip);
  execFileSync("python3", ["-m", "zipfile", "-e", path.join(folder, "export.zip"), path.join(folder, "files")]);
  return path.join(folder, "files");
}
