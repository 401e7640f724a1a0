// node:fs plus globSync for Node 20 (see globsync-shim.mjs). Understands the patterns the conformance suite uses:
// '**' for any depth, '*' and '?' within a segment; returns paths relative to options.cwd.
import fs from 'node:fs';
import path from 'node:path';

export * from 'node:fs';
export default fs;

const segmentRegex = (segment) =>
  new RegExp('^' + segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + '$');

function walk(root, relative, segments, results) {
  if (segments.length === 0) {
    results.add(relative);
    return;
  }
  const [head, ...rest] = segments;
  let entries;
  try {
    entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true });
  } catch {
    return;
  }
  if (head === '**') {
    walk(root, relative, rest, results);
    for (const entry of entries) {
      if (entry.isDirectory()) walk(root, path.join(relative, entry.name), segments, results);
    }
    return;
  }
  const match = segmentRegex(head);
  for (const entry of entries) {
    if (match.test(entry.name) && (rest.length === 0 || entry.isDirectory())) {
      walk(root, path.join(relative, entry.name), rest, results);
    }
  }
}

export function globSync(pattern, options = {}) {
  const cwd = options.cwd ? String(options.cwd) : process.cwd();
  const results = new Set();
  for (const p of Array.isArray(pattern) ? pattern : [pattern]) {
    walk(cwd, '', p.split('/').filter((s) => s.length > 0), results);
  }
  return [...results];
}
