// Runs the independent readers of lib/testing/readers (Python, standard library only) on an export.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const READERS = path.join(import.meta.dirname, "readers");

/** Runs `lib/testing/readers/<reader>.py` with the arguments and returns what it printed, parsed as JSON. A reader that fails fails the test with its error. */
export async function readExport<T = unknown>(reader: string, ...args: string[]): Promise<T> {
  const { stdout } = await run("python3", [path.join(READERS, `${reader}.py`), ...args], { maxBuffer: 64 * 2 ** 20 }).catch((error: { stderr?: string; message: string }) => {
    throw new Error(`${reader}.py failed: ${error.stderr || error.message}`);
  });
  return JSON.parse(stdout) as T;
}
