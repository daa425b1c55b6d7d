/**
 * Child process of `chordtrain batch --jobs N`: receives resolved configs over IPC, runs each
 * with exactly the code of an in-process run (so results are byte-identical across --jobs), and
 * forwards progress to the parent.
 */
import type { Config } from "../config/schema.js";
import type { ProgressSink } from "../util/progress.js";
import { runExperiment } from "./runExperiment.js";
import { warmFeatureCache } from "./corpus.js";

type ProgressMethod = keyof ProgressSink;

export type WorkerMessage =
  | { type: "progress"; method: ProgressMethod; args: unknown[] }
  | { type: "done"; error?: string; dir?: string }
  | { type: "warmed"; songs?: number; error?: string };

export type ParentMessage =
  | { type: "run"; config: Config; row: string }
  | { type: "features"; config: Config; shard: { index: number; count: number } }
  | { type: "abort" };

const controller = new AbortController();

function relay(method: ProgressMethod) {
  return (...args: unknown[]) => send({ type: "progress", method, args });
}

/**
 * A message to the parent; dropped once the channel is closed. A send racing the parent's death
 * fails asynchronously: without the callback that failure would crash the worker mid-run and leave
 * its run.json RUNNING; with it, the run is stopped like on "disconnect".
 */
function send(message: WorkerMessage): void {
  if (process.connected) process.send?.(message, undefined, undefined, (error: Error | null) => error && controller.abort());
}

const progress: ProgressSink = {
  phase: relay("phase"),
  features: relay("features"),
  epoch: relay("epoch"),
  note: relay("note"),
  end: () => {},
};

// Ctrl-C in a terminal reaches the whole process group: finish the run as FAILED, then exit.
process.on("SIGINT", () => controller.abort());
process.on("SIGTERM", () => controller.abort());
// The parent died (e.g. SIGKILL): stop the current run cleanly (FAILED, "interrupted") instead of
// finishing work nobody waits for, which a rerun would then duplicate. Between runs this is the
// parent's normal close(), and there is nothing left to stop.
process.on("disconnect", () => controller.abort());

// Runs one item per "run" message, in turn (the parent sends the next after "done"); the process
// exits when the parent closes the IPC channel.
process.on("message", (m: ParentMessage) => {
  if (m.type === "abort") return controller.abort();
  if (m.type === "features") {
    return void warmFeatureCache(m.config, m.shard).then(
      (songs) => finish({ type: "warmed", songs }),
      (e: unknown) => finish({ type: "warmed", error: e instanceof Error ? e.message : String(e) }),
    );
  }
  runExperiment(m.config, { row: m.row, progress, signal: controller.signal }).then(
    (r) => finish({ type: "done", dir: r.dir }),
    (e: unknown) => finish({ type: "done", error: e instanceof Error ? e.message : String(e) }),
  );
});

function finish(message: WorkerMessage): void {
  send(message);
}
