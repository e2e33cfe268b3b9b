// Original file: proto/titan/titan.proto


export interface AttemptRef {
  'jobId'?: (string);
  'attempt'?: (number);
}

export interface AttemptRef__Output {
  'jobId': (string);
  'attempt': (number);
}
