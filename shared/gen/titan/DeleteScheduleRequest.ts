// Original file: proto/titan/titan.proto


export interface DeleteScheduleRequest {
  'name'?: (string);
}

export interface DeleteScheduleRequest__Output {
  'name': (string);
}
