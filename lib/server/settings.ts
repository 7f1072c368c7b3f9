// The whole-number settings of the environment, each read and checked the same way: unset or blank is its default,
// anything but a whole number in its range is a mistake that names the setting. `npm start` checks them all before it
// starts (checkWholeNumberSettings), so a typo ("1GB") stops the start rather than lifting a limit (a size compared
// with NaN never exceeds it) or failing every request.
import { availableParallelism } from "node:os";

type Env = Record<string, string | undefined>;

interface WholeNumberSetting {
  /** The value when unset (a function where it depends on the machine). */
  fallback: number | (() => number);
  min: number;
  max?: number;
  /** What the number counts, for the message ("bytes"). */
  unit?: string;
  /** What the least value means, for the message ("no limit"). */
  minMeans?: string;
}

const SETTINGS = {
  // Connections each app instance keeps to PostgreSQL: by default two per core and one more, enough to keep the database
  // busy while requests wait on it, few enough that several instances stay within its 100.
  DATABASE_POOL_SIZE: { fallback: () => 2 * availableParallelism() + 1, min: 1, max: 1000 },
  DATABASE_STATEMENT_TIMEOUT_SECONDS: { fallback: 30, min: 0, max: 86_400, unit: "seconds", minMeans: "no limit" },
  CONCORD_MAX_JSON_BYTES: { fallback: 5 * 1024 ** 2, min: 1, unit: "bytes" },
  CONCORD_MAX_UPLOAD_BYTES: { fallback: 1024 ** 3, min: 1, unit: "bytes" },
  CONCORD_MAX_MANIFEST_BYTES: { fallback: 50 * 1024 ** 2, min: 1, unit: "bytes" },
  CONCORD_MAX_IMAGE_PIXELS: { fallback: 250_000_000, min: 1, unit: "pixels" },
  CONCORD_LEASE_MINUTES: { fallback: 30, min: 1, max: 7 * 24 * 60, unit: "minutes" },
  CONCORD_IDLE_SECONDS: { fallback: 60, min: 1, max: 3600, unit: "seconds" },
  CONCORD_TRUSTED_PROXIES: { fallback: 0, min: 0, max: 10 },
} satisfies Record<string, WholeNumberSetting>;

export type WholeNumberSettingName = keyof typeof SETTINGS;

/** A whole-number setting's value; throws, naming it, on anything but a whole number in its range. */
export function wholeNumberSetting(name: WholeNumberSettingName, env: Env = process.env): number {
  const setting: WholeNumberSetting = SETTINGS[name];
  const given = env[name]?.trim();
  if (!given) return typeof setting.fallback === "function" ? setting.fallback() : setting.fallback;
  const value = Number(given);
  if (Number.isSafeInteger(value) && value >= setting.min && value <= (setting.max ?? Number.MAX_SAFE_INTEGER)) return value;
  const least = `${setting.min}${setting.minMeans ? ` (${setting.minMeans})` : ""}`;
  const range = setting.max === undefined ? (setting.min > 1 ? ` of at least ${least}` : "") : ` from ${least} to ${setting.max}`;
  throw new Error(`${name} must be a whole number${setting.unit ? ` of ${setting.unit}` : ""}${range}; got "${given}"`);
}

/** Checks every whole-number setting, throwing the first mistake's message. */
export function checkWholeNumberSettings(env: Env = process.env): void {
  for (const name of Object.keys(SETTINGS) as WholeNumberSettingName[]) wholeNumberSetting(name, env);
}
