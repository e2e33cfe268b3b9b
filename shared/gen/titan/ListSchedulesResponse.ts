// Original file: proto/titan/titan.proto

import type { Schedule as _titan_Schedule, Schedule__Output as _titan_Schedule__Output } from '../titan/Schedule.ts';

export interface ListSchedulesResponse {
  'schedules'?: (_titan_Schedule)[];
}

export interface ListSchedulesResponse__Output {
  'schedules': (_titan_Schedule__Output)[];
}
