// Original file: proto/titan/titan.proto

import type { JobState as _titan_JobState, JobState__Output as _titan_JobState__Output } from '../titan/JobState.ts';

export interface Dependency {
  'jobId'?: (string);
  'name'?: (string);
  'state'?: (_titan_JobState);
}

export interface Dependency__Output {
  'jobId': (string);
  'name': (string);
  'state': (_titan_JobState__Output);
}
