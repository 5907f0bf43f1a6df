/**
 * A Server-Sent Events reader for `app.request()` answers: parses events as they arrive and
 * waits (on the event loop, never on a clock) until the events so far satisfy a condition.
 */
export interface SseEvent {
  event: string;
  data: string;
  id: string | undefined;
}

export interface SseReader {
  events: SseEvent[];
  /** Reads until `done(events)` holds; fails when the stream ends first. */
  until(done: (events: SseEvent[]) => boolean): Promise<SseEvent[]>;
  /** Reads to the end of the stream (the server closed it). */
  toEnd(): Promise<SseEvent[]>;
  /** Drops the connection, as a browser losing the network does. */
  cancel(): Promise<void>;
}

export function readSse(res: Response): SseReader {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  let ended = false;

  function parse(): void {
    for (let at = buffer.indexOf('\n\n'); at >= 0; at = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      const fields = block.split('\n').filter((l) => !l.startsWith(':') && l !== '');
      const value = (name: string) =>
        fields.filter((l) => l.startsWith(`${name}: `)).map((l) => l.slice(name.length + 2));
      const data = value('data');
      if (data.length === 0) continue;
      events.push({ event: value('event')[0] ?? 'message', data: data.join('\n'), id: value('id')[0] });
    }
  }

  async function readOnce(): Promise<void> {
    const { done, value } = await reader.read();
    if (done) ended = true;
    else buffer += decoder.decode(value, { stream: true });
    parse();
  }

  return {
    events,
    async until(done) {
      while (!done(events)) {
        if (ended) throw new Error(`the stream ended first: ${JSON.stringify(events)}`);
        await readOnce();
      }
      return events;
    },
    async toEnd() {
      while (!ended) await readOnce();
      return events;
    },
    cancel: () => reader.cancel(),
  };
}
