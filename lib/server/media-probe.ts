import { parseBuffer } from "music-metadata";
import sharp from "sharp";

export interface MediaFacts {
  mimeType: string;
  width?: number;
  height?: number;
  durationMs?: number;
}

const IMAGE_MIME: Record<string, string> = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp", gif: "image/gif", tiff: "image/tiff" };
const AUDIO_MIME: Record<string, string> = { wav: "audio/wav", mp3: "audio/mpeg", ogg: "audio/ogg", flac: "audio/flac", m4a: "audio/mp4" };

/** Reads an image's format and pixel size from its header (sharp refuses decompression bombs). */
export async function probeImage(bytes: Uint8Array): Promise<MediaFacts> {
  const { format, width, height } = await sharp(bytes).metadata();
  const mimeType = format ? IMAGE_MIME[format] : undefined;
  if (!mimeType || !width || !height) throw new Error(`not a supported image (format ${format ?? "unknown"})`);
  return { mimeType, width, height };
}

/** Reads an audio file's duration from its container (no decoding). */
export async function probeAudio(bytes: Uint8Array, fileName: string): Promise<MediaFacts> {
  const extension = fileName.split(".").pop()?.toLowerCase() ?? "";
  const mimeType = AUDIO_MIME[extension];
  if (!mimeType) throw new Error(`not a supported audio file (.${extension})`);
  const { format } = await parseBuffer(bytes, { mimeType });
  if (!format.duration) throw new Error("audio without a readable duration");
  return { mimeType, durationMs: Math.round(format.duration * 1000) };
}
