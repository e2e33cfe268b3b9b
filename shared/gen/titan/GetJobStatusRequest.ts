// Original file: proto/titan.proto


export interface GetJobStatusRequest {
  'jobId'?: (string);
}

export interface GetJobStatusRequest__Output {
  'jobId': (string);
}
