import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SinkRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface SinkReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A real HTTP server on 127.0.0.1 that records every request and answers as `reply` says. */
export interface HttpSink {
  url: string;
  requests: SinkRequest[];
  /** How the sink answers a request (default 200 `{}`); change it between steps of a test. */
  reply: (req: SinkRequest) => SinkReply;
  close(): Promise<void>;
}

export async function startHttpSink(): Promise<HttpSink> {
  const sink: HttpSink = { url: "", requests: [], reply: () => ({ status: 200, body: {} }), close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const recorded = { path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      sink.requests.push(recorded);
      const r = sink.reply(recorded);
      res.writeHead(r.status, { "content-type": "application/json", ...r.headers });
      res.end(r.body === undefined ? "" : JSON.stringify(r.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sink.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return sink;
}
