// Original file: proto/titan/titan.proto

export const DependencyPolicy = {
  DEPENDENCY_POLICY_UNSPECIFIED: 'DEPENDENCY_POLICY_UNSPECIFIED',
  DEPENDENCY_POLICY_AFTER_SUCCESS: 'DEPENDENCY_POLICY_AFTER_SUCCESS',
  DEPENDENCY_POLICY_AFTER_COMPLETION: 'DEPENDENCY_POLICY_AFTER_COMPLETION',
} as const;

export type DependencyPolicy =
  | 'DEPENDENCY_POLICY_UNSPECIFIED'
  | 0
  | 'DEPENDENCY_POLICY_AFTER_SUCCESS'
  | 1
  | 'DEPENDENCY_POLICY_AFTER_COMPLETION'
  | 2

export type DependencyPolicy__Output = typeof DependencyPolicy[keyof typeof DependencyPolicy]
