// Original file: proto/titan/titan.proto

import type { AttemptRef as _titan_AttemptRef, AttemptRef__Output as _titan_AttemptRef__Output } from '../titan/AttemptRef.ts';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../google/protobuf/Duration.ts';

export interface Registered {
  'stale'?: (_titan_AttemptRef)[];
  'heartbeatInterval'?: (_google_protobuf_Duration | null);
  'heartbeatTimeout'?: (_google_protobuf_Duration | null);
}

export interface Registered__Output {
  'stale': (_titan_AttemptRef__Output)[];
  'heartbeatInterval': (_google_protobuf_Duration__Output | null);
  'heartbeatTimeout': (_google_protobuf_Duration__Output | null);
}
