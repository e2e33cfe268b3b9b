// Original file: proto/titan/titan.proto


export interface TriggerScheduleRequest {
  'name'?: (string);
}

export interface TriggerScheduleRequest__Output {
  'name': (string);
}
