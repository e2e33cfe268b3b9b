// Original file: proto/titan.proto

import type { WorkerState as _titan_WorkerState, WorkerState__Output as _titan_WorkerState__Output } from '../titan/WorkerState.ts';
import type { Resources as _titan_Resources, Resources__Output as _titan_Resources__Output } from '../titan/Resources.ts';
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
  'capacity'?: (_titan_Resources | null);
  'allocated'?: (_titan_Resources | null);
  'isolation'?: (string);
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
  'capacity': (_titan_Resources__Output | null);
  'allocated': (_titan_Resources__Output | null);
  'isolation': (string);
}
