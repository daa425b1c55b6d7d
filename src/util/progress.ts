/** What the runner tells whoever watches it (a TTY bar, plain lines, JSON, or nothing). */
export interface EpochProgress {
  epoch: number;
  epochs: number;
  trainLoss: number;
  valLoss: number;
  valF: number;
  seconds: number;
  /** With early stopping: the epoch at which the run stops unless the validation loss improves first. */
  stopBy?: number;
}

export interface ProgressSink {
  /** A new phase of a run: "features", "training", "evaluation", "report". */
  phase(label: string): void;
  /** `done` of `total` items finished; `what` names the work (default "features"; predict: "files"). */
  features(done: number, total: number, song: string, what?: string): void;
  epoch(p: EpochProgress): void;
  /** Something the user should read (notes, warnings); printed even when piped. */
  note(message: string): void;
  /** The run ended (successfully or not): clear any bar. */
  end(): void;
}

export const silentProgress: ProgressSink = {
  phase() {},
  features() {},
  epoch() {},
  note() {},
  end() {},
};
