import { InvalidArgumentError } from "@langevin/core/base";
import { describe, expect, it } from "vitest";
import { arrayTaskFromEnv, hasShardPlaceholder, parseShardOption, shardName } from "./array-task.js";

describe("arrayTaskFromEnv", () => {
  it("numbers a Slurm array's tasks 0…n-1 whatever the range starts at", () => {
    const env = { SLURM_ARRAY_TASK_MIN: "10", SLURM_ARRAY_TASK_MAX: "13", SLURM_ARRAY_TASK_COUNT: "4" };
    const got = [10, 11, 12, 13].map((id) => arrayTaskFromEnv({ ...env, SLURM_ARRAY_TASK_ID: String(id) }));
    expect(got.map((s) => [s.index, s.count])).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
    expect(got[1].source).toBe("SLURM_ARRAY_TASK_ID=11 of 10-13");
  });

  it("follows a stepped array (--array=0-6:2 is 4 tasks)", () => {
    const env = { SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_MAX: "6", SLURM_ARRAY_TASK_STEP: "2" };
    expect(arrayTaskFromEnv({ ...env, SLURM_ARRAY_TASK_ID: "4" })).toMatchObject({ index: 2, count: 4 });
  });

  it("takes the count from SLURM_ARRAY_TASK_COUNT when MAX is missing", () => {
    const env = { SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_COUNT: "3" };
    expect(arrayTaskFromEnv(env)).toMatchObject({ index: 1, count: 3 });
  });

  it("refuses an array that is not one evenly stepped range (--array=0,3,7)", () => {
    const env = {
      SLURM_ARRAY_TASK_ID: "3",
      SLURM_ARRAY_TASK_MIN: "0",
      SLURM_ARRAY_TASK_MAX: "7",
      SLURM_ARRAY_TASK_COUNT: "3",
    };
    expect(() => arrayTaskFromEnv(env)).toThrow(/not one evenly stepped range.*--array=0-N/);
  });

  it("reads a Kubernetes indexed job's index and the count given in the pod template", () => {
    expect(arrayTaskFromEnv({ JOB_COMPLETION_INDEX: "2", JOB_COMPLETIONS: "5" })).toMatchObject({
      index: 2,
      count: 5,
    });
    expect(arrayTaskFromEnv({ JOB_COMPLETION_INDEX: "0", LANGEVIN_SHARD_COUNT: "2" })).toMatchObject({
      index: 0,
      count: 2,
    });
    expect(() => arrayTaskFromEnv({ JOB_COMPLETION_INDEX: "2" })).toThrow(/JOB_COMPLETIONS/);
    expect(() => arrayTaskFromEnv({ JOB_COMPLETION_INDEX: "5", JOB_COMPLETIONS: "5" })).toThrow(/not below/);
  });

  it("says what it looked for when no scheduler names a task, as an error of the option", () => {
    let error: unknown;
    try {
      arrayTaskFromEnv({ PATH: "/usr/bin" }, "--shard");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe("--shard");
    expect((error as Error).message).toMatch(/SLURM_ARRAY_TASK_ID.*JOB_COMPLETION_INDEX.*--shard i\/n/);
  });

  it("refuses variables that are not integers", () => {
    expect(() => arrayTaskFromEnv({ SLURM_ARRAY_TASK_ID: "x", SLURM_ARRAY_TASK_MIN: "0" })).toThrow(
      /SLURM_ARRAY_TASK_ID="x"/,
    );
  });
});

describe("parseShardOption", () => {
  it("parses i/n and auto", () => {
    expect(parseShardOption("1/4")).toEqual({ index: 1, count: 4, source: "1/4" });
    const env = { SLURM_ARRAY_TASK_ID: "0", SLURM_ARRAY_TASK_MIN: "0", SLURM_ARRAY_TASK_MAX: "1" };
    expect(parseShardOption("auto", env)).toMatchObject({ index: 0, count: 2 });
  });

  it("refuses a shard outside its count, or text that is neither form", () => {
    expect(() => parseShardOption("4/4")).toThrow(/--shard: need 0 <= i < n/);
    expect(() => parseShardOption("0/0")).toThrow(/need 0 <= i < n/);
    expect(() => parseShardOption("half", {}, "--part")).toThrow(/^--part: expected "i\/n"/);
  });
});

describe("shardName", () => {
  it("fills {index} and {count}", () => {
    expect(shardName("out/part-{index}-of-{count}.json", { index: 3, count: 8 })).toBe(
      "out/part-3-of-8.json",
    );
    expect(hasShardPlaceholder("part-{index}.json")).toBe(true);
    expect(hasShardPlaceholder("part.json")).toBe(false);
  });
});
