// Original file: proto/titan/titan.proto

export const JobState = {
  JOB_STATE_UNSPECIFIED: 'JOB_STATE_UNSPECIFIED',
  PENDING: 'PENDING',
  SCHEDULED: 'SCHEDULED',
  RUNNING: 'RUNNING',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
} as const;

export type JobState =
  | 'JOB_STATE_UNSPECIFIED'
  | 0
  | 'PENDING'
  | 1
  | 'SCHEDULED'
  | 2
  | 'RUNNING'
  | 3
  | 'COMPLETED'
  | 4
  | 'FAILED'
  | 5
  | 'CANCELLED'
  | 6

export type JobState__Output = typeof JobState[keyof typeof JobState]
