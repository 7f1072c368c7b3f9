/**
 * Splits a pasted list of emails into entries: separated by commas, semicolons, spaces or new lines, with the forms
 * mail programs copy (`Dana Scully <dana@example.com>`, `"Scully, Dana" <dana@example.com>`) reduced to the address.
 * Entries are trimmed and each address is kept once (case does not matter), in the order pasted. Nothing is
 * validated here: an entry that is not an email is kept, so the caller can say which one it was.
 */
export function splitEmailList(text: string): string[] {
  const withoutQuotedNames = text.replace(/"[^"]*"/g, " ");
  const entries: string[] = [];
  for (const chunk of withoutQuotedNames.split(/[,;\n\r]+/)) {
    const bracketed = [...chunk.matchAll(/<([^<>]*)>/g)].map((match) => match[1]!.trim());
    if (bracketed.length) {
      // The words around the brackets are the name, unless one looks like an address of its own.
      const rest = chunk.replace(/<[^<>]*>/g, " ").split(/\s+/).filter((word) => word.includes("@"));
      entries.push(...bracketed, ...rest);
    } else {
      entries.push(...chunk.split(/\s+/));
    }
  }
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const key = entry.toLowerCase();
    if (!entry || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
