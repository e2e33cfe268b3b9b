// Original file: proto/titan.proto


export interface TriggerScheduleResponse {
  'jobId'?: (string);
  'fireTime'?: (string);
}

export interface TriggerScheduleResponse__Output {
  'jobId': (string);
  'fireTime': (string);
}
