import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { withSettings } from "@/lib/testing/settings";
import { inspectMedia } from "./inspect";

const workDir = mkdtempSync(path.join(tmpdir(), "concord-audio-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Silence made by ffmpeg: FLAC compresses it to almost nothing (an hour in about 450 KB), the decoder's worst case. */
function silence(name: string, { seconds, rate, layout }: { seconds: number; rate: number; layout: string }): string {
  const file = path.join(workDir, name);
  execFileSync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", `anullsrc=r=${rate}:cl=${layout}`, "-t", String(seconds), "-c:a", "flac", file]);
  return file;
}


describe("audio decoding (issue 19 #12)", () => {
  it("decodes an hour of FLAC silence in a thread of its own: the app's event loop stays free meanwhile", async () => {
    const hour = silence("hour.flac", { seconds: 3600, rate: 44_100, layout: "mono" });
    const before = performance.eventLoopUtilization();
    const inspected = await inspectMedia(hour, "audio");
    // The share of the time the app's thread was busy; decoding on it kept it busy throughout (above 0.9).
    expect(performance.eventLoopUtilization(before).utilization).toBeLessThan(0.5);
    expect(Math.round(inspected.durationMs! / 1000)).toBe(3600);
    expect((JSON.parse(inspected.peaksJson!) as { data: number[] }).data).toHaveLength(2 * 3600 * 100);
  });

  it("refuses more channels, a higher sample rate or a longer duration than its settings allow, naming the setting", async () => {
    const eightChannels = silence("surround.flac", { seconds: 1, rate: 48_000, layout: "7.1" });
    const fast = silence("fast.flac", { seconds: 1, rate: 96_000, layout: "stereo" });
    const long = silence("long.flac", { seconds: 121, rate: 8_000, layout: "mono" });
    const refusal = (file: string) => inspectMedia(file, "audio").then(() => "accepted", (error: Error) => error.message);
    expect(await refusal(eightChannels)).toBe("the audio has 8 channels; at most 2 are accepted (CONCORD_MAX_AUDIO_CHANNELS)");
    expect(await refusal(fast)).toBe("the audio is sampled at 96,000 Hz; at most 48,000 Hz is accepted (CONCORD_MAX_AUDIO_SAMPLE_RATE)");
    expect(await withSettings({ CONCORD_MAX_AUDIO_SECONDS: "120" }, () => refusal(long))).toBe("the audio is longer than 2 minutes, the limit (CONCORD_MAX_AUDIO_SECONDS)");
    // Each is a setting: raised, the same files are accepted.
    const raised = { CONCORD_MAX_AUDIO_CHANNELS: "8", CONCORD_MAX_AUDIO_SAMPLE_RATE: "96000", CONCORD_MAX_AUDIO_SECONDS: "121" };
    expect(await withSettings(raised, async () => [await refusal(eightChannels), await refusal(fast), await refusal(long)])).toEqual(["accepted", "accepted", "accepted"]);
  });
});
