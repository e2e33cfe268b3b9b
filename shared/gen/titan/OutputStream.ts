// Original file: proto/titan.proto

export const OutputStream = {
  OUTPUT_STREAM_UNSPECIFIED: 'OUTPUT_STREAM_UNSPECIFIED',
  STDOUT: 'STDOUT',
  STDERR: 'STDERR',
} as const;

export type OutputStream =
  | 'OUTPUT_STREAM_UNSPECIFIED'
  | 0
  | 'STDOUT'
  | 1
  | 'STDERR'
  | 2

export type OutputStream__Output = typeof OutputStream[keyof typeof OutputStream]
