// Original file: proto/titan/titan.proto


export interface ListSchedulesRequest {
}

export interface ListSchedulesRequest__Output {
}
