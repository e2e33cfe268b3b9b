// Original file: proto/titan/titan.proto

import type { JobSpec as _titan_JobSpec, JobSpec__Output as _titan_JobSpec__Output } from '../titan/JobSpec.ts';
import type { OverlapPolicy as _titan_OverlapPolicy, OverlapPolicy__Output as _titan_OverlapPolicy__Output } from '../titan/OverlapPolicy.ts';
import type { CatchUpPolicy as _titan_CatchUpPolicy, CatchUpPolicy__Output as _titan_CatchUpPolicy__Output } from '../titan/CatchUpPolicy.ts';

export interface UpdateScheduleRequest {
  'name'?: (string);
  'cron'?: (string);
  'timezone'?: (string);
  'job'?: (_titan_JobSpec | null);
  'overlapPolicy'?: (_titan_OverlapPolicy);
  'catchUpPolicy'?: (_titan_CatchUpPolicy);
  'paused'?: (boolean);
  '_cron'?: "cron";
  '_timezone'?: "timezone";
  '_overlapPolicy'?: "overlapPolicy";
  '_catchUpPolicy'?: "catchUpPolicy";
  '_paused'?: "paused";
}

export interface UpdateScheduleRequest__Output {
  'name': (string);
  'cron'?: (string);
  'timezone'?: (string);
  'job': (_titan_JobSpec__Output | null);
  'overlapPolicy'?: (_titan_OverlapPolicy__Output);
  'catchUpPolicy'?: (_titan_CatchUpPolicy__Output);
  'paused'?: (boolean);
  '_cron'?: "cron";
  '_timezone'?: "timezone";
  '_overlapPolicy'?: "overlapPolicy";
  '_catchUpPolicy'?: "catchUpPolicy";
  '_paused'?: "paused";
}
