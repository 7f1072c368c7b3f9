// Transcript normalisation: the rules a project may ask for before transcripts are compared.
// Nothing here runs unless a caller passes rules; without rules a transcript is compared as written.

/**
 * The marker a Concord transcript may contain for speech that cannot be made out. The same literal
 * as `UNINTELLIGIBLE` in lib/validation/project.ts (kept separate so that lib/quality imports no zod;
 * a test checks that the two agree).
 */
export const UNINTELLIGIBLE_TOKEN = "[unintelligible]";

/**
 * What `[unintelligible]` means when transcripts are compared under rules:
 * - `"keep"`: an ordinary word; it matches only another `[unintelligible]`.
 * - `"drop"`: removed before comparison, as if the labeler had written nothing there.
 * - `"wildcard"`: stands for exactly one unknown unit (one word for WER, one character for CER) and
 *   matches any single unit of the other transcript at no cost, including another `[unintelligible]`.
 *   It is still one unit: left unaligned it counts as one insertion or deletion, and it cannot absorb
 *   several words.
 */
export type UnintelligibleMode = "keep" | "drop" | "wildcard";
const UNINTELLIGIBLE_MODES: readonly string[] = ["keep", "drop", "wildcard"] satisfies UnintelligibleMode[];

/** Normalisation rules, a plain JSON-serialisable object so that a project can store its own. */
export interface NormalisationRules {
  /** Lower-case everything (JavaScript `toLowerCase`, like jiwer's `ToLowerCase`). */
  readonly lowerCase: boolean;
  /** Remove every character of Unicode general category P (`\p{P}`), as jiwer's `RemovePunctuation`: removed, not replaced by a space, so "don't" becomes "dont". */
  readonly removePunctuation: boolean;
  /** Trim and turn every run of whitespace into one space. Words are split on whitespace anyway; this changes CER and the normalised text. */
  readonly collapseWhitespace: boolean;
  /**
   * Filler words: canonical form → its variants. A whole word that equals a variant, ignoring case,
   * after lower-casing and punctuation removal (when those are on), is replaced by the canonical form.
   */
  readonly fillers: Readonly<Record<string, readonly string[]>>;
  readonly unintelligible: UnintelligibleMode;
}

/**
 * Concord's default rules: lower-case, no punctuation, collapsed whitespace, hesitation fillers
 * merged into "um" and "uh", and `[unintelligible]` kept as a word of its own, so that marking
 * speech as unintelligible agrees with another labeler doing the same but not with any word they heard.
 */
export const DEFAULT_NORMALISATION: NormalisationRules = {
  lowerCase: true,
  removePunctuation: true,
  collapseWhitespace: true,
  fillers: {
    um: ["um", "umm", "ummm", "uhm", "erm"],
    uh: ["uh", "uhh", "uhhh", "er"],
  },
  unintelligible: "keep",
};

const UNINTELLIGIBLE_PATTERN = /\[unintelligible\]/gi;
const PUNCTUATION = /\p{P}/gu;
const WHITESPACE_RUN = /\s+/g;
const WORD = /\S+/g;

/** Each variant (lower-cased) → canonical form. Malformed filler tables throw. */
function fillerLookup(fillers: NormalisationRules["fillers"]): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const [canonical, variants] of Object.entries(fillers)) {
    if (!/^\S+$/.test(canonical)) throw new Error(`filler canonical form "${canonical}" must be one non-empty word`);
    for (const variant of variants) {
      const key = variant.toLowerCase();
      if (!/^\S+$/.test(key)) throw new Error(`filler variant "${variant}" of "${canonical}" must be one non-empty word`);
      const earlier = lookup.get(key);
      if (earlier !== undefined && earlier !== canonical) throw new Error(`filler variant "${variant}" is listed under both "${earlier}" and "${canonical}"`);
      lookup.set(key, canonical);
    }
  }
  return lookup;
}

// Filler tables are small and the same object is passed for every pair of a project: build each lookup once.
const fillerLookups = new WeakMap<NormalisationRules["fillers"], Map<string, string>>();
function cachedFillerLookup(fillers: NormalisationRules["fillers"]): Map<string, string> {
  let lookup = fillerLookups.get(fillers);
  if (!lookup) {
    lookup = fillerLookup(fillers);
    fillerLookups.set(fillers, lookup);
  }
  return lookup;
}

/**
 * Apply the rules to one transcript, in this order:
 * 1. every `[unintelligible]` (any letter case) is cut out of the surrounding text; it always becomes a
 *    word of its own: with `"keep"` and `"wildcard"` it is written back as `[unintelligible]` with a
 *    space on each side, with `"drop"` it is replaced by one space (so "gas[unintelligible]station"
 *    never fuses into one word);
 * 2. the text between markers is lower-cased and stripped of punctuation (each when asked);
 * 3. filler variants are replaced word by word;
 * 4. whitespace is collapsed (when asked).
 */
export function normaliseTranscript(text: string, rules: NormalisationRules): string {
  if (!UNINTELLIGIBLE_MODES.includes(rules.unintelligible)) throw new Error(`unintelligible must be one of ${UNINTELLIGIBLE_MODES.join(", ")}, got "${rules.unintelligible}"`);
  const fillers = cachedFillerLookup(rules.fillers);
  const markerReplacement = rules.unintelligible === "drop" ? " " : ` ${UNINTELLIGIBLE_TOKEN} `;
  const pieces = text.split(UNINTELLIGIBLE_PATTERN).map((piece) => {
    let normalised = rules.lowerCase ? piece.toLowerCase() : piece;
    if (rules.removePunctuation) normalised = normalised.replace(PUNCTUATION, "");
    return normalised.replace(WORD, (word) => fillers.get(word.toLowerCase()) ?? word);
  });
  const joined = pieces.join(markerReplacement);
  return rules.collapseWhitespace ? joined.replace(WHITESPACE_RUN, " ").trim() : joined;
}

/** Words split on whitespace (any run of Unicode whitespace; empty strings never become words). */
export function splitWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** A word of a transcript as written, and the unit it is compared as. */
export interface WrittenWord {
  readonly written: string;
  /** The normalised word; null when the rules remove it (punctuation alone, or `[unintelligible]` under "drop"). */
  readonly unit: string | null;
}

// The marker as a capturing group, so that splitting keeps it.
const UNINTELLIGIBLE_PIECE = new RegExp(`(${UNINTELLIGIBLE_PATTERN.source})`, "i");

/**
 * The words of a transcript as written, in order, each with the one unit it is compared as: together
 * their units are exactly the words of `normaliseTranscript(text, rules)` (or of the text as written,
 * without rules). Under rules, a `[unintelligible]` glued to a word is cut out of it, as
 * normaliseTranscript does, so "gas[unintelligible]station" is three words here as it is three units there.
 */
export function writtenWords(text: string, rules?: NormalisationRules): WrittenWord[] {
  if (!rules) return splitWords(text).map((word) => ({ written: word, unit: word }));
  return splitWords(text)
    .flatMap((word) => word.split(UNINTELLIGIBLE_PIECE).filter(Boolean))
    .map((written) => ({ written, unit: splitWords(normaliseTranscript(written, rules))[0] ?? null }));
}
