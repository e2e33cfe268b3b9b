// Original file: proto/titan/titan.proto

import type { JobState as _titan_JobState, JobState__Output as _titan_JobState__Output } from '../titan/JobState.ts';

export interface ListJobsRequest {
  'states'?: (_titan_JobState)[];
  'pageSize'?: (number);
  'pageToken'?: (string);
  'name'?: (string);
  'queue'?: (string);
}

export interface ListJobsRequest__Output {
  'states': (_titan_JobState__Output)[];
  'pageSize': (number);
  'pageToken': (string);
  'name': (string);
  'queue': (string);
}
