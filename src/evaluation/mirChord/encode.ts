/**
 * mir_eval's chord encoding lives in annotations/encode.ts (the context model's vocabularies map
 * frame labels with it, below this stage); re-exported here for the comparisons.
 */
export * from "../../annotations/encode.js";
