// The command line runs as JavaScript bundled from lib/cli/concord.ts by esbuild, not through tsx, whose start-up
// (its loader, transforming each module as it loads) was most of a 1.8 s `agreement` command (bench/cli-start.ts).
// The bundle is built into node_modules/.cache/concord/cli when it is missing or any of its inputs changed, and kept
// there with a manifest of the inputs' sizes and modification times, so an unchanged checkout only checks those
// (about 100 files, a few ms). Plain JavaScript, since it runs before anything could compile TypeScript.
// Run directly, it only builds (postinstall does, after generating the Prisma clients the bundle includes).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ENTRY = "lib/cli/concord.ts";
const CACHE = path.join(ROOT, "node_modules/.cache/concord/cli");
const MANIFEST = path.join(CACHE, "manifest.json");
/** Files the bundle depends on besides the modules it contains: the build's own settings. */
const BUILD_INPUTS = ["lib/cli/cli-bundle.mjs", "tsconfig.json", "package.json"];
/** Builds other than the current one are removed once this old: a command started from one may still load its chunks. */
const OLD_BUILD_MS = 60 * 60 * 1000;

/** @param {string} file relative to the checkout */
function stamp(file) {
  const stats = statSync(path.join(ROOT, file), { throwIfNoEntry: false });
  return stats ? `${stats.size}:${stats.mtimeMs}` : "missing";
}

/** The bundle's entry script when the manifest's inputs are all unchanged, else null. */
function currentScript() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, "utf8"));
  } catch {
    return null;
  }
  // A moved checkout: the bundle names its source files by their absolute paths (see sources).
  if (manifest.root !== ROOT) return null;
  for (const [file, seen] of Object.entries(manifest.inputs)) if (stamp(file) !== seen) return null;
  // A build removed by hand (or by another checkout sharing these node_modules) is built again.
  const script = path.join(CACHE, manifest.script);
  return statSync(script, { throwIfNoEntry: false }) ? script : null;
}

const LOADERS = /** @type {const} */ ({ ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".js": "js", ".mjs": "js", ".cjs": "js", ".jsx": "jsx", ".json": "json" });

/**
 * Loads the checkout's own modules, stamping each before reading it: a file edited during a build then no longer
 * matches its stamp, and the next command builds again. Code that finds files beside its own source
 * (`import.meta.dirname`, as lib/server/db/providers.ts does) reads the source's location, not the bundle's: each
 * module's `import.meta.url`, `dirname` and `filename` become its own.
 * @param {Record<string, string>} stamps filled with each loaded module's stamp, by its path in the checkout
 * @returns {import("esbuild").Plugin}
 */
function sources(stamps) {
  return {
    name: "concord-sources",
    setup(build) {
      build.onLoad({ filter: /\.([cm]?[jt]sx?|json)$/ }, (args) => {
        const file = path.relative(ROOT, args.path);
        if (file.startsWith("..") || file.split(path.sep).includes("node_modules")) return undefined;
        stamps[file] = stamp(file);
        const text = readFileSync(args.path, "utf8");
        const values = { url: pathToFileURL(args.path).href, dirname: path.dirname(args.path), filename: args.path };
        return {
          contents: text.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, key) => JSON.stringify(values[/** @type {keyof typeof values} */ (key)])),
          loader: LOADERS[/** @type {keyof typeof LOADERS} */ (path.extname(file))],
        };
      });
    },
  };
}

/**
 * Builds the bundle: ES modules split where the commands import lazily, so a quality command loads no database code.
 * Packages stay outside it and load from node_modules (native ones must). Each build goes to a folder named by its
 * content, written whole before the manifest points at it, so commands building at the same time do not collide.
 */
async function build() {
  // Imported here, not above: node:crypto alone took 10 ms of a command's start.
  const [esbuild, { createHash }] = await Promise.all([import("esbuild"), import("node:crypto")]);
  /** @type {Record<string, string>} */
  const inputs = Object.fromEntries(BUILD_INPUTS.map((file) => [file, stamp(file)]));
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { concord: ENTRY },
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    outdir: CACHE,
    outExtension: { ".js": ".mjs" },
    sourcemap: "linked",
    metafile: true,
    write: false,
    logLevel: "silent",
    plugins: [sources(inputs)],
  });
  const hash = createHash("sha256");
  for (const file of result.outputFiles) hash.update(path.relative(CACHE, file.path)).update(file.contents);
  const name = hash.digest("hex").slice(0, 16);
  const folder = path.join(CACHE, name);
  if (!statSync(folder, { throwIfNoEntry: false })) {
    const partial = `${folder}.${process.pid}.partial`;
    mkdirSync(partial, { recursive: true });
    for (const file of result.outputFiles) writeFileSync(path.join(partial, path.relative(CACHE, file.path)), file.contents);
    try {
      renameSync(partial, folder);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      // Another command wrote the same build meanwhile: it stays, and this copy goes.
      if (!statSync(folder, { throwIfNoEntry: false })) throw error;
    }
  }
  // Anything the plugin did not load (none so far) is stamped now.
  for (const file of Object.keys(result.metafile.inputs)) inputs[file] ??= stamp(file);
  const manifest = { root: ROOT, script: path.join(name, "concord.mjs"), inputs };
  const partialManifest = `${MANIFEST}.${process.pid}`;
  writeFileSync(partialManifest, JSON.stringify(manifest));
  renameSync(partialManifest, MANIFEST);
  removeOldBuilds(name);
  return path.join(folder, "concord.mjs");
}

/** @param {string} current */
function removeOldBuilds(current) {
  for (const entry of readdirSync(CACHE, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === current) continue;
    const folder = path.join(CACHE, entry.name);
    const stats = statSync(folder, { throwIfNoEntry: false });
    if (stats && Date.now() - stats.mtimeMs > OLD_BUILD_MS) rmSync(folder, { recursive: true, force: true });
  }
}

/** The path of the command line's bundled script, built first when missing or stale; a failed build ends the process with esbuild's errors. */
export async function cliScript() {
  try {
    return currentScript() ?? (await build());
  } catch (error) {
    console.error(`concord: the command line could not be built from its sources. ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await cliScript();
