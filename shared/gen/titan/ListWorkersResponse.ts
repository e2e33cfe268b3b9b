// Original file: proto/titan/titan.proto

import type { WorkerInfo as _titan_WorkerInfo, WorkerInfo__Output as _titan_WorkerInfo__Output } from '../titan/WorkerInfo.ts';

export interface ListWorkersResponse {
  'workers'?: (_titan_WorkerInfo)[];
}

export interface ListWorkersResponse__Output {
  'workers': (_titan_WorkerInfo__Output)[];
}
