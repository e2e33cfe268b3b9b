// Original file: proto/titan/titan.proto


export interface ListWorkersRequest {
}

export interface ListWorkersRequest__Output {
}
