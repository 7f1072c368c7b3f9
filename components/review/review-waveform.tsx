"use client";
// The clip's waveform for a reviewer, from the server's peaks, full width so that the labelers'
// segment lanes below it line up with it second for second; its player is handed up for the lanes' play buttons.
import { useEffect, useRef, useState } from "react";
import WaveSurfer from "wavesurfer.js";
import { followZoomWithTimeline } from "@/components/labeling/audio-timeline";
import { channels, loadPeaks } from "@/components/labeling/media-cache";
import { useShownAnchors } from "@/components/discussions/anchor-events";
import { Alert } from "@/components/ui/alert";

export function ReviewWaveform({ mediaUrl, peaksUrl, name, onReady }: { mediaUrl: string; peaksUrl: string; name: string; onReady?: (wavesurfer: WaveSurfer) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const audio = useRef<HTMLAudioElement>(null);
  const [wavesurfer, setWavesurfer] = useState<WaveSurfer | null>(null);
  const [playing, setPlaying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = useRef(onReady);
  ready.current = onReady;
  useEffect(() => {
    let created: WaveSurfer | null = null;
    let stopTimeline = () => {};
    let cancelled = false;
    loadPeaks(peaksUrl).then(
      (peaks) => {
        if (cancelled || !container.current || !audio.current) return;
        created = WaveSurfer.create({ container: container.current, media: audio.current, url: mediaUrl, peaks: channels(peaks), duration: peaks.duration, height: 80, waveColor: "#94a3b8", progressColor: "#2952d9", normalize: true });
        stopTimeline = followZoomWithTimeline(created, 16);
        created.on("play", () => setPlaying(true));
        created.on("pause", () => setPlaying(false));
        setWavesurfer(created);
        ready.current?.(created);
      },
      (failure: Error) => setError(failure.message),
    );
    return () => {
      cancelled = true;
      stopTimeline();
      created?.destroy();
    };
  }, [mediaUrl, peaksUrl]);
  // A comment's time anchor, clicked in the discussion: the playhead goes there, in view.
  useShownAnchors((anchor) => {
    if (!wavesurfer || anchor.startMs === undefined) return;
    wavesurfer.setTime(anchor.startMs / 1000);
    container.current?.scrollIntoView({ block: "center" });
  });
  return (
    <div className="space-y-1">
      <div ref={container} data-testid="review-waveform" />
      <audio ref={audio} preload="metadata" aria-label={`Review audio ${name}`} />
      {error ? <Alert tone="error">{error}</Alert> : null}
      <button type="button" onClick={() => void wavesurfer?.playPause()} disabled={!wavesurfer} className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm">
        {playing ? "❚❚ Pause" : "▶ Play"}
      </button>
    </div>
  );
}
