// The files an export builds up across its pages (COCO's annotations of each split, a split's manifest): kept on the
// export process's disk while the items stream in, and zipped once the last is written. Memory stays flat whatever
// their size: each part holds at most a buffer's worth of text before it goes to its file.
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Text a part keeps before writing it out: one write per this much rather than per item.
const BUFFER_BYTES = 1 << 20;

interface Part {
  file: string;
  pending: string[];
  pendingBytes: number;
}

export class Spool {
  private readonly folder = mkdtempSync(path.join(tmpdir(), "concord-export-"));
  /** Each file's number (naming its parts on disk) and parts by number, in the order the files were first appended to. */
  private readonly files = new Map<string, { number: number; parts: Part[] }>();

  append(name: string, text: string, part = 0): void {
    let spooledFile = this.files.get(name);
    if (!spooledFile) this.files.set(name, (spooledFile = { number: this.files.size, parts: [] }));
    const spooled = (spooledFile.parts[part] ??= { file: path.join(this.folder, `${spooledFile.number}-${part}`), pending: [], pendingBytes: 0 });
    spooled.pending.push(text);
    spooled.pendingBytes += text.length;
    if (spooled.pendingBytes >= BUFFER_BYTES) flush(spooled);
  }

  /** Whether anything was appended to this file. */
  holds(name: string): boolean {
    return this.files.has(name);
  }

  /** The files, in the order they were first appended to. */
  names(): string[] {
    return [...this.files.keys()];
  }

  /** A file's bytes, its parts in order. */
  async *read(name: string): AsyncGenerator<Buffer> {
    for (const part of this.files.get(name)?.parts ?? []) {
      if (!part) continue; // a part number skipped
      flush(part);
      for await (const chunk of createReadStream(part.file)) yield chunk as Buffer;
    }
  }

  remove(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }
}

function flush(part: Part): void {
  const descriptor = openSync(part.file, "a");
  try {
    writeSync(descriptor, part.pending.join(""));
  } finally {
    closeSync(descriptor);
  }
  part.pending = [];
  part.pendingBytes = 0;
}
