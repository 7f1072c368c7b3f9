import { describe, expect, it } from "vitest";
import { itemName, MAX_ITEM_NAME_LENGTH } from "./item-name";

describe("item names (issue 19 #22)", () => {
  it("drops control characters and the bidirectional controls that make a name read backwards", () => {
    // U+202E turns "photo-gnp.exe" into what looks like "photo-exe.png".
    expect(itemName("photo-\u202Egnp.exe")).toBe("photo-gnp.exe");
    expect(itemName("a\u0000b\u0007c\u001b[31md\u007f\u0085e.wav")).toBe("abc[31mde.wav");
    expect(itemName("\u2066x\u2069\u200E\u200F\u061C\u202A\u202B\u202C\u202D.png")).toBe("x.png");
    // Characters that only look unusual are kept: accents, scripts, emoji sequences joined with U+200D.
    expect(itemName("Ünïcödé 録音 👩‍🔬.flac")).toBe("Ünïcödé 録音 👩‍🔬.flac");
  });

  it("keeps the last part of a path, whichever separator, trimmed as manifest names are", () => {
    expect(itemName("  clips/day 1/clip1.wav \t")).toBe("clip1.wav");
    expect(itemName("C:\\Users\\ann\\clip1.wav")).toBe("clip1.wav");
    expect(itemName(" \u202E ")).toBe("unnamed");
    expect(itemName("")).toBe("unnamed");
  });

  it(`caps a name at ${MAX_ITEM_NAME_LENGTH} characters, keeping its extension`, () => {
    const long = itemName(`${"a".repeat(5000)}.jpeg`);
    expect(long).toHaveLength(MAX_ITEM_NAME_LENGTH);
    expect(long.endsWith("a.jpeg")).toBe(true);
    // Characters beyond the basic plane count once and are never cut in half.
    const emoji = itemName("😀".repeat(300));
    expect(Array.from(emoji)).toHaveLength(MAX_ITEM_NAME_LENGTH);
    expect(emoji).toBe("😀".repeat(MAX_ITEM_NAME_LENGTH));
    // An "extension" as long as a name is just text.
    expect(itemName(`x.${"b".repeat(400)}`)).toBe(`x.${"b".repeat(MAX_ITEM_NAME_LENGTH - 2)}`);
  });
});
