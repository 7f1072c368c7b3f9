// Code that runs outside the app's own thread runs as JavaScript bundled from its TypeScript (esbuild, about 30 ms)
// rather than through tsx: the export's process and its page worker (tsx's loader runs in a thread of its own in each,
// and names every function it creates; bundled, an export of 1,000,000 annotations took about 30 MB less), the
// labeler models' fitting thread, the imports' audio decoding thread and the dashboard's thread on SQLite. Packages
// stay outside the bundle and load from node_modules, which is why the bundle is written inside it.
import { createHash } from "node:crypto";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { build, stop } from "esbuild";

const exists = (file: string) => stat(file).then(() => true, () => false);

const ROOT = /*turbopackIgnore: true*/ process.cwd();
/** Each bundle's entry points (lib/server/<path>.ts, written to the bundle's folder by file name); the first is the script to run. */
const BUNDLES = { export: ["export-process", "export-page-worker"], "model-fit": ["model-fit-worker"], audio: ["media/audio-worker"], dashboard: ["dashboard-worker"] } as const;
type Bundle = keyof typeof BUNDLES;

const building = new Map<Bundle, Promise<string>>();

/**
 * The path of a bundle's script, built from the current sources (callers starting together share one build).
 * esbuild's service process is stopped once no build is under way: it would otherwise stay, at about 20 MB.
 */
export function bundledScript(name: Bundle): Promise<string> {
  let script = building.get(name);
  if (!script) {
    script = bundle(name).finally(() => {
      building.delete(name);
      if (!building.size) void stop();
    });
    building.set(name, script);
  }
  return script;
}

export const exportProcessScript = () => bundledScript("export");

/** Each build goes to a folder named by its content, written whole before it is used, so that exports running meanwhile (or another app) keep theirs. */
async function bundle(name: Bundle): Promise<string> {
  const { outputFiles } = await build({
    entryPoints: BUNDLES[name].map((entry) => path.join(ROOT, "lib/server", `${entry}.ts`)),
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
  const folder = path.join(ROOT, "node_modules/.cache/concord", `${name}-${hash.digest("hex").slice(0, 16)}`);
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
  return path.join(folder, `${path.basename(BUNDLES[name][0])}.mjs`);
}
