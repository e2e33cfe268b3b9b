// Original file: proto/titan/titan.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../google/protobuf/Timestamp.ts';

export interface AttemptStarted {
  'jobId'?: (string);
  'attempt'?: (number);
  'pid'?: (number);
  'startedAt'?: (_google_protobuf_Timestamp | null);
}

export interface AttemptStarted__Output {
  'jobId': (string);
  'attempt': (number);
  'pid': (number);
  'startedAt': (_google_protobuf_Timestamp__Output | null);
}
