export { installSegments } from "./upkeep.js";
export { createSegment, deleteSegment, listSegments, previewSegment, readSegment, segmentHistory, segmentMembers, updateSegment, DEFAULT_REFRESH } from "./segments.js";
