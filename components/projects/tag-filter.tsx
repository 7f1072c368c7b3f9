"use client";

import { usePathname, useRouter } from "next/navigation";
import { useId } from "react";

/** Sets one of the item list's filters in the address (an empty value removes it), keeping the others. */
export function useFilterSetter(filters: string): (key: string, value: string) => void {
  const router = useRouter();
  const pathname = usePathname();
  return (key, value) => {
    const next = new URLSearchParams(filters);
    if (value) next.set(key, value);
    else next.delete(key);
    router.push(next.size ? `${pathname}?${next}` : pathname);
  };
}

/**
 * Narrows the item list to the items carrying one of the project's tags: the address's `tag=` changes, so the list
 * can be shared and its other filters stay.
 */
export function TagFilter({ tags, filters }: { tags: { name: string; items: number }[]; filters: string }) {
  const id = useId();
  const setFilter = useFilterSetter(filters);
  const current = new URLSearchParams(filters).get("tag") ?? "";
  const choose = (tag: string) => setFilter("tag", tag);
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={id} className="font-medium text-slate-700">
        Tag
      </label>
      <select
        id={id}
        value={current}
        onChange={(event) => choose(event.target.value)}
        disabled={!tags.length && !current}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 disabled:text-slate-400"
      >
        <option value="">{tags.length || current ? "Any tag" : "No tags yet"}</option>
        {/* A tag named in the address that the list lacks (a typo, a tag since removed) stays selectable to clear. */}
        {current && !tags.some((tag) => tag.name === current) ? <option value={current}>{current}</option> : null}
        <TagOptions tags={tags} />
      </select>
    </div>
  );
}

/** A select's options of the project's tags, each with how many items carry it. */
export function TagOptions({ tags }: { tags: { name: string; items: number }[] }) {
  return tags.map((tag) => (
    <option key={tag.name} value={tag.name}>
      {tag.name} ({tag.items.toLocaleString("en")})
    </option>
  ));
}
