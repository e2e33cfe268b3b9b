// Original file: proto/titan/titan.proto

import type { Long } from '@grpc/proto-loader';

export interface QueueInfo {
  'name'?: (string);
  'maxRunning'?: (number);
  'paused'?: (boolean);
  'pending'?: (number | string | Long);
  'running'?: (number | string | Long);
}

export interface QueueInfo__Output {
  'name': (string);
  'maxRunning': (number);
  'paused': (boolean);
  'pending': (number);
  'running': (number);
}
