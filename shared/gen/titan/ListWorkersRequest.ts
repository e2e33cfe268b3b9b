// Original file: proto/titan.proto


export interface ListWorkersRequest {
}

export interface ListWorkersRequest__Output {
}
