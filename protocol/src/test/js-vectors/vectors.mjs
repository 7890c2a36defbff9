// Independent reference for Phoenix's IPLD encodings, run by IpldInteropIT.
// Input (argv[2]): JSON {"raw": [hex...], "dagcbor": [{"name", "model"}...]} where a model is typed
// JSON: {"$bytes": hex}, {"$link": cid string}, {"$int": decimal string}, strings, booleans, null,
// arrays and objects. Output, one line each:
//   raw <cid>                         CIDv1(raw, sha2-256(bytes))
//   dagcbor <name> <hex> <cid>        reference DAG-CBOR encoding of the model and its CIDv1(dag-cbor)
//   check <name> <ok|error message>   strict decode + re-encode of our bytes ("ours" hex, if given)
import { readFileSync } from 'node:fs'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import * as raw from 'multiformats/codecs/raw'
import * as dagCbor from '@ipld/dag-cbor'

const hex = (u8) => Buffer.from(u8).toString('hex')
const unhex = (s) => new Uint8Array(Buffer.from(s, 'hex'))

function model (v) {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
  if (Array.isArray(v)) return v.map(model)
  if ('$bytes' in v) return unhex(v.$bytes)
  if ('$link' in v) return CID.parse(v.$link)
  if ('$int' in v) {
    const b = BigInt(v.$int)
    return (b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= BigInt(Number.MIN_SAFE_INTEGER)) ? Number(b) : b
  }
  const out = {}
  for (const [k, x] of Object.entries(v)) out[k] = model(x)
  return out
}

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'))
for (const h of input.raw) {
  const bytes = unhex(h)
  const cid = CID.create(1, raw.code, await sha256.digest(bytes))
  console.log(`raw ${cid.toString()}`)
}
for (const d of input.dagcbor) {
  const bytes = dagCbor.encode(model(d.model))
  const cid = CID.create(1, dagCbor.code, await sha256.digest(bytes))
  console.log(`dagcbor ${d.name} ${hex(bytes)} ${cid.toString()}`)
  if (d.ours) {
    try {
      const again = dagCbor.encode(dagCbor.decode(unhex(d.ours)))
      console.log(`check ${d.name} ${hex(again) === d.ours ? 'ok' : 'reencoding-differs'}`)
    } catch (e) {
      console.log(`check ${d.name} ${String(e.message).replace(/\s+/g, '_')}`)
    }
  }
}
