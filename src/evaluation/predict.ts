/**
 * Where the experiment runner takes its test estimates from. The implementation lives with the
 * model (src/model/predict.ts: it runs tfjs); this module keeps evaluation/index.ts tfjs-free.
 */
export { predictClasses } from "../model/predict.js";
