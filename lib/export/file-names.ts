// The file names an export gives the media it brings: the names people uploaded them under, each used once.
import { extensionOf } from "./formats/entries";

// Extensions that name the same format: a name with either keeps it.
const SAME_FORMAT: Record<string, string> = { ".jpeg": ".jpg", ".tiff": ".tif", ".oga": ".ogg", ".wave": ".wav" };
const formatOf = (extension: string) => SAME_FORMAT[extension.toLowerCase()] ?? extension.toLowerCase();

/**
 * Gives each item of an export a file name of its own: its original name, with its stored format's extension added when
 * the name does not end in one of that format ("scan" or "scan.v2" stored as PNG → "scan.png", "scan.v2.png": tools pick
 * a decoder, or skip a file, by its extension), unless an earlier item's has the same stem
 * letter case aside (a Windows or macOS disk would make them one file, and YOLO and Pascal VOC name each image's label
 * file by stem: photo.png and photo.jpg would share photo.txt). Then the first 8 hex digits of its content hash go
 * before the extension (photo-1a2b3c4d.jpg), or failing that the whole hash. Items arrive in id order, so the same
 * export names them the same. Keeps a stem per item: about 100 bytes each.
 */
export class UniqueFileNames {
  private readonly taken = new Set<string>();

  take(originalName: string, sha256: string, storedExtension: string): string {
    // Item names have no slashes or control characters (lib/validation/item-name.ts); "." and ".." would leave their folder.
    const given = originalName === "." || originalName === ".." ? "unnamed" : originalName;
    const name = formatOf(extensionOf(given)) === formatOf(storedExtension) ? given : `${given}${storedExtension}`;
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
