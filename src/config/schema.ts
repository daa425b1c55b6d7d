/**
 * The one configuration schema of chordtrain. Every default lives here; every stage
 * receives only its slice (`FeatureConfig`, `LossConfig`, …) as a fully resolved value.
 *
 * Objects are strict: an unknown (e.g. misspelt) key is an error naming its path.
 */
import { z } from "zod";

/** Where the built-in synthetic corpus lives; generated on first use when missing. */
export const BUILTIN_CORPUS_DIR = "data/synth";

const positiveInt = z.number().int().positive();
const nonNegative = z.number().nonnegative();

/**
 * Where the songs are. Three layouts (src/dataset/discover.ts); the first one set wins:
 * `manifest`, then `audioDir` + `annotationDir`, then `dir` (the built-in corpus by default).
 */
export const DataSchema = z
  .strictObject({
    /** Folder searched recursively: each audio file pairs with the annotation of the same stem beside it. */
    dir: z.string().min(1).default(BUILTIN_CORPUS_DIR),
    /** Audio tree; pairs with `annotationDir` by relative path without the extension. */
    audioDir: z.string().min(1).optional(),
    /** Annotation tree (.lab, .csv or .jams) mirroring `audioDir`. */
    annotationDir: z.string().min(1).optional(),
    /** CSV with header `audio,annotation[,name]`, paths relative to the manifest's folder. */
    manifest: z.string().min(1).optional(),
    /** Unpaired files (audio without annotation, annotation without audio, missing manifest path). */
    unpaired: z.enum(["error", "skip"]).default("error"),
    /** Map unknown chord labels to no-chord (with a warning count) instead of failing. */
    lenient: z.boolean().default(false),
    /** Folder for the feature cache. */
    cacheDir: z.string().min(1).default("data/cache"),
    /** Use the feature cache (extract each song once per feature setting). */
    cache: z.boolean().default(true),
  })
  .superRefine((data, ctx) => {
    if ((data.audioDir === undefined) !== (data.annotationDir === undefined)) {
      const missing = data.audioDir === undefined ? "audioDir" : "annotationDir";
      ctx.addIssue({ code: "custom", path: [missing], message: "data.audioDir and data.annotationDir go together; set both" });
    }
    if (data.manifest !== undefined && data.audioDir !== undefined) {
      ctx.addIssue({ code: "custom", path: ["manifest"], message: "set data.manifest or data.audioDir + data.annotationDir, not both" });
    }
  })
  .prefault({});

export const AudioSchema = z
  .strictObject({
    /** Analysis sample rate in Hz; audio at another rate is resampled. */
    sampleRate: positiveInt.default(22050),
    /**
     * Resampler. Chroma needs nothing above MIDI 108 (4.2 kHz), so fast ones suffice: the default
     * `halfband` is a 127-tap halfband FIR for exact 2:1 ratios (44.1 → 22.05 kHz, ~4.5×
     * faster than sinc-fastest), libsamplerate sinc-fastest for any other ratio.
     */
    resampler: z.enum(["halfband", "sinc-fastest", "sinc-medium", "sinc-best"]).default("halfband"),
  })
  .prefault({});

export const FeatureSchema = z
  .strictObject({
    /** `stft`: fft.js + pitch-class pooling (fast). `meyda`: librosa-style chroma filter bank. */
    chroma: z.enum(["stft", "meyda"]).default("stft"),
    /** STFT window length in samples (Hann). */
    windowLength: positiveInt.default(4096),
    /** Hop in samples; frame n is centred at n·hop/sampleRate seconds. */
    hopLength: positiveInt.default(2048),
    /** η in log(1 + η·|X|²); 0 disables log compression. The study's code used 0.1. */
    logCompression: nonNegative.default(0.1),
    /** Per-frame normalisation. */
    normalization: z.enum(["l2", "max", "none"]).default("l2"),
    /** Frames with norm below this become the uniform vector (1/√12 for l2). */
    normFloor: z.number().positive().default(1e-4),
    /** MIDI pitch range pooled into the 12 classes. */
    minMidi: z.number().int().min(0).max(127).default(24),
    maxMidi: z.number().int().min(0).max(127).default(108),
  })
  .prefault({});

