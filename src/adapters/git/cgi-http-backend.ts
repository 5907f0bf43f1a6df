/**
 * `GitHttpBackend` by running `git http-backend` as a CGI program (execa, argv only): the
 * request body streams into its stdin, its stdout is split into the CGI header block
 * (`Status:` and headers) and the body, which streams back out.
 */
import { Readable } from 'node:stream';
import { execa } from 'execa';
import type { GitHttpBackend, GitHttpRequest, GitHttpResponse } from '../../ports/git-http-backend.js';
import { gitEnvironment } from './git-command.js';

/** Longest CGI header block accepted before the body starts. */
const MAX_HEADER_BYTES = 64 * 1024;

export class CgiGitHttpBackend implements GitHttpBackend {
  /** `projectRoot` is the folder holding `<owner>/<name>.git` (`<data_dir>/repos`). */
  constructor(
    private readonly projectRoot: string,
    private readonly gitBinary = 'git',
  ) {}

  async serve(request: GitHttpRequest): Promise<GitHttpResponse> {
    const child = execa(this.gitBinary, ['http-backend'], {
      env: gitEnvironment({
        GIT_PROJECT_ROOT: this.projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: `/${request.repo.ownerName}/${request.repo.name}.git/${request.endpoint}`,
        QUERY_STRING: request.query,
        REQUEST_METHOD: request.method,
        CONTENT_TYPE: request.contentType,
        REMOTE_USER: request.remoteUser,
        REMOTE_ADDR: '127.0.0.1',
        GATEWAY_INTERFACE: 'CGI/1.1',
        ...(request.gitProtocol ? { HTTP_GIT_PROTOCOL: request.gitProtocol } : {}),
      }),
      stdin: request.body ? 'pipe' : 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
    });
    if (request.body && child.stdin) {
      const input = Readable.fromWeb(request.body as import('node:stream/web').ReadableStream<Uint8Array>);
      input.on('error', () => child.stdin?.destroy());
      child.stdin.on('error', () => input.destroy());
      input.pipe(child.stdin);
    }
    child.stderr?.resume();
    const exited = child.then((result) => result.exitCode === 0);
    const stdout = child.stdout;
    if (!stdout) throw new Error('git http-backend has no stdout');
    const { head, rest } = await readCgiHead(stdout);
    const { status, headers } = parseCgiHead(head);
    const body = Readable.toWeb(rest) as unknown as ReadableStream<Uint8Array>;
    return { status, headers, body, finished: exited };
  }
}

/**
 * Reads stdout up to the blank line ending the CGI headers, then puts the bytes after it
 * back (`unshift`) and hands the paused stream on as the body.
 */
function readCgiHead(stdout: Readable): Promise<{ head: string; rest: Readable }> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const cleanup = () => {
      stdout.off('data', onData);
      stdout.off('end', onEnd);
      stdout.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = headerEnd(buffered);
      if (!end && buffered.length <= MAX_HEADER_BYTES) return;
      cleanup();
      stdout.pause();
      if (!end) {
        stdout.destroy();
        reject(new Error('git http-backend sent an oversized CGI header'));
        return;
      }
      const leftover = buffered.subarray(end.bodyStart);
      if (leftover.length > 0) stdout.unshift(leftover);
      resolve({ head: buffered.subarray(0, end.headEnd).toString('latin1'), rest: stdout });
    };
    const onEnd = () => {
      cleanup();
      reject(new Error('git http-backend ended without a complete CGI header'));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    stdout.on('data', onData);
    stdout.once('end', onEnd);
    stdout.once('error', onError);
  });
}

function headerEnd(buf: Buffer): { headEnd: number; bodyStart: number } | undefined {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { headEnd: crlf, bodyStart: crlf + 4 };
  if (lf >= 0) return { headEnd: lf, bodyStart: lf + 2 };
  return undefined;
}

/** `Status: 404 Not Found` sets the status (200 without one); every other line is a header. */
export function parseCgiHead(head: string): { status: number; headers: [string, string][] } {
  let status = 200;
  const headers: [string, string][] = [];
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 500;
    else headers.push([name, value]);
  }
  return { status, headers };
}
