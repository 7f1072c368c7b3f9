// Large media generated for the benchmarks, so that they need nothing but this checkout.
import { once } from "node:events";
import { createWriteStream } from "node:fs";

/** A mono 16-bit WAV of the given length: a tone with a slow envelope, written in 1 s chunks. */
export async function writeWav(file: string, seconds: number, sampleRate = 16_000): Promise<void> {
  const dataBytes = seconds * sampleRate * 2;
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write("WAVEfmt ", 8, "ascii");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "ascii");
  header.writeUInt32LE(dataBytes, 40);
  const out = createWriteStream(file);
  out.write(header);
  for (let second = 0; second < seconds; second++) {
    const chunk = Buffer.alloc(sampleRate * 2);
    const envelope = 0.2 + 0.7 * Math.abs(Math.sin(second / 60));
    for (let index = 0; index < sampleRate; index++) chunk.writeInt16LE(Math.round(32767 * envelope * Math.sin((2 * Math.PI * 220 * index) / sampleRate)), index * 2);
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** A photo-sized JPEG (default 6000×4000) with smooth gradients and noise, so it compresses like a photo. */
export async function writeLargeImage(file: string, width = 6000, height = 4000): Promise<void> {
  const { default: sharp } = await import("sharp");
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 3;
      const noise = (Math.imul(x * 73856093 ^ y * 19349663, 2654435761) >>> 24) / 8;
      pixels[offset] = (255 * x) / width * 0.8 + noise;
      pixels[offset + 1] = (255 * y) / height * 0.8 + noise;
      pixels[offset + 2] = 128 + 100 * Math.sin((x + y) / 300);
    }
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toFile(file);
}
