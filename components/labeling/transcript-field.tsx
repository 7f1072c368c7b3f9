"use client";
// A transcript box with the [unintelligible] token one key (Alt+U) or one click away.
import { useId, useRef } from "react";
import { UNINTELLIGIBLE } from "@/lib/validation/project";

export function TranscriptField({ label, value, onChange, rows = 2, inputRef }: { label: string; value: string; onChange: (text: string) => void; rows?: number; inputRef?: React.Ref<HTMLTextAreaElement> }) {
  const own = useRef<HTMLTextAreaElement | null>(null);
  const id = useId();
  const insertUnintelligible = () => {
    const field = own.current;
    const start = field?.selectionStart ?? value.length;
    const end = field?.selectionEnd ?? value.length;
    const before = value.slice(0, start);
    const token = `${before && !before.endsWith(" ") ? " " : ""}${UNINTELLIGIBLE}`;
    onChange(before + token + value.slice(end));
    requestAnimationFrame(() => {
      field?.focus();
      field?.setSelectionRange(start + token.length, start + token.length);
    });
  };
  return (
    <div>
      <div className="flex items-center justify-between gap-2">
        <label htmlFor={id} className="font-semibold text-slate-900">
          {label}
        </label>
        <button type="button" onClick={insertUnintelligible} className="rounded border border-slate-300 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-50" title="Alt+U">
          {UNINTELLIGIBLE}
        </button>
      </div>
      <textarea
        id={id}
        ref={(node) => {
          own.current = node;
          if (typeof inputRef === "function") inputRef(node);
          else if (inputRef) inputRef.current = node;
        }}
        value={value}
        rows={rows}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.altKey && event.key.toLowerCase() === "u") {
            event.preventDefault();
            insertUnintelligible();
          }
          // Escape hands the keyboard back to the workspace's shortcuts.
          if (event.key === "Escape") event.currentTarget.blur();
        }}
        className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
      />
    </div>
  );
}
