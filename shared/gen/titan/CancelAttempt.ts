// Original file: proto/titan/titan.proto


export interface CancelAttempt {
  'jobId'?: (string);
  'attempt'?: (number);
  'reason'?: (string);
  'handBack'?: (boolean);
}

export interface CancelAttempt__Output {
  'jobId': (string);
  'attempt': (number);
  'reason': (string);
  'handBack': (boolean);
}
