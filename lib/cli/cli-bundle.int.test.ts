// The command line runs from its bundle, rebuilt when a source changes: real processes on a copy of the checkout, so
// that editing a source here touches neither the checkout's files nor its bundle.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const COPY = mkdtempSync(path.join(tmpdir(), "concord-cli-bundle-"));
const CACHE = path.join(COPY, "node_modules/.cache/concord/cli");
const LAUNCHER = path.join(COPY, "lib/cli/concord.mjs");

beforeAll(() => {
  cpSync(path.join(ROOT, "lib"), path.join(COPY, "lib"), { recursive: true, filter: (source) => !source.endsWith(".test.ts") });
  for (const file of ["tsconfig.json", "package.json"]) cpSync(path.join(ROOT, file), path.join(COPY, file));
  // The packages are the checkout's; the cache beside them is the copy's own.
  mkdirSync(path.join(COPY, "node_modules"));
  for (const entry of readdirSync(path.join(ROOT, "node_modules"))) {
    if (entry !== ".cache") symlinkSync(path.join(ROOT, "node_modules", entry), path.join(COPY, "node_modules", entry));
  }
});
afterAll(() => rmSync(COPY, { recursive: true, force: true }));

function concord(...args: string[]) {
  const result = spawnSync(process.execPath, [LAUNCHER, ...args], { cwd: COPY, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function concordAsync(...args: string[]): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, [LAUNCHER, ...args], { cwd: COPY, stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout }));
  });
}

const manifest = () => JSON.parse(readFileSync(path.join(CACHE, "manifest.json"), "utf8")) as { root: string; script: string; inputs: Record<string, string> };
const WER = ["wer", "--reference", "nearest gas station", "--hypothesis", "nearest glass station"];

/** Every module the bundle's entry loads before it runs, following its static imports. */
function staticallyLoaded(script: string): { chunks: string[]; packages: string[] } {
  const chunks = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (chunks.has(file)) return;
    chunks.add(file);
    // esbuild writes static imports one per statement at the start of a line; dynamic ones are import("…").
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(/^(?:import|export)\s(?:[^;]*?\bfrom\s*)?"([^"]+)";/gm)) {
      if (specifier === undefined) continue;
      if (specifier.startsWith("./")) visit(path.join(path.dirname(file), specifier));
      else if (!specifier.startsWith("node:")) packages.add(specifier);
    }
  };
  visit(script);
  return { chunks: [...chunks], packages: [...packages] };
}

describe("the command line's bundle", () => {
  it("is built on the first run and then run as it is", () => {
    const first = concord(...WER);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(first.stdout)).toMatchObject({ wer: 1 / 3 });
    const { root, script, inputs } = manifest();
    expect(root).toBe(COPY);
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(["lib/cli/concord.ts", "lib/cli/quality-commands.ts", "lib/quality/text-and-segments/index.ts", "tsconfig.json"]));
    // A mark added to the built script shows that the next run runs it, and does not build again.
    const built = path.join(CACHE, script);
    writeFileSync(built, `console.error("from the bundle");\n${readFileSync(built, "utf8")}`);
    const manifestWritten = statSync(path.join(CACHE, "manifest.json")).mtimeMs;
    const second = concord(...WER);
    expect(second).toMatchObject({ code: 0, stdout: first.stdout, stderr: "from the bundle\n" });
    expect(statSync(path.join(CACHE, "manifest.json")).mtimeMs).toBe(manifestWritten);
  });

  it("loads no database, export or validation package for the quality commands", () => {
    const { chunks, packages } = staticallyLoaded(path.join(CACHE, manifest().script));
    expect(chunks.length).toBeGreaterThan(1);
    expect(packages.filter((name) => /prisma|sqlite|^pg$|argon2|sharp|zod|esbuild/.test(name))).toEqual([]);
  });

  it("is built again when a source changes, also by commands starting together", async () => {
    const usage = path.join(COPY, "lib/cli/concord.ts");
    writeFileSync(usage, readFileSync(usage, "utf8").replace("Usage: npm run -s concord", "Usage (edited): npm run -s concord"));
    const runs = await Promise.all([concordAsync("--help"), concordAsync("--help"), concordAsync(...WER)]);
    expect(runs.map(({ code }) => code)).toEqual([0, 0, 0]);
    expect(runs[0]!.stdout).toMatch(/^Usage \(edited\): npm run -s concord/);
    expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
    expect(JSON.parse(runs[2]!.stdout)).toMatchObject({ wer: 1 / 3 });
    // A module the entry imports counts as much as the entry: the marked build is gone too.
    const quality = path.join(COPY, "lib/cli/quality-commands.ts");
    writeFileSync(quality, readFileSync(quality, "utf8").replace("return { ...rates, cer:", "return { edited: true, ...rates, cer:"));
    expect(concord(...WER)).toMatchObject({ code: 0, stderr: "", stdout: expect.stringMatching(/^\{"edited":true,/) });
  });

  it("is built again when its build is gone", () => {
    rmSync(path.dirname(path.join(CACHE, manifest().script)), { recursive: true });
    expect(concord(...WER)).toMatchObject({ code: 0, stderr: "" });
    expect(statSync(path.join(CACHE, manifest().script)).isFile()).toBe(true);
  });

  it("says why a source does not build, and runs once it does again", () => {
    const quality = path.join(COPY, "lib/cli/quality-commands.ts");
    const source = readFileSync(quality, "utf8");
    writeFileSync(quality, `${source}\nexport const broken = ;\n`);
    const failed = concord(...WER);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toBe("");
    expect(failed.stderr).toContain("quality-commands.ts");
    writeFileSync(quality, source);
    expect(concord(...WER).code).toBe(0);
  });
});
