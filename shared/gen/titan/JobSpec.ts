// Original file: proto/titan/titan.proto

import type { Resources as _titan_Resources, Resources__Output as _titan_Resources__Output } from '../titan/Resources.ts';
import type { DependencyPolicy as _titan_DependencyPolicy, DependencyPolicy__Output as _titan_DependencyPolicy__Output } from '../titan/DependencyPolicy.ts';

export interface JobSpec {
  'command'?: (string);
  'env'?: ({[key: string]: string});
  'cwd'?: (string);
  'timeoutSeconds'?: (number);
  'maxRetries'?: (number);
  'idempotencyKey'?: (string);
  'priority'?: (number);
  'resources'?: (_titan_Resources | null);
  'selector'?: ({[key: string]: string});
  'queue'?: (string);
  'name'?: (string);
  'dependsOn'?: (string)[];
  'dependencyPolicy'?: (_titan_DependencyPolicy);
}

export interface JobSpec__Output {
  'command': (string);
  'env': ({[key: string]: string});
  'cwd': (string);
  'timeoutSeconds': (number);
  'maxRetries': (number);
  'idempotencyKey': (string);
  'priority': (number);
  'resources': (_titan_Resources__Output | null);
  'selector': ({[key: string]: string});
  'queue': (string);
  'name': (string);
  'dependsOn': (string)[];
  'dependencyPolicy': (_titan_DependencyPolicy__Output);
}
