import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.ts';
import type { Assign as _titan_Assign, Assign__Output as _titan_Assign__Output } from './titan/Assign.ts';
import type { AttemptFinished as _titan_AttemptFinished, AttemptFinished__Output as _titan_AttemptFinished__Output } from './titan/AttemptFinished.ts';
import type { AttemptOutput as _titan_AttemptOutput, AttemptOutput__Output as _titan_AttemptOutput__Output } from './titan/AttemptOutput.ts';
import type { AttemptRef as _titan_AttemptRef, AttemptRef__Output as _titan_AttemptRef__Output } from './titan/AttemptRef.ts';
import type { AttemptStarted as _titan_AttemptStarted, AttemptStarted__Output as _titan_AttemptStarted__Output } from './titan/AttemptStarted.ts';
import type { CancelAttempt as _titan_CancelAttempt, CancelAttempt__Output as _titan_CancelAttempt__Output } from './titan/CancelAttempt.ts';
import type { CancelJobRequest as _titan_CancelJobRequest, CancelJobRequest__Output as _titan_CancelJobRequest__Output } from './titan/CancelJobRequest.ts';
import type { CancelJobResponse as _titan_CancelJobResponse, CancelJobResponse__Output as _titan_CancelJobResponse__Output } from './titan/CancelJobResponse.ts';
import type { CreateScheduleRequest as _titan_CreateScheduleRequest, CreateScheduleRequest__Output as _titan_CreateScheduleRequest__Output } from './titan/CreateScheduleRequest.ts';
import type { DeleteScheduleRequest as _titan_DeleteScheduleRequest, DeleteScheduleRequest__Output as _titan_DeleteScheduleRequest__Output } from './titan/DeleteScheduleRequest.ts';
import type { DeleteScheduleResponse as _titan_DeleteScheduleResponse, DeleteScheduleResponse__Output as _titan_DeleteScheduleResponse__Output } from './titan/DeleteScheduleResponse.ts';
import type { Dependency as _titan_Dependency, Dependency__Output as _titan_Dependency__Output } from './titan/Dependency.ts';
import type { Drain as _titan_Drain, Drain__Output as _titan_Drain__Output } from './titan/Drain.ts';
import type { DrainWorkerRequest as _titan_DrainWorkerRequest, DrainWorkerRequest__Output as _titan_DrainWorkerRequest__Output } from './titan/DrainWorkerRequest.ts';
import type { DrainWorkerResponse as _titan_DrainWorkerResponse, DrainWorkerResponse__Output as _titan_DrainWorkerResponse__Output } from './titan/DrainWorkerResponse.ts';
import type { FinishedAck as _titan_FinishedAck, FinishedAck__Output as _titan_FinishedAck__Output } from './titan/FinishedAck.ts';
import type { GetJobStatusRequest as _titan_GetJobStatusRequest, GetJobStatusRequest__Output as _titan_GetJobStatusRequest__Output } from './titan/GetJobStatusRequest.ts';
import type { GetScheduleRequest as _titan_GetScheduleRequest, GetScheduleRequest__Output as _titan_GetScheduleRequest__Output } from './titan/GetScheduleRequest.ts';
import type { Heartbeat as _titan_Heartbeat, Heartbeat__Output as _titan_Heartbeat__Output } from './titan/Heartbeat.ts';
import type { HeartbeatAck as _titan_HeartbeatAck, HeartbeatAck__Output as _titan_HeartbeatAck__Output } from './titan/HeartbeatAck.ts';
import type { JobEvent as _titan_JobEvent, JobEvent__Output as _titan_JobEvent__Output } from './titan/JobEvent.ts';
import type { JobSpec as _titan_JobSpec, JobSpec__Output as _titan_JobSpec__Output } from './titan/JobSpec.ts';
import type { JobStatus as _titan_JobStatus, JobStatus__Output as _titan_JobStatus__Output } from './titan/JobStatus.ts';
import type { ListJobsRequest as _titan_ListJobsRequest, ListJobsRequest__Output as _titan_ListJobsRequest__Output } from './titan/ListJobsRequest.ts';
import type { ListJobsResponse as _titan_ListJobsResponse, ListJobsResponse__Output as _titan_ListJobsResponse__Output } from './titan/ListJobsResponse.ts';
import type { ListQueuesRequest as _titan_ListQueuesRequest, ListQueuesRequest__Output as _titan_ListQueuesRequest__Output } from './titan/ListQueuesRequest.ts';
import type { ListQueuesResponse as _titan_ListQueuesResponse, ListQueuesResponse__Output as _titan_ListQueuesResponse__Output } from './titan/ListQueuesResponse.ts';
import type { ListSchedulesRequest as _titan_ListSchedulesRequest, ListSchedulesRequest__Output as _titan_ListSchedulesRequest__Output } from './titan/ListSchedulesRequest.ts';
import type { ListSchedulesResponse as _titan_ListSchedulesResponse, ListSchedulesResponse__Output as _titan_ListSchedulesResponse__Output } from './titan/ListSchedulesResponse.ts';
import type { ListWorkersRequest as _titan_ListWorkersRequest, ListWorkersRequest__Output as _titan_ListWorkersRequest__Output } from './titan/ListWorkersRequest.ts';
import type { ListWorkersResponse as _titan_ListWorkersResponse, ListWorkersResponse__Output as _titan_ListWorkersResponse__Output } from './titan/ListWorkersResponse.ts';
import type { ManagerMessage as _titan_ManagerMessage, ManagerMessage__Output as _titan_ManagerMessage__Output } from './titan/ManagerMessage.ts';
import type { ManagerServiceClient as _titan_ManagerServiceClient, ManagerServiceDefinition as _titan_ManagerServiceDefinition } from './titan/ManagerService.ts';
import type { OutputChunk as _titan_OutputChunk, OutputChunk__Output as _titan_OutputChunk__Output } from './titan/OutputChunk.ts';
import type { QueueInfo as _titan_QueueInfo, QueueInfo__Output as _titan_QueueInfo__Output } from './titan/QueueInfo.ts';
import type { Register as _titan_Register, Register__Output as _titan_Register__Output } from './titan/Register.ts';
import type { Registered as _titan_Registered, Registered__Output as _titan_Registered__Output } from './titan/Registered.ts';
import type { Resources as _titan_Resources, Resources__Output as _titan_Resources__Output } from './titan/Resources.ts';
import type { Schedule as _titan_Schedule, Schedule__Output as _titan_Schedule__Output } from './titan/Schedule.ts';
import type { SubmitJobResponse as _titan_SubmitJobResponse, SubmitJobResponse__Output as _titan_SubmitJobResponse__Output } from './titan/SubmitJobResponse.ts';
import type { SubmitJobsRequest as _titan_SubmitJobsRequest, SubmitJobsRequest__Output as _titan_SubmitJobsRequest__Output } from './titan/SubmitJobsRequest.ts';
import type { SubmitJobsResponse as _titan_SubmitJobsResponse, SubmitJobsResponse__Output as _titan_SubmitJobsResponse__Output } from './titan/SubmitJobsResponse.ts';
import type { TriggerScheduleRequest as _titan_TriggerScheduleRequest, TriggerScheduleRequest__Output as _titan_TriggerScheduleRequest__Output } from './titan/TriggerScheduleRequest.ts';
import type { TriggerScheduleResponse as _titan_TriggerScheduleResponse, TriggerScheduleResponse__Output as _titan_TriggerScheduleResponse__Output } from './titan/TriggerScheduleResponse.ts';
import type { UpdateQueueRequest as _titan_UpdateQueueRequest, UpdateQueueRequest__Output as _titan_UpdateQueueRequest__Output } from './titan/UpdateQueueRequest.ts';
import type { UpdateScheduleRequest as _titan_UpdateScheduleRequest, UpdateScheduleRequest__Output as _titan_UpdateScheduleRequest__Output } from './titan/UpdateScheduleRequest.ts';
import type { WatchJobRequest as _titan_WatchJobRequest, WatchJobRequest__Output as _titan_WatchJobRequest__Output } from './titan/WatchJobRequest.ts';
import type { WorkerInfo as _titan_WorkerInfo, WorkerInfo__Output as _titan_WorkerInfo__Output } from './titan/WorkerInfo.ts';
import type { WorkerMessage as _titan_WorkerMessage, WorkerMessage__Output as _titan_WorkerMessage__Output } from './titan/WorkerMessage.ts';
import type { WorkerServiceClient as _titan_WorkerServiceClient, WorkerServiceDefinition as _titan_WorkerServiceDefinition } from './titan/WorkerService.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  titan: {
    Assign: MessageTypeDefinition<_titan_Assign, _titan_Assign__Output>
    AttemptFinished: MessageTypeDefinition<_titan_AttemptFinished, _titan_AttemptFinished__Output>
    AttemptOutput: MessageTypeDefinition<_titan_AttemptOutput, _titan_AttemptOutput__Output>
    AttemptRef: MessageTypeDefinition<_titan_AttemptRef, _titan_AttemptRef__Output>
    AttemptStarted: MessageTypeDefinition<_titan_AttemptStarted, _titan_AttemptStarted__Output>
    CancelAttempt: MessageTypeDefinition<_titan_CancelAttempt, _titan_CancelAttempt__Output>
    CancelJobRequest: MessageTypeDefinition<_titan_CancelJobRequest, _titan_CancelJobRequest__Output>
    CancelJobResponse: MessageTypeDefinition<_titan_CancelJobResponse, _titan_CancelJobResponse__Output>
    CatchUpPolicy: EnumTypeDefinition
    CreateScheduleRequest: MessageTypeDefinition<_titan_CreateScheduleRequest, _titan_CreateScheduleRequest__Output>
    DeleteScheduleRequest: MessageTypeDefinition<_titan_DeleteScheduleRequest, _titan_DeleteScheduleRequest__Output>
    DeleteScheduleResponse: MessageTypeDefinition<_titan_DeleteScheduleResponse, _titan_DeleteScheduleResponse__Output>
    Dependency: MessageTypeDefinition<_titan_Dependency, _titan_Dependency__Output>
    DependencyPolicy: EnumTypeDefinition
    Drain: MessageTypeDefinition<_titan_Drain, _titan_Drain__Output>
    DrainWorkerRequest: MessageTypeDefinition<_titan_DrainWorkerRequest, _titan_DrainWorkerRequest__Output>
    DrainWorkerResponse: MessageTypeDefinition<_titan_DrainWorkerResponse, _titan_DrainWorkerResponse__Output>
    FinishedAck: MessageTypeDefinition<_titan_FinishedAck, _titan_FinishedAck__Output>
    GetJobStatusRequest: MessageTypeDefinition<_titan_GetJobStatusRequest, _titan_GetJobStatusRequest__Output>
    GetScheduleRequest: MessageTypeDefinition<_titan_GetScheduleRequest, _titan_GetScheduleRequest__Output>
    Heartbeat: MessageTypeDefinition<_titan_Heartbeat, _titan_Heartbeat__Output>
    HeartbeatAck: MessageTypeDefinition<_titan_HeartbeatAck, _titan_HeartbeatAck__Output>
    JobEvent: MessageTypeDefinition<_titan_JobEvent, _titan_JobEvent__Output>
    JobSpec: MessageTypeDefinition<_titan_JobSpec, _titan_JobSpec__Output>
    JobState: EnumTypeDefinition
    JobStatus: MessageTypeDefinition<_titan_JobStatus, _titan_JobStatus__Output>
    ListJobsRequest: MessageTypeDefinition<_titan_ListJobsRequest, _titan_ListJobsRequest__Output>
    ListJobsResponse: MessageTypeDefinition<_titan_ListJobsResponse, _titan_ListJobsResponse__Output>
    ListQueuesRequest: MessageTypeDefinition<_titan_ListQueuesRequest, _titan_ListQueuesRequest__Output>
    ListQueuesResponse: MessageTypeDefinition<_titan_ListQueuesResponse, _titan_ListQueuesResponse__Output>
    ListSchedulesRequest: MessageTypeDefinition<_titan_ListSchedulesRequest, _titan_ListSchedulesRequest__Output>
    ListSchedulesResponse: MessageTypeDefinition<_titan_ListSchedulesResponse, _titan_ListSchedulesResponse__Output>
    ListWorkersRequest: MessageTypeDefinition<_titan_ListWorkersRequest, _titan_ListWorkersRequest__Output>
    ListWorkersResponse: MessageTypeDefinition<_titan_ListWorkersResponse, _titan_ListWorkersResponse__Output>
    ManagerMessage: MessageTypeDefinition<_titan_ManagerMessage, _titan_ManagerMessage__Output>
    ManagerService: SubtypeConstructor<typeof grpc.Client, _titan_ManagerServiceClient> & { service: _titan_ManagerServiceDefinition }
    OutputChunk: MessageTypeDefinition<_titan_OutputChunk, _titan_OutputChunk__Output>
    OutputStream: EnumTypeDefinition
    OverlapPolicy: EnumTypeDefinition
    QueueInfo: MessageTypeDefinition<_titan_QueueInfo, _titan_QueueInfo__Output>
    Register: MessageTypeDefinition<_titan_Register, _titan_Register__Output>
    Registered: MessageTypeDefinition<_titan_Registered, _titan_Registered__Output>
    Resources: MessageTypeDefinition<_titan_Resources, _titan_Resources__Output>
    Schedule: MessageTypeDefinition<_titan_Schedule, _titan_Schedule__Output>
    SubmitJobResponse: MessageTypeDefinition<_titan_SubmitJobResponse, _titan_SubmitJobResponse__Output>
    SubmitJobsRequest: MessageTypeDefinition<_titan_SubmitJobsRequest, _titan_SubmitJobsRequest__Output>
    SubmitJobsResponse: MessageTypeDefinition<_titan_SubmitJobsResponse, _titan_SubmitJobsResponse__Output>
    TriggerScheduleRequest: MessageTypeDefinition<_titan_TriggerScheduleRequest, _titan_TriggerScheduleRequest__Output>
    TriggerScheduleResponse: MessageTypeDefinition<_titan_TriggerScheduleResponse, _titan_TriggerScheduleResponse__Output>
    UpdateQueueRequest: MessageTypeDefinition<_titan_UpdateQueueRequest, _titan_UpdateQueueRequest__Output>
    UpdateScheduleRequest: MessageTypeDefinition<_titan_UpdateScheduleRequest, _titan_UpdateScheduleRequest__Output>
    WatchJobRequest: MessageTypeDefinition<_titan_WatchJobRequest, _titan_WatchJobRequest__Output>
    WorkerInfo: MessageTypeDefinition<_titan_WorkerInfo, _titan_WorkerInfo__Output>
    WorkerMessage: MessageTypeDefinition<_titan_WorkerMessage, _titan_WorkerMessage__Output>
    WorkerService: SubtypeConstructor<typeof grpc.Client, _titan_WorkerServiceClient> & { service: _titan_WorkerServiceDefinition }
    WorkerState: EnumTypeDefinition
  }
}

