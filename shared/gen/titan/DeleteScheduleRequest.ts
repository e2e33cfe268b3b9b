// Original file: proto/titan.proto


export interface DeleteScheduleRequest {
  'name'?: (string);
}

export interface DeleteScheduleRequest__Output {
  'name': (string);
}
