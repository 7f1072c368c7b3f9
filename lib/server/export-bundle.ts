// The export's process and its page worker run as JavaScript bundled from their TypeScript (esbuild, about 30 ms)
// rather than through tsx: tsx's loader runs in a thread of its own in each of them, and names every function it
// creates; bundled, an export of 1,000,000 annotations took about 30 MB less. Packages stay outside the bundle and
// load from node_modules, which is why the bundle is written inside it.
import { createHash } from "node:crypto";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { build, stop } from "esbuild";

const exists = (file: string) => stat(file).then(() => true, () => false);

const ROOT = /*turbopackIgnore: true*/ process.cwd();
const ENTRIES = ["export-process", "export-page-worker"].map((name) => path.join(ROOT, "lib/server", `${name}.ts`));

let building: Promise<string> | null = null;

/**
 * The path of the export process's script, built from the current sources (exports starting together share one
 * build). esbuild's service process is stopped after each: it would otherwise stay, at about 20 MB.
 */
export function exportProcessScript(): Promise<string> {
  building ??= bundle().finally(() => {
    building = null;
    void stop();
  });
  return building;
}

/** Each build goes to a folder named by its content, written whole before it is used, so that exports running meanwhile (or another app) keep theirs. */
async function bundle(): Promise<string> {
  const { outputFiles } = await build({
    entryPoints: ENTRIES,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    outdir: ".",
    outExtension: { ".js": ".mjs" },
    write: false,
    logLevel: "silent",
  });
  const hash = createHash("sha256");
  for (const file of outputFiles) hash.update(file.path).update(file.contents);
  const folder = path.join(ROOT, "node_modules/.cache/concord", `export-${hash.digest("hex").slice(0, 16)}`);
  if (!(await exists(folder))) {
    const partial = `${folder}.${process.pid}.${Date.now()}`;
    await mkdir(partial, { recursive: true });
    await Promise.all(outputFiles.map((file) => writeFile(path.join(partial, path.basename(file.path)), file.contents)));
    await rename(partial, folder).catch(async (error: unknown) => {
      await rm(partial, { recursive: true, force: true });
      // Another export wrote the same folder meanwhile: it stays, and this copy goes.
      if (!(await exists(folder))) throw error;
    });
  }
  return path.join(folder, "export-process.mjs");
}
