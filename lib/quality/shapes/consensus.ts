// Consensus shapes for one item annotated by several labelers.
//
// Clustering. Shapes that different labelers drew for the same object are grouped, with at most one
// shape per labeler in a group. We follow Weighted Boxes Fusion (Solovyev, Wang & Gabruseva, "Weighted
// boxes fusion: ensembling boxes from different object detection models", Image and Vision Computing
// 107, 2021; arXiv:1910.13302): clusters are built incrementally, a shape joins the cluster whose
// current fused box it overlaps with IoU >= threshold, the fused box is the weighted mean of the
// members' coordinates and is recomputed after every join, and a shape that joins nothing starts a
// cluster. WBF walks boxes one at a time in order of detector confidence. Here the unit of work is a
// labeler, walked in order of reliability (then id): all of that labeler's shapes are assigned to the
// current clusters at once by the optimal one-to-one matching used for pairwise agreement
// (assignment.ts: most pairs at the threshold, then most total IoU). One-to-one is what guarantees
// "at most one shape per labeler per cluster", and doing it optimally avoids the order effects of a
// greedy pass inside a labeler. (datumaro's ShapeMatcher, on which CVAT's consensus merging builds,
// takes another route: greedy pairwise matching between every two sources, then connected components,
// refusing a shape whose source is already in the cluster or that is too far from one of its members.)
// The result still depends on the order of labelers, as WBF's does on confidence order; putting the
// most reliable labelers first lets their shapes seed the clusters.
//
// Boxes: the consensus box is the reliability-weighted mean of the members' corners (WBF's fusion).
// Polygons have no vertex correspondence to average, so the consensus polygon is the medoid: the member
// with the highest weighted mean IoU to the other members (ties to the earlier labeler in the order
// above). While clustering, the medoid stands in for the fused box.
//
// Support is members / labelers on the item, labelers who drew nothing included. Clusters with support
// >= minSupport are the consensus; the others are returned separately (shapes most labelers did not
// draw, worth a reviewer's look) rather than dropped.
import { defined, undefinedBecause, type Statistic } from "../statistic";
import { assignByIoU } from "./assignment";
import { preparedIoU, prepareShapes, rectangleIoU, type PreparedShapes } from "./iou";
import { resolveIoUThreshold } from "./matching";
import { mean } from "./mean";
import type { BoxShape, PolygonShape, Shape, ShapesByLabeler } from "./types";

export type ConsensusOptions = {
  /** A shape joins a cluster when its IoU with the cluster's current consensus is at least this; in (0, 1], default 0.5. */
  readonly iouThreshold?: number;
  /** Least support (fraction of the item's labelers in the cluster) of a consensus cluster; in [0, 1], default 0.5. */
  readonly minSupport?: number;
  /** Labeler reliability weights, finite and > 0; a labeler not listed weighs 1. */
  readonly weights?: ReadonlyMap<string, number>;
};

export type ClusterMember = {
  readonly labeler: string;
  /** Index of the shape in that labeler's list. */
  readonly index: number;
  readonly iouToConsensus: number;
};

export type ShapeCluster<S extends Shape> = {
  /** The consensus shape, carrying the cluster's majority label. */
  readonly consensus: S;
  /** The label with the largest total weight of members drawing it; on a tie, the one that sorts first. */
  readonly label: string;
  /** That label's share of the members' total weight. */
  readonly labelShare: number;
  /** Whether another label had exactly the same weight. */
  readonly labelTie: boolean;
  /** Members / labelers on the item. */
  readonly support: number;
  /** In the order labelers were processed (reliability, then id). */
  readonly members: readonly ClusterMember[];
  /**
   * Mean IoU of the members to the consensus shape. For boxes over all members; for polygons over the
   * members other than the medoid (whose IoU with itself, 1, says nothing), so undefined for one member.
   */
  readonly meanIoUToConsensus: Statistic;
};

export type ConsensusResult<S extends Shape> = {
  /** Clusters with support >= minSupport, in order of creation. */
  readonly clusters: readonly ShapeCluster<S>[];
  /** The other clusters. */
  readonly unsupported: readonly ShapeCluster<S>[];
};

/**
 * Consensus boxes for one item (see the top of this file for the algorithm and its sources). Throws on
 * malformed boxes, a polygon, shapes of several tasks, or out-of-range options. For L labelers with n
 * boxes each there are at most L·n clusters, so each labeler's assignment is n × (at most L·n): O(L² · n³)
 * in all, O(L² · n²) of it IoUs.
 */
