// Original file: proto/titan/titan.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../google/protobuf/Timestamp.ts';

export interface TriggerScheduleResponse {
  'jobId'?: (string);
  'fireTime'?: (_google_protobuf_Timestamp | null);
}

export interface TriggerScheduleResponse__Output {
  'jobId': (string);
  'fireTime': (_google_protobuf_Timestamp__Output | null);
}
