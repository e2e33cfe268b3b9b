// Original file: proto/titan/titan.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatAck {
  'seq'?: (number | string | Long);
}

export interface HeartbeatAck__Output {
  'seq': (number);
}
