// Original file: proto/titan/titan.proto

import type { WorkerState as _titan_WorkerState, WorkerState__Output as _titan_WorkerState__Output } from '../titan/WorkerState.ts';
import type { Resources as _titan_Resources, Resources__Output as _titan_Resources__Output } from '../titan/Resources.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../google/protobuf/Timestamp.ts';
import type { Long } from '@grpc/proto-loader';

export interface WorkerInfo {
  'workerId'?: (string);
  'state'?: (_titan_WorkerState);
  'slots'?: (number);
  'running'?: (number);
  'labels'?: ({[key: string]: string});
  'address'?: (string);
  'version'?: (string);
  'completed'?: (number | string | Long);
  'capacity'?: (_titan_Resources | null);
  'allocated'?: (_titan_Resources | null);
  'isolation'?: (string);
  'lastHeartbeat'?: (_google_protobuf_Timestamp | null);
  'connectedAt'?: (_google_protobuf_Timestamp | null);
  'queueDepth'?: (number);
}

export interface WorkerInfo__Output {
  'workerId': (string);
  'state': (_titan_WorkerState__Output);
  'slots': (number);
  'running': (number);
  'labels': ({[key: string]: string});
  'address': (string);
  'version': (string);
  'completed': (number);
  'capacity': (_titan_Resources__Output | null);
  'allocated': (_titan_Resources__Output | null);
  'isolation': (string);
  'lastHeartbeat': (_google_protobuf_Timestamp__Output | null);
  'connectedAt': (_google_protobuf_Timestamp__Output | null);
  'queueDepth': (number);
}
