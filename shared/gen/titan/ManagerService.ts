// Original file: proto/titan/titan.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelJobRequest as _titan_CancelJobRequest, CancelJobRequest__Output as _titan_CancelJobRequest__Output } from '../titan/CancelJobRequest.ts';
import type { CancelJobResponse as _titan_CancelJobResponse, CancelJobResponse__Output as _titan_CancelJobResponse__Output } from '../titan/CancelJobResponse.ts';
import type { CreateScheduleRequest as _titan_CreateScheduleRequest, CreateScheduleRequest__Output as _titan_CreateScheduleRequest__Output } from '../titan/CreateScheduleRequest.ts';
import type { DeleteScheduleRequest as _titan_DeleteScheduleRequest, DeleteScheduleRequest__Output as _titan_DeleteScheduleRequest__Output } from '../titan/DeleteScheduleRequest.ts';
import type { DeleteScheduleResponse as _titan_DeleteScheduleResponse, DeleteScheduleResponse__Output as _titan_DeleteScheduleResponse__Output } from '../titan/DeleteScheduleResponse.ts';
import type { DrainWorkerRequest as _titan_DrainWorkerRequest, DrainWorkerRequest__Output as _titan_DrainWorkerRequest__Output } from '../titan/DrainWorkerRequest.ts';
import type { DrainWorkerResponse as _titan_DrainWorkerResponse, DrainWorkerResponse__Output as _titan_DrainWorkerResponse__Output } from '../titan/DrainWorkerResponse.ts';
import type { GetJobStatusRequest as _titan_GetJobStatusRequest, GetJobStatusRequest__Output as _titan_GetJobStatusRequest__Output } from '../titan/GetJobStatusRequest.ts';
import type { GetScheduleRequest as _titan_GetScheduleRequest, GetScheduleRequest__Output as _titan_GetScheduleRequest__Output } from '../titan/GetScheduleRequest.ts';
import type { JobEvent as _titan_JobEvent, JobEvent__Output as _titan_JobEvent__Output } from '../titan/JobEvent.ts';
import type { JobSpec as _titan_JobSpec, JobSpec__Output as _titan_JobSpec__Output } from '../titan/JobSpec.ts';
import type { JobStatus as _titan_JobStatus, JobStatus__Output as _titan_JobStatus__Output } from '../titan/JobStatus.ts';
import type { ListJobsRequest as _titan_ListJobsRequest, ListJobsRequest__Output as _titan_ListJobsRequest__Output } from '../titan/ListJobsRequest.ts';
import type { ListJobsResponse as _titan_ListJobsResponse, ListJobsResponse__Output as _titan_ListJobsResponse__Output } from '../titan/ListJobsResponse.ts';
import type { ListQueuesRequest as _titan_ListQueuesRequest, ListQueuesRequest__Output as _titan_ListQueuesRequest__Output } from '../titan/ListQueuesRequest.ts';
import type { ListQueuesResponse as _titan_ListQueuesResponse, ListQueuesResponse__Output as _titan_ListQueuesResponse__Output } from '../titan/ListQueuesResponse.ts';
import type { ListSchedulesRequest as _titan_ListSchedulesRequest, ListSchedulesRequest__Output as _titan_ListSchedulesRequest__Output } from '../titan/ListSchedulesRequest.ts';
import type { ListSchedulesResponse as _titan_ListSchedulesResponse, ListSchedulesResponse__Output as _titan_ListSchedulesResponse__Output } from '../titan/ListSchedulesResponse.ts';
import type { ListWorkersRequest as _titan_ListWorkersRequest, ListWorkersRequest__Output as _titan_ListWorkersRequest__Output } from '../titan/ListWorkersRequest.ts';
import type { ListWorkersResponse as _titan_ListWorkersResponse, ListWorkersResponse__Output as _titan_ListWorkersResponse__Output } from '../titan/ListWorkersResponse.ts';
import type { QueueInfo as _titan_QueueInfo, QueueInfo__Output as _titan_QueueInfo__Output } from '../titan/QueueInfo.ts';
import type { Schedule as _titan_Schedule, Schedule__Output as _titan_Schedule__Output } from '../titan/Schedule.ts';
import type { SubmitJobResponse as _titan_SubmitJobResponse, SubmitJobResponse__Output as _titan_SubmitJobResponse__Output } from '../titan/SubmitJobResponse.ts';
import type { SubmitJobsRequest as _titan_SubmitJobsRequest, SubmitJobsRequest__Output as _titan_SubmitJobsRequest__Output } from '../titan/SubmitJobsRequest.ts';
import type { SubmitJobsResponse as _titan_SubmitJobsResponse, SubmitJobsResponse__Output as _titan_SubmitJobsResponse__Output } from '../titan/SubmitJobsResponse.ts';
import type { TriggerScheduleRequest as _titan_TriggerScheduleRequest, TriggerScheduleRequest__Output as _titan_TriggerScheduleRequest__Output } from '../titan/TriggerScheduleRequest.ts';
import type { TriggerScheduleResponse as _titan_TriggerScheduleResponse, TriggerScheduleResponse__Output as _titan_TriggerScheduleResponse__Output } from '../titan/TriggerScheduleResponse.ts';
import type { UpdateQueueRequest as _titan_UpdateQueueRequest, UpdateQueueRequest__Output as _titan_UpdateQueueRequest__Output } from '../titan/UpdateQueueRequest.ts';
import type { UpdateScheduleRequest as _titan_UpdateScheduleRequest, UpdateScheduleRequest__Output as _titan_UpdateScheduleRequest__Output } from '../titan/UpdateScheduleRequest.ts';
import type { WatchJobRequest as _titan_WatchJobRequest, WatchJobRequest__Output as _titan_WatchJobRequest__Output } from '../titan/WatchJobRequest.ts';