export const AnnotationSchema = z
  .strictObject({
    /** How a diminished triad (and hdim7, dim7) is reduced: to minor (FMP textbook) or to no-chord. */
    dim: z.enum(["min", "none"]).default("min"),
    /** How an augmented triad is reduced: to major (FMP textbook) or to no-chord. */
    aug: z.enum(["maj", "none"]).default("maj"),
  })
  .prefault({});

export const DatasetSchema = z
  .strictObject({
    /** Frames per segment (the study: 150). */
    segmentLength: positiveInt.default(150),
    /** Frames between segment starts; equal to the length means non-overlapping. */
    segmentHop: positiveInt.default(150),
    /** Trim leading and trailing no-chord frames of each song. */
    trimNoChord: z.boolean().default(true),
  })
  .prefault({});

export const SplitSchema = z
  .strictObject({
    /**
     * `study`: test = segment `testSegment` of `testSong`, all other segments pooled, shuffled
     * with the seed and split train:val by `valFraction`. `songs`: whole songs per split
     * (`testSongs`, `valSongs`, `trainSongs`: names or `*` patterns).
     * `leave-one-song-out`: fold `fold` tests on the fold-th song (sorted by name).
     */
    protocol: z.enum(["study", "songs", "leave-one-song-out"]).default("study"),
    testSong: z.string().optional(),
    testSegment: z.number().int().nonnegative().default(0),
    valFraction: z.number().min(0).max(0.9).default(0.25),
    testSongs: z.array(z.string()).default([]),
    valSongs: z.array(z.string()).default([]),
    /** `songs` protocol: the training songs (names or `*` patterns); unset = every song not tested or validated on (optional, so configs without it keep their hash). */
    trainSongs: z.array(z.string()).min(1).optional(),
    fold: z.number().int().nonnegative().default(0),
  })
  .prefault({});

export const TargetSchema = z
  .strictObject({
    /**
     * `strong`: frame labels; `soft`: the reduced chord sequence (soft-DTW, CTC). With loss.kind
     * bce, `soft` (softLength: frames) is BCE on the sequence stretched over the frames by
     * `padding` — the weak-label baseline without alignment.
     */
    kind: z.enum(["strong", "soft"]).default("strong"),
    /**
     * Length the reduced (repetition-free) sequence is padded to, or `frames`: the segment's
     * length (sequence unfolding, Zeitler et al. 2023 — with uniform padding, each chord stretched
     * over an equal share of the prediction frames).
     */
    softLength: z.union([positiveInt, z.literal("frames")]).default(16),
    /** `uniform`: element ⌊j·n/L⌋ at position j; `last`: repeat the last element; `none`: variable length. */
    padding: z.enum(["uniform", "last", "none"]).default("uniform"),
    /** A reduced sequence longer than softLength: `error`, or `truncate` (counted in the output). */
    overflow: z.enum(["error", "truncate"]).default("error"),
  })
  .prefault({});

export const DistortionSchema = z
  .strictObject({
    /** Std. dev. of independent Gaussian jitter of every chord boundary, in seconds. */
    jitterSec: nonNegative.default(0),
    /** Global offset added to every boundary, in seconds. */
    offsetSec: z.number().default(0),
    /** Tempo stretch factor applied to annotation times (1 = none). */
    stretch: z.number().positive().default(1),
  })
  .prefault({});

/**
 * The context network (model/context.ts; docs/context-model.md): frames t−radius … t+radius of the
 * chroma stacked into one vector, then dense layers with ReLU, then one logit per output class.
 */
/**
 * The log-frequency front end (features/logFreq.ts) of a context network with
 * `model.context.input: logfreq`. Hop, log compression and normalisation are `features`'s.
 */
