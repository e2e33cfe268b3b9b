// Original file: proto/titan.proto


export interface Drain {
  'timeoutMs'?: (number);
}

export interface Drain__Output {
  'timeoutMs': (number);
}
