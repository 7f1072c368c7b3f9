import { describe, expect, it } from "vitest";
import { UniqueFileNames } from "./file-names";

describe("UniqueFileNames (issue 21: original file names in every format)", () => {
  it("keeps each original name, and gives a later one of the same stem, letter case aside, its hash before the extension", () => {
    const names = new UniqueFileNames();
    expect(names.take("photo.png", "1a2b3c4d5e", ".png")).toBe("photo.png");
    expect(names.take("Photo.JPG", "9f8e7d6c5b", ".jpg")).toBe("Photo-9f8e7d6c.JPG");
    expect(names.take("photo.png", "0123456789", ".png")).toBe("photo-01234567.png");
    expect(names.take("other.jpeg", "aaaaaaaaaa", ".jpg")).toBe("other.jpeg");
  });

  it("falls back to the whole hash when the short one is taken, and keeps names inside their folder", () => {
    const names = new UniqueFileNames();
    expect(names.take("a-12345678.png", "ffff", ".png")).toBe("a-12345678.png");
    expect(names.take("a.png", "1234567890", ".png")).toBe("a.png");
    expect(names.take("a.png", "12345678ab", ".png")).toBe("a-12345678ab.png");
    expect(names.take("..", "abcdef0123", ".png")).toBe("unnamed.png");
  });

  // A tool picks a decoder, or skips a file, by its extension: Ultralytics skipped "scan" and its labels unseen.
  it("adds the stored format's extension to a name without one of that format, before making it unique by stem", () => {
    const names = new UniqueFileNames();
    expect(names.take("scan", "1111111111", ".png")).toBe("scan.png");
    expect(names.take("scan.v2", "2222222222", ".png")).toBe("scan.v2.png");
    // Its stem, scan.v2, is taken by the one before: YOLO would have given both labels/…/scan.v2.txt.
    expect(names.take("scan.v2.jpg", "3333333333", ".jpg")).toBe("scan.v2-33333333.jpg");
    expect(names.take("photo.png", "4444444444", ".jpg")).toBe("photo.png.jpg");
  });
});
