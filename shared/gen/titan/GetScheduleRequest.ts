// Original file: proto/titan/titan.proto


export interface GetScheduleRequest {
  'name'?: (string);
}

export interface GetScheduleRequest__Output {
  'name': (string);
}
