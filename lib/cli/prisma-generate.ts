// Generates one Prisma client per provider from prisma/schema.prisma (a client is tied to its provider).
// Runs at postinstall. Prisma's CLI insists on a native schema engine that cannot be downloaded offline;
// generation does not use it, so any existing executable satisfies the check.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PRISMA_DIR, PROVIDERS, schemaFor } from "../server/db/providers";

const derivedDir = path.join(PRISMA_DIR, ".derived");
mkdirSync(derivedDir, { recursive: true });
const prismaCli = path.resolve(PRISMA_DIR, "../node_modules/prisma/build/index.js");

for (const provider of PROVIDERS) {
  // Derived schemas sit beside the source so the relative generator output resolves the same way.
  const schemaPath = path.join(derivedDir, `${provider}.prisma`);
  writeFileSync(schemaPath, schemaFor(provider).replace('output       = "../', 'output       = "../../'));
  execFileSync(process.execPath, [prismaCli, "generate", "--schema", schemaPath], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
}
