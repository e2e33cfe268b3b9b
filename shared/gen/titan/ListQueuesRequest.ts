// Original file: proto/titan.proto


export interface ListQueuesRequest {
}

export interface ListQueuesRequest__Output {
}
