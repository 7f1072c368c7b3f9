"use client";
// The image workspace (konva): boxes and polygons in original image pixels whatever the zoom.
// The image sits in its own non-listening layer and is drawn from a downscaled copy when zoomed out;
// a big image opens as its screen-sized rendition, with tiles of the full resolution where zoomed in (image-tiles.tsx);
// pan and zoom move the stage directly (React catches up once the view settles) and skip the shapes'
// hit canvas while moving, so a 6000×4000 image with hundreds of shapes stays within a frame.
import type Konva from "konva";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Circle, Image as KonvaImage, Layer, Line, Rect, Shape, Stage, Transformer } from "react-konva";
import { Alert } from "@/components/ui/alert";
import { isShapeEntry, labelColor, labelForKey, removeEntry, replaceEntry, selectionAfterRemoval, toggleUncertain, type ShapeEntry } from "@/lib/labeling/answers";
import { boxFromCorners, canClosePolygon, clampBox, clampPoint, insertVertex, isDrawnBox, minBoxScreenPx, movePolygon, removeVertex, shapeAt, type Polygon } from "@/lib/labeling/geometry";
import { isBigImage } from "@/lib/labeling/tiles";
import { fitView, zoomAround, type Point, type Size, type View } from "@/lib/labeling/viewport";
import type { ResultEntry } from "@/lib/validation/annotation";
import type { Task } from "@/lib/validation/project";
import { TileImages } from "./image-tiles";
import { loadImage, shownImageUrl } from "./media-cache";
import { ShapeClassPicker, shapeClassKey, useShapeClasses } from "./shape-classes";
import { ShapeList } from "./shape-list";
import { useSelectFirstProblem } from "./use-answer-check";
import { useElementSize } from "./use-element-size";
import { shortcutsPaused, type MediaWorkspaceProps } from "./workspace-types";

type DrawingTask = Extract<Task, { type: "bbox" | "polygon" }>;
type Drawing = { kind: "box"; start: Point; end: Point } | { kind: "polygon"; points: Point[]; cursor: Point | null };

const CLOSE_DISTANCE_PX = 10;
// A click this close to a shape's outline (drawn 2 px wide) picks the shape.
const HIT_TOLERANCE_PX = 3;
const WHEEL_ZOOM = 0.0015;
// After this long without a pan or zoom the view counts as settled: hit testing and React catch up.
const SETTLE_MS = 120;

/**
 * The image and copies halved until small: each zoom level draws the smallest copy that is still sharp. Only a big
 * original (shown while its rendition is being made) gets copies: a screen-sized image is drawn from itself, as
 * each copy decodes it again on the main thread, before the first draw.
 */
function useImagePyramid(image: HTMLImageElement | null): (pixelsWide: number) => CanvasImageSource | null {
  const [levels, setLevels] = useState<CanvasImageSource[]>([]);
  useEffect(() => {
    if (!image) return;
    let cancelled = false;
    setLevels([image]);
    if (!isBigImage(image.naturalWidth, image.naturalHeight)) return;
    void (async () => {
      const copies: CanvasImageSource[] = [image];
      for (let width = Math.floor(image.naturalWidth / 2); width >= 512; width = Math.floor(width / 2)) {
        copies.push(await createImageBitmap(image, { resizeWidth: width, resizeQuality: "medium" }));
      }
      if (!cancelled) setLevels(copies);
    })().catch(() => undefined); // without the smaller copies the full image is drawn: slower, still right
    return () => {
      cancelled = true;
    };
  }, [image]);
  return useCallback(
    (pixelsWide: number) => {
      const sharpEnough = levels.filter((level) => (level as { width: number }).width >= pixelsWide);
      return sharpEnough.at(-1) ?? levels[0] ?? null;
    },
    [levels],
  );
}

type ImageShape = Extract<ShapeEntry, { type: "bbox" | "polygon" }>;
type ShapeStyle = { stroke: string; strokeWidth: number; fill: string; dash: number[] | undefined };

/** A shape in its class's colour, outlined wider and filled stronger when selected, dashed when uncertain; sizes in screen pixels. */
function shapeStyle(entry: ImageShape, task: Task | undefined, selected: boolean): ShapeStyle {
  const color = task ? labelColor(task, entry.label) : "#64748b";
  return { stroke: color, strokeWidth: selected ? 3 : 2, fill: `${color}${selected ? "33" : "1a"}`, dash: entry.uncertain ? [6, 4] : undefined };
}

