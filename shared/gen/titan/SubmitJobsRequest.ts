// Original file: proto/titan/titan.proto

import type { JobSpec as _titan_JobSpec, JobSpec__Output as _titan_JobSpec__Output } from '../titan/JobSpec.ts';

export interface SubmitJobsRequest {
  'jobs'?: (_titan_JobSpec)[];
}

export interface SubmitJobsRequest__Output {
  'jobs': (_titan_JobSpec__Output)[];
}
