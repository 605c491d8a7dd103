// The same check with require(): CommonJS callers on Node >= 20.19 use the "require" condition.
const assert = require('node:assert/strict');
const test = require('node:test');
const subpaths = require('./subpaths.json');

for (const [specifier, names] of Object.entries(subpaths)) {
  test(`require ${specifier}`, () => {
    const module = require(specifier);
    for (const name of names) assert.ok(name in module, `${specifier} lacks ${name}`);
  });
}
