// Original file: proto/titan/titan.proto

import type { OutputStream as _titan_OutputStream, OutputStream__Output as _titan_OutputStream__Output } from '../titan/OutputStream.ts';

export interface AttemptOutput {
  'jobId'?: (string);
  'attempt'?: (number);
  'stream'?: (_titan_OutputStream);
  'data'?: (Buffer | Uint8Array | string);
}

export interface AttemptOutput__Output {
  'jobId': (string);
  'attempt': (number);
  'stream': (_titan_OutputStream__Output);
  'data': (Buffer);
}
