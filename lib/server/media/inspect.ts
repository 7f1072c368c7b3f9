// Decides whether an uploaded file is media Concord can serve, from its bytes (never its name), and
// derives what the labeling screens need: image size and a thumbnail, audio duration and peaks.
import { open, stat } from "node:fs/promises";
import { fileTypeFromFile } from "file-type";
import sharp from "sharp";
import type { MediaKind } from "@/lib/validation/project";
import { decodeInThread } from "./audio-thread";
import type { AudioDecoder, AudioLimits } from "./audio-worker";
import { wholeNumberSetting } from "../settings";

/** Formats accepted per kind, by the extension file-type reports, with the stored extension and type. */
const ACCEPTED: Record<MediaKind, Record<string, { mimeType: string; decoder?: AudioDecoder }>> = {
  image: { png: { mimeType: "image/png" }, jpg: { mimeType: "image/jpeg" }, webp: { mimeType: "image/webp" }, gif: { mimeType: "image/gif" }, tif: { mimeType: "image/tiff" } },
  audio: {
    wav: { mimeType: "audio/wav", decoder: "wav" },
    mp3: { mimeType: "audio/mpeg", decoder: "mp3" },
    ogg: { mimeType: "audio/ogg", decoder: "oga" },
    oga: { mimeType: "audio/ogg", decoder: "oga" },
    flac: { mimeType: "audio/flac", decoder: "flac" },
  },
};

/** Decoded pixels above this are refused: a small file that claims a huge image is a decompression bomb. */
export const MAX_IMAGE_PIXELS = wholeNumberSetting("CONCORD_MAX_IMAGE_PIXELS");
const THUMBNAIL_SIZE = 320;
/** Waveform resolution: one min/max pair per 10 ms is finer than any screen needs for an hour. */
export const PEAKS_PER_SECOND = 100;

/** The audio an import decodes at most: longer, more channels or a higher rate is refused, naming the setting. */
function audioLimits(env: NodeJS.ProcessEnv = process.env): AudioLimits {
  return {
    maxSeconds: Number(env.CONCORD_MAX_AUDIO_SECONDS ?? 4 * 3600),
    maxChannels: Number(env.CONCORD_MAX_AUDIO_CHANNELS ?? 2),
    maxSampleRate: Number(env.CONCORD_MAX_AUDIO_SAMPLE_RATE ?? 48_000),
  };
}

export interface InspectedMedia {
  extension: string;
  mimeType: string;
  width?: number;
  height?: number;
  durationMs?: number;
  /** WebP thumbnail (images). */
  thumbnail?: Buffer;
  /** Waveform peaks (audio) as JSON: audio-worker.ts's Peaks. */
  peaksJson?: string;
}

export class MediaRejected extends Error {}

export async function inspectMedia(file: string, mediaKind: MediaKind): Promise<InspectedMedia> {
  const { size } = await stat(file);
  if (size === 0) throw new MediaRejected("the file is empty");
  const type = await fileTypeFromFile(file);
  const accepted = type ? ACCEPTED[mediaKind][type.ext] : undefined;
  if (!type || !accepted) {
    const found = type ? `${type.mime} content` : "content that is not a recognised media format (text, HTML or SVG are never accepted)";
    throw new MediaRejected(`${found}; ${mediaKind === "image" ? "an image" : "an audio"} project accepts ${Object.keys(ACCEPTED[mediaKind]).join(", ")}`);
  }
  return mediaKind === "image" ? inspectImage(file, type.ext, accepted.mimeType) : inspectAudio(file, size, type.ext, accepted.mimeType, accepted.decoder!);
}

async function inspectImage(file: string, extension: string, mimeType: string): Promise<InspectedMedia> {
  try {
    // failOn "warning" refuses truncated and corrupt images instead of filling them with grey.
    const image = sharp(file, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "warning" });
    // The size as shown: browsers apply the EXIF orientation (a portrait phone photo is stored sideways),
    // and shapes are drawn, stored and exported in that frame.
    const { autoOrient } = await image.metadata();
    const { width, height } = autoOrient;
    if (!width || !height) throw new MediaRejected("the image has no dimensions");
    if (width * height > MAX_IMAGE_PIXELS) throw new MediaRejected(`${width}×${height} pixels is more than the limit of ${MAX_IMAGE_PIXELS.toLocaleString("en")}`);
    // Making the thumbnail decodes every pixel, which is the real test that the image is whole.
    const thumbnail = await image.rotate().resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
    return { extension, mimeType, width, height, thumbnail };
  } catch (error) {
    if (error instanceof MediaRejected) throw error;
    const message = (error as Error).message;
    if (/pixel limit/i.test(message)) throw new MediaRejected(`the image claims more than ${MAX_IMAGE_PIXELS.toLocaleString("en")} pixels (a decompression bomb?)`);
    throw new MediaRejected(`the image cannot be decoded (${firstSentence(message)})`);
  }
}

/** A RIFF header states the file's length; a shorter file was cut off in transfer. */
async function assertWholeWav(file: string, size: number): Promise<void> {
  const handle = await open(file, "r");
  try {
    const header = Buffer.alloc(12);
    await handle.read(header, 0, 12, 0);
    if (header.toString("ascii", 0, 4) !== "RIFF") return;
    const declared = header.readUInt32LE(4) + 8;
    if (size < declared) throw new MediaRejected(`the WAV file is truncated: its header declares ${declared} bytes but it has ${size}`);
  } finally {
    await handle.close();
  }
}

async function inspectAudio(file: string, size: number, extension: string, mimeType: string, decoder: AudioDecoder): Promise<InspectedMedia> {
  if (decoder === "wav") await assertWholeWav(file, size);
  const answer = await decodeInThread({ file, decoder, limits: audioLimits(), peaksPerSecond: PEAKS_PER_SECOND });
  if ("refused" in answer) throw new MediaRejected(answer.refused);
  return { extension, mimeType, durationMs: Math.round(answer.durationSeconds * 1000), peaksJson: answer.peaksJson };
}

/** libvips repeats its decoder's complaint many times over; the cause and its first detail suffice. */
function firstSentence(message: string): string {
  const parts = message.replace(/\s+/g, " ").trim().split(/ (?=Vips\w*:)/);
  return parts.slice(0, 2).join(" ").slice(0, 200);
}
