// Original file: proto/titan/titan.proto

export const CatchUpPolicy = {
  CATCH_UP_POLICY_UNSPECIFIED: 'CATCH_UP_POLICY_UNSPECIFIED',
  CATCH_UP_POLICY_SKIP_MISSED: 'CATCH_UP_POLICY_SKIP_MISSED',
  CATCH_UP_POLICY_RUN_ONCE: 'CATCH_UP_POLICY_RUN_ONCE',
} as const;

export type CatchUpPolicy =
  | 'CATCH_UP_POLICY_UNSPECIFIED'
  | 0
  | 'CATCH_UP_POLICY_SKIP_MISSED'
  | 1
  | 'CATCH_UP_POLICY_RUN_ONCE'
  | 2

export type CatchUpPolicy__Output = typeof CatchUpPolicy[keyof typeof CatchUpPolicy]
