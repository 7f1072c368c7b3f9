// One thread decodes the audio of every import in this process (audio-worker.ts), a file at a time: imports never hold
// up the app's requests, and together they use one core for decoding at most. The thread ends when idle for a while.
import { Worker } from "node:worker_threads";
import { bundledScript } from "../bundles";
import type { AudioAnswer, AudioJob } from "./audio-worker";

const IDLE_MS = 30_000;
/** The decoding thread's heap; a file that needs more is refused (its peaks take 16 bytes a bucket: 4 hours, 23 MB). */
const HEAP_MB = 256;

let thread: Worker | null = null;
let idleTimer: NodeJS.Timeout | undefined;
let turn: Promise<unknown> = Promise.resolve();

/** Decodes one file in the thread, after the files asked for before it. */
export function decodeInThread(job: AudioJob): Promise<AudioAnswer> {
  const answer = turn.then(() => run(job));
  turn = answer.catch(() => undefined);
  return answer;
}

async function run(job: AudioJob): Promise<AudioAnswer> {
  clearTimeout(idleTimer);
  const worker = (thread ??= new Worker(await bundledScript("audio"), { resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } }));
  worker.unref(); // an idle thread never keeps the process alive
  const answer = await new Promise<AudioAnswer>((resolve, reject) => {
    const settle = (outcome: () => void) => {
      worker.off("message", answered).off("error", failed).off("exit", ended);
      outcome();
    };
    const answered = (answer: AudioAnswer) => settle(() => resolve(answer));
    // The thread is gone after either: the next file gets a new one.
    const failed = (error: Error & { code?: string }) => {
      thread = null;
      settle(() => (error.code === "ERR_WORKER_OUT_OF_MEMORY" ? resolve({ refused: `decoding the audio needs more than ${HEAP_MB} MB` }) : reject(error)));
    };
    const ended = (code: number) => {
      thread = null;
      settle(() => reject(new Error(`the audio decoding thread ended (exit code ${code}) without an answer`)));
    };
    worker.on("message", answered).on("error", failed).on("exit", ended);
    worker.postMessage(job);
  });
  if (thread === worker) {
    idleTimer = setTimeout(() => {
      thread = null;
      void worker.terminate();
    }, IDLE_MS).unref();
  }
  return answer;
}
