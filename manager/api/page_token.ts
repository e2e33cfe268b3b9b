/**
 * ListJobs page tokens. Opaque to clients: base64url of "seq:<n>", the seq of the last job
 * of the previous page (the next page holds older jobs).
 */
import { invalidArgument } from "../../shared/errors.ts";

export function encodePageToken(seq: number): string {
  return btoa(`seq:${seq}`).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

/** The seq a page token points before, or throws RangeError for a token we did not make. */
export function decodePageToken(token: string): number {
  let text: string;
  try {
    text = atob(token.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    throw new RangeError(`Invalid page_token: not one this manager issued`);
  }
  const m = /^seq:(\d{1,15})$/.exec(text);
  if (!m) throw new RangeError(`Invalid page_token: not one this manager issued`);
  return Number(m[1]);
}

/** The seq to list before: undefined for the first page; INVALID_ARGUMENT for a foreign token. */
export function validatePageToken(token: string | undefined): number | undefined {
  if (!token) return undefined;
  try {
    return decodePageToken(token);
  } catch (err) {
    throw invalidArgument((err as Error).message);
  }
}
