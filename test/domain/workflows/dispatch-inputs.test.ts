/** validateDispatchInputs: API and CLI inputs against the declared workflow_dispatch inputs. */
import { describe, expect, it } from 'vitest';
import { validateDispatchInputs } from '../../../src/domain/workflows/dispatch-inputs.js';
import { fixture, ONE_JOB, parseOk } from './workflow-text.js';

const deploy = parseOk(fixture('dispatch-choice.yml'));

describe('validateDispatchInputs', () => {
  it.each([
    ['defaults fill what is not given', {}, { environment: 'staging', 'dry-run': true, replicas: 2 }],
    [
      'strings become booleans and numbers',
      { 'dry-run': 'false', replicas: '5' },
      { environment: 'staging', 'dry-run': false, replicas: 5 },
    ],
    [
      'typed JSON values are kept',
      { 'dry-run': true, replicas: 3 },
      { environment: 'staging', 'dry-run': true, replicas: 3 },
    ],
    [
      'a valid choice and free text',
      { environment: 'production', note: 'hi' },
      { environment: 'production', 'dry-run': true, replicas: 2, note: 'hi' },
    ],
    [
      'a number for a string input is text',
      { note: 7 },
      { environment: 'staging', 'dry-run': true, replicas: 2, note: '7' },
    ],
  ])('%s', (_name, given, want) => {
    expect(validateDispatchInputs(deploy, given)).toEqual({ ok: true, inputs: want });
  });

  it.each([
    ['an unknown input', { colour: 'red' }, ["unknown input 'colour'"]],
    [
      'a choice outside the options',
      { environment: 'moon' },
      ["input 'environment' must be one of staging, production"],
    ],
    ['a boolean that is not true/false', { 'dry-run': 'yes' }, ["input 'dry-run' must be true or false"]],
    ['a number that is not one', { replicas: 'many' }, ["input 'replicas' must be a number"]],
    ['an empty number', { replicas: '' }, ["input 'replicas' must be a number"]],
    ['a value that is an object', { note: { a: 1 } }, ["input 'note' must be a string"]],
    [
      'several problems at once',
      { x: 1, replicas: 'z' },
      ["unknown input 'x'", "input 'replicas' must be a number"],
    ],
  ])('refuses %s', (_name, given, errors) => {
    expect(validateDispatchInputs(deploy, given)).toEqual({ ok: false, errors });
  });

  it('requires a required input that has no default', () => {
    const wf = parseOk(`on: {workflow_dispatch: {inputs: {target: {required: true}}}}\n${ONE_JOB}`);
    expect(validateDispatchInputs(wf, {})).toEqual({
      ok: false,
      errors: ["missing required input 'target'"],
    });
    expect(validateDispatchInputs(wf, { target: 'x' })).toEqual({ ok: true, inputs: { target: 'x' } });
  });

  it('refuses inputs for a workflow without workflow_dispatch', () => {
    const wf = parseOk(`on: push\n${ONE_JOB}`);
    expect(validateDispatchInputs(wf, {})).toEqual({
      ok: false,
      errors: ['the workflow has no workflow_dispatch trigger'],
    });
  });
});
