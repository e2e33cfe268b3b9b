// Original file: proto/titan.proto

import type { WorkerState as _titan_WorkerState, WorkerState__Output as _titan_WorkerState__Output } from '../titan/WorkerState.ts';
import type { Long } from '@grpc/proto-loader';

export interface WorkerInfo {
  'workerId'?: (string);
  'state'?: (_titan_WorkerState);
  'slots'?: (number);
  'running'?: (number);
  'labels'?: ({[key: string]: string});
  'lastHeartbeat'?: (string);
  'connectedAt'?: (string);
  'address'?: (string);
  'version'?: (string);
  'completed'?: (number | string | Long);
}

export interface WorkerInfo__Output {
  'workerId': (string);
  'state': (_titan_WorkerState__Output);
  'slots': (number);
  'running': (number);
  'labels': ({[key: string]: string});
  'lastHeartbeat': (string);
  'connectedAt': (string);
  'address': (string);
  'version': (string);
  'completed': (number);
}
