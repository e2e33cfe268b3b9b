// Original file: proto/titan/titan.proto


export interface FinishedAck {
  'jobId'?: (string);
  'attempt'?: (number);
}

export interface FinishedAck__Output {
  'jobId': (string);
  'attempt': (number);
}
