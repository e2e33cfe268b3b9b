// Original file: proto/titan.proto

import type { Long } from '@grpc/proto-loader';

export interface Heartbeat {
  'seq'?: (number | string | Long);
  'running'?: (number);
  'draining'?: (boolean);
}

export interface Heartbeat__Output {
  'seq': (number);
  'running': (number);
  'draining': (boolean);
}
