// Original file: proto/titan/titan.proto

export const OverlapPolicy = {
  OVERLAP_POLICY_UNSPECIFIED: 'OVERLAP_POLICY_UNSPECIFIED',
  OVERLAP_POLICY_ALLOW: 'OVERLAP_POLICY_ALLOW',
  OVERLAP_POLICY_SKIP: 'OVERLAP_POLICY_SKIP',
  OVERLAP_POLICY_CANCEL_PREVIOUS: 'OVERLAP_POLICY_CANCEL_PREVIOUS',
} as const;

export type OverlapPolicy =
  | 'OVERLAP_POLICY_UNSPECIFIED'
  | 0
  | 'OVERLAP_POLICY_ALLOW'
  | 1
  | 'OVERLAP_POLICY_SKIP'
  | 2
  | 'OVERLAP_POLICY_CANCEL_PREVIOUS'
  | 3

export type OverlapPolicy__Output = typeof OverlapPolicy[keyof typeof OverlapPolicy]
