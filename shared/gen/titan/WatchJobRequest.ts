// Original file: proto/titan/titan.proto


export interface WatchJobRequest {
  'jobId'?: (string);
  'fromStart'?: (boolean);
}

export interface WatchJobRequest__Output {
  'jobId': (string);
  'fromStart': (boolean);
}