export const LogFreqSchema = z.strictObject({
  /** Bins per semitone (B); MIDI m owns the bins centred on m + (i − ⌊B/2⌋)/B, i = 0 … B−1. */
  binsPerSemitone: z.number().int().min(1).max(12).default(3),
  /** Lowest and highest MIDI pitch covered (default C2 … B7, 6 octaves). */
  minMidi: z.number().int().min(0).max(127).default(36),
  maxMidi: z.number().int().min(0).max(127).default(107),
  /** FFT length in samples (Hann; a power of two), on the chroma's hop and frame centres. */
  windowLength: positiveInt.default(8192),
});
export type LogFreqConfig = z.infer<typeof LogFreqSchema>;

export const ContextModelSchema = z.strictObject({
  /** Frames of context on each side (2·radius + 1 frames per window; at 22050/2048 Hz, 7 ≈ ±0.65 s). */
  radius: z.number().int().min(0).max(64).default(7),
  /** Widths of the hidden layers (ReLU), first to last; [] is a linear model over the window. */
  hidden: z.array(positiveInt).max(8).default([128, 64]),
  /**
   * Output classes (annotations/vocabulary.ts): `majmin` = 24 major/minor chords + N (class 24);
   * `sevenths` = maj, min, 7, maj7, min7 on 12 roots + N (class 60). Frame labels are mapped as
   * mir_eval's comparison of the same name maps them; chords outside the vocabulary are neither
   * trained nor scored (docs/context-model.md).
   */
  vocabulary: z.enum(["majmin", "sevenths"]).default("majmin"),
  /**
   * Train every segment at a random one of the 12 transpositions each step (chroma rotated, chord
   * roots moved with it, N unchanged): dChord's shared templates are transposition-invariant by
   * construction, a dense network has to learn it, and a corpus covers few keys.
   */
  transpose: z.boolean().default(true),
  /**
   * The network's input: `chroma` (absent: the run's 12-bin chroma) or `logfreq` (the
   * log-frequency spectrogram of `logfreq`, features/logFreq.ts). Optional without a default, so
   * that configs and model files from before it resolve and hash exactly as they did.
   */
  input: z.enum(["chroma", "logfreq"]).optional(),
  /** The log-frequency front end's settings; filled with their defaults when input is logfreq. */
  logfreq: LogFreqSchema.partial().optional(),
})
  .superRefine((c, ctx) => {
    if (c.logfreq !== undefined && c.input !== "logfreq") {
      ctx.addIssue({ code: "custom", path: ["logfreq"], message: "model.context.logfreq is set but model.context.input is not logfreq" });
    }
  })
  .transform((c): Omit<typeof c, "logfreq"> & { logfreq?: LogFreqConfig } =>
    c.input === "logfreq" ? { ...c, logfreq: LogFreqSchema.parse(c.logfreq ?? {}) } : (c as Omit<typeof c, "logfreq">),
  );

export const ModelSchema = z
  .strictObject({
    /**
     * The model family: absent = dChord (the study's 25-parameter template model); set = the
     * context network with these settings (trained by `training.engine: tfjs` only). An optional
     * object rather than a `family` key so that every earlier config keeps its hash and its
     * weights.json (docs/context-model.md).
     */
    context: ContextModelSchema.optional(),
    /** Two 12-vectors shifted to all roots (25 parameters) or 24 independent templates (289). */
    sharedTemplates: z.boolean().default(true),
    /** Softmax temperature (fixed, not trained). */
    temperature: z.number().positive().default(1),
    /** Std. dev. of the seeded noise added to the binary-triad initialisation. */
    initNoise: nonNegative.default(0.01),
    /**
     * dChord: a lower bound on the trained log gain θ (g = e^θ), applied after every optimiser
     * step. Below θ ≈ ln 1e-4 every l2-normalised frame falls under the normalisation floor and the
     * model is constant with zero gradient (docs/ctc.md). Absent: none.
     */
    minLogGain: z.number().min(-9).max(0).optional(),
  })
  .prefault({});

