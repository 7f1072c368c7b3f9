"use client";
// Narrows the item list to items with an open discussion, or whose discussion mentions some text: the address's
// `discussion=` and `q=` change, so the list can be shared and its other filters stay.
import { useId } from "react";
import { Button } from "@/components/ui/button";
import { useFilterSetter } from "./tag-filter";

export function DiscussionFilter({ filters }: { filters: string }) {
  const id = useId();
  const setFilter = useFilterSetter(filters);
  const current = new URLSearchParams(filters);
  return (
    <div className="flex flex-wrap items-center gap-4 text-sm">
      <label className="flex items-center gap-2 font-medium text-slate-700">
        <input type="checkbox" checked={current.get("discussion") === "open"} onChange={(event) => setFilter("discussion", event.target.checked ? "open" : "")} />
        Has open discussion
      </label>
      <form
        // Anew when the address's text changes (Clear filters), so the box shows what is searched.
        key={current.get("q") ?? ""}
        role="search"
        className="flex items-center gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          setFilter("q", String(new FormData(event.currentTarget).get("q") ?? "").trim());
        }}
      >
        <label htmlFor={id} className="font-medium text-slate-700">
          Search discussions
        </label>
        <input
          id={id}
          name="q"
          type="search"
          maxLength={200}
          defaultValue={current.get("q") ?? ""}
          className="w-56 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
        />
        <Button type="submit" variant="secondary" className="px-2.5 py-1.5">
          Search
        </Button>
      </form>
    </div>
  );
}
