// Steady load for bench/soak: RATE requests per second for SECONDS against an OpenAI chat endpoint, every STREAM_EVERY-th
// one streamed (read to [DONE]), on kept-alive connections. Prints one line per REPORT seconds:
//   <elapsed s> <requests completed> <errors> <p50 ms> <p99 ms>
// and a last "total" line. An error is a non-200 answer, a failed connection or a stream that did not reach [DONE].
import http from 'node:http';

const [url, key, rate, seconds, streamEvery, report] = [process.argv[2], process.argv[3],
  Number(process.argv[4] ?? 500), Number(process.argv[5] ?? 1800), Number(process.argv[6] ?? 10),
  Number(process.argv[7] ?? 30)];
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const target = new URL(url);
const body = (stream) => JSON.stringify({ model: stream ? 'bench-stream' : 'bench-0', stream,
  messages: [{ role: 'user', content: 'Say hello to the soak test.' }] });
const plain = body(false);
const streamed = body(true);

let sent = 0, done = 0, errors = 0, totalDone = 0, totalErrors = 0;
let latencies = [];

function call(stream) {
  const started = process.hrtime.bigint();
  const payload = stream ? streamed : plain;
  const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload),
      authorization: `Bearer ${key}` } }, (res) => {
    let tail = '';
    res.setEncoding('utf8');
    res.on('data', (chunk) => { tail = (tail + chunk).slice(-64); });
    res.on('end', () => {
      const ok = res.statusCode === 200 && (!stream || tail.includes('[DONE]'));
      finish(ok, started);
    });
    res.on('error', () => finish(false, started));
  });
  req.on('error', () => finish(false, started));
  req.end(payload);
}

function finish(ok, started) {
  done++;
  if (!ok) errors++;
  latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : 0);
const began = Date.now();
let nextReport = began + report * 1000;
const tickMs = 10;
const timer = setInterval(() => {
  const elapsed = (Date.now() - began) / 1000;
  const due = Math.min(Math.floor(elapsed * rate), Math.floor(seconds * rate));
  while (sent < due) {
    sent++;
    call(streamEvery > 0 && sent % streamEvery === 0);
  }
  if (Date.now() >= nextReport) {
    latencies.sort((a, b) => a - b);
    console.log(`${Math.round(elapsed)} ${done} ${errors} ${percentile(latencies, 0.5).toFixed(2)} ${percentile(latencies, 0.99).toFixed(2)}`);
    totalDone += done; totalErrors += errors;
    done = 0; errors = 0; latencies = [];
    nextReport += report * 1000;
  }
  if (elapsed >= seconds && totalDone + done >= sent) {
    clearInterval(timer);
    console.log(`total ${totalDone + done} ${totalErrors + errors}`);
    agent.destroy();
  }
}, tickMs);
