// Original file: proto/titan.proto


export interface Assign {
  'jobId'?: (string);
  'attempt'?: (number);
  'command'?: (string);
  'env'?: ({[key: string]: string});
  'cwd'?: (string);
  'timeoutSeconds'?: (number);
}

export interface Assign__Output {
  'jobId': (string);
  'attempt': (number);
  'command': (string);
  'env': ({[key: string]: string});
  'cwd': (string);
  'timeoutSeconds': (number);
}
