export {
  arrayTaskFromEnv,
  type Env,
  hasShardPlaceholder,
  parseShardOption,
  type ResolvedShard,
  type Shard,
  shardName,
} from "./array-task.js";
export { type Body, fsyncFolder, removeStaleTemporaries, replaceSymlink, writeFileAtomic } from "./atomic.js";
export { PROBE_BYTES, prepareFile, prepareFolder } from "./destination.js";
export { type LockHolder, OutputError, OutputLockedError, outputFailure } from "./errors.js";
export { type JsonOptions, jsonChunks } from "./json.js";
export { lockOutput, type OutputLock } from "./lock.js";
export { OutputFile } from "./output-file.js";
export { type Committed, RunFolder } from "./run-folder.js";
export { TEST_PAUSE_ENV, testPause, testPauseSync } from "./test-pause.js";
