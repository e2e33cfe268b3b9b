// Original file: proto/titan/titan.proto

import type { WorkerState as _titan_WorkerState, WorkerState__Output as _titan_WorkerState__Output } from '../titan/WorkerState.ts';

export interface DrainWorkerResponse {
  'workerId'?: (string);
  'state'?: (_titan_WorkerState);
}

export interface DrainWorkerResponse__Output {
  'workerId': (string);
  'state': (_titan_WorkerState__Output);
}