export const LossSchema = z
  .strictObject({
    kind: z.enum(["bce", "softDtw", "ctc"]).default("bce"),
    /** Soft-DTW smoothing γ (the study's code: 0.3). */
    gamma: z.number().positive().default(0.3),
    /** Optional γ schedule: γ0 for `constEpochs`, then linear to `gamma` over `decayEpochs`. */
    gammaSchedule: z
      .strictObject({
        start: z.number().positive(),
        constEpochs: z.number().int().nonnegative(),
        decayEpochs: z.number().int().nonnegative(),
      })
      .optional(),
    /** Sakoe–Chiba band on the scaled diagonal |i/M − j/N| ≤ band; omit for none. */
    band: z.number().positive().optional(),
    /** Divide the soft-DTW value by nothing, N (predictions), M (targets) or N+M. */
    normalize: z.enum(["none", "n", "m", "n+m"]).default("none"),
    /** Use the soft-DTW divergence D(x,y) − ½(D(x,x) + D(y,y)). */
    divergence: z.boolean().default(false),
    /** Weights of the local cost on vertical, horizontal and diagonal steps. */
    stepWeights: z.tuple([nonNegative, nonNegative, nonNegative]).default([1, 1, 1]),
    /**
     * Soft-DTW diagonal prior (Zeitler et al., ISMIR 2023): cost + w(e)·(1 − P), P = 1 on each
     * target element's block of the straight diagonal and exp(−d²/(2·nu)) at d frames from it;
     * w(e) = `weight` for the first `constEpochs` epochs, then linear to 0 over `decayEpochs`.
     * Validation uses w = 0 (the final weight), as it uses the final γ.
     */
    diagonalPrior: z
      .strictObject({
        weight: nonNegative,
        nu: z.number().positive(),
        constEpochs: z.number().int().nonnegative(),
        decayEpochs: z.number().int().nonnegative(),
      })
      .optional(),
    /**
     * Soft-DTW local cost between a frame's output and a target element: absent =
     * `squaredEuclidean` ‖p − y‖² on the softmax (the study's), or `crossEntropy` −log p(y) on the
     * log-softmax (SDTW-D's cost, Zeitler & Müller 2026; docs/context-model.md). Optional without a
     * default, so configs without it keep their hash. tfjs engines only; not with the divergence or
     * the proportion term.
     */
    softDtwCost: z.enum(["squaredEuclidean", "crossEntropy"]).optional(),
    /**
     * Soft-DTW chord-template prior (the context model; training/templatePrior.ts): cost +
     * v(e)·A, A(i, n) = 1 − cos(chroma of frame n, the binary template of target element i's
     * chord; N: the flat chroma), a content prior on the alignment as the diagonal prior is a
     * positional one. v(e) = `weight` for the first `constEpochs` epochs, then linear to 0 over
     * `decayEpochs`. Validation uses v = 0. Optional without default (configs keep their hash).
     */
    templatePrior: z
      .strictObject({
        weight: nonNegative,
        constEpochs: z.number().int().nonnegative(),
        decayEpochs: z.number().int().nonnegative(),
      })
      .optional(),
    /**
     * Soft-DTW class-balanced cost: each target row's cost × share(quality)^(−classBalance),
     * quality = major or minor, shares counted over the training targets, weights scaled so that
     * their mean over the training rows is 1. 0 = off, 1 = major and minor rows weigh equally.
     */
    classBalance: z.number().min(0).max(2).default(0),
    /**
     * Soft-DTW label-proportion term λ: each segment's loss + λ·KL(π ‖ p̄), π = the shares of the
     * chords in its sequence (each element equally), p̄ = the mean of its frames' predicted
     * probabilities (losses/proportion.ts; docs/generalization.md). Training and validation loss
     * alike. Absent = 0 = off; optional without default so that configs without it keep their hash.
     */
    proportionWeight: nonNegative.optional(),
    /**
     * Class balance by feedback (dChord, soft-DTW or CTC; training/adaptiveBalance.ts): after every
     * epoch the training loss's balance exponent β (starting at loss.classBalance / loss.ctcClassBalance)
     * moves by rate·ln(implied / predicted minor share of the training frames), clamped to [0, 2];
     * validation keeps the configured β. dChord (soft-DTW, CTC) and the context network (soft-DTW,
     * majmin vocabulary). Absent: β fixed.
     */
    adaptiveBalance: z.strictObject({ rate: z.number().positive() }).optional(),
    /** CTC: infeasible alignments give 0 loss and gradient instead of Infinity. */
    zeroInfinity: z.boolean().default(true),
    /**
     * CTC label-prior scale α (Huang et al., ICASSP 2024): the alignment uses log p − α·log P̂,
     * P̂ = each segment's mean posterior per class (stop-gradient, floored at e^−12), so a blank
     * that takes every frame loses its share of the alignment and is pushed back (docs/ctc.md).
     * 0 = plain CTC. Training and validation loss alike.
     */
    ctcPriorScale: nonNegative.default(0),
    /**
     * CTC class-balanced emissions (β): the alignment scores a chord label's frame by
     * w_q·log p, w_q = share(quality)^(−β) over the training label sequences, normalised as
     * soft-DTW's classBalance (the mean weight of a training label is 1). Absent = 0 = off (docs/ctc.md).
     * Optional keys without defaults, so that configs without them keep their config hash.
     */
    ctcClassBalance: z.number().min(0).max(2).optional(),
    /** CTC blank emission weight: the blank's frames are scored by w·log p(blank) (> 1 penalises the blank). Absent = 1 = off. */
    ctcBlankWeight: z.number().positive().optional(),
    /**
     * CTC label-proportion term λ: each segment's loss + λ·KL(π ‖ p̄), π = the chords' shares in
     * its reduced sequence, p̄ = the mean over its frames of the chord posteriors without the blank
     * (docs/ctc.md). Absent = 0 = off.
     */
    ctcProportionWeight: nonNegative.optional(),
  })
  .prefault({});

