// Original file: proto/titan/titan.proto

import type { Long } from '@grpc/proto-loader';

export interface Heartbeat {
  'seq'?: (number | string | Long);
  'draining'?: (boolean);
}

export interface Heartbeat__Output {
  'seq': (number);
  'draining': (boolean);
}
