// Original file: proto/titan/titan.proto

import type { JobStatus as _titan_JobStatus, JobStatus__Output as _titan_JobStatus__Output } from '../titan/JobStatus.ts';

export interface ListJobsResponse {
  'jobs'?: (_titan_JobStatus)[];
  'nextPageToken'?: (string);
}

export interface ListJobsResponse__Output {
  'jobs': (_titan_JobStatus__Output)[];
  'nextPageToken': (string);
}
