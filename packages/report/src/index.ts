export {
  type AppDefinition,
  type AppRun,
  type AppStreams,
  appUsage,
  listExperiments,
  mergeAndReport,
  runAndReport,
  runApp,
  selectExperiments,
} from "./app.js";
export { byMode } from "./by-mode.js";
export {
  type ArrowOverlay,
  type BarChartOptions,
  barChart,
  type ChartOptions,
  COLUMN_WIDTH,
  type ContourOverlay,
  type HeatmapOptions,
  heatmap,
  lineChart,
  type PointOverlay,
  panels,
  type Series,
  tickFormat,
} from "./charts.js";
export { type CheckBase, checkAbove, checkBelow, checkClose, checkWithControl } from "./checks.js";
export { type CliOptions, parseCli } from "./cli.js";
export { type ContourSegment, contourSegments, quantileLevels } from "./contour.js";
export type {
  Check,
  Experiment,
  ExperimentContext,
  ExperimentResult,
  FigureRecord,
  Mode,
  RunResult,
  VegaLiteSpec,
} from "./experiment.js";
export { formatNumber } from "./format.js";
export { escapeHtml, reportHtml } from "./html.js";
export { hasMath, type MathText, mathToHtml, mathToText } from "./math.js";
export { type WrittenReport, writeReport } from "./output.js";
export { encodePng } from "./png.js";
export { barProgress, lineProgress, type ProgressDisplay, silentProgress } from "./progress.js";
export { compactSvg, renderSvg } from "./render.js";
export { ExperimentAbortError, type RunOptions, runExperiments } from "./runner.js";
export { deriveSeed } from "./seed.js";
export {
  mergeShardParts,
  readShardPart,
  runSummary,
  SHARD_PART,
  type ShardPart,
  shardExperiments,
  shardPartBytes,
} from "./shard.js";
export { summaryTable } from "./summary.js";
export { packageVersions, reportPackageVersions } from "./versions.js";
