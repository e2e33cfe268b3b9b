// Original file: proto/titan.proto


export interface JobSpec {
  'command'?: (string);
  'env'?: ({[key: string]: string});
  'cwd'?: (string);
  'timeoutSeconds'?: (number);
  'maxRetries'?: (number);
  'idempotencyKey'?: (string);
  'priority'?: (number);
}

export interface JobSpec__Output {
  'command': (string);
  'env': ({[key: string]: string});
  'cwd': (string);
  'timeoutSeconds': (number);
  'maxRetries': (number);
  'idempotencyKey': (string);
  'priority': (number);
}
