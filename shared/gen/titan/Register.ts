// Original file: proto/titan/titan.proto

import type { AttemptRef as _titan_AttemptRef, AttemptRef__Output as _titan_AttemptRef__Output } from '../titan/AttemptRef.ts';
import type { Resources as _titan_Resources, Resources__Output as _titan_Resources__Output } from '../titan/Resources.ts';

export interface Register {
  'workerId'?: (string);
  'slots'?: (number);
  'labels'?: ({[key: string]: string});
  'running'?: (_titan_AttemptRef)[];
  'version'?: (string);
  'sessionId'?: (string);
  'finished'?: (_titan_AttemptRef)[];
  'capacity'?: (_titan_Resources | null);
  'isolation'?: (string);
  'queueDepth'?: (number);
}

export interface Register__Output {
  'workerId': (string);
  'slots': (number);
  'labels': ({[key: string]: string});
  'running': (_titan_AttemptRef__Output)[];
  'version': (string);
  'sessionId': (string);
  'finished': (_titan_AttemptRef__Output)[];
  'capacity': (_titan_Resources__Output | null);
  'isolation': (string);
  'queueDepth': (number);
}
