// Original file: proto/titan.proto

export const WorkerState = {
  WORKER_STATE_UNSPECIFIED: 'WORKER_STATE_UNSPECIFIED',
  HEALTHY: 'HEALTHY',
  DRAINING: 'DRAINING',
  UNHEALTHY: 'UNHEALTHY',
  DISCONNECTED: 'DISCONNECTED',
} as const;

export type WorkerState =
  | 'WORKER_STATE_UNSPECIFIED'
  | 0
  | 'HEALTHY'
  | 1
  | 'DRAINING'
  | 2
  | 'UNHEALTHY'
  | 3
  | 'DISCONNECTED'
  | 4

export type WorkerState__Output = typeof WorkerState[keyof typeof WorkerState]
