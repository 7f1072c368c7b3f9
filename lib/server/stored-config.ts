// A project's configuration (and an item's flag reasons) as stored: validated on the way in, read back with its type. Apart from projects.ts so
// that judging, which projects.ts calls, can read it too.
import type { FlagReason } from "@/lib/review/flags";
import { standardizationSchema, type Standardization } from "@/lib/review/standardize";
import { labelConfigSchema, type LabelConfig } from "@/lib/validation/project";

/** A project's standardization rules as stored (validated on the way in); none when never set. */
export function storedStandardization(value: unknown): Standardization {
  return standardizationSchema.parse(value ?? {});
}

/** Stored label configurations were validated on the way in; this only gives them their type back. */
export function storedLabelConfig(value: unknown): LabelConfig {
  return labelConfigSchema.parse(value);
}

/** An item's flag reasons as stored: written only by judging and reviews, so only given their type back. */
export const storedReasons = (stored: unknown): FlagReason[] => (Array.isArray(stored) ? (stored as FlagReason[]) : []);
