/**
 * The dashboard's job search: ListJobs with one more filter, text in the name or command. It takes
 * ListJobs's request and answers its response, with ListJobs's validation (states, page size,
 * page token), so the page pages a search exactly as it pages the plain listing.
 */
import { invalidArgument } from "../../shared/errors.ts";
import type { ListJobsRequest__Output } from "../../shared/gen/titan/ListJobsRequest.ts";
import type { ListJobsResponse } from "../../shared/gen/titan/ListJobsResponse.ts";
import { encodePageToken, validatePageToken } from "../api/page_token.ts";
import { validatePageSize, validateStates } from "../api/validate.ts";
import { toJobStatus } from "../api/wire.ts";
import type { JobPage, ListQuery } from "../store/store.ts";

/** The longest text searched for. */
export const MAX_SEARCH_CHARS = 256;

/** Check the searched text: a string, not too long, no NUL. */
export function validateSearchText(text: unknown): string {
  if (text === undefined || text === null) return "";
  if (typeof text !== "string") throw invalidArgument("text must be a string");
  if (text.length > MAX_SEARCH_CHARS) {
    throw invalidArgument(
      `text must be at most ${MAX_SEARCH_CHARS} characters, got ${text.length}`,
    );
  }
  if (text.includes("\0")) throw invalidArgument("text must not contain NUL");
  return text;
}

export function jobSearch(jobs: { list(query: ListQuery): Promise<JobPage> }) {
  return async (request: ListJobsRequest__Output, text: string): Promise<ListJobsResponse> => {
    const states = validateStates(request.states);
    const limit = validatePageSize(request.pageSize);
    const beforeSeq = validatePageToken(request.pageToken);
    const page = await jobs.list({ states, limit, beforeSeq, textContains: text });
    const last = page.jobs[page.jobs.length - 1];
    return {
      jobs: page.jobs.map((j) => toJobStatus(j, false)),
      nextPageToken: page.more && last ? encodePageToken(last.seq) : "",
    };
  };
}
