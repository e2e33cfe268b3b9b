// Original file: proto/titan.proto

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
  'startedAt'?: (string);
  'finishedAt'?: (string);
  'handedBack'?: (boolean);
  'cancelled'?: (boolean);
  'oomKilled'?: (boolean);
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
  'startedAt': (string);
  'finishedAt': (string);
  'handedBack': (boolean);
  'cancelled': (boolean);
  'oomKilled': (boolean);
  '_exitCode'?: "exitCode";
}