export interface ManagerServiceClient extends grpc.Client {
  CancelJob(argument: _titan_CancelJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  CancelJob(argument: _titan_CancelJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  CancelJob(argument: _titan_CancelJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  CancelJob(argument: _titan_CancelJobRequest, callback: grpc.requestCallback<_titan_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _titan_CancelJobRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _titan_CancelJobRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _titan_CancelJobRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  cancelJob(argument: _titan_CancelJobRequest, callback: grpc.requestCallback<_titan_CancelJobResponse__Output>): grpc.ClientUnaryCall;
  
  CreateSchedule(argument: _titan_CreateScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  CreateSchedule(argument: _titan_CreateScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  CreateSchedule(argument: _titan_CreateScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  CreateSchedule(argument: _titan_CreateScheduleRequest, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  createSchedule(argument: _titan_CreateScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  createSchedule(argument: _titan_CreateScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  createSchedule(argument: _titan_CreateScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  createSchedule(argument: _titan_CreateScheduleRequest, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  
  DeleteSchedule(argument: _titan_DeleteScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  DeleteSchedule(argument: _titan_DeleteScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  DeleteSchedule(argument: _titan_DeleteScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  DeleteSchedule(argument: _titan_DeleteScheduleRequest, callback: grpc.requestCallback<_titan_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  deleteSchedule(argument: _titan_DeleteScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  deleteSchedule(argument: _titan_DeleteScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  deleteSchedule(argument: _titan_DeleteScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  deleteSchedule(argument: _titan_DeleteScheduleRequest, callback: grpc.requestCallback<_titan_DeleteScheduleResponse__Output>): grpc.ClientUnaryCall;
  
  DrainWorker(argument: _titan_DrainWorkerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_DrainWorkerResponse__Output>): grpc.ClientUnaryCall;
  DrainWorker(argument: _titan_DrainWorkerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_DrainWorkerResponse__Output>): grpc.ClientUnaryCall;
  DrainWorker(argument: _titan_DrainWorkerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_DrainWorkerResponse__Output>): grpc.ClientUnaryCall;
  DrainWorker(argument: _titan_DrainWorkerRequest, callback: grpc.requestCallback<_titan_DrainWorkerResponse__Output>): grpc.ClientUnaryCall;
  drainWorker(argument: _titan_DrainWorkerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_DrainWorkerResponse__Output>): grpc.ClientUnaryCall;
  drainWorker(argument: _titan_DrainWorkerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_DrainWorkerResponse__Output>): grpc.ClientUnaryCall;
  drainWorker(argument: _titan_DrainWorkerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_DrainWorkerResponse__Output>): grpc.ClientUnaryCall;
  drainWorker(argument: _titan_DrainWorkerRequest, callback: grpc.requestCallback<_titan_DrainWorkerResponse__Output>): grpc.ClientUnaryCall;
  
  GetJobStatus(argument: _titan_GetJobStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_JobStatus__Output>): grpc.ClientUnaryCall;
  GetJobStatus(argument: _titan_GetJobStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_JobStatus__Output>): grpc.ClientUnaryCall;
  GetJobStatus(argument: _titan_GetJobStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_JobStatus__Output>): grpc.ClientUnaryCall;
  GetJobStatus(argument: _titan_GetJobStatusRequest, callback: grpc.requestCallback<_titan_JobStatus__Output>): grpc.ClientUnaryCall;
  getJobStatus(argument: _titan_GetJobStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_JobStatus__Output>): grpc.ClientUnaryCall;
  getJobStatus(argument: _titan_GetJobStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_JobStatus__Output>): grpc.ClientUnaryCall;
  getJobStatus(argument: _titan_GetJobStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_JobStatus__Output>): grpc.ClientUnaryCall;
  getJobStatus(argument: _titan_GetJobStatusRequest, callback: grpc.requestCallback<_titan_JobStatus__Output>): grpc.ClientUnaryCall;
  
  GetSchedule(argument: _titan_GetScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  GetSchedule(argument: _titan_GetScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  GetSchedule(argument: _titan_GetScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  GetSchedule(argument: _titan_GetScheduleRequest, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  getSchedule(argument: _titan_GetScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  getSchedule(argument: _titan_GetScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  getSchedule(argument: _titan_GetScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  getSchedule(argument: _titan_GetScheduleRequest, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  
  ListJobs(argument: _titan_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _titan_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _titan_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _titan_ListJobsRequest, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _titan_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _titan_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _titan_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _titan_ListJobsRequest, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  
  ListQueues(argument: _titan_ListQueuesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListQueuesResponse__Output>): grpc.ClientUnaryCall;
  ListQueues(argument: _titan_ListQueuesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_ListQueuesResponse__Output>): grpc.ClientUnaryCall;
  ListQueues(argument: _titan_ListQueuesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListQueuesResponse__Output>): grpc.ClientUnaryCall;
  ListQueues(argument: _titan_ListQueuesRequest, callback: grpc.requestCallback<_titan_ListQueuesResponse__Output>): grpc.ClientUnaryCall;
  listQueues(argument: _titan_ListQueuesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListQueuesResponse__Output>): grpc.ClientUnaryCall;
  listQueues(argument: _titan_ListQueuesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_ListQueuesResponse__Output>): grpc.ClientUnaryCall;
  listQueues(argument: _titan_ListQueuesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListQueuesResponse__Output>): grpc.ClientUnaryCall;
  listQueues(argument: _titan_ListQueuesRequest, callback: grpc.requestCallback<_titan_ListQueuesResponse__Output>): grpc.ClientUnaryCall;
  
  ListSchedules(argument: _titan_ListSchedulesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  ListSchedules(argument: _titan_ListSchedulesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  ListSchedules(argument: _titan_ListSchedulesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  ListSchedules(argument: _titan_ListSchedulesRequest, callback: grpc.requestCallback<_titan_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listSchedules(argument: _titan_ListSchedulesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listSchedules(argument: _titan_ListSchedulesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listSchedules(argument: _titan_ListSchedulesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listSchedules(argument: _titan_ListSchedulesRequest, callback: grpc.requestCallback<_titan_ListSchedulesResponse__Output>): grpc.ClientUnaryCall;
  
  ListWorkers(argument: _titan_ListWorkersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  ListWorkers(argument: _titan_ListWorkersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  ListWorkers(argument: _titan_ListWorkersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  ListWorkers(argument: _titan_ListWorkersRequest, callback: grpc.requestCallback<_titan_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  listWorkers(argument: _titan_ListWorkersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  listWorkers(argument: _titan_ListWorkersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  listWorkers(argument: _titan_ListWorkersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  listWorkers(argument: _titan_ListWorkersRequest, callback: grpc.requestCallback<_titan_ListWorkersResponse__Output>): grpc.ClientUnaryCall;
  
  SubmitJob(argument: _titan_JobSpec, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  SubmitJob(argument: _titan_JobSpec, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  SubmitJob(argument: _titan_JobSpec, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  SubmitJob(argument: _titan_JobSpec, callback: grpc.requestCallback<_titan_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  submitJob(argument: _titan_JobSpec, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  submitJob(argument: _titan_JobSpec, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  submitJob(argument: _titan_JobSpec, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  submitJob(argument: _titan_JobSpec, callback: grpc.requestCallback<_titan_SubmitJobResponse__Output>): grpc.ClientUnaryCall;
  
  SubmitJobs(argument: _titan_SubmitJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  SubmitJobs(argument: _titan_SubmitJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  SubmitJobs(argument: _titan_SubmitJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  SubmitJobs(argument: _titan_SubmitJobsRequest, callback: grpc.requestCallback<_titan_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  submitJobs(argument: _titan_SubmitJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  submitJobs(argument: _titan_SubmitJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  submitJobs(argument: _titan_SubmitJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  submitJobs(argument: _titan_SubmitJobsRequest, callback: grpc.requestCallback<_titan_SubmitJobsResponse__Output>): grpc.ClientUnaryCall;
  
  TriggerSchedule(argument: _titan_TriggerScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  TriggerSchedule(argument: _titan_TriggerScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  TriggerSchedule(argument: _titan_TriggerScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  TriggerSchedule(argument: _titan_TriggerScheduleRequest, callback: grpc.requestCallback<_titan_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  triggerSchedule(argument: _titan_TriggerScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  triggerSchedule(argument: _titan_TriggerScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  triggerSchedule(argument: _titan_TriggerScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  triggerSchedule(argument: _titan_TriggerScheduleRequest, callback: grpc.requestCallback<_titan_TriggerScheduleResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateQueue(argument: _titan_UpdateQueueRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_QueueInfo__Output>): grpc.ClientUnaryCall;
  UpdateQueue(argument: _titan_UpdateQueueRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_QueueInfo__Output>): grpc.ClientUnaryCall;
  UpdateQueue(argument: _titan_UpdateQueueRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_QueueInfo__Output>): grpc.ClientUnaryCall;
  UpdateQueue(argument: _titan_UpdateQueueRequest, callback: grpc.requestCallback<_titan_QueueInfo__Output>): grpc.ClientUnaryCall;
  updateQueue(argument: _titan_UpdateQueueRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_QueueInfo__Output>): grpc.ClientUnaryCall;
  updateQueue(argument: _titan_UpdateQueueRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_QueueInfo__Output>): grpc.ClientUnaryCall;
  updateQueue(argument: _titan_UpdateQueueRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_QueueInfo__Output>): grpc.ClientUnaryCall;
  updateQueue(argument: _titan_UpdateQueueRequest, callback: grpc.requestCallback<_titan_QueueInfo__Output>): grpc.ClientUnaryCall;
  
  UpdateSchedule(argument: _titan_UpdateScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  UpdateSchedule(argument: _titan_UpdateScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  UpdateSchedule(argument: _titan_UpdateScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  UpdateSchedule(argument: _titan_UpdateScheduleRequest, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  updateSchedule(argument: _titan_UpdateScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  updateSchedule(argument: _titan_UpdateScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  updateSchedule(argument: _titan_UpdateScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  updateSchedule(argument: _titan_UpdateScheduleRequest, callback: grpc.requestCallback<_titan_Schedule__Output>): grpc.ClientUnaryCall;
  
  WatchJob(argument: _titan_WatchJobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_titan_JobEvent__Output>;
  WatchJob(argument: _titan_WatchJobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_titan_JobEvent__Output>;
  watchJob(argument: _titan_WatchJobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_titan_JobEvent__Output>;
  watchJob(argument: _titan_WatchJobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_titan_JobEvent__Output>;
  
}

export interface ManagerServiceHandlers extends grpc.UntypedServiceImplementation {
  CancelJob: grpc.handleUnaryCall<_titan_CancelJobRequest__Output, _titan_CancelJobResponse>;
  
  CreateSchedule: grpc.handleUnaryCall<_titan_CreateScheduleRequest__Output, _titan_Schedule>;
  
  DeleteSchedule: grpc.handleUnaryCall<_titan_DeleteScheduleRequest__Output, _titan_DeleteScheduleResponse>;
  
  DrainWorker: grpc.handleUnaryCall<_titan_DrainWorkerRequest__Output, _titan_DrainWorkerResponse>;
  
  GetJobStatus: grpc.handleUnaryCall<_titan_GetJobStatusRequest__Output, _titan_JobStatus>;
  
  GetSchedule: grpc.handleUnaryCall<_titan_GetScheduleRequest__Output, _titan_Schedule>;
  
  ListJobs: grpc.handleUnaryCall<_titan_ListJobsRequest__Output, _titan_ListJobsResponse>;
  
  ListQueues: grpc.handleUnaryCall<_titan_ListQueuesRequest__Output, _titan_ListQueuesResponse>;
  
  ListSchedules: grpc.handleUnaryCall<_titan_ListSchedulesRequest__Output, _titan_ListSchedulesResponse>;
  
  ListWorkers: grpc.handleUnaryCall<_titan_ListWorkersRequest__Output, _titan_ListWorkersResponse>;
  
  SubmitJob: grpc.handleUnaryCall<_titan_JobSpec__Output, _titan_SubmitJobResponse>;
  
  SubmitJobs: grpc.handleUnaryCall<_titan_SubmitJobsRequest__Output, _titan_SubmitJobsResponse>;
  
  TriggerSchedule: grpc.handleUnaryCall<_titan_TriggerScheduleRequest__Output, _titan_TriggerScheduleResponse>;
  
  UpdateQueue: grpc.handleUnaryCall<_titan_UpdateQueueRequest__Output, _titan_QueueInfo>;
  
  UpdateSchedule: grpc.handleUnaryCall<_titan_UpdateScheduleRequest__Output, _titan_Schedule>;
  
  WatchJob: grpc.handleServerStreamingCall<_titan_WatchJobRequest__Output, _titan_JobEvent>;
  
}

export interface ManagerServiceDefinition extends grpc.ServiceDefinition {
  CancelJob: MethodDefinition<_titan_CancelJobRequest, _titan_CancelJobResponse, _titan_CancelJobRequest__Output, _titan_CancelJobResponse__Output>
  CreateSchedule: MethodDefinition<_titan_CreateScheduleRequest, _titan_Schedule, _titan_CreateScheduleRequest__Output, _titan_Schedule__Output>
  DeleteSchedule: MethodDefinition<_titan_DeleteScheduleRequest, _titan_DeleteScheduleResponse, _titan_DeleteScheduleRequest__Output, _titan_DeleteScheduleResponse__Output>
  DrainWorker: MethodDefinition<_titan_DrainWorkerRequest, _titan_DrainWorkerResponse, _titan_DrainWorkerRequest__Output, _titan_DrainWorkerResponse__Output>
  GetJobStatus: MethodDefinition<_titan_GetJobStatusRequest, _titan_JobStatus, _titan_GetJobStatusRequest__Output, _titan_JobStatus__Output>
  GetSchedule: MethodDefinition<_titan_GetScheduleRequest, _titan_Schedule, _titan_GetScheduleRequest__Output, _titan_Schedule__Output>
  ListJobs: MethodDefinition<_titan_ListJobsRequest, _titan_ListJobsResponse, _titan_ListJobsRequest__Output, _titan_ListJobsResponse__Output>
  ListQueues: MethodDefinition<_titan_ListQueuesRequest, _titan_ListQueuesResponse, _titan_ListQueuesRequest__Output, _titan_ListQueuesResponse__Output>
  ListSchedules: MethodDefinition<_titan_ListSchedulesRequest, _titan_ListSchedulesResponse, _titan_ListSchedulesRequest__Output, _titan_ListSchedulesResponse__Output>
  ListWorkers: MethodDefinition<_titan_ListWorkersRequest, _titan_ListWorkersResponse, _titan_ListWorkersRequest__Output, _titan_ListWorkersResponse__Output>
  SubmitJob: MethodDefinition<_titan_JobSpec, _titan_SubmitJobResponse, _titan_JobSpec__Output, _titan_SubmitJobResponse__Output>
  SubmitJobs: MethodDefinition<_titan_SubmitJobsRequest, _titan_SubmitJobsResponse, _titan_SubmitJobsRequest__Output, _titan_SubmitJobsResponse__Output>
  TriggerSchedule: MethodDefinition<_titan_TriggerScheduleRequest, _titan_TriggerScheduleResponse, _titan_TriggerScheduleRequest__Output, _titan_TriggerScheduleResponse__Output>
  UpdateQueue: MethodDefinition<_titan_UpdateQueueRequest, _titan_QueueInfo, _titan_UpdateQueueRequest__Output, _titan_QueueInfo__Output>
  UpdateSchedule: MethodDefinition<_titan_UpdateScheduleRequest, _titan_Schedule, _titan_UpdateScheduleRequest__Output, _titan_Schedule__Output>
  WatchJob: MethodDefinition<_titan_WatchJobRequest, _titan_JobEvent, _titan_WatchJobRequest__Output, _titan_JobEvent__Output>
}
