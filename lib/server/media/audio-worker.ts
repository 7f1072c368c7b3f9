// The thread audio is decoded in (audio-thread.ts starts it, bundled by bundles.ts), so that decoding an hour of
// audio, seconds of computing, never holds up the app's requests. It decodes a file chunk by chunk (memory stays flat)
// into its duration and waveform peaks, and stops at the first limit the file passes.
import { open } from "node:fs/promises";
import { parentPort } from "node:worker_threads";
import decodeChunked from "audio-decode/stream";

export type AudioDecoder = "wav" | "mp3" | "oga" | "flac";

/** What an import decodes at most; each is a setting (inspect.ts). */
export interface AudioLimits {
  maxSeconds: number;
  maxChannels: number;
  maxSampleRate: number;
}

export interface AudioJob {
  file: string;
  decoder: AudioDecoder;
  limits: AudioLimits;
  peaksPerSecond: number;
}

/** Waveform peaks: alternating min and max per bucket, in [-1, 1], rounded to 1/10000. */
export interface Peaks {
  sampleRate: number;
  peaksPerSecond: number;
  duration: number;
  data: number[];
}

/**
 * The thread's answer: the duration and the peaks as JSON (a string crosses to the app's thread as one copy; a list of
 * an hour's 720,000 numbers took the app's thread 0.3-0.4 s to receive), or why the file is refused.
 */
export type AudioAnswer = { durationSeconds: number; peaksJson: string } | { refused: string };

class Refused extends Error {}

// Bytes read per decoding step. Silence compresses to almost nothing in FLAC and Vorbis (an hour in 450 KB): 64 KB of
// it decoded to 200-500 MB at once, where 4 KB stays near 30 MB and decodes as fast. WAV and MP3 cannot compress that far.
const READ_BYTES: Record<AudioDecoder, number> = { wav: 64 * 1024, mp3: 64 * 1024, flac: 4 * 1024, oga: 4 * 1024 };
/** The longest FLAC frame header: sync and fields (4 bytes), frame number (up to 7), block size and rate (up to 4), CRC (1). */
const FLAC_HEADER_BYTES = 16;

/**
 * Where a read of FLAC should end: before a frame header that starts in its last bytes. The decoder finds a frame's
 * end by the next frame's header and missed one cut in two by a read, losing both frames (an hour of silence read 4 KB
 * at a time came out 6 s short); the bytes after the cut go with the next read.
 */
function flacCut(bytes: Uint8Array): number {
  for (let index = bytes.length - 1; index >= Math.max(0, bytes.length - FLAC_HEADER_BYTES); index--) {
    if (bytes[index] === 0xff && (index === bytes.length - 1 || (bytes[index + 1]! & 0xfe) === 0xf8)) return index;
  }
  return bytes.length;
}

/** The file's bytes in reads of READ_BYTES, each a new buffer (the decoder may keep a reference to one). */
async function* reads(file: string, decoder: AudioDecoder): AsyncGenerator<Uint8Array> {
  const handle = await open(file);
  try {
    let carried = new Uint8Array(0);
    for (;;) {
      const { bytesRead, buffer } = await handle.read(new Uint8Array(READ_BYTES[decoder]), 0, READ_BYTES[decoder]);
      if (!bytesRead) break;
      const bytes = Buffer.concat([carried, buffer.subarray(0, bytesRead)]);
      const cut = decoder === "flac" ? flacCut(bytes) : bytes.length;
      carried = bytes.subarray(cut);
      if (cut) yield bytes.subarray(0, cut);
    }
    if (carried.length) yield carried;
  } finally {
    await handle.close();
  }
}

/** 14400 → "4 hours", 90 → "90 seconds". */
function spoken(seconds: number): string {
  const [amount, unit] = seconds % 3600 === 0 ? [seconds / 3600, "hour"] : seconds % 60 === 0 ? [seconds / 60, "minute"] : [seconds, "second"];
  return `${amount} ${unit}${amount === 1 ? "" : "s"}`;
}

/** Checks what the first decoded chunk says of the stream against the limits. */
function assertWithin(limits: AudioLimits, sampleRate: number, channels: number): void {
  if (channels > limits.maxChannels) {
    throw new Refused(`the audio has ${channels} channels; at most ${limits.maxChannels} are accepted (CONCORD_MAX_AUDIO_CHANNELS)`);
  }
  if (sampleRate > limits.maxSampleRate) {
    throw new Refused(`the audio is sampled at ${sampleRate.toLocaleString("en")} Hz; at most ${limits.maxSampleRate.toLocaleString("en")} Hz is accepted (CONCORD_MAX_AUDIO_SAMPLE_RATE)`);
  }
}

/** The peaks of an audio file; throws Refused, saying why, for a file past a limit or one the decoder cannot read. */
async function decodePeaks({ file, decoder, limits, peaksPerSecond }: AudioJob): Promise<Peaks> {
  let sampleRate = 0;
  let samplesSeen = 0;
  let maxSamples = 0;
  let bucketSize = 0;
  let bucketFill = 0;
  let bucketMin = 0;
  let bucketMax = 0;
  const data: number[] = [];
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  try {
    for await (const chunk of decodeChunked(reads(file, decoder), decoder)) {
      if (!chunk.channelData.length || !chunk.sampleRate) continue;
      if (!sampleRate) {
        assertWithin(limits, chunk.sampleRate, chunk.channelData.length);
        sampleRate = chunk.sampleRate;
        maxSamples = limits.maxSeconds * sampleRate;
        bucketSize = Math.max(1, Math.round(sampleRate / peaksPerSecond));
      }
      const channels = chunk.channelData;
      const length = channels[0]!.length;
      if (samplesSeen + length > maxSamples) throw new Refused(`the audio is longer than ${spoken(limits.maxSeconds)}, the limit (CONCORD_MAX_AUDIO_SECONDS)`);
      for (let index = 0; index < length; index++) {
        for (const channel of channels) {
          const sample = channel[index]!;
          if (sample < bucketMin) bucketMin = sample;
          if (sample > bucketMax) bucketMax = sample;
        }
        if (++bucketFill === bucketSize) {
          data.push(round(bucketMin), round(bucketMax));
          bucketFill = bucketMin = bucketMax = 0;
        }
      }
      samplesSeen += length;
    }
  } catch (error) {
    if (error instanceof Refused) throw error;
    throw new Refused(`the audio cannot be decoded (${(error as Error).message.replace(/\s+/g, " ").slice(0, 200)})`);
  }
  if (!sampleRate || samplesSeen === 0) throw new Refused("the audio has no samples");
  if (bucketFill) data.push(round(bucketMin), round(bucketMax));
  return { sampleRate, peaksPerSecond, duration: samplesSeen / sampleRate, data };
}

parentPort?.on("message", (job: AudioJob) => {
  decodePeaks(job).then(
    (peaks) => parentPort!.postMessage({ durationSeconds: peaks.duration, peaksJson: JSON.stringify(peaks) } satisfies AudioAnswer),
    (error: Refused) => parentPort!.postMessage({ refused: error.message } satisfies AudioAnswer),
  );
});
