// What an item may be called: the name a file was uploaded or listed under, as screens, lists and exports show it.

/** Longer names are cut (most file systems stop at 255 bytes; no screen shows more). */
export const MAX_ITEM_NAME_LENGTH = 255;
/** Extensions up to this long are kept when a name is cut. */
const MAX_KEPT_EXTENSION = 16;

// Control characters (C0, DEL, C1) and the bidirectional controls (marks, embeddings, overrides, isolates), which
// make a name read differently from what it is: "photo-\u202Egnp.exe" shows as "photo-exe.png".
const HIDDEN = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

/** An uploaded or listed file name as an item's name: its last path part, without hidden characters, trimmed, capped. */
export function itemName(raw: string): string {
  const name = (raw.split(/[\\/]/).pop() ?? "").replace(HIDDEN, "").trim();
  const characters = Array.from(name); // code points: a character outside the basic plane is never cut in half
  if (characters.length <= MAX_ITEM_NAME_LENGTH) return name || "unnamed";
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 && name.length - dot <= MAX_KEPT_EXTENSION ? Array.from(name.slice(dot)) : [];
  return [...characters.slice(0, MAX_ITEM_NAME_LENGTH - extension.length), ...extension].join("");
}
