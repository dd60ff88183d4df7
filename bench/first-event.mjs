// Time to the first streamed event and to the end of the stream, over sequential streaming requests: the part of
// streaming latency wrk cannot see. Prints "p50_first_ms p99_first_ms p50_total_ms" for the URL.
import http from 'node:http';

const [url, key = '', count = '200', model = 'bench-stream'] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const body = JSON.stringify({ model, stream: true, stream_options: { include_usage: true },
  messages: [{ role: 'user', content: 'Stream me twenty-four words.' }] });

function once() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    let first = null;
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json',
      'content-length': Buffer.byteLength(body), ...(key ? { authorization: 'Bearer ' + key } : {}) } }, (res) => {
      res.on('data', (d) => {
        if (first === null && d.includes('data: ')) first = process.hrtime.bigint();
      });
      res.on('end', () => {
        if (res.statusCode !== 200 || first === null) {
          reject(new Error('the stream failed: HTTP ' + res.statusCode));
          return;
        }
        resolve([Number(first - started) / 1e6, Number(process.hrtime.bigint() - started) / 1e6]);
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const firsts = [];
const totals = [];
for (let i = 0; i < Number(count) + 20; i++) {
  const [first, total] = await once();
  if (i >= 20) { firsts.push(first); totals.push(total); } // the first 20 warm up
}
const pct = (a, p) => a.sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))];
console.log(pct(firsts, 0.5).toFixed(2), pct(firsts, 0.99).toFixed(2), pct(totals, 0.5).toFixed(2));
agent.destroy();
