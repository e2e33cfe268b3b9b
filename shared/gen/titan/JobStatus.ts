// Original file: proto/titan.proto

import type { JobState as _titan_JobState, JobState__Output as _titan_JobState__Output } from '../titan/JobState.ts';
import type { Long } from '@grpc/proto-loader';

export interface JobStatus {
  'jobId'?: (string);
  'command'?: (string);
  'state'?: (_titan_JobState);
  'workerId'?: (string);
  'attempt'?: (number);
  'exitCode'?: (number);
  'signal'?: (string);
  'stdout'?: (string);
  'stderr'?: (string);
  'stdoutTruncated'?: (boolean);
  'stderrTruncated'?: (boolean);
  'stdoutBytes'?: (number | string | Long);
  'stderrBytes'?: (number | string | Long);
  'createdAt'?: (string);
  'startedAt'?: (string);
  'finishedAt'?: (string);
  'error'?: (string);
  'env'?: ({[key: string]: string});
  'cwd'?: (string);
  'timeoutSeconds'?: (number);
  'maxRetries'?: (number);
  'idempotencyKey'?: (string);
  'priority'?: (number);
  'timedOut'?: (boolean);
  'notBefore'?: (string);
  '_exitCode'?: "exitCode";
}

export interface JobStatus__Output {
  'jobId': (string);
  'command': (string);
  'state': (_titan_JobState__Output);
  'workerId': (string);
  'attempt': (number);
  'exitCode'?: (number);
  'signal': (string);
  'stdout': (string);
  'stderr': (string);
  'stdoutTruncated': (boolean);
  'stderrTruncated': (boolean);
  'stdoutBytes': (number);
  'stderrBytes': (number);
  'createdAt': (string);
  'startedAt': (string);
  'finishedAt': (string);
  'error': (string);
  'env': ({[key: string]: string});
  'cwd': (string);
  'timeoutSeconds': (number);
  'maxRetries': (number);
  'idempotencyKey': (string);
  'priority': (number);
  'timedOut': (boolean);
  'notBefore': (string);
  '_exitCode'?: "exitCode";
}
