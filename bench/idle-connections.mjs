// Opens kept-alive connections to the gateway the way an SDK's connection pool does, and holds them open: each sends
// two calls with the OpenAI Python SDK's headers (the second lets the server cache the lines the first showed), then
// idles. Prints "open N" once every connection has had its answers; exits when its stdin closes.
import net from 'node:net';

const [host, port, count = '1000'] = process.argv.slice(2);
const request = [
  'GET /healthz HTTP/1.1',
  `Host: ${host}:${port}`,
  'Accept-Encoding: gzip, deflate',
  'Connection: keep-alive',
  'Accept: application/json',
  'Content-Type: application/json',
  'User-Agent: OpenAI/Python 1.54.4',
  'X-Stainless-Lang: python',
  'X-Stainless-Package-Version: 1.54.4',
  'X-Stainless-OS: Linux',
  'X-Stainless-Arch: x64',
  'X-Stainless-Runtime: CPython',
  'X-Stainless-Runtime-Version: 3.12.3',
  'X-Stainless-Async: false',
  '', ''].join('\r\n');

// Resolves once `calls` whole answers (headers and Content-Length body) arrived on the socket.
function answers(socket, calls) {
  return new Promise((resolve, reject) => {
    let pending = Buffer.alloc(0);
    let done = 0;
    const onData = (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length:\s*(\d+)/i.exec(pending.subarray(0, end).toString())?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        if (!pending.subarray(0, 12).toString().startsWith('HTTP/1.1 200')) {
          reject(new Error('the gateway answered: ' + pending.subarray(0, end).toString().split('\r\n')[0]));
          return;
        }
        pending = pending.subarray(end + 4 + length);
        if (++done === calls) {
          socket.off('data', onData);
          resolve();
          return;
        }
        socket.write(request);
      }
    };
    socket.on('data', onData);
    socket.on('error', reject);
    socket.write(request);
  });
}

const sockets = [];
for (let i = 0; i < Number(count); i++) {
  const socket = net.connect(Number(port), host);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  await answers(socket, 2);
  sockets.push(socket);
}
console.log(`open ${sockets.length}`);
process.stdin.resume();
process.stdin.on('end', () => {
  sockets.forEach((socket) => socket.destroy());
  process.exit(0);
});
