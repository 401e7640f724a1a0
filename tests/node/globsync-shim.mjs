// Node 20 lacks fs.globSync (added in Node 22), which @modelcontextprotocol/conformance imports by name from 'fs'.
// Preload with `node --import ./globsync-shim.mjs`: on Node 20 a resolve hook serves 'fs' from fs-globsync.mjs,
// which re-exports node:fs plus a small globSync; on newer Node this does nothing.
import fs from 'node:fs';
import { register } from 'node:module';

if (typeof fs.globSync !== 'function') {
  register('./globsync-hooks.mjs', import.meta.url);
}
