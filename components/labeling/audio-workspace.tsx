"use client";
// The audio workspace (wavesurfer.js 8): the waveform is drawn from the server's precomputed peaks and
// the sound streams through a media element with Range requests, so a one-hour file opens as fast as
// a short one. Segments are regions: drag to create, move and resize; classes, transcripts and the
// uncertain mark from the keyboard or the segment list.
import { useEffect, useRef, useState } from "react";
import WaveSurfer from "wavesurfer.js";
import RegionsPlugin from "wavesurfer.js/dist/plugins/regions.js";
import { Alert } from "@/components/ui/alert";
import { formatClock } from "@/lib/audio/timeline";
import { labelColor, labelForKey, removeEntry, replaceEntry, selectionAfterRemoval, toggleUncertain } from "@/lib/labeling/answers";
import { segmentBetween } from "@/lib/labeling/geometry";
import type { ResultEntry } from "@/lib/validation/annotation";
import type { Task } from "@/lib/validation/project";
import { ACTIVITY_EVENT } from "./active-time";
import { AudioOverview } from "./audio-overview";
import { followZoomWithTimeline } from "./audio-timeline";
import { channels, loadPeaks, type Peaks } from "./media-cache";
import { ShapeClassPicker, shapeClassKey, useShapeClasses } from "./shape-classes";
import { ShapeList } from "./shape-list";
import { useSelectFirstProblem } from "./use-answer-check";
import { TranscriptField } from "./transcript-field";
import { useElementSize } from "./use-element-size";
import { shortcutsPaused, type MediaWorkspaceProps } from "./workspace-types";

type SegmentTask = Extract<Task, { type: "segment" }>;
type Segment = Extract<ResultEntry, { type: "segment" }>;

const REGION_PREFIX = "segment-";
const RATES = [0.5, 0.75, 1, 1.25, 1.5, 2] as const;
const MAX_PX_PER_SECOND = 2000;
const ZOOM_STEP = 1.6;

const DRAG_THRESHOLD_PX = 3;
// The waveform's height when it does not fill the window, and at least when it does; below it, the timeline and,
// zoomed in, the horizontal scroll bar.
const WAVE_HEIGHT = 140;
const TIMELINE_HEIGHT = 18;
const SCROLLBAR_HEIGHT = 16;

/**
 * Dragging across the waveform (not on a segment) creates a segment between the exact pointer
 * positions; the regions plugin's own drag selection overshoots its end by a few pixels.
 */
function dragToCreate(wavesurfer: WaveSurfer, regions: ReturnType<typeof RegionsPlugin.create>, create: (start: number, end: number) => void): () => void {
  const wrapper = wavesurfer.getWrapper();
  const onPointerDown = (down: PointerEvent) => {
    const onRegion = down.composedPath().some((target) => target instanceof HTMLElement && /\b(region|region-handle)\b/.test(target.getAttribute("part") ?? ""));
    if (down.button !== 0 || onRegion) return;
    const bounds = wrapper.getBoundingClientRect();
    const timeAt = (clientX: number) => ((clientX - bounds.left) / bounds.width) * wavesurfer.getDuration();
    let preview: ReturnType<typeof regions.addRegion> | null = null;
    const onMove = (move: PointerEvent) => {
      if (!preview && Math.abs(move.clientX - down.clientX) < DRAG_THRESHOLD_PX) return;
      const [start, end] = [timeAt(down.clientX), timeAt(move.clientX)].sort((a, b) => a - b) as [number, number];
      if (preview) preview.setOptions({ start, end });
      else preview = regions.addRegion({ id: "new-segment", start, end, color: "rgba(41, 82, 217, 0.25)", drag: false, resize: false });
    };
    const onUp = (up: PointerEvent) => {
      window.removeEventListener("pointermove", onMove);
      if (!preview) return;
      preview.remove();
      create(timeAt(down.clientX), timeAt(up.clientX));
      // The click that ends a drag must not also seek.
      const swallow = (click: MouseEvent) => click.stopPropagation();
      window.addEventListener("click", swallow, { capture: true, once: true });
      setTimeout(() => window.removeEventListener("click", swallow, { capture: true }), 50);
    };
    window.addEventListener("pointermove", onMove);
    window.addEventListener("pointerup", onUp, { once: true });
  };
  wrapper.addEventListener("pointerdown", onPointerDown);
  return () => wrapper.removeEventListener("pointerdown", onPointerDown);
}

