/** Malformed workflows, part 2: triggers, globs, crons and dispatch inputs. */
import { describe, expect, it } from 'vitest';
import { ONE_JOB, parseErrors } from './workflow-text.js';

const on = (events: string) => `on: ${events}\n${ONE_JOB}`;

const CASES = [
  // Triggers
  { name: 'an unknown event', text: on('releases'), path: 'on', message: "unsupported event 'releases'" },
  {
    name: 'an unknown event in a list',
    text: on('[push, issue]'),
    path: 'on[1]',
    message: "unsupported event 'issue'",
  },
  {
    name: 'an unknown event in a map',
    text: on('{push: null, releases: {types: [published]}}'),
    path: 'on.releases',
    message: "unsupported event 'releases'",
  },
  { name: 'schedule in the string form', text: on('schedule'), path: 'on', message: 'needs a list of crons' },
  {
    name: 'an unknown push filter',
    text: on('{push: {branch: [main]}}'),
    path: 'on.push.branch',
    message: "unknown key 'branch'",
  },
  {
    name: 'branches with branches-ignore',
    text: on('{push: {branches: [a], branches-ignore: [b]}}'),
    path: 'on.push.branches-ignore',
    message: 'cannot both be set',
  },
  {
    name: 'tags with tags-ignore',
    text: on('{push: {tags: [a], tags-ignore: [b]}}'),
    path: 'on.push.tags-ignore',
    message: 'cannot both be set',
  },
  {
    name: 'paths with paths-ignore',
    text: on('{pull_request: {paths: [a], paths-ignore: [b]}}'),
    path: 'on.pull_request.paths-ignore',
    message: 'cannot both be set',
  },
  {
    name: 'tags on pull_request',
    text: on('{pull_request: {tags: [v1]}}'),
    path: 'on.pull_request.tags',
    message: 'unknown key',
  },
  {
    name: 'a reversed range in a glob',
    text: on("{push: {branches: ['release/[z-a]']}}"),
    path: 'on.push.branches[0]',
    message: "bad range 'z-a'",
  },
  {
    name: 'a range across families',
    text: on("{push: {branches: ['[0-z]']}}"),
    path: 'on.push.branches[0]',
    message: 'bad range',
  },
  {
    name: 'an unclosed bracket',
    text: on("{push: {tags: ['v[0-9']}}"),
    path: 'on.push.tags[0]',
    message: 'never closed',
  },
  {
    name: 'an empty bracket',
    text: on("{push: {tags: ['v[]']}}"),
    path: 'on.push.tags[0]',
    message: "empty '[]'",
  },
  {
    name: 'a ? with nothing before it',
    text: on("{push: {branches: ['?x']}}"),
    path: 'on.push.branches[0]',
    message: 'no character to repeat',
  },
  {
    name: 'a + after a star',
    text: on("{push: {paths: ['src/*+']}}"),
    path: 'on.push.paths[0]',
    message: 'no character to repeat',
  },
  {
    name: 'a trailing backslash',
    text: on("{push: {paths-ignore: ['docs\\']}}"),
    path: 'on.push.paths-ignore[0]',
    message: 'lone backslash',
  },
  {
    name: 'an empty negation',
    text: on("{push: {branches: [main, '!']}}"),
    path: 'on.push.branches[1]',
    message: 'empty pattern',
  },
  {
    name: 'an unknown pull_request type',
    text: on('{pull_request: {types: [opened, merged]}}'),
    path: 'on.pull_request.types',
    message: "unsupported pull_request type 'merged'",
  },
  {
    name: 'a cron with a bad minute',
    text: on("{schedule: [{cron: '61 * * * *'}]}"),
    path: 'on.schedule[0].cron',
    message: 'minute',
  },
  {
    name: 'a cron with six fields',
    text: on("{schedule: [{cron: '0 0 * * * *'}]}"),
    path: 'on.schedule[0].cron',
    message: 'must have 5 fields',
  },
  {
    name: 'a cron nickname',
    text: on("{schedule: [{cron: '@daily'}]}"),
    path: 'on.schedule[0].cron',
    message: 'must have 5 fields',
  },
  {
    name: 'an empty schedule',
    text: on('{schedule: []}'),
    path: 'on.schedule',
    message: 'at least one cron',
  },
  {
    name: 'a schedule entry without cron',
    text: on('{schedule: [{at: noon}]}'),
    path: 'on.schedule[0].at',
    message: 'unknown key',
  },
  // Dispatch inputs
  {
    name: 'a choice without options',
    text: on('{workflow_dispatch: {inputs: {env: {type: choice}}}}'),
    path: 'on.workflow_dispatch.inputs.env.options',
    message: 'needs options',
  },
  {
    name: 'a default outside the options',
    text: on('{workflow_dispatch: {inputs: {env: {type: choice, options: [a], default: b}}}}'),
    path: 'on.workflow_dispatch.inputs.env.default',
    message: "'b' is not one of the options",
  },
  {
    name: 'a boolean default that is text',
    text: on('{workflow_dispatch: {inputs: {go: {type: boolean, default: yes}}}}'),
    path: 'on.workflow_dispatch.inputs.go.default',
    message: 'true or false',
  },
  {
    name: 'a number default that is text',
    text: on('{workflow_dispatch: {inputs: {n: {type: number, default: many}}}}'),
    path: 'on.workflow_dispatch.inputs.n.default',
    message: 'must be a number',
  },
  {
    name: 'an unknown input type',
    text: on('{workflow_dispatch: {inputs: {f: {type: file}}}}'),
    path: 'on.workflow_dispatch.inputs.f.type',
    message: 'input types are',
  },
  {
    name: 'options on a string input',
    text: on('{workflow_dispatch: {inputs: {s: {options: [a]}}}}'),
    path: 'on.workflow_dispatch.inputs.s.options',
    message: 'only choice inputs',
  },
];

describe('parseWorkflow refuses bad triggers, globs, crons and inputs', () => {
  it.each(CASES)('$name → $path', ({ text, path, message }) => {
    const diagnostics = parseErrors(text);
    expect(diagnostics).toContainEqual(
      expect.objectContaining({ path, message: expect.stringContaining(message), severity: 'error' }),
    );
  });
});
