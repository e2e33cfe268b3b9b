// Original file: proto/titan.proto


export interface ListSchedulesRequest {
}

export interface ListSchedulesRequest__Output {
}
