// Original file: proto/titan/titan.proto

import type { SubmitJobResponse as _titan_SubmitJobResponse, SubmitJobResponse__Output as _titan_SubmitJobResponse__Output } from '../titan/SubmitJobResponse.ts';

export interface SubmitJobsResponse {
  'jobs'?: (_titan_SubmitJobResponse)[];
}

export interface SubmitJobsResponse__Output {
  'jobs': (_titan_SubmitJobResponse__Output)[];
}
