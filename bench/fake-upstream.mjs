// A fake OpenAI upstream for the benchmark: as fast as Node's HTTP server goes, with a configurable delay before
// answering and a gap between stream events. POST /v1/chat/completions answers a chat.completion with usage, or, for
// "stream": true, 24 chat.completion.chunk events, a usage chunk and [DONE].
import http from 'node:http';

const port = Number(process.argv[2] ?? 9100);
const delayMs = Number(process.argv[3] ?? 0);
const gapMs = Number(process.argv[4] ?? 0);

const completion = JSON.stringify({
  id: 'chatcmpl-bench', object: 'chat.completion', created: 1764000000, model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the benchmark upstream.', refusal: null },
    logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 }, system_fingerprint: 'fp_bench',
});
const chunk = (i) => 'data: ' + JSON.stringify({
  id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1764000000, model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: '' } : { content: 'word' + i + ' ' },
    logprobs: null, finish_reason: null }], usage: null,
}) + '\n\n';
const usageChunk = 'data: ' + JSON.stringify({
  id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1764000000, model: 'gpt-4o-mini-2024-07-18',
  choices: [], usage: { prompt_tokens: 12, completion_tokens: 23, total_tokens: 35 },
}) + '\n\n';

const later = (ms, fn) => (ms > 0 ? setTimeout(fn, ms) : fn());

const server = http.createServer((req, res) => {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    const stream = Buffer.concat(parts).includes('"stream":true');
    later(delayMs, () => {
      if (!stream) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(completion),
          'x-request-id': 'req_bench' });
        res.end(completion);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_bench' });
      let i = 0;
      const next = () => {
        if (i < 24) {
          res.write(chunk(i++));
          later(gapMs, next);
        } else {
          res.write(usageChunk);
          res.end('data: [DONE]\n\n');
        }
      };
      next();
    });
  });
});
server.keepAliveTimeout = 120000;
server.headersTimeout = 121000;
server.listen(port, '127.0.0.1');
