/** The `on:` part of a parsed workflow (SPEC §5, §6). */
import type { Filter } from './model.js';

export interface Triggers {
  push: PushTrigger | null;
  pullRequest: PullRequestTrigger | null;
  workflowDispatch: DispatchTrigger | null;
  /** `schedule:` crons, five POSIX fields each, evaluated in UTC. */
  schedule: string[];
}

export interface PushTrigger {
  branches: Filter | null;
  tags: Filter | null;
  paths: Filter | null;
}

export interface PullRequestTrigger {
  /** Activity types; `[opened, synchronize, reopened]` when the file names none. */
  types: string[];
  /** Matched against the pull request's base branch. */
  branches: Filter | null;
  paths: Filter | null;
}

export type DispatchInputType = 'string' | 'boolean' | 'choice' | 'environment' | 'number';

export interface DispatchInput {
  description: string;
  type: DispatchInputType;
  required: boolean;
  default: string | number | boolean | null;
  /** The allowed values of a `choice` input; empty for other types. */
  options: string[];
}

export interface DispatchTrigger {
  inputs: Record<string, DispatchInput>;
}

/** `on.workflow_call`: the interface of a reusable workflow. */
export interface WorkflowCallTrigger {
  inputs: Record<string, WorkflowCallInput>;
  /** Output name → template over the `jobs` context (`${{ jobs.build.outputs.x }}`). */
  outputs: Record<string, { description: string; value: string }>;
  secrets: Record<string, { description: string; required: boolean }>;
}

export interface WorkflowCallInput {
  description: string;
  type: 'boolean' | 'number' | 'string';
  required: boolean;
  default: string | number | boolean | null;
}
