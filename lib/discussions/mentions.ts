// @mentions in a comment's markdown: "@alice" (a member's name, or the part of their email before the @) or
// "@alice@example.com" (their email). Pure: the service resolves the handles against the project's members.

/** A member a mention may name. */
export interface Mentionable {
  id: string;
  name: string;
  email: string;
}

// A handle starts after the start of the text or a character that cannot be part of an email or word, so
// "bob@example.com" written plainly is not a mention of "example.com". Names with spaces are written without them.
const MENTION = /(?<![\w.@+-])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)/g;

/** Code spans and fenced blocks: an "@" inside them is code, not a mention. */
const CODE = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;

/**
 * The handles mentioned in a markdown body, lower-cased, each once, in order of first appearance; a trailing "."
 * (end of a sentence) is not part of one.
 * @example mentionHandles("Thanks @Alice, ask @bob@example.com.") // ["alice", "bob@example.com"]
 */
export function mentionHandles(body: string): string[] {
  const handles = new Set<string>();
  for (const match of body.replace(CODE, " ").matchAll(MENTION)) {
    const handle = match[1]!.replace(/\.+$/, "").toLowerCase();
    if (handle) handles.add(handle);
  }
  return [...handles];
}

/** The handles a member answers to: their email, the part before its @, and their name without spaces. */
export function handlesOf(member: Mentionable): string[] {
  const email = member.email.toLowerCase();
  return [email, email.split("@")[0]!, member.name.replace(/\s+/g, "").toLowerCase()].filter(Boolean);
}

/**
 * The members a body mentions, each once, in order of first mention. A handle several members answer to (two
 * people named Sam) names none of them: a mention reaches whom the writer meant or nobody, and an email is exact.
 */
export function resolveMentions(body: string, members: readonly Mentionable[]): Mentionable[] {
  const byHandle = new Map<string, Mentionable | null>();
  for (const member of members) {
    for (const handle of new Set(handlesOf(member))) byHandle.set(handle, byHandle.has(handle) && byHandle.get(handle)?.id !== member.id ? null : member);
  }
  const found = new Map<string, Mentionable>();
  for (const handle of mentionHandles(body)) {
    const member = byHandle.get(handle);
    if (member) found.set(member.id, member);
  }
  return [...found.values()];
}

/** The handle the composer inserts for a member: their email, which names exactly one person. */
export function mentionFor(member: Pick<Mentionable, "email">): string {
  return `@${member.email}`;
}

/**
 * The partial mention the caret is in ("@ali|" → "ali"), for the composer's autocomplete; null when the caret is not
 * right after one.
 */
export function mentionQueryAt(text: string, caret: number): { query: string; start: number } | null {
  const match = /(?<![\w.@+-])@([\w.+@-]*)$/.exec(text.slice(0, caret));
  return match ? { query: match[1]!.toLowerCase(), start: match.index } : null;
}
