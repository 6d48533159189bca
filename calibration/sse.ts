/**
 * Incremental parser for Server-Sent Events (the WHATWG `text/event-stream` format) as
 * streamed by OpenAI-compatible servers: `data:` lines, blank-line event boundaries,
 * `:` comments, LF / CRLF / CR line endings, chunks split anywhere.
 */

/** One dispatched event. */
export interface SseEvent {
  /** The `event:` field, or "message". */
  readonly event: string;
  /** The `data:` lines joined by "\n". */
  readonly data: string;
}

/** Thrown when a line grows beyond the parser's limit (a server that never ends a line). */
class SseOverflowError extends Error {
  override readonly name = "SseOverflowError";
}

/** Feeds text chunks, calls `onEvent` for each complete event. */
export class SseParser {
  private buf = "";
  private data: string[] = [];
  private event = "";
  private lastWasCR = false;

  constructor(
    private readonly onEvent: (ev: SseEvent) => void,
    /** Longest accepted unterminated line, characters. */
    private readonly maxLineChars = 1 << 20,
  ) {}

  /** Parses the next chunk of the stream. */
  feed(chunk: string): void {
    let text = chunk;
    if (this.lastWasCR && text.startsWith("\n")) text = text.slice(1);
    this.lastWasCR = false;
    let start = 0;
    const s = this.buf + text;
    const offset = this.buf.length;
    this.buf = "";
    for (let i = offset; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      if (ch === 10 || ch === 13) {
        this.line(s.slice(start, i));
        if (ch === 13) {
          if (i + 1 < s.length) {
            if (s.charCodeAt(i + 1) === 10) i++;
          } else {
            this.lastWasCR = true;
          }
        }
        start = i + 1;
      }
    }
    this.buf = s.slice(start);
    if (this.buf.length > this.maxLineChars) {
      throw new SseOverflowError(`SSE line longer than ${this.maxLineChars} characters`);
    }
  }

  /** True when a partial line or event is buffered (the stream ended mid-event). */
  get pending(): boolean {
    return this.buf.length > 0 || this.data.length > 0;
  }

  private line(line: string): void {
    if (line === "") {
      if (this.data.length > 0) {
        this.onEvent({ event: this.event || "message", data: this.data.join("\n") });
      }
      this.data = [];
      this.event = "";
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
  }
}
