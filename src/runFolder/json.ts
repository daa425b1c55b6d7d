/** Pieces shared by the run-folder schemas. */
import { z } from "zod";

/** A number as written by JSON.stringify: NaN and ±Infinity become null. */
export const jsonNumber = z.number().nullable();

/** First problem of a failed parse, as `path: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
  return `${path}: ${issue.message}`;
}

/** Compile-time check that a writer's type is something its reader's schema accepts. */
export type Accepts<Read, Written extends Read> = Written;