export const TrainingSchema = z
  .strictObject({
    epochs: positiveInt.default(200),
    batchSize: positiveInt.default(5),
    learningRate: z.number().positive().default(0.1),
    beta1: z.number().min(0).lt(1).default(0.9),
    beta2: z.number().min(0).lt(1).default(0.999),
    epsilon: z.number().positive().default(1e-8),
    /**
     * What runs the training step: "js" — dChord, its gradient and the losses in float64
     * JavaScript, no tensor library (the fastest: issue #11); "tfjs" — dChord as tfjs ops on
     * `backend` (float32). Both train the same model with the same losses and agree to float32
     * precision. The run's predictions, its figures and `chordtrain predict` (by default) use the
     * same engine (recorded in the model file as trainedBy.engine).
     */
    engine: z.enum(["js", "tfjs"]).default("js"),
    /**
     * What picks the kept epoch: `valLoss`, the validation value of the training loss; or
     * `valChordLoss`, the validation segments' reduced chord sequences under the 24 chord outputs
     * (CTC without blank states, per label); or `valSequenceAccuracy`, the share of validation
     * frames whose decoded chord matches the sequence element the best monotone alignment gives
     * them (training/selection.ts). The CTC loss can prefer a model whose blank takes every
     * frame; neither of the other two can (docs/ctc.md).
     */
    selectBy: z.enum(["valLoss", "valChordLoss", "valSequenceAccuracy"]).default("valLoss"),
    /**
     * `epoch`: compute the weak-label diagnostics every epoch (history.csv's val_chord_loss,
     * val_sequence_accuracy, train_minor_share). Absent: only where selectBy needs them, and the
     * class-share check once, for the kept epoch — they cost about half an epoch of the study's setting.
     */
    diagnostics: z.enum(["epoch"]).optional(),
    /** tfjs backend; `node` needs @tensorflow/tfjs-node installed by the user. */
    backend: z.enum(["wasm", "cpu", "node"]).default("wasm"),
    /**
     * Stop when the selection score (`selectBy`: by default the validation loss, i.e. the loss the
     * run trains with — the weak loss of a weak-label run; never strong labels in a weak-label run)
     * has not fallen by more than `minDelta` for `patience` epochs, counted after the last
     * epoch of the γ and diagonal-prior schedules and never before `minEpochs`; `epochs` stays
     * the maximum. Patience and the least epoch may be given in Adam updates instead
     * (`patienceUpdates`, `minUpdates`), converted per run with its updates per epoch. Absent (the
     * default): all `epochs` run. The best epoch's weights are kept either way.
     * docs/early-stopping.md.
     */
    earlyStopping: z
      .strictObject({
        /** Epochs without improvement that stop the run (or `patienceUpdates`, not both). */
        patience: positiveInt.optional(),
        /**
         * The same counted in Adam updates (batches), converted to epochs per run:
         * ⌈patienceUpdates / updates per epoch⌉, so one setting suits small and large corpora.
         */
        patienceUpdates: positiveInt.optional(),
        /** Absolute, in the score's units: an epoch improves when score < best − minDelta. */
        minDelta: nonNegative.default(0),
        minEpochs: z.number().int().nonnegative().default(0),
        /** No stop for patience before this many updates (⌈minUpdates / updates per epoch⌉ epochs); with minEpochs the later counts. */
        minUpdates: z.number().int().nonnegative().optional(),
      })
      .superRefine((e, ctx) => {
        if ((e.patience === undefined) === (e.patienceUpdates === undefined)) {
          ctx.addIssue({
            code: "custom",
            path: [],
            message:
              e.patience === undefined
                ? "set patience (epochs) or patienceUpdates (Adam updates)"
                : "set patience (epochs) or patienceUpdates (Adam updates), not both (a config this one extends may set the other: configs/bce.yaml sets patienceUpdates)",
          });
        }
      })
      .optional(),
    /** Seconds of training (the epoch loop) after which a run stops at the end of its epoch; absent: none. */
    timeBudgetSec: z.number().positive().optional(),
  })
  .prefault({});