export function boxConsensus(shapesByLabeler: ShapesByLabeler<BoxShape>, options: ConsensusOptions = {}): ConsensusResult<BoxShape> {
  const item = prepareItem(shapesByLabeler, options, "bbox");
  const { bounds } = item.prepared;
  const boxIoUWith = (flat: number, box: Corners) =>
    rectangleIoU(bounds[4 * flat]!, bounds[4 * flat + 1]!, bounds[4 * flat + 2]!, bounds[4 * flat + 3]!, box[0], box[1], box[2], box[3]);
  const fuse = (members: readonly Member[]): Corners => {
    const totalWeight = members.reduce((sum, { weight }) => sum + weight, 0);
    const weightedMean = (corner: number) => members.reduce((sum, { flat, weight }) => sum + weight * bounds[4 * flat + corner]!, 0) / totalWeight;
    return [weightedMean(0), weightedMean(1), weightedMean(2), weightedMean(3)];
  };
  return report(item, cluster(item, fuse, boxIoUWith), (members, fused) => {
    const ious = members.map(({ flat }) => boxIoUWith(flat, fused));
    const [x1, y1, x2, y2] = fused;
    const shape = (label: string): BoxShape => ({ task: item.task, type: "bbox", label, x: x1, y: y1, width: x2 - x1, height: y2 - y1 });
    return { shape, ious, meanIoU: defined(mean(ious)) };
  });
}

/**
 * Consensus polygons for one item: clusters as for boxes, with each cluster's medoid as its consensus
 * (see the top of this file). Throws on malformed polygons, a box, shapes of several tasks, or
 * out-of-range options. Each IoU is computed once (one polyclip-ts intersection); a cluster of m
 * members needs m(m − 1)/2 of them for its medoid.
 */
export function polygonConsensus(shapesByLabeler: ShapesByLabeler<PolygonShape>, options: ConsensusOptions = {}): ConsensusResult<PolygonShape> {
  const item = prepareItem(shapesByLabeler, options, "polygon");
  const iou = memoizedIoU(item.prepared);
  const medoid = (members: readonly Member[]): number => {
    let best = members[0]!.flat;
    let bestScore = -1;
    for (const candidate of members) {
      let weighted = 0;
      let totalWeight = 0;
      for (const other of members) {
        if (other === candidate) continue;
        weighted += other.weight * iou(candidate.flat, other.flat);
        totalWeight += other.weight;
      }
      // A single member has no others to compare with; it is its own medoid.
      const score = totalWeight === 0 ? 0 : weighted / totalWeight;
      if (score > bestScore) {
        best = candidate.flat;
        bestScore = score;
      }
    }
    return best;
  };
  return report(item, cluster(item, medoid, iou), (members, medoidFlat) => {
    const ious = members.map(({ flat }) => iou(flat, medoidFlat));
    const others = members.flatMap(({ flat }, k) => (flat === medoidFlat ? [] : [ious[k]!]));
    const { points } = item.prepared.shapes[medoidFlat] as PolygonShape;
    const shape = (label: string): PolygonShape => ({ task: item.task, type: "polygon", label, points });
    return { shape, ious, meanIoU: others.length === 0 ? undefinedBecause("the medoid is the cluster's only member") : defined(mean(others)) };
  });
}

type Corners = [x1: number, y1: number, x2: number, y2: number];

/** A shape in a cluster; `flat` indexes the item's shapes across labelers. */
type Member = { readonly labeler: string; readonly weight: number; readonly index: number; readonly flat: number };

type PreparedItem = {
  readonly prepared: PreparedShapes;
  /** Labelers in processing order, each with its shapes as members-to-be. */
  readonly labelers: readonly (readonly Member[])[];
  readonly labelerCount: number;
  readonly task: string;
  readonly threshold: number;
  readonly minSupport: number;
};

function prepareItem(shapesByLabeler: ShapesByLabeler, options: ConsensusOptions, type: Shape["type"]): PreparedItem {
  const threshold = resolveIoUThreshold(options.iouThreshold);
  const minSupport = options.minSupport ?? 0.5;
  if (!(Number.isFinite(minSupport) && minSupport >= 0 && minSupport <= 1)) throw new Error(`minSupport must be in [0, 1], got ${String(minSupport)}`);
  const weightOf = (labeler: string) => {
    const weight = options.weights?.get(labeler) ?? 1;
    if (!(Number.isFinite(weight) && weight > 0)) throw new Error(`weights: labeler "${labeler}" has weight ${String(weight)}, expected a finite number > 0`);
    return weight;
  };
  const order = [...shapesByLabeler.keys()]
    .map((labeler) => ({ labeler, weight: weightOf(labeler) }))
    .sort((p, q) => q.weight - p.weight || (p.labeler < q.labeler ? -1 : p.labeler > q.labeler ? 1 : 0));
  const shapes: Shape[] = [];
  const descriptions: string[] = [];
  const labelers = order.map(({ labeler, weight }) =>
    (shapesByLabeler.get(labeler) ?? []).map((shape, index) => {
      shapes.push(shape);
      descriptions.push(`shape ${index} of labeler "${labeler}"`);
      return { labeler, weight, index, flat: shapes.length - 1 };
    }),
  );
  const prepared = prepareShapes(shapes, (flat) => descriptions[flat]!, type);
  const tasks = [...new Set(shapes.map((shape) => shape.task))];
  if (tasks.length > 1) throw new Error(`shapes of several tasks (${tasks.map((task) => JSON.stringify(task)).join(", ")}); pass one task's shapes at a time`);
  return { prepared, labelers, labelerCount: shapesByLabeler.size, task: tasks[0] ?? "", threshold, minSupport };
}

