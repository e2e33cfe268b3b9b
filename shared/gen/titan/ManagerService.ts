// Original file: proto/titan.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CancelJobRequest as _titan_CancelJobRequest, CancelJobRequest__Output as _titan_CancelJobRequest__Output } from '../titan/CancelJobRequest.ts';
import type { CancelJobResponse as _titan_CancelJobResponse, CancelJobResponse__Output as _titan_CancelJobResponse__Output } from '../titan/CancelJobResponse.ts';
import type { DrainWorkerRequest as _titan_DrainWorkerRequest, DrainWorkerRequest__Output as _titan_DrainWorkerRequest__Output } from '../titan/DrainWorkerRequest.ts';
import type { DrainWorkerResponse as _titan_DrainWorkerResponse, DrainWorkerResponse__Output as _titan_DrainWorkerResponse__Output } from '../titan/DrainWorkerResponse.ts';
import type { GetJobStatusRequest as _titan_GetJobStatusRequest, GetJobStatusRequest__Output as _titan_GetJobStatusRequest__Output } from '../titan/GetJobStatusRequest.ts';
import type { JobEvent as _titan_JobEvent, JobEvent__Output as _titan_JobEvent__Output } from '../titan/JobEvent.ts';
import type { JobSpec as _titan_JobSpec, JobSpec__Output as _titan_JobSpec__Output } from '../titan/JobSpec.ts';
import type { JobStatus as _titan_JobStatus, JobStatus__Output as _titan_JobStatus__Output } from '../titan/JobStatus.ts';
import type { ListJobsRequest as _titan_ListJobsRequest, ListJobsRequest__Output as _titan_ListJobsRequest__Output } from '../titan/ListJobsRequest.ts';
import type { ListJobsResponse as _titan_ListJobsResponse, ListJobsResponse__Output as _titan_ListJobsResponse__Output } from '../titan/ListJobsResponse.ts';
import type { ListWorkersRequest as _titan_ListWorkersRequest, ListWorkersRequest__Output as _titan_ListWorkersRequest__Output } from '../titan/ListWorkersRequest.ts';
import type { ListWorkersResponse as _titan_ListWorkersResponse, ListWorkersResponse__Output as _titan_ListWorkersResponse__Output } from '../titan/ListWorkersResponse.ts';
import type { SubmitJobResponse as _titan_SubmitJobResponse, SubmitJobResponse__Output as _titan_SubmitJobResponse__Output } from '../titan/SubmitJobResponse.ts';
import type { SubmitJobsRequest as _titan_SubmitJobsRequest, SubmitJobsRequest__Output as _titan_SubmitJobsRequest__Output } from '../titan/SubmitJobsRequest.ts';
import type { SubmitJobsResponse as _titan_SubmitJobsResponse, SubmitJobsResponse__Output as _titan_SubmitJobsResponse__Output } from '../titan/SubmitJobsResponse.ts';
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
  
  ListJobs(argument: _titan_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _titan_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _titan_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _titan_ListJobsRequest, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _titan_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _titan_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _titan_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _titan_ListJobsRequest, callback: grpc.requestCallback<_titan_ListJobsResponse__Output>): grpc.ClientUnaryCall;
  
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
  
  WatchJob(argument: _titan_WatchJobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_titan_JobEvent__Output>;
  WatchJob(argument: _titan_WatchJobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_titan_JobEvent__Output>;
  watchJob(argument: _titan_WatchJobRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_titan_JobEvent__Output>;
  watchJob(argument: _titan_WatchJobRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_titan_JobEvent__Output>;
  
}

export interface ManagerServiceHandlers extends grpc.UntypedServiceImplementation {
  CancelJob: grpc.handleUnaryCall<_titan_CancelJobRequest__Output, _titan_CancelJobResponse>;
  
  DrainWorker: grpc.handleUnaryCall<_titan_DrainWorkerRequest__Output, _titan_DrainWorkerResponse>;
  
  GetJobStatus: grpc.handleUnaryCall<_titan_GetJobStatusRequest__Output, _titan_JobStatus>;
  
  ListJobs: grpc.handleUnaryCall<_titan_ListJobsRequest__Output, _titan_ListJobsResponse>;
  
  ListWorkers: grpc.handleUnaryCall<_titan_ListWorkersRequest__Output, _titan_ListWorkersResponse>;
  
  SubmitJob: grpc.handleUnaryCall<_titan_JobSpec__Output, _titan_SubmitJobResponse>;
  
  SubmitJobs: grpc.handleUnaryCall<_titan_SubmitJobsRequest__Output, _titan_SubmitJobsResponse>;
  
  WatchJob: grpc.handleServerStreamingCall<_titan_WatchJobRequest__Output, _titan_JobEvent>;
  
}

export interface ManagerServiceDefinition extends grpc.ServiceDefinition {
  CancelJob: MethodDefinition<_titan_CancelJobRequest, _titan_CancelJobResponse, _titan_CancelJobRequest__Output, _titan_CancelJobResponse__Output>
  DrainWorker: MethodDefinition<_titan_DrainWorkerRequest, _titan_DrainWorkerResponse, _titan_DrainWorkerRequest__Output, _titan_DrainWorkerResponse__Output>
  GetJobStatus: MethodDefinition<_titan_GetJobStatusRequest, _titan_JobStatus, _titan_GetJobStatusRequest__Output, _titan_JobStatus__Output>
  ListJobs: MethodDefinition<_titan_ListJobsRequest, _titan_ListJobsResponse, _titan_ListJobsRequest__Output, _titan_ListJobsResponse__Output>
  ListWorkers: MethodDefinition<_titan_ListWorkersRequest, _titan_ListWorkersResponse, _titan_ListWorkersRequest__Output, _titan_ListWorkersResponse__Output>
  SubmitJob: MethodDefinition<_titan_JobSpec, _titan_SubmitJobResponse, _titan_JobSpec__Output, _titan_SubmitJobResponse__Output>
  SubmitJobs: MethodDefinition<_titan_SubmitJobsRequest, _titan_SubmitJobsResponse, _titan_SubmitJobsRequest__Output, _titan_SubmitJobsResponse__Output>
  WatchJob: MethodDefinition<_titan_WatchJobRequest, _titan_JobEvent, _titan_WatchJobRequest__Output, _titan_JobEvent__Output>
}
