// Original file: proto/titan/titan.proto

import type { JobSpec as _titan_JobSpec, JobSpec__Output as _titan_JobSpec__Output } from '../titan/JobSpec.ts';
import type { OverlapPolicy as _titan_OverlapPolicy, OverlapPolicy__Output as _titan_OverlapPolicy__Output } from '../titan/OverlapPolicy.ts';
import type { CatchUpPolicy as _titan_CatchUpPolicy, CatchUpPolicy__Output as _titan_CatchUpPolicy__Output } from '../titan/CatchUpPolicy.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../google/protobuf/Timestamp.ts';

export interface Schedule {
  'name'?: (string);
  'cron'?: (string);
  'timezone'?: (string);
  'job'?: (_titan_JobSpec | null);
  'overlapPolicy'?: (_titan_OverlapPolicy);
  'catchUpPolicy'?: (_titan_CatchUpPolicy);
  'paused'?: (boolean);
  'nextFireTime'?: (_google_protobuf_Timestamp | null);
  'lastFireTime'?: (_google_protobuf_Timestamp | null);
  'lastJobId'?: (string);
  'createdAt'?: (_google_protobuf_Timestamp | null);
}

export interface Schedule__Output {
  'name': (string);
  'cron': (string);
  'timezone': (string);
  'job': (_titan_JobSpec__Output | null);
  'overlapPolicy': (_titan_OverlapPolicy__Output);
  'catchUpPolicy': (_titan_CatchUpPolicy__Output);
  'paused': (boolean);
  'nextFireTime': (_google_protobuf_Timestamp__Output | null);
  'lastFireTime': (_google_protobuf_Timestamp__Output | null);
  'lastJobId': (string);
  'createdAt': (_google_protobuf_Timestamp__Output | null);
}
