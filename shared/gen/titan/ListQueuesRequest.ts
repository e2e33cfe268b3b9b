// Original file: proto/titan/titan.proto


export interface ListQueuesRequest {
}

export interface ListQueuesRequest__Output {
}
