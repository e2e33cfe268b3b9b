// Original file: proto/titan/titan.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../google/protobuf/Timestamp.ts';
import type { Long } from '@grpc/proto-loader';

export interface AttemptFinished {
  'jobId'?: (string);
  'attempt'?: (number);
  'exitCode'?: (number);
  'signal'?: (string);
  'error'?: (string);
  'timedOut'?: (boolean);
  'stdout'?: (Buffer | Uint8Array | string);
  'stderr'?: (Buffer | Uint8Array | string);
  'stdoutTruncated'?: (boolean);
  'stderrTruncated'?: (boolean);
  'stdoutBytes'?: (number | string | Long);
  'stderrBytes'?: (number | string | Long);
  'handedBack'?: (boolean);
  'cancelled'?: (boolean);
  'oomKilled'?: (boolean);
  'startedAt'?: (_google_protobuf_Timestamp | null);
  'finishedAt'?: (_google_protobuf_Timestamp | null);
  '_exitCode'?: "exitCode";
}

export interface AttemptFinished__Output {
  'jobId': (string);
  'attempt': (number);
  'exitCode'?: (number);
  'signal': (string);
  'error': (string);
  'timedOut': (boolean);
  'stdout': (Buffer);
  'stderr': (Buffer);
  'stdoutTruncated': (boolean);
  'stderrTruncated': (boolean);
  'stdoutBytes': (number);
  'stderrBytes': (number);
  'handedBack': (boolean);
  'cancelled': (boolean);
  'oomKilled': (boolean);
  'startedAt': (_google_protobuf_Timestamp__Output | null);
  'finishedAt': (_google_protobuf_Timestamp__Output | null);
  '_exitCode'?: "exitCode";
}