/**
 * The playback position, in a component of its own: wavesurfer reports it every frame while playing,
 * and only this line needs to follow. Playing also counts as active labeling time.
 */
function Clock({ wavesurfer, duration }: { wavesurfer: WaveSurfer; duration: number }) {
  const [time, setTime] = useState(0);
  useEffect(() => {
    let lastActivity = 0;
    return wavesurfer.on("timeupdate", (seconds) => {
      setTime(seconds);
      if (wavesurfer.isPlaying() && performance.now() - lastActivity > 1000) {
        lastActivity = performance.now();
        window.dispatchEvent(new Event(ACTIVITY_EVENT));
      }
    });
  }, [wavesurfer]);
  return (
    <span className="tabular-nums text-sm text-slate-700" aria-label="Position">
      {formatClock(time, 2)} / {formatClock(duration, 2)}
    </span>
  );
}

export function AudioWorkspace({ item, tasks, result, onChange, sidebar, historyVersion, problems, fillHeight = false }: MediaWorkspaceProps) {
  const segmentTasks = tasks.filter((task): task is SegmentTask => task.type === "segment");
  const waveformRef = useRef<HTMLDivElement>(null);
  const audioRef = useRef<HTMLAudioElement>(null);
  const transcriptRef = useRef<HTMLTextAreaElement>(null);
  const [wavesurfer, setWavesurfer] = useState<WaveSurfer | null>(null);
  const [regions, setRegions] = useState<ReturnType<typeof RegionsPlugin.create> | null>(null);
  const [peaks, setPeaks] = useState<Peaks | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const [duration, setDuration] = useState((item.durationMs ?? 0) / 1000);
  const [rate, setRate] = useState(1);
  const [pxPerSecond, setPxPerSecond] = useState(0);
  const [loop, setLoop] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [taskKey, setTaskKey] = useState(segmentTasks[0]?.key);
  const [classFor, chooseClassFor] = useShapeClasses(segmentTasks);
  const [markStart, setMarkStart] = useState<number | null>(null);
  const segmentTask = segmentTasks.find((task) => task.key === taskKey);
  const selectedSegment = selected !== null && result[selected]?.type === "segment" ? (result[selected] as Segment) : undefined;
  // The task whose classes the class row and Shift+keys choose: the selected segment's, else the one segments are drawn for.
  const classTask = (selectedSegment && segmentTasks.find((task) => task.key === selectedSegment.task)) || segmentTask;
  const clipHasClasses = tasks.some((task) => task.type === "classification");
  // Filling the window, the waveform takes the height its box is given.
  const [waveBox, setWaveBox] = useState<HTMLDivElement | null>(null);
  const waveBoxSize = useElementSize(fillHeight ? waveBox : null);
  const waveHeight = waveBoxSize ? Math.max(WAVE_HEIGHT, waveBoxSize.height - TIMELINE_HEIGHT - SCROLLBAR_HEIGHT) : WAVE_HEIGHT;

  // wavesurfer's listeners are registered once; they read the latest state through this ref.
  const latest = useRef({ result, onChange, segmentTask, classFor, selected, loop, duration });
  latest.current = { result, onChange, segmentTask, classFor, selected, loop, duration };

  const addSegment = (start: number, end: number) => {
    const { result: current, onChange: change, segmentTask: task, classFor: classes, duration: length } = latest.current;
    if (!task) return;
    const times = segmentBetween(start, end, length);
    if (times.end <= times.start) return;
    change([...current, { task: task.key, type: "segment", label: classes[task.key]!, ...times }]);
    setSelected(current.length);
  };

  useEffect(() => {
    const container = waveformRef.current;
    const media = audioRef.current;
    if (!container || !media || !item.peaksUrl) return;
    let created: WaveSurfer | null = null;
    let stopDragToCreate = () => {};
    let stopTimeline = () => {};
    let cancelled = false;
    loadPeaks(item.peaksUrl).then(
      (peaks) => {
        if (cancelled) return;
        const regionsPlugin = RegionsPlugin.create();
        created = WaveSurfer.create({
          container,
          media,
          url: item.mediaUrl,
          peaks: channels(peaks),
          duration: peaks.duration,
          height: waveHeight,
          waveColor: "#64748b",
          progressColor: "#2952d9",
          // Visible on the light and the dark theme alike.
          cursorColor: "#3b6cf6",
          normalize: true,
          autoScroll: true,
          autoCenter: false,
          plugins: [regionsPlugin],
        });
        stopTimeline = followZoomWithTimeline(created);
        setDuration(peaks.duration);
        setPeaks(peaks);
        stopDragToCreate = dragToCreate(created, regionsPlugin, addSegment);
        regionsPlugin.on("region-updated", (region) => {
          const index = Number(region.id.slice(REGION_PREFIX.length));
          const { result: current, onChange: change, duration: length } = latest.current;
          const entry = current[index];
          if (entry?.type !== "segment") return;
          setSelected(index);
          const times = segmentBetween(region.start, region.end, length);
          // A click on a segment also ends as an "update": only a real move or resize is an edit.
          if (times.start !== entry.start || times.end !== entry.end) change(replaceEntry(current, index, { ...entry, ...times }));
        });
        regionsPlugin.on("region-clicked", (region, event) => {
          event.stopPropagation();
          setSelected(Number(region.id.slice(REGION_PREFIX.length)));
        });
        regionsPlugin.on("region-out", (region) => {
          const { selected: current, loop: looping } = latest.current;
          if (looping && region.id === `${REGION_PREFIX}${current}`) region.play();
        });
        created.on("play", () => setPlaying(true));
        created.on("pause", () => setPlaying(false));
        created.on("error", (failure) => setError(`The audio could not be played: ${failure.message}`));
        setWavesurfer(created);
        setRegions(regionsPlugin);
      },
      (failure: Error) => setError(`${failure.message} Reload the page to try again; your answer is kept as a draft.`),
    );
    return () => {
      cancelled = true;
      stopDragToCreate();
      stopTimeline();
      created?.destroy();
    };
    // one waveform per item
  }, [item.peaksUrl, item.mediaUrl]);

  // The regions follow the answer (after edits, undo and redo); only what changed is touched.
  useEffect(() => {
    if (!regions) return;
    const byId = new Map(regions.getRegions().map((region) => [region.id, region]));
    const wanted = new Set<string>();
    result.forEach((entry, index) => {
      if (entry.type !== "segment") return;
      const task = tasks.find((candidate) => candidate.key === entry.task);
      const id = `${REGION_PREFIX}${index}`;
      wanted.add(id);
      const color = `${task ? labelColor(task, entry.label) : "#64748b"}${index === selected ? "66" : "33"}`;
      const content = `${index === selected ? "▶ " : ""}${entry.label}${entry.uncertain ? " ?" : ""}`;
      const region = byId.get(id);
      if (!region) {
        regions.addRegion({ id, start: entry.start, end: entry.end, color, content, minLength: 0.05 });
        return;
      }
      if (region.start !== entry.start || region.end !== entry.end || region.color !== color) region.setOptions({ start: entry.start, end: entry.end, color });
      if (region.getContent() !== content) region.setContent(content);
    });
    for (const [id, region] of byId) if (id.startsWith(REGION_PREFIX) && !wanted.has(id)) region.remove();
  }, [regions, result, selected, tasks]);

  // Undo and redo may move entries: the selection is dropped rather than left on another segment.
  useEffect(() => setSelected(null), [historyVersion]);
  useSelectFirstProblem(problems, setSelected);
  useEffect(() => {
    if (selected !== null && !selectedSegment) setSelected(null);
  }, [selected, selectedSegment]);

  useEffect(() => wavesurfer?.setPlaybackRate(rate, true), [wavesurfer, rate]);
  useEffect(() => wavesurfer?.setOptions({ height: waveHeight }), [wavesurfer, waveHeight]);
  // wavesurfer cannot zoom before it knows the duration.
  useEffect(() => void (duration > 0 && wavesurfer?.zoom(pxPerSecond)), [wavesurfer, pxPerSecond, duration]);

  /** The class of the next segments of `task`, and of the selected segment when it is one of that task's. */
  const chooseSegmentClass = (task: SegmentTask, label: string) => {
    chooseClassFor(task, label);
    if (selected !== null && selectedSegment?.task === task.key && selectedSegment.label !== label) onChange(replaceEntry(result, selected, { ...selectedSegment, label }));
  };

  const playSegment = () => {
    const region = regions?.getRegions().find((candidate) => candidate.id === `${REGION_PREFIX}${selected}`);
    region?.play(true);
  };

  const zoom = (factor: number) => {
    const width = waveformRef.current?.clientWidth ?? 800;
    const fitted = duration ? width / duration : 0;
    setPxPerSecond((current) => {
      const next = Math.max(current, fitted) * factor;
      return next <= fitted * 1.01 ? 0 : Math.min(MAX_PX_PER_SECOND, next);
    });
  };

  const selectNeighbour = (direction: 1 | -1) => {
    const indexes = result.flatMap((entry, index) => (entry.type === "segment" ? [{ index, start: entry.start }] : [])).sort((a, b) => a.start - b.start);
    if (!indexes.length) return;
    const position = indexes.findIndex((candidate) => candidate.index === selected);
    const next = indexes[position < 0 ? (direction > 0 ? 0 : indexes.length - 1) : Math.min(indexes.length - 1, Math.max(0, position + direction))]!;
    setSelected(next.index);
    wavesurfer?.setTime(next.start);
  };

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (shortcutsPaused(event) || event.ctrlKey || event.metaKey || event.altKey || !wavesurfer) return;
      const consume = () => event.preventDefault();
      const key = event.key;
      const now = wavesurfer.getCurrentTime();
      const step = event.shiftKey ? 5 : 1;
      const actions: Record<string, () => void> = {
        " ": () => void wavesurfer.playPause(),
        ArrowLeft: () => wavesurfer.setTime(Math.max(0, now - step)),
        ArrowRight: () => wavesurfer.setTime(Math.min(duration, now + step)),
        p: playSegment,
        l: () => setLoop((current) => !current),
        "[": () => selectNeighbour(-1),
        "]": () => selectNeighbour(1),
        ",": () => setRate((current) => RATES[Math.max(0, RATES.indexOf(current as (typeof RATES)[number]) - 1)]!),
        ".": () => setRate((current) => RATES[Math.min(RATES.length - 1, RATES.indexOf(current as (typeof RATES)[number]) + 1)]!),
        "+": () => zoom(ZOOM_STEP),
        "=": () => zoom(ZOOM_STEP),
        "-": () => zoom(1 / ZOOM_STEP),
        m: () => {
          if (markStart === null) return setMarkStart(now);
          addSegment(markStart, now);
          setMarkStart(null);
        },
      };
      const action = actions[key];
      if (action) return consume(), action();
      if (key === "Escape") return setMarkStart(null), setSelected(null);
      if (selected !== null && selectedSegment) {
        if (key === "Delete" || key === "Backspace") return consume(), setSelected(null), onChange(removeEntry(result, selected));
        if (key === "Enter" && transcriptRef.current) return consume(), transcriptRef.current.focus();
        if (event.shiftKey && key === "U") return consume(), onChange(toggleUncertain(result, selected));
      }
      // As in the image workspace: Shift+ a class key picks the class of new segments (and sets the selected one's);
      // plain class keys go to the selected segment, else to the clip's own classes (handled by the frame), or
      // without those to the next segment. Either way the class chosen stays the class of the next segments.
      const classKey = selectedSegment && !event.shiftKey ? key : shapeClassKey(event, clipHasClasses);
      const label = classTask && classKey ? labelForKey(classTask, classKey) : undefined;
      if (!label || !classTask) return;
      consume();
      chooseSegmentClass(classTask, label);
    };
    window.addEventListener("keydown", onKeyDown, { capture: true });
    return () => window.removeEventListener("keydown", onKeyDown, { capture: true });
  });

  const controlClass = "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm text-slate-800 hover:bg-slate-50";
  return (
    <div className={`grid gap-3 lg:grid-cols-[minmax(0,1fr)_20rem] ${fillHeight ? "min-h-0 flex-1 lg:grid-rows-[minmax(0,1fr)]" : ""}`}>
      <section aria-label="Waveform" className={`flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3 ${fillHeight ? "lg:min-h-0" : ""}`}>
        {wavesurfer && peaks ? <AudioOverview wavesurfer={wavesurfer} peaks={peaks} /> : null}
        {/* Out of the flow when filling the window, so the waveform's own height never grows its box. */}
        <div ref={setWaveBox} className={fillHeight ? "relative min-h-[174px] flex-1" : ""}>
          <div ref={waveformRef} data-testid="waveform" className={fillHeight ? "absolute inset-x-0 top-0" : "min-h-[158px]"} />
        </div>
        <audio ref={audioRef} preload="metadata" aria-label={`Audio ${item.originalName}`} />
        {error ? <Alert tone="error">{error}</Alert> : null}
        <div className="flex flex-wrap items-center gap-2">
          <button type="button" className={controlClass} onClick={() => void wavesurfer?.playPause()} aria-label={playing ? "Pause" : "Play"} disabled={!wavesurfer}>
            {playing ? "❚❚ Pause" : "▶ Play"} <kbd className="text-xs opacity-70">Space</kbd>
          </button>
          <button type="button" className={controlClass} onClick={playSegment} disabled={!selectedSegment}>
            Play segment <kbd className="text-xs opacity-70">P</kbd>
          </button>
          <button type="button" className={controlClass} aria-pressed={loop} onClick={() => setLoop(!loop)}>
            Loop {loop ? "on" : "off"} <kbd className="text-xs opacity-70">L</kbd>
          </button>
          {wavesurfer ? <Clock wavesurfer={wavesurfer} duration={duration} /> : null}
          <label className="ml-auto flex items-center gap-1 text-sm text-slate-700">
            Speed
            <select value={rate} onChange={(event) => setRate(Number(event.target.value))} className="rounded border border-slate-300 px-1 py-0.5">
              {RATES.map((option) => (
                <option key={option} value={option}>
                  {option}×
                </option>
              ))}
            </select>
          </label>
          <button type="button" className={controlClass} onClick={() => zoom(1 / ZOOM_STEP)} aria-label="Zoom out">
            −
          </button>
          <button type="button" className={controlClass} onClick={() => zoom(ZOOM_STEP)} aria-label="Zoom in">
            +
          </button>
        </div>
        {classTask ? (
          <div className="flex flex-wrap items-end gap-x-3 gap-y-2 border-t border-slate-100 pt-3 text-sm">
            {segmentTasks.length > 1 ? (
              <select aria-label="Segment task" value={taskKey} onChange={(event) => setTaskKey(event.target.value)} className="rounded border border-slate-300 px-1 py-0.5">
                {segmentTasks.map((task) => (
                  <option key={task.key}>{task.key}</option>
                ))}
              </select>
            ) : null}
            <ShapeClassPicker task={classTask} shapes="segments" item="clip" chosen={classFor[classTask.key]!} shifted={clipHasClasses} onChoose={(label) => chooseSegmentClass(classTask, label)} />
            <span className="text-xs text-slate-500">{markStart !== null ? `Marking from ${formatClock(markStart, 2)}: press M again at the end` : "Drag on the waveform, or press M at the start and at the end"}</span>
          </div>
        ) : null}
      </section>
      <aside className={`space-y-3 ${fillHeight ? "lg:min-h-0 lg:overflow-y-auto" : ""}`}>
        {segmentTask ? (
          <ShapeList
            result={result}
            tasks={tasks}
            selected={selected}
            onSelect={(index) => {
              setSelected(index);
              const entry = result[index];
              if (entry?.type === "segment") wavesurfer?.setTime(entry.start);
            }}
            onChange={onChange}
            onClassChange={(changedTask, label) => {
              const task = segmentTasks.find((candidate) => candidate.key === changedTask);
              if (task) chooseClassFor(task, label);
            }}
            onRemove={(index) => {
              onChange(removeEntry(result, index));
              setSelected((current) => selectionAfterRemoval(current, index));
            }}
            describe={(entry) => (entry.type === "segment" ? `${formatClock(entry.start, 1)}–${formatClock(entry.end, 1)} ${entry.label}` : "")}
            note={(entry) => (entry.type === "segment" ? entry.transcript : undefined)}
            details={(entry, index) => {
              const task = tasks.find((candidate) => candidate.key === entry.task);
              if (entry.type !== "segment" || task?.type !== "segment" || !task.transcript) return null;
              return (
                <TranscriptField
                  label="Transcript"
                  inputRef={transcriptRef}
                  value={entry.transcript ?? ""}
                  onChange={(text) => {
                    const { transcript: _previous, ...rest } = entry;
                    onChange(replaceEntry(result, index, text ? { ...rest, transcript: text } : rest), `segment-transcript:${index}`);
                  }}
                />
              );
            }}
            title="Segments"
            empty="No segments yet. Drag across the waveform to mark one."
            problems={problems?.found}
          />
        ) : null}
        {sidebar}
      </aside>
    </div>
  );
}
