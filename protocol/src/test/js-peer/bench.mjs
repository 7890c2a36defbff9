#!/usr/bin/env node
// Throughput benchmark peer (Phoenix): one stream over TCP + Noise + yamux, js-libp2p 2.x.
//   node bench.mjs listen                      -> {"event":"listening","addrs":[...]}; serves /phoenix/bench/1.0.0
//   node bench.mjs send <multiaddr> <bytes>    -> {"event":"result","bytes":N,"ms":T,"mbPerSec":R}
// /phoenix/bench/1.0.0: the sender writes <bytes> bytes and half-closes; the receiver counts them
// until FIN, answers with the count as 8 bytes big-endian and closes.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers () {
    let resolve, reject
    const promise = new this((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}
const [{ createLibp2p }, { tcp }, { noise }, { yamux }, { multiaddr }] = await Promise.all([
  import('libp2p'), import('@libp2p/tcp'), import('@chainsafe/libp2p-noise'), import('@chainsafe/libp2p-yamux'),
  import('@multiformats/multiaddr')
])
const PROTOCOL = '/phoenix/bench/1.0.0'
const emit = (o) => process.stdout.write(JSON.stringify(o) + '\n')
const [mode, target, bytesArg] = process.argv.slice(2)
const node = await createLibp2p({
  addresses: { listen: mode === 'listen' ? ['/ip4/127.0.0.1/tcp/0'] : [] },
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  connectionGater: { denyDialMultiaddr: async () => false }
})
await node.start()
process.on('SIGTERM', async () => { await node.stop(); process.exit(0) })

if (mode === 'listen') {
  await node.handle(PROTOCOL, ({ stream }) => {
    (async () => {
      let total = 0n
      for await (const chunk of stream.source) total += BigInt(chunk.byteLength)
      const reply = new Uint8Array(8)
      new DataView(reply.buffer).setBigUint64(0, total)
      await stream.sink([reply])
    })().catch((err) => { process.stderr.write(`bench handler: ${err}\n`); stream.abort(err) })
  })
  emit({ event: 'listening', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map((a) => a.toString()) })
} else if (mode === 'send') {
  const total = Number(bytesArg)
  const chunk = new Uint8Array(64 * 1024).fill(7)
  const conn = await node.dial(multiaddr(target))
  const stream = await conn.newStream(PROTOCOL)
  const t0 = performance.now()
  await stream.sink((async function * () {
    let left = total
    while (left > 0) {
      const n = Math.min(left, chunk.byteLength)
      yield n === chunk.byteLength ? chunk : chunk.subarray(0, n)
      left -= n
    }
  })())
  let got = new Uint8Array(0)
  for await (const c of stream.source) { const a = c.subarray(); const m = new Uint8Array(got.length + a.length); m.set(got); m.set(a, got.length); got = m }
  const ms = performance.now() - t0
  const counted = got.length === 8 ? Number(new DataView(got.buffer).getBigUint64(0)) : -1
  emit({ event: 'result', bytes: total, counted, ms: Math.round(ms * 10) / 10, mbPerSec: Math.round(total / 1e6 / (ms / 1000) * 10) / 10 })
  await node.stop()
  process.exit(counted === total ? 0 : 1)
} else {
  process.stderr.write('usage: node bench.mjs listen | send <multiaddr> <bytes>\n')
  process.exit(2)
}