export const ReportSchema = z
  .strictObject({
    /** Write figures and report.html at the end of `run` and `batch`. */
    enabled: z.boolean().default(true),
    /** Also write PNG beside each SVG figure (off: PNG costs more than the SVG; `chordtrain report DIR --png` on demand). */
    png: z.boolean().default(false),
    /** Epochs whose soft alignment (∂soft-DTW/∂C) is drawn: numbers or first | best | last. */
    alignmentEpochs: z
      .array(z.union([z.number().int().positive(), z.enum(["first", "best", "last"])]))
      .default(["first", "best", "last"]),
  })
  .prefault({});

export const ConfigSchema = z
  .strictObject({
  /** Run name; results go to `<out>/<name>/<run-id>/`. */
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' or '-' only").default("experiment"),
  seed: z.number().int().nonnegative().default(0),
  /** Results folder. */
  out: z.string().min(1).default("results"),
  data: DataSchema,
  audio: AudioSchema,
  features: FeatureSchema,
  annotations: AnnotationSchema,
  dataset: DatasetSchema,
  split: SplitSchema,
  targets: TargetSchema,
  distortion: DistortionSchema,
  model: ModelSchema,
  loss: LossSchema,
  training: TrainingSchema,
  report: ReportSchema,
  })
  .superRefine((c, ctx) => {
    if (c.model.context && c.training.engine !== "tfjs") {
      ctx.addIssue({ code: "custom", path: ["training", "engine"], message: 'the context model (model.context) is trained by tfjs: set training.engine: tfjs' });
    }
    if (c.loss.proportionWeight !== undefined && c.loss.kind !== "softDtw") {
      ctx.addIssue({ code: "custom", path: ["loss", "proportionWeight"], message: `loss.proportionWeight is soft-DTW's label-proportion term; with loss.kind ${c.loss.kind} remove it${c.loss.kind === "ctc" ? " (CTC's is loss.ctcProportionWeight)" : ""}` });
    }
    if (c.loss.adaptiveBalance !== undefined && c.loss.kind === "bce") {
      ctx.addIssue({ code: "custom", path: ["loss", "adaptiveBalance"], message: "loss.adaptiveBalance moves soft-DTW's or CTC's class balance; with loss.kind bce remove it" });
    }
    if (c.loss.softDtwCost === "crossEntropy") {
      const why =
        c.loss.kind !== "softDtw" ? `it is soft-DTW's cost, and loss.kind is ${c.loss.kind}`
        : c.training.engine !== "tfjs" ? "it is implemented on the tfjs engines: set training.engine: tfjs"
        : c.loss.divergence ? "the divergence needs the squared Euclidean cost: set loss.divergence: false"
        : c.loss.proportionWeight ? "the proportion term reads probabilities: remove loss.proportionWeight"
        : undefined;
      if (why) ctx.addIssue({ code: "custom", path: ["loss", "softDtwCost"], message: `loss.softDtwCost crossEntropy: ${why}` });
    }
    if (c.loss.templatePrior !== undefined && (c.loss.kind !== "softDtw" || !c.model.context)) {
      const why = c.loss.kind !== "softDtw" ? `with loss.kind ${c.loss.kind}` : "for dChord, whose templates are its own parameters";
      ctx.addIssue({ code: "custom", path: ["loss", "templatePrior"], message: `loss.templatePrior steers the context model's (model.context) soft-DTW alignment; ${why} remove it` });
    }
    if (c.model.context && c.model.minLogGain !== undefined) {
      ctx.addIssue({ code: "custom", path: ["model", "minLogGain"], message: "model.minLogGain bounds dChord's gain; the context model (model.context) has none: remove it" });
    }
    if (c.model.context && c.training.selectBy !== "valLoss") {
      ctx.addIssue({ code: "custom", path: ["training", "selectBy"], message: "the context model (model.context) ranks epochs by its validation loss only: set training.selectBy: valLoss" });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;
export type DataConfig = Config["data"];
export type AudioConfig = Config["audio"];
export type FeatureConfig = Config["features"];
export type AnnotationConfig = Config["annotations"];
export type DatasetConfig = Config["dataset"];
export type SplitConfig = Config["split"];
export type TargetConfig = Config["targets"];
export type DistortionConfig = Config["distortion"];
export type ModelConfig = Config["model"];
export type ContextModelConfig = z.infer<typeof ContextModelSchema>;
export type LossConfig = Config["loss"];
export type TrainingConfig = Config["training"];
export type ReportConfig = Config["report"];

/**
 * A batch: a base config (inline partial, or a path relative to the batch file), rows of
 * overrides, seeds, optionally leave-one-song-out folds (every row runs on each fold: a second
 * axis beside the seeds) and paired comparisons of two rows over the same seeds and folds.
 */
export const BatchSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/).default("batch"),
  base: z.union([z.string(), z.record(z.string(), z.unknown())]).default({}),
  seeds: z.array(z.number().int().nonnegative()).min(1).optional(),
  /** `split.fold` values every row runs on (needs `split.protocol: leave-one-song-out`). */
  folds: z.array(z.number().int().nonnegative()).min(1).optional(),
  /** Row `a` minus row `b`, paired by (seed, fold): the difference of means with its 95 % CI. */
  compare: z.array(z.strictObject({ a: z.string().min(1), b: z.string().min(1) })).default([]),
  rows: z
    .array(
      z.strictObject({
        row: z.string().min(1),
        /**
         * A config file (path relative to the batch file) whose method the row runs: its `model`,
         * `features`, `targets`, `loss` and `training` sections (after its `extends:` chain) replace
         * the batch base's; data, split and the rest stay the batch's. `set` applies on top.
         */
        method: z.string().min(1).optional(),
        set: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .min(1),
});
export type BatchFile = z.infer<typeof BatchSchema>;

/**
 * The model file (`weights.json` of a run): the learned parameters plus every setting `predict`
 * needs to compute the features exactly as in training. `format`/`version` identify it; a reader
 * refuses versions it does not know. The parameter fields are those of DChordWeights.
 */
export const MODEL_FILE_FORMAT = "chordtrain-dchord";
export const MODEL_FILE_VERSION = 1;
/** The same object with every default removed: a setting missing from a model file is an error, not a guess. */
function withoutDefaults<S extends z.ZodRawShape>(schema: z.ZodObject<S>): z.ZodType<z.output<z.ZodObject<S>>> {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([k, v]) => [k, v instanceof z.ZodDefault ? v.removeDefault() : v]),
  );
  return z.strictObject(shape) as unknown as z.ZodType<z.output<z.ZodObject<S>>>;
}
const finite = z.number().refine(Number.isFinite, "must be a finite number");
const vector12 = z.array(finite).length(12);
export const ModelFileSchema = z.object({
  format: z.literal(MODEL_FILE_FORMAT),
  version: z.literal(MODEL_FILE_VERSION),
  gain: finite,
  logGain: finite,
  major: vector12,
  minor: vector12,
  templates: z.array(vector12).length(24),
  initTemplates: z.array(vector12).length(24).optional(),
  blank: finite.optional(),
  /** The training run's settings the forward pass and the features depend on. */
  audio: withoutDefaults(AudioSchema.unwrap()),
  features: withoutDefaults(FeatureSchema.unwrap()),
  model: withoutDefaults(ModelSchema.unwrap()),
  loss: z.object({ kind: LossSchema.unwrap().shape.kind.removeDefault() }),
  /** Where the model came from (informational). */
  trainedBy: z
    .object({
      name: z.string(),
      seed: z.number(),
      chordtrain: z.string().optional(),
      /** training.engine: `chordtrain predict` computes the forward pass the same way by default ("js" when absent). */
      engine: z.enum(["js", "tfjs"]).optional(),
    })
    .optional(),
});
export type ModelFile = z.infer<typeof ModelFileSchema>;

/**
 * The context network's model file (`weights.json` of a run with model.context): its layers
 * (model/context.ts ContextWeights: weights [in][out] and bias [out] per dense layer, hidden
 * layers first) plus the same settings as a dChord model file; model.context is required.
 */
export const CONTEXT_MODEL_FILE_FORMAT = "chordtrain-context";
export const CONTEXT_MODEL_FILE_VERSION = 1;
export const ContextModelFileSchema = z.object({
  format: z.literal(CONTEXT_MODEL_FILE_FORMAT),
  version: z.literal(CONTEXT_MODEL_FILE_VERSION),
  family: z.literal("context"),
  /** Output classes without the CTC blank (25 for majmin: 24 chords + N at index 24). */
  classes: z.number().int().positive(),
  /** Whether the last output is a CTC blank. */
  blank: z.boolean(),
  layers: z.array(z.strictObject({ weights: z.array(z.array(finite)), bias: z.array(finite) })).min(1),
  audio: withoutDefaults(AudioSchema.unwrap()),
  features: withoutDefaults(FeatureSchema.unwrap()),
  model: withoutDefaults(ModelSchema.unwrap()).refine((m) => m.context !== undefined, "model.context is required in a context model file"),
  loss: z.object({ kind: LossSchema.unwrap().shape.kind.removeDefault() }),
  trainedBy: z.object({ name: z.string(), seed: z.number(), chordtrain: z.string().optional(), engine: z.literal("tfjs").optional() }).optional(),
});
export type ContextModelFile = z.infer<typeof ContextModelFileSchema>;
/** Either model file (told apart by `format`). */
export type AnyModelFile = ModelFile | ContextModelFile;

/** `chordtrain predict`: decoding of the model's frame posteriors into chord segments. */
export const PredictSchema = z.strictObject({
  format: z.enum(["lab", "jams", "csv"]).default("lab"),
  /**
   * `hmm`: Viterbi over the 24 chords with a uniform transition matrix (FMP §5.3); `median`: a
   * median filter of each chord's posterior over time, then argmax; `none`: frame-wise argmax.
   */
  smoothing: z.enum(["none", "median", "hmm"]).default("hmm"),
  /** HMM self-transition probability p; the others get (1 − p)/23. */
  selfProb: z.number().gt(0).lt(1).default(0.99),
  /** Median filter length in frames (odd). */
  medianLength: positiveInt.refine((n) => n % 2 === 1, "must be odd").default(9),
  /** Frames quieter than this many dB below the loudest frame are no-chord (N); null: never. */
  silenceDb: z.number().negative().nullable().default(-40),
  /** Overwrite existing outputs. */
  force: z.boolean().default(false),
  /** The forward pass: "js" (float64) or "tfjs" (float32); absent: the engine the model was trained with. */
  engine: z.enum(["js", "tfjs"]).optional(),
});
export type PredictConfig = z.infer<typeof PredictSchema>;
