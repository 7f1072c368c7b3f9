"use client";
// The whole clip in a strip above a zoomed-in waveform, with the stretch on screen marked; a click there brings
// that moment on screen and puts the playhead on it. Hidden while the whole clip fits.
import { useEffect, useMemo, useState, type MouseEvent } from "react";
import type WaveSurfer from "wavesurfer.js";
import { overviewBars } from "@/lib/audio/overview";
import { formatClock } from "@/lib/audio/timeline";
import type { Peaks } from "./media-cache";

const BARS = 400;

interface Stretch {
  start: number;
  end: number;
}

/** The stretch of the clip on screen, or null when the whole clip is. */
function visibleWindow(wavesurfer: WaveSurfer, duration: number): Stretch | null {
  const total = wavesurfer.getWrapper().scrollWidth;
  const width = wavesurfer.getWidth();
  if (!duration || !total || total <= width + 1) return null;
  const scroll = wavesurfer.getScroll();
  return { start: (scroll / total) * duration, end: (Math.min(total, scroll + width) / total) * duration };
}

export function AudioOverview({ wavesurfer, peaks }: { wavesurfer: WaveSurfer; peaks: Peaks }) {
  const duration = peaks.duration;
  const [shown, setShown] = useState<Stretch | null>(null);
  useEffect(() => {
    const update = () => setShown(visibleWindow(wavesurfer, duration));
    update();
    const stops = [wavesurfer.on("scroll", update), wavesurfer.on("redraw", update)];
    return () => stops.forEach((stop) => stop());
  }, [wavesurfer, duration]);
  const bars = useMemo(() => overviewBars(peaks.data, BARS), [peaks]);
  // Scaled to the loudest bar, as the waveform itself is.
  const loudest = useMemo(() => bars.reduce((most, [min, max]) => Math.max(most, -min, max), 0.01), [bars]);
  if (!shown) return null;
  const toX = (seconds: number) => (seconds / duration) * bars.length;
  const jump = (event: MouseEvent<HTMLDivElement>) => {
    const bounds = event.currentTarget.getBoundingClientRect();
    const time = Math.min(duration, Math.max(0, ((event.clientX - bounds.left) / bounds.width) * duration));
    wavesurfer.setTime(time);
    wavesurfer.setScrollTime(Math.max(0, time - (shown.end - shown.start) / 2));
  };
  const label = `Overview: ${formatClock(shown.start, 1)}–${formatClock(shown.end, 1)} of ${formatClock(duration, 1)} on screen; click to jump`;
  return (
    <div role="img" aria-label={label} title={label} data-testid="audio-overview" onClick={jump} className="h-9 cursor-pointer rounded border border-slate-200 bg-slate-50">
      <svg viewBox={`0 0 ${bars.length} 2`} preserveAspectRatio="none" className="h-full w-full" aria-hidden>
        {bars.map(([min, max], index) => (
          <rect key={index} x={index} width={1} y={1 - max / loudest} height={Math.max(0.02, (max - min) / loudest)} fill="#94a3b8" />
        ))}
        <rect x={toX(shown.start)} width={Math.max(0.5, toX(shown.end) - toX(shown.start))} y={0} height={2} fill="rgba(41, 82, 217, 0.18)" stroke="#2952d9" strokeWidth={2} vectorEffect="non-scaling-stroke" data-testid="audio-overview-window" />
      </svg>
    </div>
  );
}
