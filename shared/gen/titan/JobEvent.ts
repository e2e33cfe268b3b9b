// Original file: proto/titan/titan.proto

import type { JobStatus as _titan_JobStatus, JobStatus__Output as _titan_JobStatus__Output } from '../titan/JobStatus.ts';
import type { OutputChunk as _titan_OutputChunk, OutputChunk__Output as _titan_OutputChunk__Output } from '../titan/OutputChunk.ts';

export interface JobEvent {
  'status'?: (_titan_JobStatus | null);
  'output'?: (_titan_OutputChunk | null);
  'event'?: "status"|"output";
}

export interface JobEvent__Output {
  'status'?: (_titan_JobStatus__Output | null);
  'output'?: (_titan_OutputChunk__Output | null);
  'event'?: "status"|"output";
}
