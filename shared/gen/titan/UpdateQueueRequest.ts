// Original file: proto/titan/titan.proto


export interface UpdateQueueRequest {
  'name'?: (string);
  'maxRunning'?: (number);
  'paused'?: (boolean);
  '_maxRunning'?: "maxRunning";
  '_paused'?: "paused";
}

export interface UpdateQueueRequest__Output {
  'name': (string);
  'maxRunning'?: (number);
  'paused'?: (boolean);
  '_maxRunning'?: "maxRunning";
  '_paused'?: "paused";
}
