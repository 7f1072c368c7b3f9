// Import at scale: a one-hour WAV inspected (decoded chunk by chunk for its waveform peaks, in a thread of its own), FLAC
// that compresses an hour of silence into 450 KB (and 8 channels at 96 kHz, refused by the limits), and a 1 GB upload
// streamed through the multipart parser to disk. Prints time, peak memory and how busy the app's own thread was.
// Run: npx tsx bench/import.ts
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { receiveMultipart } from "../lib/server/imports";
import { inspectMedia } from "../lib/server/media/inspect";
import { writeWav } from "./media";
import { MB, peakRss } from "./measure";

/** A multipart body with one file of `bytes` zeros, generated as it is read: nothing is held in memory. */
function streamingUpload(bytes: number): Request {
  const boundary = "concord-bench-boundary";
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.wav"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const block = new Uint8Array(4 * MB);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(head);
      if (sent >= bytes) {
        controller.enqueue(tail);
        controller.close();
        return;
      }
      const size = Math.min(block.length, bytes - sent);
      controller.enqueue(block.subarray(0, size));
      sent += size;
    },
  });
  return new Request("http://bench/upload", { method: "POST", body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, duplex: "half" } as RequestInit);
}

const workDir = await mkdtemp(path.join(tmpdir(), "concord-bench-"));
process.env.CONCORD_MEDIA_DIR = path.join(workDir, "media");
try {
  const hour = path.join(workDir, "one-hour.wav");
  await writeWav(hour, 3600);
  const baseline = Math.round(process.memoryUsage().rss / MB);
  const inspected = await peakRss(() => inspectMedia(hour, "audio"));
  console.log(
    `one-hour WAV (${Math.round((await stat(hour)).size / MB)} MB, 16 kHz mono): inspected in ${inspected.seconds.toFixed(1)} s, ` +
      `${(JSON.parse(inspected.result.peaksJson!) as { data: number[] }).data.length / 2} peak pairs (${Math.round(inspected.result.peaksJson!.length / 1024)} KB), ` +
      `peak RSS ${inspected.peakMb} MB (baseline ${baseline} MB)`,
  );

  // Made by ffmpeg: silence, FLAC's best case for size and the decoder's worst for work.
  for (const { name, seconds, rate, layout } of [
    { name: "an hour of FLAC silence, 44.1 kHz mono", seconds: 3600, rate: 44_100, layout: "mono" },
    { name: "10 minutes of FLAC silence, 96 kHz, 8 channels", seconds: 600, rate: 96_000, layout: "7.1" },
  ]) {
    const file = path.join(workDir, `${layout}.flac`);
    execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", `anullsrc=r=${rate}:cl=${layout}`, "-t", String(seconds), "-c:a", "flac", file]);
    const busy = performance.eventLoopUtilization();
    const inspected = await peakRss(() => inspectMedia(file, "audio").then((media) => `${media.durationMs! / 1000} s`, (error: Error) => `refused: ${error.message}`));
    console.log(
      `${name} (${Math.round((await stat(file)).size / 1024)} KB): ${inspected.result} in ${inspected.seconds.toFixed(1)} s, ` +
        `app thread busy ${Math.round(performance.eventLoopUtilization(busy).utilization * 100)}% of it, peak RSS ${inspected.peakMb} MB`,
    );
  }

  const uploadBytes = 1024 ** 3;
  const before = Math.round(process.memoryUsage().rss / MB);
  const received = await peakRss(() => receiveMultipart(streamingUpload(uploadBytes)));
  const file = received.result.files[0]!;
  console.log(
    `1 GB multipart upload: streamed to disk in ${received.seconds.toFixed(1)} s (${Math.round(uploadBytes / MB / received.seconds)} MB/s), ` +
      `${file.size} bytes hashed, peak RSS ${received.peakMb} MB (before ${before} MB)`,
  );
  await rm(file.path, { force: true });
} finally {
  await rm(workDir, { recursive: true, force: true });
}
