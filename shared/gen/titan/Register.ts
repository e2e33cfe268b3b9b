// Original file: proto/titan.proto

import type { AttemptRef as _titan_AttemptRef, AttemptRef__Output as _titan_AttemptRef__Output } from '../titan/AttemptRef.ts';

export interface Register {
  'workerId'?: (string);
  'slots'?: (number);
  'labels'?: ({[key: string]: string});
  'running'?: (_titan_AttemptRef)[];
  'version'?: (string);
  'sessionId'?: (string);
  'finished'?: (_titan_AttemptRef)[];
}

export interface Register__Output {
  'workerId': (string);
  'slots': (number);
  'labels': ({[key: string]: string});
  'running': (_titan_AttemptRef__Output)[];
  'version': (string);
  'sessionId': (string);
  'finished': (_titan_AttemptRef__Output)[];
}
