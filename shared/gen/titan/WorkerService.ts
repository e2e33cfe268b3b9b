// Original file: proto/titan/titan.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ManagerMessage as _titan_ManagerMessage, ManagerMessage__Output as _titan_ManagerMessage__Output } from '../titan/ManagerMessage.ts';
import type { WorkerMessage as _titan_WorkerMessage, WorkerMessage__Output as _titan_WorkerMessage__Output } from '../titan/WorkerMessage.ts';

export interface WorkerServiceClient extends grpc.Client {
  Connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_titan_WorkerMessage, _titan_ManagerMessage__Output>;
  Connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_titan_WorkerMessage, _titan_ManagerMessage__Output>;
  connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_titan_WorkerMessage, _titan_ManagerMessage__Output>;
  connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_titan_WorkerMessage, _titan_ManagerMessage__Output>;
  
}

export interface WorkerServiceHandlers extends grpc.UntypedServiceImplementation {
  Connect: grpc.handleBidiStreamingCall<_titan_WorkerMessage__Output, _titan_ManagerMessage>;
  
}

export interface WorkerServiceDefinition extends grpc.ServiceDefinition {
  Connect: MethodDefinition<_titan_WorkerMessage, _titan_ManagerMessage, _titan_WorkerMessage__Output, _titan_ManagerMessage__Output>
}
