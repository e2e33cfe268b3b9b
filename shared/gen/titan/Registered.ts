// Original file: proto/titan.proto

import type { AttemptRef as _titan_AttemptRef, AttemptRef__Output as _titan_AttemptRef__Output } from '../titan/AttemptRef.ts';

export interface Registered {
  'heartbeatIntervalMs'?: (number);
  'heartbeatTimeoutMs'?: (number);
  'stale'?: (_titan_AttemptRef)[];
}

export interface Registered__Output {
  'heartbeatIntervalMs': (number);
  'heartbeatTimeoutMs': (number);
  'stale': (_titan_AttemptRef__Output)[];
}
