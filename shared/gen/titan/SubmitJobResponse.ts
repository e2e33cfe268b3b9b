// Original file: proto/titan/titan.proto

import type { JobState as _titan_JobState, JobState__Output as _titan_JobState__Output } from '../titan/JobState.ts';

export interface SubmitJobResponse {
  'jobId'?: (string);
  'state'?: (_titan_JobState);
  'deduplicated'?: (boolean);
}

export interface SubmitJobResponse__Output {
  'jobId': (string);
  'state': (_titan_JobState__Output);
  'deduplicated': (boolean);
}
