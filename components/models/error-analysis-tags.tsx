"use client";
// An item's tags as removable chips, and an input that adds more: suggestions from the project's tags as you type
// (with their counts and descriptions), Enter adds the suggestion chosen or the text typed (a new tag is made),
// Backspace in the empty input removes the last tag, Escape leaves the input.
import { forwardRef, useId, useState } from "react";

export interface ProjectTag {
  name: string;
  description: string;
  items: number;
}

/** Suggestions shown at once: the project's tags that contain what is typed, most used first. */
const MAX_SUGGESTIONS = 8;

export const TagEditor = forwardRef<
  HTMLInputElement,
  {
    tags: readonly string[];
    projectTags: readonly ProjectTag[];
    /** The nine most used tags, toggled by the keys 1–9. */
    numbered: readonly string[];
    busy: boolean;
    error: string | null;
    onAdd: (name: string) => void;
    onRemove: (name: string) => void;
  }
>(function TagEditor({ tags, projectTags, numbered, busy, error, onAdd, onRemove }, input) {
  const [text, setText] = useState("");
  const [active, setActive] = useState(-1);
  const listId = useId();
  const errorId = useId();
  const typed = text.trim().toLowerCase();
  const suggestions = typed ? projectTags.filter((tag) => tag.name.toLowerCase().includes(typed) && !tags.includes(tag.name)).slice(0, MAX_SUGGESTIONS) : [];
  const add = (name: string) => {
    if (!name.trim()) return;
    onAdd(name.trim());
    setText("");
    setActive(-1);
  };
  return (
    <div className="space-y-2">
      <ul aria-label="This item's tags" className="flex min-h-7 flex-wrap gap-1.5">
        {tags.map((tag) => (
          <li key={tag} className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-0.5 pr-1 pl-2.5 text-sm text-brand-800">
            {tag}
            <button type="button" aria-label={`Remove tag ${tag}`} onClick={() => onRemove(tag)} className="rounded-full px-1.5 text-brand-700 hover:bg-brand-100">
              ×
            </button>
          </li>
        ))}
        {tags.length ? null : <li className="text-sm text-slate-500">No tags yet.</li>}
      </ul>
      <div className="relative">
        <input
          ref={input}
          role="combobox"
          aria-label="Add a tag"
          aria-expanded={suggestions.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
          aria-describedby={error ? errorId : undefined}
          aria-invalid={error ? true : undefined}
          value={text}
          aria-busy={busy}
          placeholder="Add a tag: type, Enter (T to come here)"
          onChange={(event) => {
            setText(event.target.value);
            setActive(-1);
          }}
          onKeyDown={(event) => {
            if (event.key === "ArrowDown" || event.key === "ArrowUp") {
              event.preventDefault();
              const step = event.key === "ArrowDown" ? 1 : -1;
              // From no choice, down goes to the first suggestion and up to the last.
              if (suggestions.length) setActive((current) => (current + step + suggestions.length + (current < 0 && step < 0 ? 1 : 0)) % suggestions.length);
            } else if (event.key === "Enter") {
              event.preventDefault();
              add(active >= 0 ? suggestions[active]!.name : text);
            } else if (event.key === "Backspace" && !text && tags.length) {
              event.preventDefault();
              onRemove(tags.at(-1)!);
            } else if (event.key === "Escape") {
              setText("");
              event.currentTarget.blur();
            }
          }}
          className="block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
        />
        {suggestions.length ? (
          <ul id={listId} role="listbox" aria-label="Project tags" className="absolute z-10 mt-1 w-full rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg">
            {suggestions.map((tag, index) => (
              <li
                key={tag.name}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                // Before the input loses focus, so the click adds the tag rather than closing the list.
                onMouseDown={(event) => {
                  event.preventDefault();
                  add(tag.name);
                }}
                className={`cursor-pointer px-2 py-1 ${index === active ? "bg-brand-50" : "hover:bg-slate-50"}`}
              >
                <span className="font-medium">{tag.name}</span> <span className="text-xs text-slate-500">· {tag.items} item{tag.items === 1 ? "" : "s"}</span>
                {tag.description ? <span className="block truncate text-xs text-slate-500">{tag.description}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {error ? (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {numbered.length ? (
        <div>
          <p className="text-xs text-slate-600">Most used (press its number to add or remove it):</p>
          <ul aria-label="Most used tags" className="mt-1 flex flex-wrap gap-1.5">
            {numbered.map((tag, index) => (
              <li key={tag}>
                <button
                  type="button"
                  aria-pressed={tags.includes(tag)}
                  onClick={() => (tags.includes(tag) ? onRemove(tag) : onAdd(tag))}
                  className={`rounded-md border px-2 py-0.5 text-sm ${tags.includes(tag) ? "border-brand-500 bg-brand-50 text-brand-800" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"}`}
                >
                  <kbd className="font-mono text-xs text-slate-500">{index + 1}</kbd> {tag}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
});
