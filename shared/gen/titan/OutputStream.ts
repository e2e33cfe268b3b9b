// Original file: proto/titan/titan.proto

export const OutputStream = {
  OUTPUT_STREAM_UNSPECIFIED: 'OUTPUT_STREAM_UNSPECIFIED',
  OUTPUT_STREAM_STDOUT: 'OUTPUT_STREAM_STDOUT',
  OUTPUT_STREAM_STDERR: 'OUTPUT_STREAM_STDERR',
} as const;

export type OutputStream =
  | 'OUTPUT_STREAM_UNSPECIFIED'
  | 0
  | 'OUTPUT_STREAM_STDOUT'
  | 1
  | 'OUTPUT_STREAM_STDERR'
  | 2

export type OutputStream__Output = typeof OutputStream[keyof typeof OutputStream]
