import { readFileSync } from "node:fs";
import path from "node:path";

/** The database providers Concord runs on. One schema, one migration set per provider. */
export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

export const PRISMA_DIR = path.resolve(import.meta.dirname, "../../../prisma");
export const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");

export function migrationsDir(provider: Provider): string {
  return path.join(PRISMA_DIR, "migrations", provider);
}

/**
 * The schema for one provider. prisma/schema.prisma is written for SQLite; the PostgreSQL variant
 * differs only in the datasource provider and where its generated client goes.
 */
export function schemaFor(provider: Provider): string {
  const source = readFileSync(SCHEMA_PATH, "utf8");
  if (provider === "sqlite") return source;
  const swapped = source
    .replace(/(datasource db \{\s*provider\s*=\s*)"sqlite"/, `$1"${provider}"`)
    .replace('output       = "../lib/generated/prisma-sqlite"', `output       = "../lib/generated/prisma-${provider}"`)
    // Relations read with the row in one statement (lateral joins), not one statement per relation: fewer round trips.
    .replace('moduleFormat = "esm"', 'moduleFormat = "esm"\n  previewFeatures = ["relationJoins"]');
  if (!swapped.includes(`"${provider}"`) || !swapped.includes(`prisma-${provider}"`)) {
    throw new Error(`prisma/schema.prisma: cannot derive the ${provider} variant (datasource or generator block changed shape)`);
  }
  return swapped;
}
