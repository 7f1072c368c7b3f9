import type { DiffBlock } from "@/lib/guidelines/diff";

/** Unchanged lines kept visible on each side of a long unchanged stretch; the rest folds away. */
const CONTEXT_LINES = 3;

const KINDS = {
  added: { marker: "+", label: "Added", block: "bg-emerald-50 text-emerald-900 no-underline", text: "" },
  removed: { marker: "−", label: "Removed", block: "bg-red-50 text-red-800 no-underline", text: "line-through decoration-red-400" },
  same: { marker: "", label: "Unchanged", block: "text-slate-500", text: "" },
} as const;

function Lines({ kind, lines }: { kind: DiffBlock["kind"]; lines: string[] }) {
  return lines.map((line, index) => (
    <span key={index} className="flex">
      <span aria-hidden="true" className="w-6 shrink-0 select-none text-center font-semibold">
        {KINDS[kind].marker}
      </span>
      {/* A non-breaking space keeps an empty line one line tall. */}
      <span className={`min-w-0 whitespace-pre-wrap break-words ${KINDS[kind].text}`}>{line || "\u00a0"}</span>
    </span>
  ));
}

function Block({ kind, text }: DiffBlock) {
  const lines = text.split("\n");
  const className = `block py-0.5 ${KINDS[kind].block}`;
  if (kind === "added" || kind === "removed") {
    const Tag = kind === "added" ? "ins" : "del";
    return (
      <Tag className={className}>
        <span className="sr-only">{KINDS[kind].label}: </span>
        <Lines kind={kind} lines={lines} />
      </Tag>
    );
  }
  if (lines.length <= 2 * CONTEXT_LINES + 1) {
    return (
      <div className={className}>
        <Lines kind={kind} lines={lines} />
      </div>
    );
  }
  const folded = lines.slice(CONTEXT_LINES, -CONTEXT_LINES);
  return (
    <div className={className}>
      <Lines kind={kind} lines={lines.slice(0, CONTEXT_LINES)} />
      <details>
        <summary className="cursor-pointer py-0.5 pl-6 font-sans text-slate-600 hover:text-slate-900">{folded.length} unchanged lines</summary>
        <Lines kind={kind} lines={folded} />
      </details>
      <Lines kind={kind} lines={lines.slice(-CONTEXT_LINES)} />
    </div>
  );
}

/**
 * A line diff of two guideline texts: added lines green with "+", removed lines red and struck through
 * with "−", unchanged lines muted. The markers and the ins/del elements carry the meaning, not only the colour.
 */
export function GuidelineDiff({ blocks, label }: { blocks: DiffBlock[]; label: string }) {
  if (!blocks.some((block) => block.kind !== "same")) return <p className="text-sm text-slate-600">The text did not change.</p>;
  return (
    <div role="group" aria-label={label} className="space-y-2">
      <p aria-hidden="true" className="text-xs text-slate-500">
        <span className="font-semibold text-emerald-800">+</span> added · <span className="font-semibold text-red-700">−</span> removed
      </p>
      <div className="overflow-x-auto rounded-md border border-slate-200 bg-white py-1 font-mono text-xs leading-5">
        {blocks.map((block, index) => (
          <Block key={index} {...block} />
        ))}
      </div>
    </div>
  );
}
