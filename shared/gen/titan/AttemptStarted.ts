// Original file: proto/titan.proto


export interface AttemptStarted {
  'jobId'?: (string);
  'attempt'?: (number);
  'pid'?: (number);
  'startedAt'?: (string);
}

export interface AttemptStarted__Output {
  'jobId': (string);
  'attempt': (number);
  'pid': (number);
  'startedAt': (string);
}
