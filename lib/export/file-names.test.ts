import { describe, expect, it } from "vitest";
import { UniqueFileNames } from "./file-names";

describe("UniqueFileNames (issue 21: original file names in every format)", () => {
  it("keeps each original name, and gives a later one of the same stem, letter case aside, its hash before the extension", () => {
    const names = new UniqueFileNames();
    expect(names.take("photo.png", "1a2b3c4d5e")).toBe("photo.png");
    expect(names.take("Photo.JPG", "9f8e7d6c5b")).toBe("Photo-9f8e7d6c.JPG");
    expect(names.take("photo.png", "0123456789")).toBe("photo-01234567.png");
    expect(names.take("other.png", "aaaaaaaaaa")).toBe("other.png");
  });

  it("falls back to the whole hash when the short one is taken, and keeps names inside their folder", () => {
    const names = new UniqueFileNames();
    expect(names.take("a-12345678.png", "ffff")).toBe("a-12345678.png");
    expect(names.take("a.png", "1234567890")).toBe("a.png");
    expect(names.take("a.png", "12345678ab")).toBe("a-12345678ab.png");
    expect(names.take("..", "abcdef0123")).toBe("unnamed");
    expect(names.take("noextension", "abcdef0123")).toBe("noextension");
  });
});
