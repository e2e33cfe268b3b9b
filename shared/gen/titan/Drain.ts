// Original file: proto/titan/titan.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../google/protobuf/Duration.ts';

export interface Drain {
  'timeout'?: (_google_protobuf_Duration | null);
}

export interface Drain__Output {
  'timeout': (_google_protobuf_Duration__Output | null);
}
