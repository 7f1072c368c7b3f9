// Agreement and consensus for box and polygon annotations.
export { boxConsensus, polygonConsensus, type ClusterMember, type ConsensusOptions, type ConsensusResult, type ShapeCluster } from "./consensus";
export { shapeAnnotationDistance } from "./distance";
export { boxIoU, boxToPolygon, polygonIoU, shapeIoU } from "./iou";
export {
  DEFAULT_IOU_THRESHOLD,
  matchShapes,
  pairwiseShapeAgreement,
  type ItemShapeAgreement,
  type LabelerPairAgreement,
  type ShapeMatch,
  type ShapeMatchOptions,
  type ShapeMatchResult,
} from "./matching";
export type { BoxShape, PolygonShape, Shape, ShapesByLabeler } from "./types";
