// Original file: proto/titan/titan.proto

import type { Registered as _titan_Registered, Registered__Output as _titan_Registered__Output } from '../titan/Registered.ts';
import type { Assign as _titan_Assign, Assign__Output as _titan_Assign__Output } from '../titan/Assign.ts';
import type { CancelAttempt as _titan_CancelAttempt, CancelAttempt__Output as _titan_CancelAttempt__Output } from '../titan/CancelAttempt.ts';
import type { FinishedAck as _titan_FinishedAck, FinishedAck__Output as _titan_FinishedAck__Output } from '../titan/FinishedAck.ts';
import type { Drain as _titan_Drain, Drain__Output as _titan_Drain__Output } from '../titan/Drain.ts';
import type { HeartbeatAck as _titan_HeartbeatAck, HeartbeatAck__Output as _titan_HeartbeatAck__Output } from '../titan/HeartbeatAck.ts';

export interface ManagerMessage {
  'registered'?: (_titan_Registered | null);
  'assign'?: (_titan_Assign | null);
  'cancel'?: (_titan_CancelAttempt | null);
  'finishedAck'?: (_titan_FinishedAck | null);
  'drain'?: (_titan_Drain | null);
  'heartbeatAck'?: (_titan_HeartbeatAck | null);
  'msg'?: "registered"|"assign"|"cancel"|"finishedAck"|"drain"|"heartbeatAck";
}

export interface ManagerMessage__Output {
  'registered'?: (_titan_Registered__Output | null);
  'assign'?: (_titan_Assign__Output | null);
  'cancel'?: (_titan_CancelAttempt__Output | null);
  'finishedAck'?: (_titan_FinishedAck__Output | null);
  'drain'?: (_titan_Drain__Output | null);
  'heartbeatAck'?: (_titan_HeartbeatAck__Output | null);
  'msg'?: "registered"|"assign"|"cancel"|"finishedAck"|"drain"|"heartbeatAck";
}
