// Original file: proto/titan/titan.proto

import type { QueueInfo as _titan_QueueInfo, QueueInfo__Output as _titan_QueueInfo__Output } from '../titan/QueueInfo.ts';

export interface ListQueuesResponse {
  'queues'?: (_titan_QueueInfo)[];
}

export interface ListQueuesResponse__Output {
  'queues': (_titan_QueueInfo__Output)[];
}
