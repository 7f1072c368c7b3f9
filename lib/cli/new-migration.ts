// Writes the next migration for every provider from the difference between the committed migrations
// and prisma/schema.prisma. PostgreSQL needs a server to replay migrations on: MIGRATION_DATABASE_URL
// or TEST_DATABASE_URL (a throw-away shadow database is created and dropped there).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DatabaseTarget } from "../server/db/config";
import { migrationsToSchemaDiff } from "../server/db/migrations";
import { migrationsDir, PROVIDERS, type Provider } from "../server/db/providers";

function shadowTarget(provider: Provider): DatabaseTarget {
  if (provider === "sqlite") return { provider, file: ":memory:" };
  const url = process.env.MIGRATION_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("Set MIGRATION_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server to write the PostgreSQL migration.");
  return { provider, url };
}

async function main(): Promise<void> {
  const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
  if (!name) throw new Error("usage: npm run db:new-migration -- <name>");
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const provider of PROVIDERS) {
    const sql = await migrationsToSchemaDiff(shadowTarget(provider));
    if (!sql) {
      console.log(`${provider}: migrations already match the schema`);
      continue;
    }
    const dir = path.join(migrationsDir(provider), `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "migration.sql"), sql);
    writeFileSync(
      path.join(migrationsDir(provider), "migration_lock.toml"),
      `# Written by npm run db:new-migration\nprovider = "${provider}"\n`,
    );
    console.log(`${provider}: wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
