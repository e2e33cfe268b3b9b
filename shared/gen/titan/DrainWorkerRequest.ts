// Original file: proto/titan/titan.proto


export interface DrainWorkerRequest {
  'workerId'?: (string);
}

export interface DrainWorkerRequest__Output {
  'workerId': (string);
}
