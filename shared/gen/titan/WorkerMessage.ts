// Original file: proto/titan/titan.proto

import type { Register as _titan_Register, Register__Output as _titan_Register__Output } from '../titan/Register.ts';
import type { Heartbeat as _titan_Heartbeat, Heartbeat__Output as _titan_Heartbeat__Output } from '../titan/Heartbeat.ts';
import type { AttemptStarted as _titan_AttemptStarted, AttemptStarted__Output as _titan_AttemptStarted__Output } from '../titan/AttemptStarted.ts';
import type { AttemptOutput as _titan_AttemptOutput, AttemptOutput__Output as _titan_AttemptOutput__Output } from '../titan/AttemptOutput.ts';
import type { AttemptFinished as _titan_AttemptFinished, AttemptFinished__Output as _titan_AttemptFinished__Output } from '../titan/AttemptFinished.ts';

export interface WorkerMessage {
  'register'?: (_titan_Register | null);
  'heartbeat'?: (_titan_Heartbeat | null);
  'started'?: (_titan_AttemptStarted | null);
  'output'?: (_titan_AttemptOutput | null);
  'finished'?: (_titan_AttemptFinished | null);
  'msg'?: "register"|"heartbeat"|"started"|"output"|"finished";
}

export interface WorkerMessage__Output {
  'register'?: (_titan_Register__Output | null);
  'heartbeat'?: (_titan_Heartbeat__Output | null);
  'started'?: (_titan_AttemptStarted__Output | null);
  'output'?: (_titan_AttemptOutput__Output | null);
  'finished'?: (_titan_AttemptFinished__Output | null);
  'msg'?: "register"|"heartbeat"|"started"|"output"|"finished";
}
