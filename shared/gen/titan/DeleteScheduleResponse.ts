// Original file: proto/titan/titan.proto


export interface DeleteScheduleResponse {
  'name'?: (string);
}

export interface DeleteScheduleResponse__Output {
  'name': (string);
}
