// Original file: proto/titan/titan.proto


export interface GetJobStatusRequest {
  'jobId'?: (string);
  'includeRawOutput'?: (boolean);
}

export interface GetJobStatusRequest__Output {
  'jobId': (string);
  'includeRawOutput': (boolean);
}
