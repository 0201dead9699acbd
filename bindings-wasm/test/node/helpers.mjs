// Shared by the node tests: the Node build of the package, and paths.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
export const here = path.dirname(fileURLToPath(import.meta.url));
export const pkgDir = path.resolve(here, '../..');
export const repo = path.resolve(pkgDir, '..');
/** The default module: the built-in policies only. */
export const ng = require(path.join(pkgDir, 'pkg-node/noticegate_wasm.js'));
/** The module that also compiles policy files (`Engine.fromPolicies`; feature `load`). */
export const ngLoad = require(path.join(pkgDir, 'pkg-load-node/noticegate_wasm.js'));

/** snake_case field names to camelCase, recursively (what the package does to core's wire
 * JSON); an obligation's `expect` is a value, passed through as core gives it. */
export function camel(value) {
  if (Array.isArray(value)) return value.map(camel);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c) => c.toUpperCase()), k === 'expect' ? v : camel(v)]));
  }
  return value;
}

/** Calls fn, expecting a thrown Error with the given code; returns it. */
export function throwsCode(assert, fn, code) {
  let caught;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error, `expected an Error with code ${code}, got ${caught}`);
  assert.equal(caught.code, code, caught.message);
  assert.ok(caught.message.length > 0);
  return caught;
}
