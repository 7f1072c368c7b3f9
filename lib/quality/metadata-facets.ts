// The item metadata keys a project's figures are broken down by (its facets): keys with a few values (device,
// accent, factory line), decided as items are imported. A key with many values (a file name, a speaker id) is no
// facet for good, so a breakdown costs as much as its values whatever the project's size.
// Pure: lib/server/statistics.ts keeps a project's facets.
import { compareCodeUnits } from "./consensus/ratings";

/** At most this many values per facet, and at most this many facets per project. */
export const MAX_FACET_VALUES = 20;
export const MAX_FACETS = 20;

/** Metadata key → the values imported so far, or null: too many values to break figures down by. */
export type MetadataFacets = Record<string, string[] | null>;

type Metadata = Readonly<Record<string, unknown>>;

/** A metadata value as a facet value; objects, lists and nulls are no value to group by. */
function facetValue(value: unknown): string | null {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : null;
}

/** The facets once these items' metadata is seen too. A key past MAX_FACET_VALUES values, or past MAX_FACETS keys, is no facet. */
export function mergeFacets(facets: MetadataFacets, records: Iterable<Metadata>): MetadataFacets {
  const merged: MetadataFacets = Object.fromEntries(Object.entries(facets).map(([key, values]) => [key, values && [...values]]));
  let live = Object.values(merged).filter((values) => values !== null).length;
  for (const record of records) {
    for (const [key, raw] of Object.entries(record)) {
      const value = facetValue(raw);
      if (value === null || merged[key] === null) continue;
      let values = merged[key];
      if (!values) {
        if (live >= MAX_FACETS) {
          merged[key] = null;
          continue;
        }
        values = merged[key] = [];
        live++;
      }
      if (values.includes(value)) continue;
      if (values.length < MAX_FACET_VALUES) values.push(value);
      else {
        merged[key] = null;
        live--;
      }
    }
  }
  return merged;
}

/** The item's [key, value] on each facet it has a value for, keys in code-unit order. */
export function facetValuesOf(facets: MetadataFacets, metadata: Metadata): [string, string][] {
  return Object.entries(metadata)
    .flatMap(([key, raw]): [string, string][] => {
      const value = facetValue(raw);
      return value !== null && facets[key]?.includes(value) ? [[key, value]] : [];
    })
    .sort(([a], [b]) => compareCodeUnits(a, b));
}

/** Stored facets as the type; anything else (none stored yet) is no facets. */
export function storedFacets(stored: unknown): MetadataFacets {
  return stored && typeof stored === "object" && !Array.isArray(stored) ? (stored as MetadataFacets) : {};
}
