/** The runner side of the wire, as the benches need it: Node's fetch over keep-alive. */

export interface Answer<T = unknown> {
  status: number;
  body: T | null;
}

export interface ClaimBody {
  token: string;
  job: { id: number; run_id: number; steps: { id: number }[] };
}

export interface NextTokenBody {
  next_token?: string;
}

export async function post<T = unknown>(url: string, token: string, body: unknown): Promise<Answer<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as T) : null };
}

export const heartbeat = (base: string, token: string, body: object) =>
  post<ClaimBody>(`${base}/api/v1/runners/heartbeat`, token, body);

export const completeJob = (base: string, jobId: number, token: string) =>
  post<NextTokenBody>(`${base}/api/v1/jobs/${jobId}/status`, token, {
    status: 'completed',
    conclusion: 'success',
  });

/** Throws unless the answer has the expected status (a bench must not count failures as work). */
export function expectStatus<T>(answer: Answer<T>, ...statuses: number[]): Answer<T> {
  if (!statuses.includes(answer.status)) {
    throw new Error(`unexpected HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