/**
 * Draws the shapes not being edited as one konva node: hundreds of shapes then cost one node to create and draw,
 * not one each (most of a big answer's opening time). Clicks find them by geometry (shapeAt), not by konva's hit canvas.
 */
function drawShapes(context: Konva.Context, node: Konva.Shape, shapes: readonly { entry: ImageShape; style: ShapeStyle }[]) {
  const scale = node.getAbsoluteScale().x;
  for (const { entry, style } of shapes) {
    context.beginPath();
    if (entry.type === "bbox") context.rect(entry.x, entry.y, entry.width, entry.height);
    else entry.points.forEach(([x, y], index) => (index ? context.lineTo(x, y) : context.moveTo(x, y)));
    context.closePath();
    context.setAttr("fillStyle", style.fill);
    context.fill();
    context.setAttr("strokeStyle", style.stroke);
    context.setAttr("lineWidth", style.strokeWidth / scale);
    context.setLineDash(style.dash?.map((length) => length / scale) ?? []);
    context.stroke();
  }
}

const flat = (points: Polygon | Point[]) => points.flatMap((point) => (Array.isArray(point) ? point : [point.x, point.y]));

export function ImageWorkspace({ item, tasks, result, onChange, sidebar, historyVersion, problems, fillHeight = false }: MediaWorkspaceProps) {
  const drawingTasks = tasks.filter((task): task is DrawingTask => task.type === "bbox" || task.type === "polygon");
  const [container, setContainer] = useState<HTMLDivElement | null>(null);
  const stageSize = useElementSize(container);
  const [image, setImage] = useState<HTMLImageElement | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  // The live view is imperative (viewRef, applied to the stage); `view` is its settled copy for React.
  const [view, setView] = useState<View | null>(null);
  const viewRef = useRef<View | null>(null);
  const settleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const shapesLayerRef = useRef<Konva.Layer>(null);
  const imageRef = useRef<Konva.Image>(null);
  const [tool, setTool] = useState<string>(drawingTasks[0]?.key ?? "select");
  const [classFor, chooseClassFor] = useShapeClasses(drawingTasks);
  const [selected, setSelected] = useState<number | null>(null);
  const [selectedVertex, setSelectedVertex] = useState<number | null>(null);
  const [drawing, setDrawing] = useState<Drawing | null>(null);
  const [livePolygon, setLivePolygon] = useState<Polygon | null>(null);
  const stageRef = useRef<Konva.Stage>(null);
  const transformerRef = useRef<Konva.Transformer>(null);
  const pan = useRef<{ x: number; y: number; view: View } | null>(null);
  const spaceHeld = useRef(false);
  const imageSize: Size = { width: item.width ?? image?.naturalWidth ?? 1, height: item.height ?? image?.naturalHeight ?? 1 };
  const pickLevel = useImagePyramid(image);
  const taskByKey = useMemo(() => new Map(tasks.map((task) => [task.key, task])), [tasks]);
  const selectedEntry = selected !== null && isShapeEntry(result[selected]) ? result[selected] : undefined;
  const activeTask = drawingTasks.find((task) => task.key === tool);
  const imageHasClasses = tasks.some((task) => task.type === "classification");
  // The task whose classes the class row and Shift+keys choose: the selected shape's, else the drawing tool's.
  const classTask = (selectedEntry && drawingTasks.find((task) => task.key === selectedEntry.task)) || activeTask;
  // With the polygon tool every click is a vertex, also on another shape or on the selection's handles
  // (adjacent polygons share vertices): those handles stop listening until another tool is picked.
  const handlesListen = activeTask?.type !== "polygon";

  const imageUrl = shownImageUrl(item);
  useEffect(() => {
    let cancelled = false;
    // A big image's rendition is drawn at the original's size, so shapes keep their original pixels.
    loadImage(imageUrl).then(
      (loaded) => !cancelled && setImage(loaded),
      () => !cancelled && setLoadError("The image could not be loaded. Reload the page to try again; your answer is kept as a draft."),
    );
    return () => {
      cancelled = true;
    };
  }, [imageUrl]);

  const sharpestNeeded = (scale: number) => imageSize.width * scale * (typeof window === "undefined" ? 1 : window.devicePixelRatio);

  const applyView = (next: View, settleNow = false) => {
    viewRef.current = next;
    const stage = stageRef.current;
    if (stage) {
      stage.position({ x: next.x, y: next.y });
      stage.scale({ x: next.scale, y: next.scale });
      const level = pickLevel(sharpestNeeded(next.scale));
      if (level && imageRef.current && imageRef.current.image() !== level) imageRef.current.image(level);
      shapesLayerRef.current?.listening(settleNow);
      stage.batchDraw();
    }
    clearTimeout(settleTimer.current);
    const settle = () => {
      shapesLayerRef.current?.listening(true);
      shapesLayerRef.current?.batchDraw();
      setView(next);
    };
    if (settleNow) settle();
    else settleTimer.current = setTimeout(settle, SETTLE_MS);
  };

  // The item's size is known before its image arrives: the shapes are placed, and drawn, while it loads.
  const fit = () => stageSize && (image || (item.width && item.height)) && applyView(fitView(imageSize, stageSize), true);
  useEffect(() => {
    if (!viewRef.current) fit();
  });
  useEffect(() => () => clearTimeout(settleTimer.current), []);

  // Undo and redo may move entries: the selection is dropped rather than left on another shape.
  useEffect(() => select(null), [historyVersion]);
  useEffect(() => {
    if (selected !== null && !selectedEntry) setSelected(null);
    if (selectedVertex !== null && (selectedEntry?.type !== "polygon" || selectedVertex >= selectedEntry.points.length)) setSelectedVertex(null);
  }, [selected, selectedEntry, selectedVertex]);

  useEffect(() => {
    const node = selectedEntry?.type === "bbox" ? stageRef.current?.findOne(`#shape-${selected}`) : undefined;
    transformerRef.current?.nodes(node ? [node] : []);
  }, [selected, selectedEntry, result]);

  const select = (index: number | null) => {
    setSelected(index);
    setSelectedVertex(null);
  };
  useSelectFirstProblem(problems, (index) => {
    select(index);
    setTool("select");
  });

  /** The class of the next shapes of `task`, and of the selected shape when it is one of that task's. */
  const chooseShapeClass = (task: DrawingTask, label: string) => {
    chooseClassFor(task, label);
    if (selected !== null && selectedEntry?.task === task.key && selectedEntry.label !== label) onChange(replaceEntry(result, selected, { ...selectedEntry, label }));
  };

  const zoomAt = (anchor: Point, factor: number) => viewRef.current && applyView(zoomAround(viewRef.current, anchor, factor));

  /** A new shape is selected at once, so the next class key or Shift+U applies to it. */
  const addShape = (shape: ResultEntry) => {
    onChange([...result, shape]);
    select(result.length);
  };

  const finishPolygon = (points: Point[]) => {
    if (!activeTask || !canClosePolygon(points)) return;
    const polygon: ResultEntry = { task: activeTask.key, type: "polygon", label: classFor[activeTask.key]!, points: points.map((point) => [point.x, point.y]) };
    addShape(polygon);
    setDrawing(null);
  };

  const pointer = (): Point | null => {
    const position = stageRef.current?.getRelativePointerPosition();
    return position ? clampPoint(position, imageSize) : null;
  };

  const onMouseDown = (event: Konva.KonvaEventObject<MouseEvent>) => {
    const view = viewRef.current;
    if (!view) return;
    if (event.evt.button === 1 || spaceHeld.current) {
      event.evt.preventDefault();
      pan.current = { x: event.evt.clientX, y: event.evt.clientY, view };
      return;
    }
    // A resize handle of the selected box is not the start of a new box.
    if (event.evt.button !== 0 || event.target.getParent()?.className === "Transformer") return;
    const point = pointer();
    if (!point) return;
    if (activeTask?.type === "bbox") setDrawing({ kind: "box", start: point, end: point });
    else if (activeTask?.type === "polygon") {
      const points = drawing?.kind === "polygon" ? drawing.points : [];
      const first = points[0];
      if (first && canClosePolygon(points) && Math.hypot(first.x - point.x, first.y - point.y) * view.scale <= CLOSE_DISTANCE_PX) finishPolygon(points);
      else setDrawing({ kind: "polygon", points: [...points, point], cursor: point });
    } else {
      // Where the pointer is, not cut to the image: a click beside the image picks nothing.
      const at = stageRef.current?.getRelativePointerPosition();
      select(at ? shapeAt(result, at, HIT_TOLERANCE_PX / view.scale) : null);
    }
  };

  const onMouseMove = (event: Konva.KonvaEventObject<MouseEvent>) => {
    if (pan.current) {
      const { x, y, view: start } = pan.current;
      applyView({ ...start, x: start.x + event.evt.clientX - x, y: start.y + event.evt.clientY - y });
      return;
    }
    if (!drawing) return;
    const point = pointer();
    if (point) setDrawing(drawing.kind === "box" ? { ...drawing, end: point } : { ...drawing, cursor: point });
  };

  const onMouseUp = () => {
    pan.current = null;
    const view = viewRef.current;
    if (drawing?.kind !== "box" || !activeTask || !view) return;
    const box = boxFromCorners(drawing.start, drawing.end, imageSize);
    setDrawing(null);
    if (!isDrawnBox(box, view.scale)) return select(null);
    addShape({ task: activeTask.key, type: "bbox", label: classFor[activeTask.key]!, ...box });
  };

  // A double-click in place closes the polygon being drawn (its second click added a duplicate vertex).
  // Two quick clicks at different places are two vertices, though konva reports them as a double-click.
  const onDoubleClick = () => {
    if (drawing?.kind !== "polygon" || !viewRef.current) return;
    const [before, last] = drawing.points.slice(-2);
    if (before && last && Math.hypot(before.x - last.x, before.y - last.y) * viewRef.current.scale <= CLOSE_DISTANCE_PX) finishPolygon(drawing.points.slice(0, -1));
  };

  const onWheel = (event: Konva.KonvaEventObject<WheelEvent>) => {
    event.evt.preventDefault();
    const anchor = stageRef.current?.getPointerPosition();
    if (anchor) zoomAt(anchor, Math.exp(-event.evt.deltaY * WHEEL_ZOOM));
  };

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (shortcutsPaused(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      const consume = () => event.preventDefault();
      const key = event.key;
      if (key === " ") {
        spaceHeld.current = true;
        return consume();
      }
      if (key === "Escape") {
        if (drawing) setDrawing(null);
        else select(null);
        return;
      }
      if (key === "Enter" && drawing?.kind === "polygon") return consume(), finishPolygon(drawing.points);
      if (key === "0") return consume(), fit();
      const center = stageSize ? { x: stageSize.width / 2, y: stageSize.height / 2 } : null;
      if ((key === "+" || key === "=") && center) return consume(), zoomAt(center, 1.25);
      if (key === "-" && center) return consume(), zoomAt(center, 0.8);
      const toolFor = { v: "select", b: drawingTasks.find((task) => task.type === "bbox")?.key, p: drawingTasks.find((task) => task.type === "polygon")?.key }[key.toLowerCase()];
      if (toolFor && !event.shiftKey) {
        setTool(toolFor);
        setDrawing(null);
        return consume();
      }
      if (selected !== null && selectedEntry && (key === "Delete" || key === "Backspace")) {
        consume();
        if (selectedEntry.type === "polygon" && selectedVertex !== null) {
          const points = removeVertex(selectedEntry.points, selectedVertex);
          setSelectedVertex(null);
          if (points) return onChange(replaceEntry(result, selected, { ...selectedEntry, points }));
        }
        select(null);
        return onChange(removeEntry(result, selected));
      }
      if (selected !== null && selectedEntry && event.shiftKey && key === "U") return consume(), onChange(toggleUncertain(result, selected));
      if (selected !== null && selectedEntry && key.startsWith("Arrow")) {
        consume();
        const step = event.shiftKey ? 10 : 1;
        const [dx, dy] = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[key] ?? [0, 0];
        const moved =
          selectedEntry.type === "bbox"
            ? { ...selectedEntry, ...clampBox({ ...selectedEntry, x: selectedEntry.x + dx!, y: selectedEntry.y + dy! }, imageSize) }
            : selectedEntry.type === "polygon"
              ? { ...selectedEntry, points: movePolygon(selectedEntry.points, dx!, dy!, imageSize) }
              : selectedEntry;
        return onChange(replaceEntry(result, selected, moved), `nudge:${selected}`);
      }
      // Shift+ a class key picks the shape class before drawing (and sets the selected shape's); plain class keys
      // go to the selected shape, else to the image's own classes (handled by the frame), or without those to the
      // next shape. Either way the class chosen stays the class of the next shapes.
      const classKey = selectedEntry && !event.shiftKey ? key : shapeClassKey(event, imageHasClasses);
      const label = classTask && classKey ? labelForKey(classTask, classKey) : undefined;
      if (!label || !classTask) return;
      consume();
      chooseShapeClass(classTask, label);
    };
    const onKeyUp = (event: KeyboardEvent) => {
      if (event.key === " ") spaceHeld.current = false;
    };
    // A key or button released in another window never reaches this one.
    const onBlur = () => {
      spaceHeld.current = false;
      pan.current = null;
    };
    // Capture phase: the workspace sees keys before the frame, which skips what was consumed here.
    window.addEventListener("keydown", onKeyDown, { capture: true });
    window.addEventListener("keyup", onKeyUp);
    window.addEventListener("blur", onBlur);
    // A drag released outside the canvas still ends there.
    window.addEventListener("mouseup", onMouseUp);
    return () => {
      window.removeEventListener("keydown", onKeyDown, { capture: true });
      window.removeEventListener("keyup", onKeyUp);
      window.removeEventListener("blur", onBlur);
      window.removeEventListener("mouseup", onMouseUp);
    };
  });

  const scale = view?.scale ?? 1;
  const unselectedShapes = useMemo(() => {
    const shapes = result.flatMap((entry, index) =>
      index !== selected && (entry.type === "bbox" || entry.type === "polygon") ? [{ entry, style: shapeStyle(entry, taskByKey.get(entry.task), false) }] : [],
    );
    return <Shape name="shapes" listening={false} sceneFunc={(context, node) => drawShapes(context, node as Konva.Shape, shapes)} />;
  }, [result, selected, taskByKey]);

  // The selected shape is a node of its own, drawn on top: it is dragged, resized and edited vertex by vertex.
  const selectedShape = (() => {
    if (selected === null || (selectedEntry?.type !== "bbox" && selectedEntry?.type !== "polygon")) return null;
    const entry = selectedEntry;
    const index = selected;
    const common = {
      id: `shape-${index}`,
      name: "shape",
      ...shapeStyle(entry, taskByKey.get(entry.task), true),
      strokeScaleEnabled: false,
      perfectDrawEnabled: false,
      draggable: tool === "select",
      onMouseDown: (event: Konva.KonvaEventObject<MouseEvent>) => {
        // Pressed on the selection: a drag of it, or with a drawing tool a point of the new shape (the stage's).
        if (tool === "select" && event.evt.button === 0 && !spaceHeld.current) event.cancelBubble = true;
      },
    };
    if (entry.type === "bbox") {
      return (
        <Rect
          key={index}
          {...common}
          x={entry.x}
          y={entry.y}
          width={entry.width}
          height={entry.height}
          onDragEnd={(event) => {
            const box = clampBox({ ...entry, x: event.target.x(), y: event.target.y() }, imageSize);
            // Written back to the node too: when the stored box does not change, react-konva would not move it back.
            event.target.position(box);
            onChange(replaceEntry(result, index, { ...entry, ...box }));
          }}
          onTransformEnd={(event) => {
            const node = event.target;
            const box = clampBox({ x: node.x(), y: node.y(), width: node.width() * node.scaleX(), height: node.height() * node.scaleY() }, imageSize);
            node.setAttrs({ ...box, scaleX: 1, scaleY: 1 });
            onChange(replaceEntry(result, index, { ...entry, ...box }));
          }}
        />
      );
    }
    return (
      <Line
        key={index}
        {...common}
        points={flat(livePolygon ?? entry.points)}
        closed
        onDragEnd={(event) => {
          const moved = movePolygon(entry.points, event.target.x(), event.target.y(), imageSize);
          event.target.position({ x: 0, y: 0 });
          onChange(replaceEntry(result, index, { ...entry, points: moved }));
        }}
        onDblClick={() => {
          const at = pointer();
          if (tool !== "select" || !at) return;
          const inserted = insertVertex(entry.points, at);
          onChange(replaceEntry(result, index, { ...entry, points: inserted.points }));
          setSelectedVertex(inserted.index);
        }}
      />
    );
  })();

  const vertexHandles =
    selected !== null && selectedEntry?.type === "polygon"
      ? (livePolygon ?? selectedEntry.points).map(([x, y], vertex) => (
          <Circle
            key={vertex}
            name="vertex"
            x={x}
            y={y}
            radius={(vertex === selectedVertex ? 7 : 5) / scale}
            fill={vertex === selectedVertex ? "#1d4ed8" : "#ffffff"}
            stroke="#1d4ed8"
            strokeWidth={1.5}
            strokeScaleEnabled={false}
            draggable
            listening={handlesListen}
            onMouseDown={(event) => {
              event.cancelBubble = true;
              if (event.evt.altKey) {
                const points = removeVertex(selectedEntry.points, vertex);
                setSelectedVertex(null);
                if (points) onChange(replaceEntry(result, selected, { ...selectedEntry, points }));
                return;
              }
              setSelectedVertex(vertex);
            }}
            onDragMove={(event) => {
              const point = clampPoint(event.target.position(), imageSize);
              event.target.position(point);
              setLivePolygon(selectedEntry.points.map((existing, position) => (position === vertex ? [point.x, point.y] : existing)));
            }}
            onDragEnd={(event) => {
              const point = clampPoint(event.target.position(), imageSize);
              setLivePolygon(null);
              onChange(replaceEntry(result, selected, { ...selectedEntry, points: selectedEntry.points.map((existing, position) => (position === vertex ? [point.x, point.y] : existing)) }));
            }}
          />
        ))
      : null;

  const drawingPreview =
    drawing?.kind === "box" ? (
      <Rect {...boxFromCorners(drawing.start, drawing.end, imageSize)} stroke="#1d4ed8" strokeWidth={1.5} strokeScaleEnabled={false} dash={[4, 4]} listening={false} />
    ) : drawing?.kind === "polygon" ? (
      <>
        <Line points={flat(drawing.cursor ? [...drawing.points, drawing.cursor] : drawing.points)} stroke="#1d4ed8" strokeWidth={1.5} strokeScaleEnabled={false} listening={false} />
        {drawing.points.map((point, index) => (
          <Circle key={index} x={point.x} y={point.y} radius={(index === 0 ? 6 : 4) / scale} fill={index === 0 ? "#1d4ed8" : "#ffffff"} stroke="#1d4ed8" strokeWidth={1.5} strokeScaleEnabled={false} listening={false} />
        ))}
      </>
    ) : null;

  const source = view && image ? pickLevel(sharpestNeeded(view.scale)) : null;
  const cursor = tool === "select" ? "default" : "crosshair";

  return (
    <div className={`grid gap-3 lg:grid-cols-[minmax(0,1fr)_20rem] ${fillHeight ? "min-h-0 flex-1 lg:grid-rows-[minmax(0,1fr)]" : ""}`}>
      <section
        aria-label="Image canvas"
        className={`relative min-h-[24rem] overflow-hidden rounded-lg border border-slate-200 bg-slate-800 ${fillHeight ? "h-[60vh] lg:h-auto lg:min-h-0" : "h-[calc(100vh-15rem)]"}`}
      >
        <div ref={setContainer} className="absolute inset-0" style={{ cursor }} data-testid="image-stage">
          {stageSize ? (
            <Stage
              ref={stageRef}
              width={stageSize.width}
              height={stageSize.height}
              onMouseDown={onMouseDown}
              onMouseMove={onMouseMove}
              onMouseLeave={() => (pan.current = null)}
              onDblClick={onDoubleClick}
              onWheel={onWheel}
              onContextMenu={(event) => event.evt.preventDefault()}
            >
              <Layer listening={false}>
                {source ? <KonvaImage ref={imageRef} name="image" image={source} width={imageSize.width} height={imageSize.height} /> : null}
                {item.tilesUrl && image ? <TileImages tilesUrl={item.tilesUrl} view={view} stage={stageSize} renditionWidth={image.naturalWidth} imageWidth={imageSize.width} /> : null}
              </Layer>
              <Layer ref={shapesLayerRef}>
                {unselectedShapes}
                {selectedShape}
              </Layer>
              <Layer>
                {drawingPreview}
                {vertexHandles}
                <Transformer
                  ref={transformerRef}
                  listening={handlesListen}
                  rotateEnabled={false}
                  flipEnabled={false}
                  keepRatio={false}
                  ignoreStroke
                  anchorSize={8}
                  boundBoxFunc={(previous, next) => (Math.min(next.width, next.height) < minBoxScreenPx(viewRef.current?.scale ?? scale) ? previous : next)}
                />
              </Layer>
            </Stage>
          ) : null}
        </div>
        {loadError ? (
          <div className="absolute inset-x-4 top-4">
            <Alert tone="error">{loadError}</Alert>
          </div>
        ) : null}
        <div className="absolute bottom-2 left-2 flex items-center gap-1 rounded-md bg-white/90 p-1 text-xs shadow">
          <button type="button" aria-label="Zoom out" className="rounded px-2 py-1 hover:bg-slate-100" onClick={() => stageSize && zoomAt({ x: stageSize.width / 2, y: stageSize.height / 2 }, 0.8)}>
            −
          </button>
          <span className="w-12 text-center tabular-nums" aria-label="Zoom level">
            {Math.round(scale * 100)}%
          </span>
          <button type="button" aria-label="Zoom in" className="rounded px-2 py-1 hover:bg-slate-100" onClick={() => stageSize && zoomAt({ x: stageSize.width / 2, y: stageSize.height / 2 }, 1.25)}>
            +
          </button>
          <button type="button" className="rounded px-2 py-1 hover:bg-slate-100" onClick={fit} title="Fit to screen (0)">
            Fit
          </button>
          <span className="px-1 text-slate-500">
            {imageSize.width}×{imageSize.height} px
          </span>
        </div>
      </section>
      <aside className={`space-y-3 ${fillHeight ? "lg:min-h-0 lg:overflow-y-auto" : ""}`}>
        {drawingTasks.length ? (
          <div className="rounded-lg border border-slate-200 bg-white p-3">
            <p className="text-sm font-semibold text-slate-900">Tools</p>
            <div className="mt-2 flex flex-wrap gap-1.5" role="group" aria-label="Tools">
              {[{ key: "select", label: "Select", hotkey: "V" }, ...drawingTasks.map((task) => ({ key: task.key, label: `${task.type === "bbox" ? "Box" : "Polygon"}: ${task.key}`, hotkey: task.type === "bbox" ? "B" : "P" }))].map((option) => (
                <button
                  key={option.key}
                  type="button"
                  aria-pressed={tool === option.key}
                  onClick={() => {
                    setTool(option.key);
                    setDrawing(null);
                  }}
                  className={`rounded-md border px-2.5 py-1 text-sm ${tool === option.key ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50"}`}
                >
                  {option.label} <kbd className="text-xs opacity-70">{option.hotkey}</kbd>
                </button>
              ))}
            </div>
            {classTask ? (
              <div className="mt-3">
                <ShapeClassPicker task={classTask} shapes={classTask.type === "bbox" ? "boxes" : "polygons"} item="image" chosen={classFor[classTask.key]!} shifted={imageHasClasses} onChoose={(label) => chooseShapeClass(classTask, label)} />
              </div>
            ) : null}
            {activeTask?.type === "polygon" ? <p className="mt-2 text-xs text-slate-600">Click the vertices, click the first one or press Enter to close; to edit shapes, V.</p> : null}
          </div>
        ) : null}
        <ShapeList
          result={result}
          tasks={tasks}
          selected={selected}
          onSelect={(index) => {
            select(index);
            setTool("select");
          }}
          onChange={onChange}
          onClassChange={(taskKey, label) => {
            // The list has changed its row's class already: only the class of the next shapes follows.
            const task = drawingTasks.find((candidate) => candidate.key === taskKey);
            if (task) chooseClassFor(task, label);
          }}
          onRemove={(index) => {
            onChange(removeEntry(result, index));
            setSelectedVertex(null);
            setSelected((current) => selectionAfterRemoval(current, index));
          }}
          describe={(entry) => (entry.type === "bbox" ? `box ${Math.round(entry.width)}×${Math.round(entry.height)}` : entry.type === "polygon" ? `polygon, ${entry.points.length} points` : "")}
          title="Shapes"
          empty="No shapes yet. Pick a tool and draw on the image."
          problems={problems?.found}
        />
        {sidebar}
      </aside>
    </div>
  );
}

