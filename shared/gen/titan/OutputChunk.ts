// Original file: proto/titan/titan.proto

import type { OutputStream as _titan_OutputStream, OutputStream__Output as _titan_OutputStream__Output } from '../titan/OutputStream.ts';

export interface OutputChunk {
  'stream'?: (_titan_OutputStream);
  'data'?: (Buffer | Uint8Array | string);
  'attempt'?: (number);
}

export interface OutputChunk__Output {
  'stream': (_titan_OutputStream__Output);
  'data': (Buffer);
  'attempt': (number);
}
