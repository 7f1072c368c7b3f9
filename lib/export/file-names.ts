// The file names an export gives the media it brings: the names people uploaded them under, each used once.
import { extensionOf } from "./formats/entries";

/**
 * Gives each item of an export a file name of its own: its original name, unless an earlier item's has the same stem
 * letter case aside (a Windows or macOS disk would make them one file, and YOLO and Pascal VOC name each image's label
 * file by stem: photo.png and photo.jpg would share photo.txt). Then the first 8 hex digits of its content hash go
 * before the extension (photo-1a2b3c4d.jpg), or failing that the whole hash. Items arrive in id order, so the same
 * export names them the same. Keeps a stem per item: about 100 bytes each.
 */
export class UniqueFileNames {
  private readonly taken = new Set<string>();

  take(originalName: string, sha256: string): string {
    // Item names have no slashes or control characters (lib/validation/item-name.ts); "." and ".." would leave their folder.
    const name = originalName === "." || originalName === ".." ? "unnamed" : originalName;
    const extension = extensionOf(name);
    const stem = name.slice(0, name.length - extension.length);
    for (const candidate of [name, `${stem}-${sha256.slice(0, 8)}${extension}`, `${stem}-${sha256}${extension}`]) {
      const key = stemKey(candidate);
      if (this.taken.has(key)) continue;
      this.taken.add(key);
      return candidate;
    }
    // Hashes are unique within a project: only an uploaded name that is itself "<stem>-<this hash>" gets here.
    throw new Error(`No file name left for ${originalName} (${sha256})`);
  }
}

const stemKey = (name: string) => name.slice(0, name.length - extensionOf(name).length).toLowerCase();