type WorkingCluster<R> = { members: Member[]; representative: R };

/**
 * The clustering loop shared by boxes and polygons: `represent` gives a cluster's current consensus
 * (fused corners, medoid) and `iouWith` a shape's IoU with it.
 */
function cluster<R>(item: PreparedItem, represent: (members: readonly Member[]) => R, iouWith: (flat: number, representative: R) => number): WorkingCluster<R>[] {
  const clusters: WorkingCluster<R>[] = [];
  for (const shapes of item.labelers) {
    const rows = shapes.length;
    const columns = clusters.length;
    const iou = new Float64Array(rows * columns);
    shapes.forEach(({ flat }, row) => clusters.forEach(({ representative }, column) => (iou[row * columns + column] = iouWith(flat, representative))));
    const assignment = assignByIoU(iou, rows, columns, item.threshold);
    for (const [row, column] of assignment) clusters[column]!.members.push(shapes[row]!);
    // Representatives change only once the whole labeler is placed: all of its shapes were assigned
    // against the same clusters.
    for (const [, column] of assignment) clusters[column]!.representative = represent(clusters[column]!.members);
    const joined = new Set(assignment.map(([row]) => row));
    shapes.forEach((member, row) => {
      if (!joined.has(row)) clusters.push({ members: [member], representative: represent([member]) });
    });
  }
  return clusters;
}

type Consensus<S extends Shape> = { shape: (label: string) => S; ious: readonly number[]; meanIoU: Statistic };

function report<S extends Shape, R>(item: PreparedItem, clusters: readonly WorkingCluster<R>[], consensusOf: (members: readonly Member[], representative: R) => Consensus<S>): ConsensusResult<S> {
  const result = { clusters: [] as ShapeCluster<S>[], unsupported: [] as ShapeCluster<S>[] };
  for (const { members, representative } of clusters) {
    const { shape, ious, meanIoU } = consensusOf(members, representative);
    const { label, share, tie } = weightedMajority(members.map(({ flat, weight }) => ({ label: item.prepared.shapes[flat]!.label, weight })));
    const support = members.length / item.labelerCount;
    (support >= item.minSupport ? result.clusters : result.unsupported).push({
      consensus: shape(label),
      label,
      labelShare: share,
      labelTie: tie,
      support,
      members: members.map(({ labeler, index }, k) => ({ labeler, index, iouToConsensus: ious[k]! })),
      meanIoUToConsensus: meanIoU,
    });
  }
  return result;
}

function weightedMajority(votes: readonly { label: string; weight: number }[]): { label: string; share: number; tie: boolean } {
  const totals = new Map<string, number>();
  let totalWeight = 0;
  for (const { label, weight } of votes) {
    totals.set(label, (totals.get(label) ?? 0) + weight);
    totalWeight += weight;
  }
  const ranked = [...totals].sort(([p, pw], [q, qw]) => qw - pw || (p < q ? -1 : p > q ? 1 : 0));
  const [label, weight] = ranked[0]!;
  return { label, share: weight / totalWeight, tie: ranked[1]?.[1] === weight };
}

/**
 * IoU between any two of the item's shapes, each pair computed at most once (polygon clipping is
 * costly). A map rather than an n × n table: only shapes against medoids and members against members
 * are asked for, far fewer pairs than the table's n² for an item with thousands of polygons.
 */
function memoizedIoU(prepared: PreparedShapes): (i: number, j: number) => number {
  const n = prepared.shapes.length;
  const known = new Map<number, number>();
  return (i, j) => {
    const [low, high] = i < j ? [i, j] : [j, i];
    let value = known.get(low * n + high);
    if (value === undefined) {
      value = preparedIoU(prepared, low, prepared, high);
      known.set(low * n + high, value);
    }
    return value;
  };
}
