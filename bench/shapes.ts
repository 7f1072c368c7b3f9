// Benchmark of the shapes agreement engine. Run: npx tsx bench/shapes.ts
//
// Target: per-item box agreement (every pair of labelers on an image matched by IoU, with F1 and mean
// IoU) for 10,000 images × 3 labelers × 20 boxes in under 5 s.
//
// Data are synthetic and seeded (pure-rand), so runs are comparable. Each image has 20 objects; each
// labeler draws each object with probability 0.9, its edges moved by up to ±8 % of the object's size,
// with the true label 9 times in 10, and fills its remaining slots with shapes at random places.
// "Spread" images scatter objects over 1000 × 1000 pixels; "crowded" images pack them into 250 × 250,
// where many pairs pass the IoU threshold and the assignment has real work to do. Polygons (12-gons
// around the same objects) are timed on fewer images: exact clipping costs far more than a box IoU.
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { boxConsensus, pairwiseShapeAgreement, type BoxShape, type PolygonShape, type Shape, type ShapesByLabeler } from "../lib/quality/shapes/index";

const LABELERS = ["ana", "ben", "chen"];
const CLASSES = ["car", "person", "bike"];
const RUNS = 3;

const rng = xoroshiro128plus(20_240_601);
const between = (low: number, high: number) => low + (high - low) * uniformFloat64(rng);
const randomClass = () => CLASSES[uniformInt(rng, 0, CLASSES.length - 1)]!;

type SceneObject = { x: number; y: number; width: number; height: number; label: string };

function randomObject(frame: number): SceneObject {
  const width = between(20, 120);
  const height = between(20, 120);
  return { x: between(0, frame - width), y: between(0, frame - height), width, height, label: randomClass() };
}

/** One labeler's version of an object, or null when the labeler misses it. */
function perceive(object: SceneObject): SceneObject | null {
  if (uniformFloat64(rng) >= 0.9) return null;
  const jitter = (size: number) => between(-0.08, 0.08) * size;
  const x1 = object.x + jitter(object.width);
  const y1 = object.y + jitter(object.height);
  const x2 = object.x + object.width + jitter(object.width);
  const y2 = object.y + object.height + jitter(object.height);
  return { x: x1, y: y1, width: x2 - x1, height: y2 - y1, label: uniformFloat64(rng) < 0.9 ? object.label : randomClass() };
}

function box({ x, y, width, height, label }: SceneObject): BoxShape {
  return { task: "boxes", type: "bbox", label, x, y, width, height };
}

/** A 12-gon inscribed in the object's box, each vertex's radius moved by up to ±8 %. */
function outline({ x, y, width, height, label }: SceneObject): PolygonShape {
  const points = Array.from({ length: 12 }, (_, k): [number, number] => {
    const angle = (k * Math.PI) / 6;
    const radius = between(0.92, 1.08) / 2;
    return [x + width / 2 + radius * width * Math.cos(angle), y + height / 2 + radius * height * Math.sin(angle)];
  });
  return { task: "outlines", type: "polygon", label, points };
}

function images<S extends Shape>(count: number, objectsPerImage: number, frame: number, draw: (object: SceneObject) => S): ShapesByLabeler<S>[] {
  return Array.from({ length: count }, () => {
    const objects = Array.from({ length: objectsPerImage }, () => randomObject(frame));
    return new Map(
      LABELERS.map((labeler) => {
        const drawn = objects.flatMap((object) => perceive(object) ?? []);
        while (drawn.length < objectsPerImage) drawn.push(randomObject(frame));
        return [labeler, drawn.map(draw)];
      }),
    );
  });
}

/**
 * Runs `work` over every image RUNS times; prints wall-clock time and this process's CPU time (user +
 * system), which moves less than wall time when other processes share the machine.
 */
function timed(name: string, items: readonly ShapesByLabeler[], work: (item: ShapesByLabeler) => number): void {
  for (let run = 1; run <= RUNS; run++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    let checksum = 0;
    for (const item of items) checksum += work(item);
    const seconds = (performance.now() - start) / 1000;
    const { user, system } = process.cpuUsage(cpuStart);
    const perImage = ((seconds / items.length) * 1e6).toFixed(1);
    console.log(`${name}, run ${run}: ${seconds.toFixed(3)} s wall, ${((user + system) / 1e6).toFixed(3)} s CPU (${perImage} µs per image; mean ${(checksum / items.length).toFixed(4)})`);
  }
}

const meanF1 = (item: ShapesByLabeler) => pairwiseShapeAgreement(item).meanF1.value ?? 0;
const clusterCount = (item: ShapesByLabeler) => boxConsensus(item as ShapesByLabeler<BoxShape>).clusters.length;

console.log(`Node ${process.version}, ${LABELERS.length} labelers per image`);
const spread = images(10_000, 20, 1000, box);
timed("10,000 spread images × 20 boxes: pairwise agreement (mean F1)", spread, meanF1);
timed("10,000 spread images × 20 boxes: box consensus (clusters kept)", spread, clusterCount);
timed("10,000 crowded images × 20 boxes: pairwise agreement (mean F1)", images(10_000, 20, 250, box), meanF1);
timed("20 spread images × 20 12-gons: pairwise agreement (mean F1)", images(20, 20, 1000, outline), meanF1);
