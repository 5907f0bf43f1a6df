import { describe, expect, it } from 'vitest';
import type { CommandEffects } from '../../../src/domain/agent/command-effects.js';
import { createCommandStream, MAX_COMMAND_LINE_BYTES } from '../../../src/domain/agent/command-stream.js';
import { annotationOf, parseWorkflowCommand } from '../../../src/domain/agent/workflow-commands.js';
import type { Annotation } from '../../../src/ports/model/annotation.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

describe('parseWorkflowCommand', () => {
  it.each([
    ['plain text', 'hello', null],
    ['one colon pair only', '::add-mask hello', null],
    ['an empty name', '::::x', null],
    ['a bare command', '::endgroup::', { name: 'endgroup', properties: {}, message: '' }],
    ['leading white space', '   ::debug::hi', { name: 'debug', properties: {}, message: 'hi' }],
    [
      'properties and a message',
      '::error file=a.ts,line=3,title=Oops::went wrong',
      { name: 'error', properties: { file: 'a.ts', line: '3', title: 'Oops' }, message: 'went wrong' },
    ],
    [
      'escaped message and properties',
      '::warning title=a%3Ab%2Cc%25::x%0Ay%0Dz%25',
      { name: 'warning', properties: { title: 'a:b,c%' }, message: 'x\ny\rz%' },
    ],
    ['a message holding ::', '::notice::a::b', { name: 'notice', properties: {}, message: 'a::b' }],
    ['a property without =', '::error foo::m', { name: 'error', properties: {}, message: 'm' }],
  ])('reads %s', (_name, line, expected) => {
    expect(parseWorkflowCommand(line)).toEqual(expected);
  });

  it('turns the annotation properties into numbers and texts, dropping bad numbers', () => {
    const command = parseWorkflowCommand(
      '::error file=src/x.go,line=12,endLine=14,col=0,endColumn=x,title=T::m',
    )!;
    expect(annotationOf('error', command)).toEqual({
      level: 'error',
      message: 'm',
      title: 'T',
      file: 'src/x.go',
      line: 12,
      endLine: 14,
      column: null,
      endColumn: null,
    });
  });
});

function effects(debug = false) {
  const seen = {
    masks: [] as string[],
    annotations: [] as Annotation[],
    outputs: {} as Record<string, string>,
    failures: [] as string[],
  };
  const fx: CommandEffects = {
    debug,
    stopToken: null,
    addMask: (v) => seen.masks.push(v),
    annotate: (a) => seen.annotations.push(a),
    setOutput: (n, v) => {
      seen.outputs[n] = v;
    },
    fail: (m) => seen.failures.push(m),
  };
  return { fx, seen };
}

/** Feeds the pieces one write at a time and returns what the log shows. */
function run(pieces: string[], debug = false) {
  const { fx, seen } = effects(debug);
  const stream = createCommandStream(fx);
  let shown = '';
  for (const piece of pieces) shown += decoder.decode(stream.push(encoder.encode(piece)));
  shown += decoder.decode(stream.flush());
  return { shown, ...seen };
}

describe('workflow commands on a step output', () => {
  it.each([
    ['plain lines untouched', ['a\nb\n'], 'a\nb\n'],
    ['a mask line shown masked', ['::add-mask::s3cret\n'], '::add-mask::***\n'],
    ['an error as a log line', ['::error file=a,line=1::boom\n'], '##[error]boom\n'],
    ['a group', ['::group::Build\nx\n::endgroup::\n'], '##[group]Build\nx\n##[endgroup]\n'],
    ['debug hidden without step debug', ['::debug::detail\nx\n'], 'x\n'],
    ['an unknown command as text', ['::frobnicate::x\n'], '::frobnicate::x\n'],
    ['a CRLF command line', ['::warning::w\r\n'], '##[warning]w\r\n'],
    ['a command split across writes', ['::erro', 'r::split\n'], '##[error]split\n'],
    ['a last command line without newline', ['::notice::end'], '##[notice]end'],
    ['text that only starts with a colon', [':x\n', ': ::y\n'], ':x\n: ::y\n'],
    ['a partial text line passed at once', ['progress 10%', ' 20%\n'], 'progress 10% 20%\n'],
    [
      'stop-commands until the token',
      ['::stop-commands::t0k\n::error::not an annotation\n::t0k::\n::warning::again\n'],
      '::error::not an annotation\n##[warning]again\n',
    ],
    [
      'a stop token naming a command is refused',
      ['::stop-commands::error\n'],
      "##[warning]invalid stop-commands token 'error'\n",
    ],
    ['echo and matchers hidden', ['::echo::on\n::add-matcher::m.json\n'], ''],
  ])('shows %s', (_name, pieces, shown) => {
    expect(run(pieces).shown).toBe(shown);
  });

  it('shows debug lines when step debug logging is on', () => {
    expect(run(['::debug::detail\n'], true).shown).toBe('##[debug]detail\n');
  });

  it('adds masks, annotations and set-output values, and counts disabled commands as failures', () => {
    const result = run([
      '::add-mask::first-mask\n',
      '::add-mask::  \n',
      '::error file=f.ts,line=2::e\n',
      '::set-output name=x::1\n',
      '::set-output::no name\n',
      '::set-env name=A::b\n',
      '::save-state name=s::v\n',
    ]);
    expect(result.masks).toEqual(['first-mask']);
    expect(result.annotations.map((a) => [a.level, a.file, a.line, a.message])).toEqual([
      ['error', 'f.ts', 2, 'e'],
    ]);
    expect(result.outputs).toEqual({ x: '1' });
    expect(result.failures).toEqual(['the set-env command is disabled: write to $GITHUB_ENV']);
    expect(result.shown).toContain('The `set-output` command is deprecated');
    expect(result.shown).toContain('set-output needs a name property');
  });

  it('passes bytes that are not UTF-8 through unchanged on text lines', () => {
    const { fx } = effects();
    const stream = createCommandStream(fx);
    const raw = new Uint8Array([0xff, 0xfe, 0x0a]);
    expect([...stream.push(raw)]).toEqual([0xff, 0xfe, 0x0a]);
  });

  it('prints an overlong command line as text', () => {
    const long = `::error::${'x'.repeat(MAX_COMMAND_LINE_BYTES)}\n`;
    const result = run([long]);
    expect(result.shown).toBe(long);
    expect(result.annotations).toEqual([]);
  });
});
