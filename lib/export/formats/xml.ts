// Writing XML by hand for the XML formats (Pascal VOC, CVAT): text escaped, nothing else needed.

// Characters XML 1.0 does not allow anywhere, not even escaped (C0 controls other than tab, newline and carriage
// return, lone surrogates, U+FFFE and U+FFFF): a parser refuses the whole file for one of them.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text or an attribute value as XML: markup characters escaped, characters XML cannot hold dropped. */
export function xmlText(value: string | number): string {
  return String(value)
    .replace(NOT_XML, "")
    .replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

/** An element holding text: `<name>text</name>`. */
export const xmlElement = (name: string, value: string | number) => `<${name}>${xmlText(value)}</${name}>`;

// A parser turns a tab, newline or carriage return in an attribute into a space unless it is a character reference.
const ATTRIBUTE_WHITESPACE: Record<string, string> = { "\t": "&#9;", "\n": "&#10;", "\r": "&#13;" };

/** Attributes as ` key="value"`, in the order given. */
export const xmlAttributes = (attributes: Record<string, string | number>) =>
  Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${xmlText(value).replace(/[\t\n\r]/g, (character) => ATTRIBUTE_WHITESPACE[character]!)}"`)
    .join("");
