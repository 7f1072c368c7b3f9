import yauzl from "yauzl";

/** The entries of a zip as text, read back with an independent reader. */
export async function unzip(source: ReadableStream<Uint8Array> | Buffer): Promise<Map<string, string>> {
  return new Map([...(await unzipBytes(source))].map(([name, bytes]) => [name, bytes.toString("utf8")]));
}

/** The entries of a zip as bytes (media), read back with an independent reader. */
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
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        }, reject);
    });
    zip.on("end", resolve).on("error", reject);
    zip.readEntry();
  });
  return entries;
}
