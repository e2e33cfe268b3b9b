// Original file: proto/titan/titan.proto

import type { Resources as _titan_Resources, Resources__Output as _titan_Resources__Output } from '../titan/Resources.ts';

export interface Assign {
  'jobId'?: (string);
  'attempt'?: (number);
  'command'?: (string);
  'env'?: ({[key: string]: string});
  'cwd'?: (string);
  'timeoutSeconds'?: (number);
  'resources'?: (_titan_Resources | null);
}

export interface Assign__Output {
  'jobId': (string);
  'attempt': (number);
  'command': (string);
  'env': ({[key: string]: string});
  'cwd': (string);
  'timeoutSeconds': (number);
  'resources': (_titan_Resources__Output | null);
}
